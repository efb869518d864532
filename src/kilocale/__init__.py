"""kilocale: carry a German Markdown article into other languages through gettext catalogs.

The public API is small on purpose: the pipeline functions in :mod:`kilocale.pipeline`
and the records in :mod:`kilocale.model`.
"""

__version__ = "0.1.0"

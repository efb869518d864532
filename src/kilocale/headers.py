"""Header fields of a catalog kilocale creates, from the project instead of placeholders.

gettext's templates carry ``FULL NAME <EMAIL@ADDRESS>``, ``LANGUAGE <LL@li.org>`` and
``YEAR-MO-DA HO:MI+ZONE``; ``msgfmt --check`` warns about each of them.  A new catalog
gets instead, from ``[tool.kilocale]``:

* ``Language-Team`` and ``Last-Translator``: the language's ``team`` (or the one team for
  every language); without one, what ``msginit --no-translator`` writes (``none``,
  ``Automatically generated``);
* ``Report-Msgid-Bugs-To``: ``bugs``, when configured;
* ``PO-Revision-Date``: the time of the run (the caller's clock);
* ``Plural-Forms``: gettext's conventional rule (:mod:`kilocale.core.plurals`).

Existing catalogs keep the translators' own header fields (:mod:`kilocale.core.merge`).
"""

from __future__ import annotations

from kilocale.config import Config
from kilocale.core.plurals import plural_forms

__all__ = ["new_catalog_header"]


def new_catalog_header(header: dict[str, str], config: Config, language: str,
                       now: str) -> dict[str, str]:
    """``header`` (a merged template header) with the project's fields for a new catalog.

    Args:
        header: the header :func:`kilocale.core.merge.merge` produced; not modified.
        config: the project, for ``team`` and ``bugs``.
        language: the catalog's language.
        now: the ``PO-Revision-Date`` value (``YYYY-MM-DD HH:MM+ZZZZ``).
    """
    out = dict(header)
    team = config.team(language)
    out["PO-Revision-Date"] = now
    out["Last-Translator"] = team or "Automatically generated"
    out["Language-Team"] = team or "none"
    if config.bugs:
        out["Report-Msgid-Bugs-To"] = config.bugs
    out["Plural-Forms"] = plural_forms(language)
    return out

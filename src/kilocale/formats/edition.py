"""A page's place in the set of editions of a document: the links of the language menu
and the rows of the index.

Its own module, without the HTML renderer's libraries (lxml, markdown-it, babel): a build
that finds no document changed describes every document's editions, for the cache's
keys and the index, and renders nothing.  :mod:`kilocale.formats.html` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """One page's place in the set of editions of a document.

    Attributes:
        language: gettext code: ``en``, ``fr``, ``es``, ``zh_CN``; the source language for
            the original.
        href: path of the page relative to the build dir, e.g. ``en/article.html``.
        percent: completeness 0..100 (100 for the original).
        title: the edition's own title (its first heading), for the index; "" when not
            known, and the index then shows the language alone.
        published: False for an edition below the build's ``--min-complete``: the index
            lists it as not published, without a link.
    """

    language: str
    href: str
    percent: float
    title: str = ""
    published: bool = True

"""Inline Markdown of one msgid or msgstr: what it contains, and its text with markup blanked.

Read with markdown-it-py (CommonMark inline rules), so the checks count links, emphasis,
images, code spans and raw HTML the way a Markdown renderer sees them.  Pure functions;
the patterns for what is not prose are shared with segmentation and typography
(:mod:`kilocale.core.inline`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kilocale.core import inline

__all__ = ["Inline", "parse_inline", "mask_markup"]

_HTML_TAG = inline.HTML_TAG
_MARKUP_CHARS = re.compile(r"[`\[\]<*_!]|https?:|www\.")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def mask_markup(text: str) -> str:
    """``text`` with code spans, link destinations, autolinks, URLs and HTML tags blanked.

    Same length as ``text``, so offsets stay valid; link texts and emphasis stay readable.
    """
    if not _MARKUP_CHARS.search(text):
        return text
    return inline.mask(text)


@lru_cache(maxsize=1)
def _markdown():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark")


@dataclass(frozen=True)
class Inline:
    """What the inline Markdown of one text contains, in document order."""

    code: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()      # link destinations
    images: tuple[str, ...] = ()    # image sources
    emphasis: int = 0
    strong: int = 0
    html: tuple[str, ...] = ()      # raw HTML tag names, lower case

    @property
    def links(self) -> int:
        return len(self.urls)


_PLAIN = Inline()


@lru_cache(maxsize=4096)
def parse_inline(text: str) -> Inline:
    """Inline code spans, links, images, emphasis and raw HTML of ``text`` (markdown-it-py)."""
    if not _MARKUP_CHARS.search(text):
        return _PLAIN
    code: list[str] = []
    urls: list[str] = []
    images: list[str] = []
    html: list[str] = []
    counts = {"em_open": 0, "strong_open": 0}

    def walk(tokens: Sequence) -> None:  # type: ignore[type-arg]
        for tok in tokens:
            if tok.type == "code_inline":
                code.append(tok.content)
            elif tok.type == "link_open":
                urls.append(str(tok.attrGet("href") or ""))
            elif tok.type == "image":
                images.append(str(tok.attrGet("src") or ""))
            elif tok.type in counts:
                counts[tok.type] += 1
            elif tok.type == "html_inline":
                m = _TAG_NAME.match(tok.content)
                html.append(m.group(1).lower() if m else tok.content)
            if tok.children:
                walk(tok.children)

    walk(_markdown().parseInline(text))
    return Inline(code=tuple(code), urls=tuple(urls), images=tuple(images),
                  emphasis=counts["em_open"], strong=counts["strong_open"], html=tuple(html))

"""Document formats behind one small interface, registered explicitly by file suffix.

Adding a format (HTML input, say) is one new module and one line in :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kilocale.formats.markdown import Document, RenderResult
    from kilocale.model import Segment


def __getattr__(name: str) -> object:
    """``markdown`` (and its ``Document``, ``RenderResult``) imported on first use: a build
    that renders nothing, and the modules of this package that need no parser (the
    editions, the Chinese line breaking), do without markdown-it."""
    if name in ("Document", "RenderResult", "markdown"):
        markdown = importlib.import_module("kilocale.formats.markdown")
        return markdown if name == "markdown" else getattr(markdown, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DocumentFormat(Protocol):
    """Parse a document once; extract its segments or render a translated edition from it."""

    suffix: str

    def parse(self, text: str, path: str, segmentation: str) -> Document: ...

    def extract(self, text: str, path: str, segmentation: str) -> list[Segment]: ...

    def render(self, document: Document, translate: Callable[[str], str | None],
               joiner: str, mark_fallbacks: bool = False) -> RenderResult: ...


class MarkdownFormat:
    suffix = ".md"

    def parse(self, text: str, path: str, segmentation: str) -> Document:
        from kilocale.formats import markdown

        return markdown.parse(text, path, segmentation)

    def extract(self, text: str, path: str, segmentation: str) -> list[Segment]:
        from kilocale.formats import markdown

        return markdown.extract(text, path, segmentation)

    def render(self, document: Document, translate: Callable[[str], str | None],
               joiner: str, mark_fallbacks: bool = False) -> RenderResult:
        from kilocale.formats import markdown

        return markdown.render(document, translate, joiner, mark_fallbacks=mark_fallbacks)


FORMATS: dict[str, DocumentFormat] = {".md": MarkdownFormat()}


def format_for(suffix: str) -> DocumentFormat:
    return FORMATS[suffix]

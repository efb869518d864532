"""Document formats behind one small interface, registered explicitly by file suffix.

Adding a format (HTML input, say) is one new module and one line in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kilocale.formats import markdown
from kilocale.formats.markdown import Document, RenderResult
from kilocale.model import Segment


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
        return markdown.parse(text, path, segmentation)

    def extract(self, text: str, path: str, segmentation: str) -> list[Segment]:
        return markdown.extract(text, path, segmentation)

    def render(self, document: Document, translate: Callable[[str], str | None],
               joiner: str, mark_fallbacks: bool = False) -> RenderResult:
        return markdown.render(document, translate, joiner, mark_fallbacks=mark_fallbacks)


FORMATS: dict[str, DocumentFormat] = {".md": MarkdownFormat()}


def format_for(suffix: str) -> DocumentFormat:
    return FORMATS[suffix]

"""Document formats behind one small interface, registered explicitly by file suffix.

Adding a format (HTML input, say) is one new module and one line in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kilocale.formats import markdown
from kilocale.formats.markdown import RenderResult
from kilocale.model import Segment


class DocumentFormat(Protocol):
    """Extract translatable segments from a document and render a translated edition."""

    suffix: str

    def extract(self, text: str, path: str, segmentation: str) -> list[Segment]: ...

    def render(self, text: str, translate: Callable[[str], str | None], joiner: str,
               path: str, segmentation: str, mark_fallbacks: bool = False) -> RenderResult:
        ...


class MarkdownFormat:
    suffix = ".md"

    def extract(self, text: str, path: str, segmentation: str) -> list[Segment]:
        return markdown.extract(text, path, segmentation)

    def render(self, text: str, translate: Callable[[str], str | None], joiner: str,
               path: str, segmentation: str, mark_fallbacks: bool = False) -> RenderResult:
        return markdown.render(text, translate, joiner, path=path, segmentation=segmentation,
                               mark_fallbacks=mark_fallbacks)


FORMATS: dict[str, DocumentFormat] = {".md": MarkdownFormat()}


def format_for(suffix: str) -> DocumentFormat:
    return FORMATS[suffix]

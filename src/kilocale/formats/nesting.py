"""How deep Markdown may nest, and a located error instead of silently dropped content.

markdown-it stops descending at its ``maxNesting`` option (20 token levels in the
CommonMark preset, so about nine levels of lists) and silently discards everything
deeper: the text vanished from the catalog and from every edition, the original
included, while stats reported 100 %.  Every parser kilocale uses is built with
:data:`MAX_NESTING`, far beyond any real document, and :func:`check_nesting` turns the
rare document that reaches it into a :class:`~kilocale.errors.SourceError` naming the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from kilocale.errors import SourceError

# Token levels: a list item costs two (list + item), a block quote one.  256 levels is 127
# nested list items or 255 nested quotes, and stays well inside Python's recursion limit.
MAX_NESTING = 256


def check_nesting(tokens: Sequence[Token], path: str | None = None) -> None:
    """Raise when markdown-it reached :data:`MAX_NESTING` and may have dropped content.

    Raises:
        SourceError: at the line of the first block opened at the limit.
    """
    for tok in tokens:
        if tok.nesting == 1 and tok.level >= MAX_NESTING - 1:
            line = tok.map[0] + 1 if tok.map else None
            raise SourceError(f"blocks nested more than {MAX_NESTING} levels deep; kilocale "
                              "would lose what is inside, so flatten the lists or quotes",
                              path, line)

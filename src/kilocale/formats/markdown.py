"""Markdown documents: find translatable spans with markdown-it-py, render by splicing.

Extraction parses the document to learn *where* each translatable piece sits in the
source text (block line maps, then the inline text located inside those lines); the
pieces are split into sentences and become msgids with inline Markdown kept as written.
Rendering replaces exactly those spans in the original text and leaves every other
byte alone, so tables keep their padding, lists their numbers and code its spacing.
A sentence whose translation is missing, fuzzy, or equal to its msgid keeps its source
bytes, which makes the identity round trip byte-exact.

Conventions for msgids: a soft line break becomes a space; a hard line break (two
trailing spaces or a backslash before the newline) becomes a plain ``\\n``; in a
translation, each ``\\n`` is written back as a hard break with the block's prefix
(``> `` in a block quote, the indentation of a list item).  A translation without hard
breaks is wrapped over as many lines as its source sentence had, each with that prefix
(:func:`wrap_like_source`), so hard-wrapped sources stay hard-wrapped and a tag written
over several lines keeps its lines.

Not every piece is an entry: one that is only code, URLs, numbers and punctuation is
copied as it is (:func:`is_code_only`); a footnote definition loses its ``[^1]: `` label;
raw HTML blocks give their text and translatable attributes (:mod:`.html_block`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kilocale.core import inline
from kilocale.core.segment import sentence_spans
from kilocale.core.structure import neutralize, neutralize_html
from kilocale.errors import SourceError
from kilocale.formats import html_block
from kilocale.formats.nesting import MAX_NESTING, check_nesting
from kilocale.model import Segment

_MD = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
# Extraction needs the blocks and their inline *text*, not the inline tokens: the inline
# pass (half of markdown-it's time) runs only on a block that may be a lone image
# (:func:`_image_only`), with the full parser and the references the block pass found.
_MD_BLOCKS = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
_MD_BLOCKS.core.ruler.disable(["inline", "text_join"])
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_FRONT_TITLE = re.compile(r"^(title[ \t]*:[ \t]*)(.*?)[ \t]*$")
_NOT_QUOTE_OR_SPACE = re.compile(r"[^>\s]")


class Span(NamedTuple):
    """A translatable piece of the source: ``source[start:end]`` renders as ``msgid``.

    A named tuple rather than a frozen dataclass: a document has one per sentence, and a
    tuple is made in a fifth of the time a frozen dataclass's ``__init__`` takes.
    """

    start: int
    end: int
    msgid: str
    line: int
    block: str
    group: int  # spans of one block share a group, for joining sentences
    context: str | None = None
    prefix: str = ""  # what follows a newline inside this block (">", list indentation)
    newline: str = "\n"
    quoting: str = ""  # front-matter title: "", "'" or '"'


# Around a fallback sentence in the Markdown handed to the HTML page, which marks it
# lang="de"; never in an edition file.  Unicode punctuation (Po), so emphasis next to
# them is parsed as next to any punctuation, and not a character German text uses.
FALLBACK_OPEN, FALLBACK_CLOSE = "\u2e00", "\u2e01"


def strip_fallback_marks(text: str) -> str:
    """``text`` without :data:`FALLBACK_OPEN` / :data:`FALLBACK_CLOSE`."""
    return text.replace(FALLBACK_OPEN, "").replace(FALLBACK_CLOSE, "")


@dataclass(frozen=True)
class RenderResult:
    text: str
    total: int  # translatable spans in the document
    fallbacks: int  # spans that kept the source text because no translation was usable


class _Lines:
    """Line starts and endings of the original text (CRLF and LF both kept)."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" not in text:  # LF only (most files): the same lines, split at C speed
            self.bodies = text.split("\n")
            if self.bodies[-1]:
                self.endings = ["\n"] * (len(self.bodies) - 1) + [""]
            else:  # a final newline (or no text) starts no line
                self.bodies.pop()
                self.endings = ["\n"] * len(self.bodies)
            self.starts = [0, *accumulate(len(body) + 1 for body in self.bodies[:-1])]
            if not self.bodies:
                self.starts = []
            return
        self._scan(text)

    def _scan(self, text: str) -> None:
        """The lines by :data:`_LINE`, for any mix of CR, LF and CRLF."""
        self.starts: list[int] = []
        self.bodies: list[str] = []
        self.endings: list[str] = []
        pos = 0
        # Only CR, LF and CRLF end a line, as in markdown-it; str.splitlines would also
        # split at U+2028, \x0b, \x1c and others, which are text inside a paragraph.
        for m in _LINE.finditer(text):
            if m.start() == m.end() == len(text):
                break
            self.starts.append(pos)
            self.bodies.append(m.group(1))
            self.endings.append(m.group(2))
            pos = m.end()

    def newline(self) -> str:
        return "\r\n" if any(e == "\r\n" for e in self.endings) else "\n"


def _front_matter(lines: _Lines) -> tuple[int, int | None]:
    """Number of front-matter lines (0 if none) and the index of its ``title:`` line."""
    if not lines.bodies or lines.bodies[0] != "---":
        return 0, None
    for i in range(1, len(lines.bodies)):
        if lines.bodies[i] in ("---", "..."):
            title = next((j for j in range(1, i) if _FRONT_TITLE.match(lines.bodies[j])), None)
            return i + 1, title
    return 0, None


def _block_kind(stack: list[str]) -> str:
    for kind in reversed(stack):
        if kind in ("th_open",):
            return "table header"
        if kind in ("td_open",):
            return "table cell"
        if kind == "heading_open":
            return "heading"
        if kind == "list_item_open":
            return "list item"
        if kind == "blockquote_open":
            return "block quote"
    return "paragraph"


def _inline_tokens(tokens: list[Token]) -> Iterator[tuple[Token, str]]:
    stack: list[str] = []
    for tok in tokens:
        if tok.nesting == 1:
            stack.append(tok.type)
        elif tok.nesting == -1:
            stack.pop()
        elif tok.type == "inline" or tok.type == "html_block" and not stack:
            yield tok, _block_kind(stack)


class _Located:
    """An inline token's text with each character's offset in the original text."""

    def __init__(self, lines: _Lines, tok: Token, kind: str, path: str, cursor: dict[int, int]):
        assert tok.map is not None
        first = tok.map[0]
        parts = tok.content.split("\n")
        self.clean_parts: list[str] = []
        self.offsets: list[int] = []  # absolute offset of each clean_parts line start
        self.prefixes: list[str] = []
        self.first_line = first + 1
        for i, part in enumerate(parts):
            idx = first + i
            if kind in ("table cell", "table header"):
                idx = first
            if idx >= len(lines.bodies):
                raise SourceError("cannot locate inline text in the source", path, first + 1)
            body = lines.bodies[idx]
            stripped = part.lstrip(" \t") if i else part
            col, stripped = self._locate(body, stripped, kind, cursor.get(idx, 0))
            if col < 0:
                raise SourceError(f"cannot locate {stripped[:40]!r} in the source line",
                                  path, idx + 1)
            if kind in ("table cell", "table header"):
                cursor[idx] = col + len(stripped)
            self.clean_parts.append(stripped)
            self.offsets.append(lines.starts[idx] + col)
            self.prefixes.append(body[:col])
        self.clean = "\n".join(self.clean_parts)

    @staticmethod
    def _locate(body: str, part: str, kind: str, start: int) -> tuple[int, str]:
        """Column of ``part`` in the source line, and ``part`` as written there."""
        if not part:
            return len(body.rstrip()), part
        if kind in ("table cell", "table header"):
            col = body.find(part, start)
            if col < 0 and "|" in part:  # markdown-it unescapes "\|" inside cells
                part = part.replace("|", "\\|")
                col = body.find(part, start)
            return col, part
        if body.rstrip().endswith(part) or body.endswith(part):
            end = len(body) if body.endswith(part) else len(body.rstrip())
            return end - len(part), part
        return body.rfind(part), part

    @cached_property
    def _part_starts(self) -> list[int]:
        """Index in :attr:`clean` where each of :attr:`clean_parts` starts."""
        starts, pos = [], 0
        for part in self.clean_parts:
            starts.append(pos)
            pos += len(part) + 1
        return starts

    def _part(self, index: int) -> int:
        """Which of :attr:`clean_parts` holds character ``index`` (its end counts as inside)."""
        if len(self.clean_parts) == 1:
            return 0  # a block of one line (most): what the bisection gives for every index
        return max(0, bisect.bisect_right(self._part_starts, index) - 1)

    def absolute(self, index: int) -> int:
        """Offset in the original text of character ``index`` of :attr:`clean`."""
        if len(self.clean_parts) == 1:  # :meth:`_absolute` of a block of one line
            return self.offsets[0] + min(index, len(self.clean_parts[0]))
        return self._absolute(index)

    def _absolute(self, index: int) -> int:
        """:meth:`absolute` for any number of lines."""
        i = self._part(index)
        start = self._part_starts[i]
        if index - start > len(self.clean_parts[i]):
            return self.offsets[-1] + len(self.clean_parts[-1])
        return self.offsets[i] + index - start

    def line_of(self, index: int) -> int:
        return self.first_line + self._part(index)

    def continuation_prefix(self) -> str:
        if len(self.prefixes) > 1:
            return self.prefixes[1]
        first = self.prefixes[0] if self.prefixes else ""
        return _NOT_QUOTE_OR_SPACE.sub(" ", first)


def _normalize(text: str) -> str:
    """msgid form of a slice of inline text: soft breaks → space, hard breaks → ``\\n``."""
    if "\n" not in text and "\x00" not in text:
        return text  # no break to turn into anything (most sentences)
    text = _HARD_BREAK.sub("\x00", text)
    text = _SOFT_BREAK.sub(" ", text)
    return text.replace("\x00", "\n")


# A sentence's context comment is its whole block, up to this many characters; in a
# longer block it is the sentence with its neighbours, so a huge paragraph does not put
# a copy of itself beside every one of its sentences (a POT quadratic in its size).
CONTEXT_LIMIT = 4000


def _window(clean: str, pieces: list[tuple[int, int]], i: int) -> str:
    """The sentences ``i - 1`` to ``i + 1`` of a long block, with … where the block goes on."""
    lo, hi = pieces[max(0, i - 1)][0], pieces[min(len(pieces) - 1, i + 1)][1]
    return (("… " if i > 1 else "") + _normalize(clean[lo:hi])
            + (" …" if i + 2 < len(pieces) else ""))


def _image_only(tok: Token, env: dict) -> Token | None:
    """The image of a block whose only content is one image with alt text, else None.

    ``tok`` comes from the block pass (:data:`_MD_BLOCKS`): its inline tokens are parsed
    here, as the full parse would have (``env`` holds the document's references).
    """
    if "![" not in tok.content:  # every image, inline or by reference, starts so
        return None
    inline_tokens = _MD.parseInline(tok.content, env)[0].children or []
    children = [c for c in inline_tokens if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image" and children[0].content:
        return children[0]
    return None


def find_spans(text: str, path: str = "<string>", segmentation: str = "sentence") -> list[Span]:
    """All translatable spans of a Markdown document, in document order.

    A byte-order mark is not part of the document: it is skipped for parsing and kept
    by :func:`render`, which copies every byte outside the spans.  NUL characters are read
    as U+FFFD, as markdown-it does.

    Raises:
        SourceError: when markdown-it's view of the document cannot be mapped back onto
            the source text, or the blocks nest deeper than markdown-it follows (the
            message names the line).
    """
    return _spans_and_blocks(text, path, segmentation)[0]


def _spans_and_blocks(text: str, path: str, segmentation: str
                      ) -> tuple[list[Span], Blocks | None]:
    """:func:`find_spans`, and the block parse when it was of the text itself."""
    bom = 1 if text.startswith("\ufeff") else 0
    spans, blocks = _find_spans(text[bom:].replace("\x00", "\ufffd"), path, segmentation)
    if bom:
        spans = [s._replace(start=s.start + bom, end=s.end + bom) for s in spans]
    return spans, blocks


@dataclass(frozen=True)
class Blocks:
    """markdown-it's block tokens of a document (inline text unparsed), as extraction made
    them: for the HTML page of the same text, which needs the same blocks
    (:func:`kilocale.formats.html.page_and_heading`).  Read, never changed."""

    text: str  # exactly what was parsed (without BOM; NUL as U+FFFD)
    tokens: tuple[Token, ...]
    env: dict  # the references the block pass found


def _find_spans(text: str, path: str, segmentation: str) -> tuple[list[Span], Blocks | None]:
    lines = _Lines(text)
    newline = lines.newline()
    spans: list[Span] = []
    fm_end, title_idx = _front_matter(lines)
    group = 0
    if title_idx is not None:
        body = lines.bodies[title_idx]
        m = _FRONT_TITLE.match(body)
        assert m is not None
        value, quoting = m.group(2), ""
        start_col = m.start(2)
        if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
            quoting, value, start_col = value[0], value[1:-1], start_col + 1
        if quoting == '"':
            value = value.replace('\\"', '"').replace("\\\\", "\\")
        elif quoting == "'":
            value = value.replace("''", "'")
        raw_len = len(m.group(2)) - (2 if quoting else 0)
        if value.strip():
            begin = lines.starts[title_idx] + start_col
            spans.append(Span(begin, begin + raw_len, value, title_idx + 1, "title", group,
                              newline=newline, quoting=quoting or "plain"))
            group += 1
    parse_text = newline.join([""] * fm_end + lines.bodies[fm_end:]) if fm_end else text
    env: dict = {}
    try:
        tokens = _MD_BLOCKS.parse(parse_text, env)
    except Exception as exc:  # markdown-it does not raise on input; guard against bugs
        raise SourceError(f"cannot parse Markdown: {exc}", path) from exc
    check_nesting(tokens, path)
    cursor: dict[int, int] = {}
    for tok, kind in _inline_tokens(tokens):
        if tok.type == "html_block":
            found = _html_block_spans(lines, tok, group, newline, segmentation)
            spans.extend(found)
            group += 1 if found else 0
            continue
        if not tok.content.strip() or tok.map is None:
            continue
        loc = _Located(lines, tok, kind, path, cursor)
        prefix = loc.continuation_prefix()
        image = _image_only(tok, env)
        if image is not None:
            alt = image.content
            a = loc.clean.find(alt)
            if a >= 0:
                spans.append(Span(loc.absolute(a), loc.absolute(a + len(alt)), _normalize(alt),
                                  loc.line_of(a), "image alt", group, prefix=prefix,
                                  newline=newline))
                group += 1
                continue
        pieces = sentence_spans(loc.clean) if segmentation == "sentence" else [
            (len(loc.clean) - len(loc.clean.lstrip()), len(loc.clean.rstrip()))]
        pieces, label = _without_footnote_label(loc.clean, pieces)
        pieces = [html_block.trim_tags(loc.clean, a, b) for a, b in pieces]
        code_only = [is_code_only(loc.clean[a:b]) for a, b in pieces]
        attributes = [s for (a, b), code in zip(pieces, code_only) if code
                      for s in _inline_attribute_spans(loc, a, b, group, prefix, newline)]
        spans.extend(attributes)
        group += 1 if attributes else 0
        pieces = [piece for piece, code in zip(pieces, code_only) if not code]
        if not pieces:
            continue
        body = loc.clean[label:]
        whole = _normalize(body) if 1 < len(pieces) and len(body) <= CONTEXT_LIMIT else None
        for i, (a, b) in enumerate(pieces):
            context = whole if whole is not None or len(pieces) == 1 else _window(loc.clean,
                                                                                  pieces, i)
            spans.append(Span(loc.absolute(a), loc.absolute(b), _normalize(loc.clean[a:b]),
                              loc.line_of(a), kind, group, context, prefix, newline))
        group += 1
    spans.extend(_footnote_definitions(lines, tokens, group, newline))
    spans.sort(key=lambda s: s.start)
    return spans, Blocks(text, tuple(tokens), env) if parse_text is text else None


# ------------------------------------------------------- code-only pieces, footnotes, HTML

_NOT_PROSE_HTML = re.compile(r"<(code|samp|var)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# Every pattern is_code_only masks needs one of these: code spans a backtick, link
# destinations and footnote references "]", tags and autolinks "<", URLs "://" or "www.".
_MARKUP_SIGNS = ("`", "]", "<", "://", "www.")
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:[ \t]*")
_FOOTNOTE_LINE = re.compile(r"^(\[\^[^\]\s]+\]:[ \t]+)(\S.*?)[ \t]*$")


def is_code_only(msgid: str) -> bool:
    """Whether a piece holds nothing to translate: only code, URLs, numbers, punctuation.

    Such a piece (a table cell that is just `` `abstract` ``) is no entry; the edition
    copies it as it is.
    """
    if msgid[:1].isalpha() and "://" not in msgid and "www." not in msgid:
        return False  # of the masked markup only a URL starts with a letter (most sentences)
    return _masks_to_no_letter(msgid)


def _masks_to_no_letter(msgid: str) -> bool:
    """:func:`is_code_only` by the rule itself: no letter is left once markup is masked."""
    if not any(mark in msgid for mark in _MARKUP_SIGNS):
        return not any(ch.isalpha() for ch in msgid)  # nothing to mask
    text = _NOT_PROSE_HTML.sub(" ", msgid)
    text = inline.mask(text, (inline.CODE_SPAN, inline.LINK_DEST, inline.AUTOLINK,
                              inline.BARE_URL, inline.HTML_TAG))
    text = re.sub(r"\[\^[^\]\s]+\]", " ", text)  # footnote references
    return not any(ch.isalpha() for ch in text)


def _without_footnote_label(clean: str, pieces: list[tuple[int, int]]
                            ) -> tuple[list[tuple[int, int]], int]:
    """A footnote definition's pieces without its ``[^1]: `` label, and the label length."""
    m = _FOOTNOTE_LABEL.match(clean)
    if m is None or not pieces:
        return pieces, 0
    a, b = pieces[0]
    first = [(m.end(), b)] if b > m.end() and clean[m.end():b].strip() else []
    return first + pieces[1:], m.end()


def _footnote_definitions(lines: _Lines, tokens: list[Token], group: int,
                          newline: str) -> list[Span]:
    """One-line footnote definitions that markdown-it took for link reference definitions.

    ``[^2]: Kurz.`` has the shape of ``[label]: destination`` and yields no token at all;
    every line that no block covers and that looks like a footnote definition is one.
    """
    if "[^" not in lines.text:
        return []  # no line can be one
    covered: set[int] = set()
    for tok in tokens:
        if tok.map is not None and tok.type not in ("bullet_list_open", "ordered_list_open",
                                                    "blockquote_open", "list_item_open"):
            covered.update(range(tok.map[0], tok.map[1]))
    out = []
    for idx, body in enumerate(lines.bodies):
        m = _FOOTNOTE_LINE.match(body)
        if m is None or idx in covered or is_code_only(m.group(2)):
            continue
        start = lines.starts[idx] + m.start(2)
        out.append(Span(start, start + len(m.group(2)), m.group(2), idx + 1, "footnote",
                        group + len(out), newline=newline))
    return out


def _inline_attribute_spans(loc: _Located, a: int, b: int, group: int, prefix: str,
                            newline: str) -> list[Span]:
    """The translatable attributes of a piece that is only inline HTML (a paragraph that
    is one ``<img alt="…"`` tag written over several lines)."""
    out = []
    for piece in html_block.pieces(loc.clean[a:b]):
        if piece.kind == "text":
            continue
        start, end = a + piece.start, a + piece.end
        out.append(Span(loc.absolute(start), loc.absolute(end),
                        _normalize(loc.clean[start:end]), loc.line_of(start),
                        f"HTML {piece.kind}", group, prefix=prefix, newline=newline,
                        quoting="attr" + piece.quote))
    return out


def _html_block_spans(lines: _Lines, tok: Token, group: int, newline: str,
                      segmentation: str) -> list[Span]:
    """Attribute values and text runs of a raw HTML block (see :mod:`html_block`).

    Only a block written without container prefixes (not inside ``>`` or a list item) is
    read; one inside a container is left as it is.
    """
    if tok.map is None:
        return []
    first, last = tok.map[0], min(tok.map[1], len(lines.bodies))
    if "\n".join(lines.bodies[first:last]).rstrip() != tok.content.replace("\r", "").rstrip():
        return []
    start = lines.starts[first]
    block = lines.text[start:lines.starts[last - 1] + len(lines.bodies[last - 1])]
    out: list[Span] = []

    def line_of(offset: int) -> int:
        return first + 1 + block.count("\n", 0, offset)

    for piece in html_block.pieces(block):
        raw = block[piece.start:piece.end]
        if piece.kind != "text":
            if not is_code_only(raw):
                out.append(Span(start + piece.start, start + piece.end, _normalize(raw),
                                line_of(piece.start), f"HTML {piece.kind}", group,
                                newline=newline, quoting="attr" + piece.quote))
            continue
        flat = raw.replace("\r\n", "\n")
        if segmentation == "sentence":
            parts = sentence_spans(raw)
        else:
            parts = [(len(raw) - len(raw.lstrip()), len(raw.rstrip()))]
        parts = [html_block.trim_tags(raw, a, b) for a, b in parts]
        parts = [(a, b) for a, b in parts if not is_code_only(raw[a:b])]
        context = " ".join(_normalize(flat).split()) if len(parts) > 1 else None
        for a, b in parts:
            msgid = " ".join(_normalize(raw[a:b].replace("\r\n", "\n")).split())
            out.append(Span(start + piece.start + a, start + piece.start + b, msgid,
                            line_of(piece.start + a), "HTML text", group, context,
                            newline=newline, quoting="html"))
    return out


@dataclass(frozen=True)
class Document:
    """A parsed Markdown document: its text and where each translatable span sits in it.

    Made by :func:`parse` once and passed to :func:`render` for every language, so a
    build parses each source once without a hidden cache.
    """

    text: str
    path: str
    spans: tuple[Span, ...]
    blocks: Blocks | None = field(default=None, compare=False, repr=False)

    @property
    def segments(self) -> list[Segment]:
        """The document's msgids with their lines, blocks and paragraph contexts."""
        return [Segment(s.msgid, s.line, s.block, s.context) for s in self.spans]


def parse(text: str, path: str = "<string>", segmentation: str = "sentence") -> Document:
    """Parse ``text`` once (see :func:`find_spans`) for extraction and rendering."""
    spans, blocks = _spans_and_blocks(text, path, segmentation)
    return Document(text, path, tuple(spans), blocks)


def extract(text: str, path: str = "<string>", segmentation: str = "sentence") -> list[Segment]:
    """The segments of a Markdown document (see :func:`find_spans`)."""
    return parse(text, path, segmentation).segments


def _hard_break_marker(source: str) -> str:
    m = re.search(r"( {2,}|\\)\r?\n", source)
    return m.group(1) if m else "  "


def _quote_title(value: str, quoting: str) -> str:
    if quoting == '"':
        return value.replace("\\", "\\\\").replace('"', '\\"')
    if quoting == "'":
        return value.replace("'", "''")
    return value


def _html_translation(translation: str, span: Span, breaks: int) -> str:
    """A translation as it goes into raw HTML: an attribute value escaped for its quotes,
    text on as many lines as it has (never a blank line, which would end the block).

    An attribute value that the source wrote over several lines keeps that many line
    breaks, so a tag that spans lines still does: joined onto one line, ``<img alt="…"
    src="…" />`` would turn its paragraph into an HTML block.
    """
    if span.quoting.startswith("attr"):
        quote = span.quoting[4:]
        value = " ".join(translation.split())
        if quote == '"':
            value = value.replace('"', "&quot;")
        elif quote == "'":
            value = value.replace("'", "&#39;")
        if quote:
            return rewrap(value, breaks, span.newline + span.prefix)
        if re.fullmatch(r"[^\s\"'=<>`]+", value):
            return value
        return '"' + value.replace('"', "&quot;") + '"'
    return span.newline.join(line for line in translation.split("\n") if line.strip())


def rewrap(text: str, breaks: int, separator: str) -> str:
    """``text`` with up to ``breaks`` of its spaces turned into ``separator`` (a newline and
    the block's continuation prefix), at evenly spaced points, so it spans as many lines
    as the source did."""
    words = text.split(" ")
    if breaks <= 0 or len(words) < 2:
        return text
    breaks = min(breaks, len(words) - 1)
    cuts = {round(len(words) * (i + 1) / (breaks + 1)) for i in range(breaks)}
    lines, current = [], []
    for i, word in enumerate(words):
        if i in cuts and current:
            lines.append(" ".join(current))
            current = []
        current.append(word)
    lines.append(" ".join(current))
    return separator.join(lines)


# A word that must not begin a line: it could open a block (list item, heading, quote,
# setext underline, table, fence, HTML block) or end one.
_UNSAFE_LINE_START = re.compile(r"[-+*#>=|~`<_]|\d{1,9}[.)](?:\s|$)")


def wrap_like_source(translation: str, source: str, separator: str) -> str:
    """A one-line translation broken over as many lines as its source sentence had.

    The breaks go at spaces of prose (never inside code, links or tags), at about equal
    line lengths, and never before a word that could open a block at the start of a line,
    so the edition keeps the source's hard-wrapped shape and its block structure; each new
    line starts with ``separator`` (the newline and the block's continuation prefix).
    """
    breaks = source.count("\n")
    if breaks == 0 or " " not in translation:
        return translation
    masked = inline.mask(translation, inline.NOT_PROSE, fill="x")
    spaces = [i for i, ch in enumerate(masked) if ch == " "
              and not _UNSAFE_LINE_START.match(translation[i + 1:])
              and translation[i - 1:i] not in ("\\", " ") and translation[i + 1:i + 2] != " "]
    cuts: list[int] = []
    for k in range(1, breaks + 1):
        target = len(translation) * k / (breaks + 1)
        free = [i for i in spaces if not cuts or i > cuts[-1]]
        if not free:
            break
        cuts.append(min(free, key=lambda i: abs(i - target)))
    pieces, begin = [], 0
    for cut in cuts:
        pieces.append(translation[begin:cut])
        begin = cut + 1
    pieces.append(translation[begin:])
    return separator.join(pieces)


# What may stand between the start of a line and a block's text: indentation, quote
# markers, list markers.  Anything else (a heading's "#", a table's "|", a sentence)
# means a translation spliced there cannot open a block.
_CONTAINER_PREFIX = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*")
_LONGEST_PREFIX = 1024


def _next_line_begin(text: str, start: int, end: int, line_begin: int) -> int:
    """The line start after scanning ``text[start:end]``, given the one before it."""
    found = max(text.rfind("\n", start, end), text.rfind("\r", start, end))
    return found + 1 if found >= 0 else line_begin


def _starts_line(text: str, start: int, line_begin: int) -> bool:
    """Whether a translation at ``start`` begins a block's line (only container prefix before)."""
    if start - line_begin > _LONGEST_PREFIX:
        return False
    return _CONTAINER_PREFIX.fullmatch(text, line_begin, start) is not None


def render(document: Document | str, translate: Callable[[str], str | None], joiner: str = " ",
           spans: Sequence[Span] | None = None, path: str = "<string>",
           segmentation: str = "sentence", mark_fallbacks: bool = False) -> RenderResult:
    """Splice translations into the document's text.

    Args:
        document: the result of :func:`parse`; a plain text is parsed first (with ``path``
            and ``segmentation``), once per call, unless its ``spans`` are given.
        translate: msgid → translation, or None when there is no usable translation.
        joiner: what separates two translated sentences of one block ("" for Chinese,
            :func:`kilocale.core.lang.sentence_joiner`).
        mark_fallbacks: put :data:`FALLBACK_OPEN` / :data:`FALLBACK_CLOSE` around each
            fallback sentence of Markdown text (not titles or raw HTML), for the HTML page.
    """
    if isinstance(document, Document):
        text, spans = document.text, document.spans
    else:
        text = document
        if spans is None:
            spans = find_spans(text, path, segmentation)
    out: list[str] = []
    pos = 0
    fallbacks = 0
    prev: tuple[Span, bool] | None = None
    line_begin = 1 if text.startswith("\ufeff") else 0  # tracked as the spans go by
    for span in spans:
        line_begin = _next_line_begin(text, pos, span.start, line_begin)
        gap = text[pos:span.start]
        translation = translate(span.msgid)
        changed = translation is not None and translation != span.msgid
        if translation is None:
            fallbacks += 1
        if (prev is not None and prev[0].group == span.group and prev[1] and changed
                and joiner != " " and gap.strip() == "" and not _HARD_BREAK.search(
                    gap.replace("\r\n", "\n"))):
            gap = joiner
        out.append(gap)
        source = text[span.start:span.end]
        if translation is None and mark_fallbacks and not span.quoting:
            out.append(FALLBACK_OPEN + source + FALLBACK_CLOSE)
        elif not changed:
            out.append(source)
        elif span.block == "title":
            one_line = translation.replace("\n", " ")
            if span.quoting == "plain" and (one_line[:1] in "'\"[{&*!|>%@`#" or ": " in one_line
                                            or " #" in one_line):
                one_line = "'" + one_line.replace("'", "''") + "'"
                out.append(one_line)
            else:
                out.append(_quote_title(one_line, span.quoting))
        elif span.quoting.startswith(("attr", "html")):
            if span.quoting == "html":
                translation = neutralize_html(translation)
            out.append(_html_translation(translation, span, source.count("\n")))
        else:
            translation = neutralize(translation, block=span.block,
                                     line_start=_starts_line(text, span.start, line_begin))
            lines = translation.split("\n")
            if len(lines) == 1:  # no hard break to write (most translations)
                out.append(wrap_like_source(lines[0], source, span.newline + span.prefix))
            else:
                out.append((_hard_break_marker(source) + span.newline + span.prefix)
                           .join(lines))
        line_begin = _next_line_begin(text, pos, span.end, line_begin)
        pos = span.end
        prev = (span, changed)
    out.append(text[pos:])
    return RenderResult("".join(out), len(spans), fallbacks)

"""Translations that would change a document's structure: the rules, the fix, the finding.

A translation is spliced into the Markdown source as text, so whatever it says is read
as Markdown again.  A msgstr ``# Überschrift`` at the start of a paragraph would turn the
sentence into a heading, ``- Punkt`` into a list, `````` ``` `````` into a code fence that
swallows the rest of the document, a lone backtick into a code span that pairs with the
next sentence's backtick, a ``|`` in a table cell into a new column, and a
``[x]: http://…`` into an invisible link definition.

This module is the one home for those rules, used twice:

* :func:`neutralize` is what the Markdown build applies to every translation before it
  splices it in: block openers at the start of a line, unpaired backtick runs, ``|`` in
  table cells and brackets in image alt texts are backslash-escaped, indentation at the
  start of a line and blank lines are dropped, and a line break in a one-line block
  becomes a space.  The
  edition therefore always has the structure of the original.
* :func:`check_structure` is the ``structure`` check: it reports the same translations,
  plus line breaks the msgid does not have and ``javascript:`` / ``vbscript:`` /
  ``data:`` link targets, so that a translator fixes them instead of the build hiding them.

Pure functions only: no markdown-it (CommonMark's block-start rules are few and stable
enough to state as patterns), no files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

__all__ = ["block_opener", "unpaired_backticks", "unsafe_links", "neutralize",
           "neutralize_html", "check_structure"]

# CommonMark's HTML block start conditions 1 and 6: these tags open an HTML block even
# with text after them on the line.
_HTML_BLOCK_TAGS = """script pre style textarea address article aside base basefont blockquote
body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure
footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main
menu menuitem nav noframes ol optgroup option p param search section summary table tbody td
tfoot th thead title tr track ul"""

# What may open a block at the start of a line (after the block's own prefix), with the
# name used in findings.  Order matters: a thematic break "* * *" before a list item.
_OPENERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a code fence", re.compile(r"(`{3,}|~{3,})")),
    ("a heading", re.compile(r"(#{1,6})(?=[ \t]|$)")),
    ("a table delimiter row", re.compile(r"([-:|])(?=[-:| \t]*$)(?=[^|]*\|)(?=.*-)")),
    ("a heading underline", re.compile(r"([-=])(?=\1*[ \t]*$)")),
    ("a thematic break", re.compile(r"([-*_])(?=(?:[ \t]*\1){2,}[ \t]*$)")),
    ("a list item", re.compile(r"([-+*])(?=[ \t]|$)")),
    ("a numbered list item", re.compile(r"\d{1,9}([.)])(?=[ \t]|$)")),
    ("a block quote", re.compile(r"(>)")),
    ("an HTML block", re.compile(
        r"(<)(?:[?!]|/?(?:" + "|".join(_HTML_BLOCK_TAGS.split()) + r")(?:[ \t>]|/>|$)"
        r"|/?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>]*)?/?>[ \t]*$)", re.I)),
    ("a link reference definition", re.compile(r"(\[)(?=[^\]]*\]:)")),
)
# The first characters of :data:`_OPENERS`' matches, digits aside.
_OPENER_FIRST = frozenset("`~#-:|=*_+><[")
_INDENT = re.compile(r"^[ \t]+")
_BACKTICKS = re.compile(r"(?<!\\)(?:\\\\)*(`+)")
_UNSAFE_LINK = re.compile(
    r"(?:\]\(\s*<?|<|^\[[^\]]*\]:\s*<?)\s*((?:java|vb)script|data)\s*:", re.I | re.M)
_CELL_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_ALT_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)([\[\]])")
_SINGLE_LINE = frozenset({"heading", "table cell", "table header", "image alt", "title"})


def block_opener(line: str) -> tuple[str, int] | None:
    """What ``line`` would open if it started a block, and where its marker is.

    Returns:
        ``(name, index)``: the construct ("a heading", "a list item", …) and the index in
        ``line`` of the character a backslash must precede; None for plain text.
    """
    stripped = line.lstrip(" \t")
    offset = len(line) - len(stripped)
    if stripped and len(line[:offset].expandtabs(4)) >= 4:
        return "indented code", offset
    if not stripped or stripped[0] not in _OPENER_FIRST and not stripped[0].isdecimal():
        return None  # no opener starts so (most lines); ``\d`` is what isdecimal names
    for name, pattern in _OPENERS:
        m = pattern.match(stripped)
        if m:
            return name, offset + m.start(1)
    return None


def unpaired_backticks(text: str) -> list[int]:
    """Start offsets of backtick runs with no partner of the same length after them.

    Such a run is literal text on its own, but in the edition it would pair with a
    backtick run of a neighbouring sentence and open or close a code span there.
    """
    if "`" not in text:
        return []
    runs = [(m.start(1), len(m.group(1))) for m in _BACKTICKS.finditer(text)]
    unpaired: list[int] = []
    i = 0
    while i < len(runs):
        start, length = runs[i]
        partner = next((j for j in range(i + 1, len(runs)) if runs[j][1] == length), None)
        if partner is None:
            unpaired.append(start)
            i += 1
        else:  # a code span: runs inside it are its content (CommonMark: no escapes there)
            i = partner + 1
    return unpaired


def unsafe_links(text: str) -> list[str]:
    """``javascript:``, ``vbscript:`` and ``data:`` link targets in ``text``, lower case."""
    return [m.group(1).lower() + ":" for m in _UNSAFE_LINK.finditer(text)]


def _escape_backticks(text: str) -> str:
    unpaired = set(unpaired_backticks(text))
    if not unpaired:
        return text
    out, pos = [], 0
    for m in _BACKTICKS.finditer(text):
        if m.start(1) in unpaired:
            out.append(text[pos:m.start(1)])
            out.append("\\`" * len(m.group(1)))
            pos = m.end(1)
    out.append(text[pos:])
    return "".join(out)


def _escape_line_start(line: str) -> str:
    line = _INDENT.sub("", line)
    found = block_opener(line)
    if found is None:
        return line
    return line[:found[1]] + "\\" + line[found[1]:]


def neutralize(translation: str, *, block: str, line_start: bool) -> str:
    """``translation`` made safe to splice into a Markdown ``block`` of the original.

    Args:
        translation: the msgstr (``\\n`` = a hard line break).
        block: the span's block kind as extraction names it ("paragraph", "heading",
            "table cell", "image alt", …).
        line_start: whether the translation starts at the start of a source line, where
            a block could open (false after a heading's ``#`` or inside a sentence).

    Returns:
        The translation with structure-changing Markdown escaped; unchanged when it has
        none, which is the normal case.
    """
    if "\n" not in translation and "`" not in translation and block not in _ESCAPING_BLOCKS:
        # one line, no backtick, no cell or alt text (most translations): of the rules
        # below only the line start's applies
        return _escape_line_start(translation) if line_start else translation
    return _neutralize_all(translation, block=block, line_start=line_start)


# The blocks whose own characters neutralize escapes (``|`` in cells, brackets in alt text).
_ESCAPING_BLOCKS = frozenset({"table cell", "table header", "image alt"})


def _neutralize_all(translation: str, *, block: str, line_start: bool) -> str:
    """:func:`neutralize` by every rule, for any translation."""
    if block in _SINGLE_LINE:
        translation = translation.replace("\n", " ")
    text = _escape_backticks(translation)
    if block in ("table cell", "table header"):
        text = _CELL_PIPE.sub(r"\1\\|", text)
    if block == "image alt":
        text = _ALT_BRACKET.sub(r"\1\\\2", text)
    lines = text.split("\n")
    if len(lines) > 1:  # a blank line would end the block
        lines = [line for line in lines if line.strip()] or [""]
    for i, line in enumerate(lines):
        if i or line_start:
            lines[i] = _escape_line_start(line)
    return "\n".join(lines)


def neutralize_html(translation: str) -> str:
    """``translation`` made safe to splice into the text of a raw HTML block.

    A Markdown renderer keeps an HTML block's lines as HTML, kilocale's HTML edition
    (raw HTML off) reads them as Markdown: a block opener at the start of a line, or an
    unpaired backtick, becomes a numeric character reference, which both read as the
    plain character.
    """
    unpaired = set(unpaired_backticks(translation))
    if unpaired:
        translation = "".join("&#96;" if i in unpaired else ch
                              for i, ch in enumerate(translation))
    lines = []
    for line in translation.split("\n"):
        line = _INDENT.sub("", line)
        found = block_opener(line)
        if found is not None:
            line = line[:found[1]] + f"&#{ord(line[found[1]])};" + line[found[1] + 1:]
        lines.append(line)
    return "\n".join(lines)


class _Entryish(Protocol):
    @property
    def msgid(self) -> str: ...

    @property
    def msgstr(self) -> str: ...

    @property
    def entry(self) -> object: ...


def _blocks(ctx: _Entryish) -> set[str]:
    return set(getattr(ctx.entry, "extracted_comments", None) or ())


def check_structure(ctx: _Entryish) -> Iterable[str]:
    """Translation changes the document's structure.

    The translation would start a heading, list, quote, code fence, HTML block or link
    definition at the start of a line, open or close a code span the source does not
    have, add a column to a table, add or remove line breaks, or link to a
    ``javascript:``, ``vbscript:`` or ``data:`` target.  The build escapes such Markdown
    (and never makes such a link), so the edition would not say what the translator wrote.
    """
    msgid, msgstr = ctx.msgid, ctx.msgstr
    source_lines, target_lines = msgid.split("\n"), msgstr.split("\n")
    for i, line in enumerate(target_lines):
        found = block_opener(line)
        if found is None:
            continue
        theirs = block_opener(source_lines[i]) if i < len(source_lines) else None
        if theirs is None or theirs[0] != found[0]:
            marker = line.strip()[:20]
            yield (f"line {i + 1} of the translation would start {found[0]} ({marker!r}); "
                   "escape it with a backslash or reword")
    unpaired = unpaired_backticks(msgstr)
    if len(unpaired) != len(unpaired_backticks(msgid)):
        yield ("the translation has a backtick (`) without a partner: in the edition it would "
               "open or close a code span with the text around it")
    breaks_s, breaks_t = msgid.count("\n"), msgstr.count("\n")
    if breaks_s != breaks_t:
        yield (f"the translation has {breaks_t} line break{'s' * (breaks_t != 1)}, the source "
               f"{breaks_s}: each one would start a new line in the edition")
    blocks = _blocks(ctx)
    if blocks & {"table cell", "table header"}:
        pipes_s = len(_CELL_PIPE.findall(msgid))
        pipes_t = len(_CELL_PIPE.findall(msgstr))
        if pipes_t > pipes_s:
            yield "the translation has a '|' that would start a new table column; write '\\|'"
    for scheme in sorted(set(unsafe_links(msgstr)) - set(unsafe_links(msgid))):
        yield f"link target {scheme!r} is not allowed; the HTML edition never links it"

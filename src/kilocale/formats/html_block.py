"""Translatable pieces of a raw HTML block inside a Markdown document.

A Markdown HTML block (``<div>…</div>``, a one-line ``<img … />``) is raw markup: its
tags and most attributes are not prose, but its text and a few attributes are.  This
module finds them as character ranges of the block, so the Markdown adapter can splice
translations back exactly as it does for Markdown text:

* the values of :data:`TRANSLATABLE_ATTRIBUTES` (``alt``, ``title``, ``aria-label``,
  ``placeholder``) are one piece each;
* text is cut into runs at block-level tags (lxml's list of HTML block elements); a run
  keeps the inline tags that sit *inside* it (``Drücken Sie <kbd>Strg</kbd>.``) and
  loses those around it (``<span class="caption">…</span>`` gives only the caption);
* text inside ``script``, ``style``, ``pre``, ``code``, ``svg`` and ``math`` and inside
  comments is never a piece.

Splicing needs offsets in the source, which lxml's tree does not keep, so the block is
scanned with the tag pattern every other module uses (:data:`kilocale.core.inline.HTML_TAG`);
lxml supplies the HTML knowledge of which elements are blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kilocale.core import inline

TRANSLATABLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_OPAQUE = frozenset({"script", "style", "pre", "code", "svg", "math", "textarea"})


@cache
def _block_tags() -> frozenset[str]:
    """Tags that end a run of text: lxml's block tags and a few more (see :func:`_empty_tags`)."""
    from lxml.html import defs

    return frozenset(defs.block_tags) | {"li", "td", "th", "tr", "caption", "figcaption",
                                         "summary", "details", "br", "hr", "dt", "dd"}


@cache
def _empty_tags() -> frozenset[str]:
    """Elements without content (``img``, ``br``): lxml's table, read on first use.

    Importing ``lxml.html`` (for these two tables) costs ~14 ms, a good part of extracting
    one edited document; most sentences have no tag and most documents no raw HTML.
    """
    from lxml.html import defs

    return frozenset(defs.empty_tags)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"([^\s\"'<>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@dataclass(frozen=True)
class Piece:
    """``block[start:end]`` is translatable text.

    Attributes:
        kind: ``"text"`` or the attribute's name (``"alt"``).
        quote: for an attribute value, the quote around it (``'"'``, ``"'"`` or ``""``).
    """

    start: int
    end: int
    kind: str
    quote: str = ""


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    tag: str  # "" for text
    closing: bool = False


def _tokens(block: str) -> list[_Token]:
    out: list[_Token] = []
    pos = 0
    for m in inline.HTML_TAG.finditer(block):
        if m.start() > pos:
            out.append(_Token(pos, m.start(), ""))
        name = _TAG_NAME.match(m.group(0))
        if name is None:  # a comment
            out.append(_Token(m.start(), m.end(), "!--"))
        else:
            out.append(_Token(m.start(), m.end(), name.group(2).lower(), bool(name.group(1))))
        pos = m.end()
    if pos < len(block):
        out.append(_Token(pos, len(block), ""))
    return out


def _attributes(block: str, tok: _Token) -> list[Piece]:
    """The translatable attribute values of one tag."""
    raw = block[tok.start:tok.end]
    head = _TAG_NAME.match(raw)
    assert head is not None
    pieces = []
    for m in _ATTR.finditer(raw, head.end()):
        name = m.group(1).lower()
        if name not in TRANSLATABLE_ATTRIBUTES:
            continue
        for group, quote in ((2, '"'), (3, "'"), (4, "")):
            if m.group(group) is not None and m.group(group).strip():
                pieces.append(Piece(tok.start + m.start(group), tok.start + m.end(group),
                                    name, quote))
    return pieces


def _run_piece(block: str, run: list[_Token]) -> Piece | None:
    """The text of a run of text and inline tags, with only the tags inside it."""
    texts = [i for i, t in enumerate(run) if not t.tag and block[t.start:t.end].strip()]
    if not texts:
        return None
    i, j = texts[0], texts[-1]
    while True:  # widen until every tag inside the piece is balanced
        stack: list[str] = []
        unmatched_close: list[str] = []
        for t in run[i:j + 1]:
            if not t.tag or t.tag in _empty_tags() or t.tag == "!--":
                continue
            if not t.closing:
                stack.append(t.tag)
            elif t.tag in stack:
                del stack[len(stack) - 1 - stack[::-1].index(t.tag)]
            else:
                unmatched_close.append(t.tag)
        moved = False
        if unmatched_close:
            k = next((k for k in range(i - 1, -1, -1) if run[k].tag == unmatched_close[0]
                      and not run[k].closing), None)
            if k is not None:
                i, moved = k, True
        if stack:
            k = next((k for k in range(j + 1, len(run)) if run[k].tag == stack[-1]
                      and run[k].closing), None)
            if k is not None:
                j, moved = k, True
        if not moved:
            break
    start, end = run[i].start, run[j].end
    return Piece(start, end, "text")


def trim_tags(text: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` narrowed past the tags that sit around the sentence, not inside it.

    A tag at either edge goes when its partner is outside ``text[a:b]`` (the sentence is
    one of several inside ``<span>…</span>``) or when the two wrap the whole piece; tags
    inside the sentence, and empty elements such as ``<img>``, stay.
    """
    if text.find("<", a, b) < 0:
        return a, b  # no tag at all (most sentences)
    while a < b:
        toks = [t for t in _tokens(text[a:b])]
        if not toks:
            break
        head, tail = toks[0], toks[-1]
        changed = False
        if head.tag and head.tag != "!--" and head.tag not in _empty_tags():
            partner = next((t for t in toks[1:] if t.tag == head.tag
                            and t.closing != head.closing), None)
            if head.closing or partner is None or partner is tail and len(toks) > 2:
                a += head.end
                if partner is tail and not head.closing:
                    b -= tail.end - tail.start
                changed = True
        elif tail.tag and tail.tag != "!--" and tail.tag not in _empty_tags():
            partner = next((t for t in toks[:-1] if t.tag == tail.tag
                            and t.closing != tail.closing), None)
            if not tail.closing or partner is None:
                b -= tail.end - tail.start
                changed = True
        if not changed:
            break
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
    return a, b


def pieces(block: str) -> list[Piece]:
    """Translatable ranges of an HTML block, in order (see the module docstring)."""
    out: list[Piece] = []
    run: list[_Token] = []
    opaque: list[str] = []

    def flush() -> None:
        if run:
            piece = _run_piece(block, run)
            if piece is not None:
                out.append(piece)
            run.clear()

    for tok in _tokens(block):
        if tok.tag == "!--":
            flush()
            continue
        if opaque:
            if tok.tag == opaque[-1]:
                if tok.closing:
                    opaque.pop()
                else:
                    opaque.append(tok.tag)
            continue
        if tok.tag:
            out_attrs = _attributes(block, tok) if not tok.closing else []
            if tok.tag in _OPAQUE and not tok.closing:
                flush()
                out.extend(out_attrs)
                if not block[tok.start:tok.end].rstrip().endswith("/>"):
                    opaque.append(tok.tag)
                continue
            if tok.tag in _block_tags():
                flush()
                out.extend(out_attrs)
                continue
            if out_attrs:  # an inline tag with an alt or title: the value stands alone
                out.extend(out_attrs)
        run.append(tok)
    flush()
    texts = [p for p in out if p.kind == "text"]
    # an attribute of a tag inside a sentence travels with the sentence's msgid
    kept = [p for p in out if p.kind == "text"
            or not any(t.start <= p.start and p.end <= t.end for t in texts)]
    return sorted(kept, key=lambda p: p.start)

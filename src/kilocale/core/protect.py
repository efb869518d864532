"""Glossary lock: what machine translation must not touch becomes sentinels, and comes back.

Before MT, :func:`protect` replaces, in one source sentence,

* inline code spans, autolinks, bare URLs, inline HTML tags, footnote references,
  backslash escapes and text that already looks like a sentinel (*atomic* items);
* the markup of links and images (``[`` / ``![`` and ``](destination "title")``) and of
  emphasis (``**``, ``__``, ``*``, ``_``, ``~~``), while the words between stay translatable;
* glossary terms that are do-not-translate or have a fixed translation in the target
  language (matched with :func:`kilocale.core.glossary.source_matches`, so ``DeepSeeks``
  is a genitive and ``KI-Modell`` a compound),

by numbered sentinels ``{0}``, ``{1}``, … .  After MT, :func:`restore` puts each one back
(a term in its approved target form: ``DeepSeeks`` → ``DeepSeek's`` in English) and
verifies that every sentinel came back exactly once.

Why ``{N}``: measured on the tiny copy model through the real Argos tokenizer
(``tests/test_protect.py::test_sentinel_survival_on_copy_model``: every glossary term
of 40 article sentences replaced by each candidate), ``{0}``, ``⟦0⟧``, ``<x0/>``,
``[0]`` and ``XQZ0`` all come back 100 % of the time while ``__0__`` and ``▁0▁`` come
back 0 %: Argos's SentencePiece decoding turns ``_`` (and ``▁``) into spaces, and
SentencePiece drops leading, trailing and repeated whitespace, so no sentinel may
contain ``_`` or rely on spaces.  Among the survivors, real models decide: ``{N}`` is
plain ASCII, so every SentencePiece vocabulary has its pieces and nothing becomes
``<unk>`` (``⟦`` does, and then only ``replace_unknowns`` and a lucky attention bring it
back); brace placeholders are frequent in the software-localisation corpora of OPUS
that Argos models are trained on, so models learned to copy them; a digit has no case
and no transliteration, unlike letter codes (``XQZ0``) which real models inflect,
translate or transliterate.  Restoration is lenient about what models do to such a
token: spaces inside (``{ 0 }``) and full-width forms (``｛０｝``).  Any text in the
source that already looks like a sentinel is itself protected, so it cannot be confused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from kilocale.core.lang import base_language
from kilocale.core import inline
from kilocale.model import Term, TermMatch

SENTINEL_RE = re.compile(r"[{｛]\s*([0-9０-９]+)\s*[}｝]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def sentinel(index: int) -> str:
    """The sentinel text for placeholder ``index``."""
    return "{" + str(index) + "}"


@dataclass(frozen=True)
class Placeholder:
    """One protected span: ``original`` in the source, ``replacement`` in the target.

    ``kind`` is one of ``term``, ``code``, ``url``, ``html``, ``escape``, ``literal``,
    ``open`` (opening markup: ``[``, ``**``) or ``close`` (closing markup: ``](url)``).
    """

    index: int
    original: str
    replacement: str
    kind: str
    term: str = ""


@dataclass(frozen=True)
class Protected:
    """A source sentence with sentinels, and what each sentinel stands for."""

    source: str
    text: str
    placeholders: tuple[Placeholder, ...] = ()


@dataclass(frozen=True)
class Restored:
    """The result of :func:`restore`: ``ok`` when every sentinel came back exactly once.

    ``restored`` counts the placeholders whose sentinel came back exactly once.
    """

    text: str
    ok: bool
    restored: int
    problems: tuple[str, ...] = field(default=())


_LINK = re.compile(r"(!?\[)((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)(\]\((?:<[^>]*>|[^()\s]*(?:\([^()\s]*\))?[^()\s]*)"
                   r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\))")
_REFLINK = re.compile(r"(!?\[)((?:[^\[\]\\]|\\.)*)(\]\[[^\]]*\])")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"’”)]")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|_)(?=\S)(.+?)(?<=\S)\1")


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _term_replacement(match: TermMatch, language: str) -> str:
    from kilocale.core.glossary import target_form  # pure core; imported here to avoid a cycle

    form = target_form(match.term, language, genitive=match.genitive)
    term: Term = match.term
    # A plural of an untranslated name or acronym (LLMs, GPUs) keeps its -s in languages that
    # pluralise with -s; target_form knows only the singular.
    bases = (term.term,) + tuple(term.forms)
    if (not match.genitive and base_language(language) in ("en", "fr", "es")
            and match.surface.endswith("s") and match.surface[:-1] in bases
            and form in bases and not form.endswith("s")):
        form += "s"
    return form


def protect(text: str, matches: Sequence[TermMatch] = (), language: str = "en") -> Protected:
    """Replace protected spans of source ``text`` by sentinels ``{0}``, ``{1}``, … in order.

    Args:
        text: one source sentence (a msgid), inline Markdown as written.
        matches: glossary matches in ``text`` (:func:`kilocale.core.glossary.source_matches`);
            only do-not-translate terms and terms with a translation into ``language`` are locked.
        language: the target language, for the approved forms of terms.

    Returns:
        The sentence with sentinels and the list of placeholders.
    """
    spans: list[tuple[int, int, str, str, str]] = []  # start, end, kind, replacement, term
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, replacement: str | None = None, term: str = "") -> bool:
        if start >= end or _overlaps(start, end, taken):
            return False
        spans.append((start, end, kind, text[start:end] if replacement is None else replacement, term))
        taken.append((start, end))
        return True

    for rx, kind in ((inline.CODE_SPAN, "code"), (SENTINEL_RE, "literal"), (inline.AUTOLINK, "url"),
                     (_FOOTNOTE, "code")):
        for m in rx.finditer(text):
            add(m.start(), m.end(), kind)
    for rx in (_LINK, _REFLINK):
        for m in rx.finditer(text):
            if _overlaps(m.start(), m.end(), taken):
                continue
            add(m.start(1), m.end(1), "open")
            add(m.start(3), m.end(3), "close")
    for rx, kind in ((inline.HTML_TAG, "html"), (_URL, "url"), (_ESCAPE, "escape")):
        for m in rx.finditer(text):
            add(m.start(), m.end(), kind)
    for match in matches:
        term = match.term
        if term.dnt or term.approved(language):
            add(match.start, match.end, "term", _term_replacement(match, language), term.term)
    # Emphasis markers, on the text with everything above masked out.
    masked = list(text)
    for s, e in taken:
        masked[s:e] = ["\0"] * (e - s)
    masked_text = "".join(masked)
    pos = 0
    while True:
        m = _EMPHASIS.search(masked_text, pos)
        if m is None:
            break
        mark = m.group(1)
        s1, e1, s2, e2 = m.start(1), m.end(1), m.end(2), m.end()
        intraword = mark == "_" and (
            (s1 > 0 and masked_text[s1 - 1].isalnum()) or (e2 < len(text) and masked_text[e2].isalnum()))
        if not intraword and not _overlaps(s1, e1, taken) and not _overlaps(s2, e2, taken):
            add(s1, e1, "open")
            add(s2, e2, "close")
            pos = e1
        else:
            pos = s1 + 1
    spans.sort()
    out, placeholders, last = [], [], 0
    for i, (start, end, kind, replacement, term) in enumerate(spans):
        out.append(text[last:start])
        out.append(sentinel(i))
        placeholders.append(Placeholder(i, text[start:end], replacement, kind, term))
        last = end
    out.append(text[last:])
    return Protected(source=text, text="".join(out), placeholders=tuple(placeholders))


def _index(m: re.Match[str]) -> int:
    return int(m.group(1).translate(_FULLWIDTH_DIGITS))


def restore(protected: Protected, translated: str) -> Restored:
    """Put the placeholders of ``protected`` back into the machine translation ``translated``.

    Every sentinel must occur exactly once.  When one is lost, duplicated or unknown, the
    text is still restored as far as possible (each known sentinel replaced wherever it
    is) and ``ok`` is false with ``problems`` naming what went wrong.  Spaces that MT put
    inside markup (``** Datei **``) are removed where the source had none.
    """
    by_index = {p.index: p for p in protected.placeholders}
    counts: dict[int, int] = {}
    problems: list[str] = []
    pieces: list[str] = []
    last = 0
    found = list(SENTINEL_RE.finditer(translated))
    for m in found:
        idx = _index(m)
        counts[idx] = counts.get(idx, 0) + 1
        ph = by_index.get(idx)
        before = translated[last:m.start()]
        if ph is not None and ph.kind == "close" and _glued_before(protected, ph):
            before = before.rstrip(" ")
        pieces.append(before)
        pieces.append(ph.replacement if ph is not None else m.group(0))
        last = m.end()
        if ph is not None and ph.kind == "open" and _glued_after(protected, ph):
            rest = translated[last:]
            last += len(rest) - len(rest.lstrip(" "))
    pieces.append(translated[last:])
    for idx in sorted(counts):
        if idx not in by_index:
            problems.append(f"unexpected sentinel {sentinel(idx)}")
    for ph in protected.placeholders:
        n = counts.get(ph.index, 0)
        if n == 0:
            problems.append(f"lost {sentinel(ph.index)} ({ph.original!r})")
        elif n > 1:
            problems.append(f"{sentinel(ph.index)} ({ph.original!r}) came back {n} times")
    restored = sum(1 for ph in protected.placeholders if counts.get(ph.index, 0) == 1)
    return Restored("".join(pieces), not problems, restored, tuple(problems))


def _position(protected: Protected, ph: Placeholder) -> tuple[int, int]:
    """Where ``ph`` sits in the protected text."""
    s = sentinel(ph.index)
    start = protected.text.find(s)
    return start, start + len(s)


def _glued_after(protected: Protected, ph: Placeholder) -> bool:
    _, end = _position(protected, ph)
    return end < len(protected.text) and not protected.text[end].isspace()


def _glued_before(protected: Protected, ph: Placeholder) -> bool:
    start, _ = _position(protected, ph)
    return start > 0 and not protected.text[start - 1].isspace()


def chunks(protected: Protected) -> list[tuple[str, bool]]:
    """The protected text cut at its sentinels: ``(text, translatable)`` pairs.

    The safer mode of :mod:`kilocale.pretranslate` translates only the translatable runs
    (those with a letter in them) and keeps every sentinel in its source place, so no
    sentinel can be lost, at the cost of word order across sentinels.
    """
    out: list[tuple[str, bool]] = []
    last = 0
    for m in SENTINEL_RE.finditer(protected.text):
        run = protected.text[last:m.start()]
        if run:
            out.append((run, any(ch.isalpha() for ch in run)))
        out.append((m.group(0), False))
        last = m.end()
    run = protected.text[last:]
    if run:
        out.append((run, any(ch.isalpha() for ch in run)))
    return out

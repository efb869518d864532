"""Glossary terms and where they occur, on the German source side and on the target side.

Pure functions: no files (``kilocale.io.glossary_file`` reads glossary.yaml).

Source side (:func:`source_matches`): the canonical term, its ``forms`` and their German
inflections are found with word boundaries, so ``KI`` matches ``KI``, ``KIs``, ``KI-Modells``
and ``Spitzen-KI`` but not ``Kies``; proper names take the genitive (``DeepSeeks``,
``Baidus``, ``Ant Groups``); multi-word terms also match as the first or last part of a
hyphenated compound (``Ant-Group-Tochter``).  Of overlapping matches the longest wins
(``Alibaba Group`` before ``Alibaba``, ``Qwen 2.5-Max`` before ``Qwen``).

Target side (:func:`target_matches`): an approved form plus the target language's
inflections: English plural and possessive (``DeepSeek's``, ``DeepSeek’s``, ``chips``),
French and Spanish plurals (``puces``, ``yuanes``), exact match for Chinese (Latin forms
inside Chinese text only need to be free of adjacent ASCII letters and digits, so ``AI``
does not match inside ``OpenAI``).  Do-not-translate terms are matched with their case;
other terms fold the case of each word's first letter (sentence starts, title case).

Patterns are compiled per term and target language.  :meth:`Glossary.compiled` builds a
:class:`LanguageGlossary` once per glossary instance and language and keeps it with the
glossary, so a check run compiles each pattern once; the module-level functions compile
on every call and suit one-off use.  Nothing is cached at module level.

Stable API used by machine translation: :func:`source_matches`, :func:`target_form`,
:meth:`Glossary.digest`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property

from kilocale.core.lang import NBSP, NNBSP, base_language, has_cjk, uses_cjk_script
from kilocale.model import Term, TermMatch

__all__ = ["Glossary", "LanguageGlossary", "source_matches", "target_matches", "target_form",
           "altered_dnt", "forbidden_matches", "forbidden_regex", "compile_target",
           "TargetPattern", "is_name"]

# German suffixes after a term: genitive -s/-es/-', plural and case endings.
_SUFFIX_ACRONYM = ("s",)                       # KIs, LLMs, GPUs
_SUFFIX_SIBILANT = ("es", "e", "en", "'", "’")  # Prozesses; Hans'; never a bare -s
_SUFFIX_WORD = ("s", "es", "e", "en", "n", "er", "ern", "ns")
_GENITIVE_SUFFIXES = ("s", "es", "'", "’")

_WORD = r"[^\W_]"  # a letter or digit in any script
# Between the words of a multi-word form: a space, a no-break space or a narrow no-break
# space (lang.NO_BREAK_SPACES).  Not one class [ \xa0\u202f]: a class with a character above
# U+00FF makes the regex compiler build and scan a 65,536-entry bitmap, a third of a
# millisecond each of the hundreds of times a glossary's patterns use it, most of what
# compiling them costs.  U+202F as an alternative of its own ({1} keeps the parser from
# merging it into the class) matches exactly the same, one character per repetition.
_SPACE = f"(?:[ {NBSP}]|{NNBSP}{{1}})"
_SPACES = _SPACE + "+"
_SPACE_OR_HYPHEN = f"(?:[ {NBSP}-]|{NNBSP}{{1}})"


def _fold_first(word: str) -> str:
    """Regex for ``word`` whose first letter may be upper or lower case."""
    first = word[0]
    if first.upper() != first.lower():
        return f"[{re.escape(first.upper())}{re.escape(first.lower())}]" + re.escape(word[1:])
    return re.escape(word)


def _phrase(text: str, fold: bool, separators: str) -> str:
    """Regex for a (multi-word) phrase: words joined by any of ``separators``."""
    words = re.split(_SPACES, text.strip())
    parts = [_fold_first(w) if fold else re.escape(w) for w in words]
    return separators.join(parts)


def _suffixes(stem: str) -> tuple[str, ...]:
    last = re.split(r"[\s-]", stem)[-1]
    letters = [c for c in last if c.isalpha()]
    if not letters or all(c.isupper() for c in letters) or last[-1].isdigit():
        return _SUFFIX_ACRONYM
    if last[-1] in "sßxz":
        return _SUFFIX_SIBILANT
    return _SUFFIX_WORD


def is_name(term: Term) -> bool:
    """Whether ``term`` is a proper name (takes a possessive), not an acronym or common noun."""
    letters = [c for c in term.term if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return False
    if term.dnt:
        return True
    english = term.translations.get("en", ())
    preferred = english[0] if english else term.term
    return preferred[:1].isupper()


@dataclass(frozen=True)
class _Variant:
    term: Term
    stem: str
    source: str
    suffixes: tuple[str, ...]

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled when a text first has the variant's first word (some variants never do)."""
        return re.compile(self.source)


@dataclass(frozen=True)
class Glossary:
    """The loaded glossary: terms in file order and where they came from."""

    terms: tuple[Term, ...]
    path: str = ""

    def digest(self) -> str:
        """A short, stable sha256 of the canonical content (no notes, no line numbers).

        Machine translation records it as provenance: a changed digest means locked terms
        may have changed.
        """
        canonical = [
            {"term": t.term, "dnt": t.dnt, "forms": list(t.forms),
             "translations": {k: list(v) for k, v in sorted(t.translations.items())},
             "forbidden": {k: list(v) for k, v in sorted(t.forbidden.items())},
             "case_sensitive": t.case_sensitive}
            for t in self.terms
        ]
        blob = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def compiled(self, language: str) -> LanguageGlossary:
        """The glossary's patterns for ``language``, compiled on first use and kept with it."""
        found = self._compiled.get(language)
        if found is None:
            found = self._compiled[language] = LanguageGlossary(self, language)
        return found

    @cached_property
    def _compiled(self) -> dict[str, LanguageGlossary]:
        return {}

    def find(self, term: str) -> Term | None:
        """The term whose canonical form is ``term``, if any."""
        for t in self.terms:
            if t.term == term:
                return t
        return None

    @cached_property
    def _source_index(self) -> dict[str, list[_Variant]]:
        """Variants by the lower-cased first word of their stem, longest stem first.

        Matching looks up each word of a text here and tries only those variants, anchored
        at the word, instead of running one regex per term over the whole text.
        """
        index: dict[str, list[_Variant]] = {}
        for term in self.terms:
            fold = not term.case_sensitive
            for stem in dict.fromkeys((term.term, *term.forms)):
                suffixes = _suffixes(stem)
                body = _phrase(stem, fold, _SPACE_OR_HYPHEN)
                suffix = "(?:" + "|".join(re.escape(s) for s in suffixes) + ")?"
                pattern = rf"(?<!{_WORD})(?:{body})(?P<sfx>{suffix})(?!{_WORD})"
                words = _TOKEN.findall(stem)
                if not words:
                    continue
                variant = _Variant(term, stem, pattern, suffixes)
                key = words[0].lower()
                keys = [key]
                if len(words) == 1:  # the first word is also the last: it may be inflected
                    keys += [key + sfx for sfx in suffixes if sfx.isalpha()]
                for k in keys:
                    index.setdefault(k, []).append(variant)
        for variants in index.values():
            variants.sort(key=lambda v: -len(v.stem))
        return index


_TOKEN = re.compile(r"[^\W_]+")


def _term_starts(text: str, lowered: str, present: set[str],
                 index: dict[str, list[_Variant]]) -> list[tuple[int, str]]:
    """``(offset, key)`` of every word of ``text`` whose lower case is a key of ``index``.

    A word is a maximal run of letters and digits (:data:`_TOKEN`, the same as
    ``str.isalnum`` for each character).  ``present`` are the keys among the words of
    ``lowered``.  When lower-casing maps each character to one character on its own (the
    same length, and no capital sigma, the one letter whose lower case depends on its
    neighbours; and no character changes between letter-or-digit and not, which
    tests/test_glossary.py checks for every code point), ``lowered`` has the same words
    at the same offsets, so the few keys present are found with ``str.find`` instead of
    visiting every word; otherwise every word of ``text`` is lower-cased and looked up.
    """
    if len(lowered) != len(text) or "\u03a3" in text:
        return [(m.start(), key) for m in _TOKEN.finditer(text)
                if (key := m.group(0).lower()) in index]
    out = []
    end = len(lowered)
    for key in present:
        n = len(key)
        i = lowered.find(key)
        while i >= 0:
            if (i == 0 or not lowered[i - 1].isalnum()) and \
                    (i + n == end or not lowered[i + n].isalnum()):
                out.append((i, key))
            i = lowered.find(key, i + 1)
    out.sort()
    return out


def source_matches(glossary: Glossary, text: str) -> list[TermMatch]:
    """Occurrences of glossary terms in German source ``text``.

    Non-overlapping, sorted by start; of overlapping candidates the longest wins.  Each
    match records the surface as written, whether it is a genitive (``DeepSeeks``) and
    whether it is part of a hyphenated compound (``KI-Modell``, ``Spitzen-KI``).

    Args:
        glossary: the loaded glossary.
        text: a source segment (inline Markdown is fine; mask URLs first if they matter).

    Returns:
        The matches, as :class:`kilocale.model.TermMatch` records.
    """
    index = glossary._source_index
    if not index or not text:
        return []
    lowered = text.lower()
    present = index.keys() & set(_TOKEN.findall(lowered))
    if not present:
        return []  # the common case, decided in C: no word of the text starts a term
    candidates: list[tuple[int, int, _Variant, str]] = []
    for start, key in _term_starts(text, lowered, present, index):
        for variant in index[key]:
            m = variant.regex.match(text, start)
            if m is not None:
                candidates.append((m.start(), m.end(), variant, m.group("sfx") or ""))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, _Variant, str]] = []
    for cand in candidates:
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    result = []
    for start, end, variant, suffix in chosen:
        before = text[start - 1] if start > 0 else ""
        after = text[end:end + 2]
        compound = before == "-" or (len(after) == 2 and after[0] == "-" and after[1].isalnum())
        genitive = suffix in _GENITIVE_SUFFIXES and is_name(variant.term)
        result.append(TermMatch(start=start, end=end, term=variant.term,
                                surface=text[start:end], genitive=genitive, compound=compound))
    return result


def target_form(term: Term, language: str, genitive: bool = False) -> str:
    """The preferred approved form of ``term`` in ``language``.

    With ``genitive=True`` the possessive where the language has one (English
    ``DeepSeek's``, ``Tsinghua University's``), else the plain form.  A term without a
    translation for ``language`` falls back to its canonical form.
    """
    approved = term.approved(language)
    form = approved[0] if approved else term.term
    if genitive and base_language(language) == "en":
        return form + ("'" if form.endswith("s") and not form.isupper() else "'s")
    return form


_TARGET_SUFFIX = {
    "en": ("s", "es", "'s", "’s", "'", "’", "s'", "s’"),
    "fr": ("s", "x"),
    "es": ("s", "es"),
}
def _literal_found(text: str, form: str, boundary: str) -> bool:
    r"""Whether ``form`` occurs in ``text`` exactly as written with ``boundary`` around it:
    ``"word"``, no letter or digit of any script on either side (``[^\W_]``, the same as
    ``str.isalnum``); ``"ascii"``, no ASCII letter or digit; ``""``, anywhere."""
    i = text.find(form)
    if not boundary:
        return i >= 0
    n = len(form)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if boundary == "word":
            outside = not before.isalnum() and not after.isalnum()
        else:
            outside = not (before.isascii() and before.isalnum()) and \
                not (after.isascii() and after.isalnum())
        if outside:
            return True
        i = text.find(form, i + 1)
    return False


@dataclass(frozen=True)
class TargetPattern:
    """Every approved form of one term in one language, as one regex.

    ``literals`` are the forms with the boundary their alternative of the regex requires
    (see :func:`_literal_found`): a form written exactly as approved, uninflected, is
    what a correct translation usually has, and finding it needs no regex.  ``probes``
    are the longest word of each form, lower-cased: if none occurs in the lower-cased
    text, the regex cannot match (a cheap test in C before a scan that has to try every
    position).  The regex is compiled only when neither decides, so a clean catalog
    compiles few of them; compiling is most of what a cold ``kilocale check`` spends on
    the glossary.
    """

    source: str | None
    probes: tuple[str, ...]
    literals: tuple[tuple[str, str], ...] = ()

    @cached_property
    def regex(self) -> re.Pattern[str] | None:
        return re.compile(self.source) if self.source else None

    def found(self, text: str) -> bool:
        """Whether :meth:`matches` finds anything (one search, no match records)."""
        if self.source is None:
            return False
        if any(_literal_found(text, form, boundary) for form, boundary in self.literals):
            return True  # the regex's alternative for that form matches there, suffix empty
        lowered = text.lower()
        if not any(p in lowered for p in self.probes):
            return False
        assert self.regex is not None
        return self.regex.search(text) is not None

    def matches(self, term: Term, text: str) -> list[TermMatch]:
        if self.source is None:
            return []
        lowered = text.lower()
        if not any(p in lowered for p in self.probes):
            return []
        assert self.regex is not None
        return [TermMatch(start=m.start(), end=m.end(), term=term, surface=m.group(0))
                for m in self.regex.finditer(text)]


def compile_target(term: Term, language: str) -> TargetPattern:
    """One regex for every approved form of ``term`` in ``language``, longest form first."""
    lang = base_language(language)
    forms = term.approved(language) + (term.forms if term.dnt else ())
    fold = not term.case_sensitive
    alternatives: list[str] = []
    literals: list[tuple[str, str]] = []
    for form in sorted(dict.fromkeys(forms), key=len, reverse=True):
        if uses_cjk_script(lang):
            if has_cjk(form):
                regex = re.escape(form)
                literals.append((form, ""))
            else:
                body = _phrase(form, fold, _SPACES)
                regex = rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"
                literals.append((form, "ascii"))
        else:
            body = _phrase(form, fold, _SPACES)
            suffixes = _TARGET_SUFFIX.get(lang, ("s",))
            if form[-1:].isdigit():
                suffixes = tuple(s for s in suffixes if not s[:1].isalpha())
            sfx = "(?:" + "|".join(re.escape(s) for s in suffixes) + ")?" if suffixes else ""
            regex = rf"(?<!{_WORD}){body}{sfx}(?!{_WORD})"
            literals.append((form, "word"))
        alternatives.append(f"(?:{regex})")
    source = "|".join(alternatives) if alternatives else None
    probes = tuple(dict.fromkeys(max(f.split(), key=len).lower() for f in forms if f.split()))
    # A form the regex might not match as written has no literal, the regex decides: outer
    # spaces (_phrase strips them), and with folding a word whose first letter is neither
    # its own upper nor lower case (title-case digraphs such as "ǅ").
    exact = tuple((f, b) for f, b in literals if f and f == f.strip() and (
        not fold or b == "" or all(_folds_to_itself(w[0]) for w in f.split())))
    return TargetPattern(source, probes, exact)


def _folds_to_itself(first: str) -> bool:
    """Whether :func:`_fold_first`'s pattern for a word starting with ``first`` matches it."""
    return first.upper() == first.lower() or first in first.upper() + first.lower()


def target_matches(term: Term, text: str, language: str) -> list[TermMatch]:
    """Occurrences of an approved form of ``term`` in a ``language`` translation.

    Returns non-overlapping matches sorted by start (longest form first at a position).
    """
    return compile_target(term, language).matches(term, text)


def _loose(text: str) -> str:
    chars = [c for c in text if not c.isspace() and c not in "-_."]
    return r"[\s\-_.]?".join(re.escape(c) for c in chars)


def altered_dnt(term: Term, text: str, language: str) -> list[str]:
    """Respellings of a do-not-translate ``term`` in ``text`` (``Deepseek``, ``Qwen2.5-Max``).

    Spans where the term appears with other case, spacing, hyphens or dots; exact
    occurrences are not returned.
    """
    return _altered(term, text, target_matches(term, text, language))


def _altered(term: Term, text: str, exact: list[TermMatch]) -> list[str]:
    if not term.dnt:
        return []
    out = []
    for form in (term.term, *term.forms):
        regex = re.compile(rf"(?<![A-Za-z0-9]){_loose(form)}(?![A-Za-z0-9])", re.IGNORECASE)
        for m in regex.finditer(text):
            if any(e.start <= m.start() < e.end or m.start() <= e.start < m.end() for e in exact):
                continue
            out.append(m.group(0))
    return list(dict.fromkeys(out))


def forbidden_regex(term: Term, language: str) -> str | None:
    """Regex source for the forbidden variants of ``term`` in ``language`` (case-sensitive)."""
    lang = base_language(language)
    variants = term.forbidden_in(language)
    alternatives = []
    for variant in sorted(dict.fromkeys(variants), key=len, reverse=True):
        if has_cjk(variant):
            alternatives.append(re.escape(variant))
        else:
            boundary = "[A-Za-z0-9]" if uses_cjk_script(lang) else _WORD
            body = _phrase(variant, False, _SPACES)
            alternatives.append(rf"(?<!{boundary}){body}(?!{boundary})")
    return "|".join(f"(?:{a})" for a in alternatives) if alternatives else None


def forbidden_matches(term: Term, text: str, language: str) -> list[tuple[int, int, str]]:
    """Forbidden variants of ``term`` in ``text``: ``(start, end, surface)``, case-sensitive."""
    source = forbidden_regex(term, language)
    if source is None:
        return []
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(source, text)]


@dataclass(frozen=True)
class _TermPatterns:
    term: Term
    target: TargetPattern
    forbidden_source: str | None
    forbidden_firsts: tuple[str, ...]  # first word of each forbidden variant

    @cached_property
    def forbidden(self) -> re.Pattern[str] | None:
        return re.compile(self.forbidden_source) if self.forbidden_source else None


class LanguageGlossary:
    """A glossary compiled for one target language: every pattern built once.

    Obtained from :meth:`Glossary.compiled`; the checks call its methods for every entry
    of a catalog, so nothing is compiled per entry and nothing is cached at module level.
    """

    def __init__(self, glossary: Glossary, language: str) -> None:
        self.glossary = glossary
        self.language = language
        self._patterns: list[_TermPatterns] = []
        for term in glossary.terms:
            source = forbidden_regex(term, language)
            firsts = tuple(dict.fromkeys(v.split()[0] for v in term.forbidden_in(language)
                                         if v.split()))
            self._patterns.append(_TermPatterns(term, compile_target(term, language), source,
                                                firsts))
        # Canonical terms are unique in a glossary (the loader rejects duplicates).
        self._index = {p.term.term: p for p in self._patterns}
        self._with_forbidden = [p for p in self._patterns if p.forbidden_source is not None]
        # Every first word of a forbidden variant, as one alternation: a text without any
        # of them has no forbidden hit, decided by one search instead of a test per term.
        firsts = sorted({f for p in self._with_forbidden for f in p.forbidden_firsts},
                        key=lambda f: (-len(f), f))
        self._forbidden_probe = "|".join(re.escape(f) for f in firsts)
        self._forbidden_probe_re: re.Pattern[str] | None = None

    def _of(self, term: Term) -> _TermPatterns:
        found = self._index.get(term.term)
        if found is None or found.term is not term:
            return _TermPatterns(term, compile_target(term, self.language),
                                 forbidden_regex(term, self.language), ())
        return found

    def target_matches(self, term: Term, text: str) -> list[TermMatch]:
        """Like :func:`target_matches`, with the compiled pattern."""
        return self._of(term).target.matches(term, text)

    def has_target(self, term: Term, text: str) -> bool:
        """Whether ``text`` has an approved form of ``term``: ``bool(target_matches(…))``."""
        return self._of(term).target.found(text)

    def forbidden_matches(self, term: Term, text: str) -> list[tuple[int, int, str]]:
        """Like :func:`forbidden_matches`, with the compiled pattern."""
        regex = self._of(term).forbidden
        if regex is None:
            return []
        return [(m.start(), m.end(), m.group(0)) for m in regex.finditer(text)]

    def forbidden_hits(self, text: str) -> list[tuple[Term, str]]:
        """Forbidden variants in ``text`` as ``(term, surface)``, each once, in term order.

        A variant inside another term's approved form is not a hit (``Deep`` inside an
        approved ``DeepSeek``, say).
        """
        if not self._forbidden_probe:
            return []
        if self._forbidden_probe_re is None:
            self._forbidden_probe_re = re.compile(self._forbidden_probe)
        if self._forbidden_probe_re.search(text) is None:
            return []
        hits: list[tuple[Term, int, int, str]] = []
        for p in self._with_forbidden:
            if not any(f in text for f in p.forbidden_firsts):
                continue  # a substring test in C rules out almost every text
            assert p.forbidden is not None
            for m in p.forbidden.finditer(text):
                hits.append((p.term, m.start(), m.end(), m.group(0)))
        if not hits:
            return []
        approved_spans = [(m.start, m.end, p.term) for p in self._patterns
                          for m in p.target.matches(p.term, text)]
        out: list[tuple[Term, str]] = []
        seen: set[tuple[int, str]] = set()
        for term, start, end, surface in hits:
            inside = any(s <= start and end <= e and (e - s) > (end - start) and t is not term
                         for s, e, t in approved_spans)
            if not inside and (id(term), surface) not in seen:
                seen.add((id(term), surface))
                out.append((term, surface))
        return out

    def altered_dnt(self, term: Term, text: str) -> list[str]:
        """Like :func:`altered_dnt`, with the compiled pattern."""
        return _altered(term, text, self.target_matches(term, text))

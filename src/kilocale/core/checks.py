"""``kilocale check``: small pure check functions, their registry, and a runner over a catalog.

Every check is a function ``(EntryContext) -> iterable of messages`` registered with a code
and a severity; the first line of its docstring is the title users see (``kilocale check
--list`` or documentation).  A check may yield ``(code, message)`` to report under a more
specific code (typography does).  Checks never see files: the CLI loads PO files with
:func:`kilocale.io.po.load_po`, turns :class:`kilocale.errors.CatalogError` into a finding
with :func:`catalog_error_finding`, and calls :func:`check_catalog`.

Principles: no false alarms on correct translations.  Inline Markdown is read with
markdown-it-py; code spans, link destinations, autolinks, URLs and raw HTML are masked
before glossary and number checks; numbers are compared as values (``2,5`` = ``2.5``,
``3,5 Mrd.`` = ``3.5 billion`` = ``35亿``) parsed with babel's locale data; glossary terms
are matched with their inflections (:mod:`kilocale.core.glossary`).  Nothing here imports
the machine-translation stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache

from kilocale.core import inline
from kilocale.core.lang import base_language
from kilocale.core.glossary import (Glossary, altered_dnt, forbidden_matches, source_matches,
                                    target_matches)
from kilocale.core.typography import typography_findings
from kilocale.errors import KilocaleError
from kilocale.model import Catalog, Entry, Finding, Severity, Term, TermMatch

__all__ = ["Check", "EntryContext", "REGISTRY", "check_entry", "check_catalog",
           "catalog_error_finding", "format_findings", "FORMATS"]

FORMATS = ("text", "json", "github")


# --------------------------------------------------------------------------- inline Markdown

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


# --------------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"(?<![A-Za-z0-9.,])\d(?:[\d.,\u00a0\u202f\u2009]*\d)?(?![A-Za-z0-9])")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_SCALE = {"万": 10**4, "亿": 10**8}

# Scale words after a number, per language (lower case; a trailing "." is ignored).
_SCALES: dict[str, dict[str, int]] = {
    "de": {"tsd": 10**3, "tausend": 10**3, "mio": 10**6, "million": 10**6, "millionen": 10**6,
           "mrd": 10**9, "milliarde": 10**9, "milliarden": 10**9, "billion": 10**12,
           "billionen": 10**12},
    "en": {"thousand": 10**3, "k": 10**3, "million": 10**6, "millions": 10**6, "m": 10**6,
           "mn": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9,
           "trillion": 10**12, "trillions": 10**12},
    "fr": {"mille": 10**3, "million": 10**6, "millions": 10**6, "m": 10**6, "milliard": 10**9,
           "milliards": 10**9, "md": 10**9, "mds": 10**9, "mrd": 10**9, "mrds": 10**9,
           "billion": 10**12, "billions": 10**12},
    "es": {"mil": 10**3, "millón": 10**6, "millones": 10**6, "millardo": 10**9,
           "millardos": 10**9, "billón": 10**12, "billones": 10**12},
}
_ZH_SCALE_SUFFIX = (("万亿", 10**12), ("十亿", 10**9), ("千万", 10**7), ("百万", 10**6),
                    ("亿", 10**8), ("万", 10**4), ("千", 10**3))
_WORD_AFTER = re.compile(r"[\s\u00a0\u202f]*([^\W\d_]+)\.?")
_MIL_MILLONES = re.compile(r"[\s\u00a0\u202f]*mil[\s\u00a0\u202f]+millones\b", re.I)

_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "de": dict(zip("null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split(),
                   range(13))),
    "en": dict(zip("zero one two three four five six seven eight nine ten eleven twelve".split(),
                   range(13))),
    "fr": dict(zip("zéro un deux trois quatre cinq six sept huit neuf dix onze douze".split(),
                   range(13))),
    "es": dict(zip("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce".split(),
                   range(13))),
}
for _words, _extra in ((_NUMBER_WORDS["de"], {"ein": 1, "eine": 1, "zwanzig": 20, "hundert": 100}),
                       (_NUMBER_WORDS["en"], {"twenty": 20, "hundred": 100, "a": 1}),
                       (_NUMBER_WORDS["fr"], {"une": 1, "vingt": 20, "cent": 100}),
                       (_NUMBER_WORDS["es"], {"una": 1, "un": 1, "veinte": 20, "cien": 100})):
    _words.update(_extra)
_WORDS_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?![^\W\d_])")


@lru_cache(maxsize=65536)
def _parse_number(token: str, language: str) -> tuple[Decimal, ...]:
    """Values ``token`` can mean: in ``language`` first (babel, strict), else plain readings."""
    from babel.numbers import NumberFormatError, parse_decimal

    if token.isdigit() and (len(token) < 4 or token[0] != "0"):
        return (Decimal(token),)  # a plain integer reads the same everywhere
    values: list[Decimal] = []
    cleaned = token.replace("\u00a0", "\u202f").replace("\u2009", "\u202f")
    try:
        values.append(parse_decimal(cleaned, locale=language, strict=True))
    except (NumberFormatError, ValueError, InvalidOperation):
        pass
    except Exception:  # unknown locale data: fall back to the plain readings below
        pass
    if not values:
        plain = cleaned.replace("\u202f", "")
        for group, decimal in ((",", "."), (".", ",")):
            parts = plain.split(decimal)
            if len(parts) > 2:
                continue
            head = parts[0].split(group)
            if len(head) > 1 and (not head[0] or any(len(h) != 3 for h in head[1:])):
                continue
            try:
                values.append(Decimal("".join(head) + ("." + parts[1] if len(parts) == 2 else "")))
            except InvalidOperation:
                continue
    return tuple(dict.fromkeys(values))


def _zh_value(text: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        elif ch in _ZH_SCALE:
            total = (total + section + (digit or 0)) * _ZH_SCALE[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _scale_after(text: str, end: int, lang: str) -> int:
    if lang == "zh":
        tail = text[end:end + 3].lstrip(" \u00a0\u202f")
        for suffix, scale in _ZH_SCALE_SUFFIX:
            if tail.startswith(suffix):
                return scale
        return 1
    if lang == "es" and _MIL_MILLONES.match(text, end):
        return 10**9
    m = _WORD_AFTER.match(text, end)
    if m:
        return _SCALES.get(lang, {}).get(m.group(1).lower(), 1)
    return 1


def numbers(text: str, language: str, spelled: bool = True) -> list[tuple[str, frozenset[Decimal]]]:
    """Numbers in ``text`` (already masked) with every value each can stand for.

    A number followed by a scale word also stands for the scaled value (``3,5 Mrd.`` →
    {3.5, 3500000000}).  With ``spelled``, Chinese numerals and small number words are read
    too, so a target may spell a source digit out.
    """
    lang = base_language(language)
    out: list[tuple[str, frozenset[Decimal]]] = []
    for m in _NUMBER.finditer(text):
        token = m.group(0)
        values = set(_parse_number(token, language))
        if not values:
            for other in ("en", "de"):
                values.update(_parse_number(token, other))
        scale = _scale_after(text, m.end(), lang)
        if scale != 1:
            values.update(v * scale for v in list(values))
        out.append((token, frozenset(values)))
    if not spelled:
        return out
    if lang == "zh":
        for m in _ZH_NUMERAL.finditer(text):
            if not any(c in _ZH_DIGITS or c in _ZH_UNITS for c in m.group(0)):
                continue  # a bare 万 or 亿 is a scale word, handled with the digits before it
            value = _zh_value(m.group(0))
            if value is not None:
                out.append((m.group(0), frozenset({Decimal(value)})))
    words = _NUMBER_WORDS.get(lang)
    if words:
        for m in _WORDS_RE.finditer(text):
            value = words.get(m.group(0).lower())
            if value is not None:
                scale = _scale_after(text, m.end(), lang)
                out.append((m.group(0), frozenset({Decimal(value), Decimal(value * scale)})))
    return out


# ---------------------------------------------------------------------------------- context

@dataclass
class EntryContext:
    """One translated entry and what the checks share about it (computed lazily, once)."""

    entry: Entry
    language: str
    source_language: str = "de"
    glossary: Glossary | None = None

    @property
    def msgid(self) -> str:
        return self.entry.msgid

    @property
    def msgstr(self) -> str:
        return self.entry.msgstr

    @cached_property
    def source_inline(self) -> Inline:
        return parse_inline(self.msgid)

    @cached_property
    def target_inline(self) -> Inline:
        return parse_inline(self.msgstr)

    @cached_property
    def source_masked(self) -> str:
        return mask_markup(self.msgid)

    @cached_property
    def target_masked(self) -> str:
        return mask_markup(self.msgstr)

    @cached_property
    def source_terms(self) -> list[TermMatch]:
        if self.glossary is None:
            return []
        return source_matches(self.glossary, self.source_masked)

    @cached_property
    def glossary_problems(self) -> dict[str, list[str]]:
        """Messages per glossary code, computed together so each term is reported once."""
        problems: dict[str, list[str]] = {"glossary-forbidden": [], "glossary-dnt": [],
                                          "glossary-missing": []}
        if self.glossary is None:
            return problems
        text = self.target_masked
        reported: set[int] = set()
        for term, surface in _forbidden_hits(self.glossary, text, self.language):
            reported.add(id(term))
            expected = _expected(term, self.language)
            problems["glossary-forbidden"].append(
                f"forbidden variant {surface!r} of term {term.term!r}: expected {expected}")
        seen: set[int] = set()
        for match in self.source_terms:
            term = match.term
            if id(term) in seen or id(term) in reported:
                continue
            seen.add(id(term))
            if not term.dnt and not term.translations.get(self.language):
                continue
            if target_matches(term, text, self.language):
                continue
            expected = _expected(term, self.language)
            if term.dnt:
                altered = altered_dnt(term, text, self.language)
                if altered:
                    problems["glossary-dnt"].append(
                        f"do-not-translate term {term.term!r} altered: expected {expected}, "
                        f"found {', '.join(repr(a) for a in altered)}")
                    continue
            problems["glossary-missing"].append(
                f"term {term.term!r} (source: {match.surface!r}) is not translated as approved: "
                f"expected {expected}, found none")
        return problems


def _expected(term: Term, language: str) -> str:
    forms = term.approved(language)
    if not forms:
        return repr(term.term)
    if len(forms) == 1:
        return repr(forms[0])
    return f"{forms[0]!r} (or {', '.join(repr(f) for f in forms[1:])})"


_forbidden_cache: dict[tuple[int, str], tuple[Glossary, list[tuple[Term, tuple[str, ...]]]]] = {}


def _forbidden_hits(glossary: Glossary, text: str, language: str) -> list[tuple[Term, str]]:
    """Forbidden variants in ``text``, ignoring those inside another term's approved form."""
    key = (id(glossary), language)
    cached = _forbidden_cache.get(key)
    if cached is None or cached[0] is not glossary:
        # Per term, the first word of each forbidden variant: a substring test (in C) rules
        # out almost every text before any regex runs.
        probes = [(t, tuple({v.split()[0] for v in t.forbidden_in(language) if v.split()}))
                  for t in glossary.terms if t.forbidden]
        _forbidden_cache[key] = cached = (glossary, [p for p in probes if p[1]])
    hits: list[tuple[Term, int, int, str]] = []
    for term, firsts in cached[1]:
        if any(f in text for f in firsts):
            for start, end, surface in forbidden_matches(term, text, language):
                hits.append((term, start, end, surface))
    if not hits:
        return []
    approved_spans = [(m.start, m.end, t) for t in glossary.terms
                      for m in target_matches(t, text, language)]
    out: list[tuple[Term, str]] = []
    seen: set[tuple[int, str]] = set()
    for term, start, end, surface in hits:
        inside = any(s <= start and end <= e and (e - s) > (end - start) and t is not term
                     for s, e, t in approved_spans)
        if not inside and (id(term), surface) not in seen:
            seen.add((id(term), surface))
            out.append((term, surface))
    return out


# --------------------------------------------------------------------------------- registry

Problem = str | tuple[str, str]
CheckFunc = Callable[[EntryContext], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    """A registered check: its code, severity and function; ``title`` is the docstring's first line."""

    code: str
    severity: Severity
    func: CheckFunc = field(compare=False)
    needs_glossary: bool = False

    @property
    def title(self) -> str:
        return (self.func.__doc__ or self.code).strip().splitlines()[0]


REGISTRY: dict[str, Check] = {}


def check(code: str, severity: Severity = Severity.ERROR,
          needs_glossary: bool = False) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function under ``code``."""
    def register(func: CheckFunc) -> CheckFunc:
        if code in REGISTRY:
            raise ValueError(f"check code {code!r} registered twice")
        REGISTRY[code] = Check(code, severity, func, needs_glossary)
        return func
    return register


@check("glossary-forbidden", needs_glossary=True)
def check_glossary_forbidden(ctx: EntryContext) -> Iterable[Problem]:
    """Forbidden variant of a glossary term.

    A spelling listed under ``forbidden`` appears anywhere in the translation.
    """
    return ctx.glossary_problems["glossary-forbidden"]


@check("glossary-dnt", needs_glossary=True)
def check_glossary_dnt(ctx: EntryContext) -> Iterable[Problem]:
    """Do-not-translate term altered.

    A ``dnt`` term of the source appears in the translation only respelled (case, spaces,
    hyphens), e.g. ``Deepseek`` or ``Qwen2.5-Max``.
    """
    return ctx.glossary_problems["glossary-dnt"]


@check("glossary-missing", needs_glossary=True)
def check_glossary_missing(ctx: EntryContext) -> Iterable[Problem]:
    """Approved glossary term missing.

    A term found in the source (with its German inflections) has none of its approved
    target forms (with the target language's inflections) in the translation.
    """
    return ctx.glossary_problems["glossary-missing"]


def _multiset_diff(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    rest = list(b)
    missing = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            missing.append(item)
    return missing, rest


@check("code-span")
def check_code_spans(ctx: EntryContext) -> Iterable[Problem]:
    """Inline code changed.

    Inline code spans must be identical in source and translation.
    """
    missing, extra = _multiset_diff(ctx.source_inline.code, ctx.target_inline.code)
    if missing or extra:
        yield (f"inline code differs: source has {', '.join(repr(c) for c in missing) or 'nothing more'}"
               f", translation has {', '.join(repr(c) for c in extra) or 'nothing more'}")


@check("link-url")
def check_link_urls(ctx: EntryContext) -> Iterable[Problem]:
    """Link or image URL changed.

    Link destinations and image sources must be identical in source and translation.
    """
    for kind, src, tgt in (("link", ctx.source_inline.urls, ctx.target_inline.urls),
                           ("image", ctx.source_inline.images, ctx.target_inline.images)):
        missing, extra = _multiset_diff(src, tgt)
        if len(src) == len(tgt) and (missing or extra):
            for a, b in zip(missing, extra):
                yield f"{kind} URL changed: expected {a!r}, found {b!r}"


@check("markup-count")
def check_markup_counts(ctx: EntryContext) -> Iterable[Problem]:
    """Links, emphasis or images added or lost.

    The translation must have as many links, emphasis spans, strong spans and images as
    the source.
    """
    s, t = ctx.source_inline, ctx.target_inline
    for what, a, b in (("links", s.links, t.links), ("emphasis spans", s.emphasis, t.emphasis),
                       ("strong emphasis spans", s.strong, t.strong),
                       ("images", len(s.images), len(t.images))):
        if a != b:
            yield f"{what}: source has {a}, translation has {b}"


@check("html")
def check_html(ctx: EntryContext) -> Iterable[Problem]:
    """Raw HTML added.

    The translation contains an HTML tag its source does not have.
    """
    if "<" not in ctx.msgstr:
        return
    extra = sorted(set(ctx.target_inline.html) - set(ctx.source_inline.html))
    for tag in extra:
        yield f"raw HTML <{tag}> in the translation but not in the source"


@check("number")
def check_numbers(ctx: EntryContext) -> Iterable[Problem]:
    """Number missing or changed.

    Every number of the source (outside code, URLs and glossary names such as
    ``Qwen 2.5-Max``) must appear with the same value in the translation, written the
    target language's way (``2,5`` = ``2.5``; ``3,5 Mrd.`` = ``3.5 billion`` = ``35亿``).
    """
    source = ctx.source_masked
    if not _DIGIT.search(source):
        return
    if ctx.source_terms:
        chars = list(source)
        for m in ctx.source_terms:
            chars[m.start:m.end] = " " * (m.end - m.start)
        source = "".join(chars)
    wanted = numbers(source, ctx.source_language, spelled=False)
    if not wanted:
        return
    available = [values for _token, values in numbers(ctx.target_masked, ctx.language, False)]
    missing = _unmatched(wanted, available)
    if missing:  # perhaps spelled out in the translation: read number words as well
        available = [values for _token, values in numbers(ctx.target_masked, ctx.language)]
        missing = _unmatched(wanted, available)
    for token in missing:
        yield f"number {token!r} of the source is missing or changed in the translation"


def _unmatched(wanted: list[tuple[str, frozenset[Decimal]]],
               available: list[frozenset[Decimal]]) -> list[str]:
    """Source numbers without a target number of the same value (each target used once)."""
    available = list(available)
    missing = []
    for token, values in wanted:
        if not values:
            continue
        for i, candidate in enumerate(available):
            if values & candidate:
                del available[i]
                break
        else:
            missing.append(token)
    return missing


_DIGIT = re.compile(r"\d")


@check("whitespace")
def check_whitespace(ctx: EntryContext) -> Iterable[Problem]:
    """Leading or trailing whitespace or line breaks differ.

    Whitespace at the start and end, and the number of line breaks, must match the source.
    """
    src, tgt = ctx.msgid, ctx.msgstr
    lead_s, lead_t = src[:len(src) - len(src.lstrip())], tgt[:len(tgt) - len(tgt.lstrip())]
    if lead_s != lead_t:
        yield f"leading whitespace differs: source {lead_s!r}, translation {lead_t!r}"
    trail_s, trail_t = src[len(src.rstrip()):], tgt[len(tgt.rstrip()):]
    if trail_s != trail_t:
        yield f"trailing whitespace differs: source {trail_s!r}, translation {trail_t!r}"
    inner_s, inner_t = src.strip().count("\n"), tgt.strip().count("\n")
    if inner_s != inner_t:  # breaks at the ends are reported as whitespace above
        yield f"line breaks differ: source has {inner_s}, translation has {inner_t}"


_NOT_WORDS = re.compile(r"[\W\d_]+")


@check("unchanged", Severity.WARNING)
def check_unchanged(ctx: EntryContext) -> Iterable[Problem]:
    """Translation identical to the source.

    Not reported when the source consists only of do-not-translate terms (or terms whose
    approved translation is the same word), numbers, code, URLs and punctuation.
    """
    if ctx.msgstr.strip() != ctx.msgid.strip():
        return
    text = list(ctx.source_masked)
    for m in ctx.source_terms:
        if m.term.dnt or m.surface in m.term.approved(ctx.language) \
                or m.term.term in m.term.approved(ctx.language):
            text[m.start:m.end] = " " * (m.end - m.start)
    if _NOT_WORDS.sub("", "".join(text)):
        yield "the translation is identical to the source"


@check("typography")
def check_typography(ctx: EntryContext) -> Iterable[Problem]:
    """Typography of the target language.

    French spacing and quotes, Spanish ¿ ¡, Chinese full-width punctuation
    (:mod:`kilocale.core.typography`); reported under its own ``typo-*`` codes.
    """
    return typography_findings(ctx.msgid, ctx.msgstr, ctx.language)


# ----------------------------------------------------------------------------------- runner

def check_entry(entry: Entry, *, language: str, source_language: str = "de",
                glossary: Glossary | None = None,
                checks: Iterable[Check] | None = None) -> list[tuple[str, Severity, str]]:
    """Run the checks on one entry, regardless of its state: ``(code, severity, message)``."""
    ctx = EntryContext(entry, language, source_language, glossary)
    out: list[tuple[str, Severity, str]] = []
    for chk in (REGISTRY.values() if checks is None else checks):
        if chk.needs_glossary and glossary is None:
            continue
        for problem in chk.func(ctx):
            if isinstance(problem, tuple):
                out.append((problem[0], chk.severity, problem[1]))
            else:
                out.append((chk.code, chk.severity, problem))
    return out


def check_catalog(catalog: Catalog, *, path: str, language: str, source_language: str,
                  glossary: Glossary | None, strict: bool = False,
                  include_fuzzy: bool = False) -> list[Finding]:
    """All findings for one PO catalog, sorted.

    Checks every translated entry (fuzzy ones too with ``include_fuzzy``; obsolete entries
    and the header never).  With ``strict``, untranslated and fuzzy entries are counted
    into one ``untranslated`` / ``fuzzy`` finding each, at the first such entry's line.

    Args:
        catalog: the parsed catalog.
        path: how to name the file in findings (relative to the project root).
        language: the catalog's target language (gettext code).
        source_language: the language of the msgids.
        glossary: the loaded glossary, or None to skip the glossary checks.
        strict: also report completeness.
        include_fuzzy: check fuzzy translations as well.

    Returns:
        Findings with ``line`` = the entry's msgid line.
    """
    findings: list[Finding] = []
    untranslated: list[Entry] = []
    fuzzy: list[Entry] = []
    checks = list(REGISTRY.values())
    for entry in catalog.entries:
        if entry.obsolete or entry.msgid == "":
            continue
        if not entry.msgstr:
            untranslated.append(entry)
            continue
        if entry.fuzzy:
            fuzzy.append(entry)
            if not include_fuzzy:
                continue
        for code, severity, message in check_entry(entry, language=language,
                                                   source_language=source_language,
                                                   glossary=glossary, checks=checks):
            findings.append(Finding(path=path, line=entry.line, code=code, message=message,
                                    severity=severity, msgid=entry.msgid))
    if strict:
        for code, entries, what in (("untranslated", untranslated, "untranslated"),
                                    ("fuzzy", fuzzy, "fuzzy")):
            if entries:
                n = len(entries)
                findings.append(Finding(path=path, line=entries[0].line or 1, code=code,
                                        message=f"{n} {what} entr{'y' if n == 1 else 'ies'}",
                                        severity=Severity.WARNING, msgid=entries[0].msgid))
    return sorted(findings)


def catalog_error_finding(error: KilocaleError, path: str) -> Finding:
    """A PO file that cannot be parsed, as a ``po-syntax`` finding at the error's line."""
    return Finding(path=path, line=error.line or 1, code="po-syntax", message=error.message,
                   severity=Severity.ERROR)


# ----------------------------------------------------------------------------------- output

def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_findings(findings: Iterable[Finding], fmt: str = "text") -> str:
    """Render findings: ``text`` (``path:line: [code] message``), ``json`` or ``github``.

    ``json`` is a list of objects with ``path``, ``line``, ``code``, ``severity``,
    ``message`` and ``msgid``; ``github`` is one workflow-command annotation per finding.
    The result ends with a newline unless it is empty (text/github) .
    """
    items = sorted(findings)
    if fmt == "json":
        return json.dumps([{"path": f.path, "line": f.line, "code": f.code,
                            "severity": Severity(f.severity).value, "message": f.message,
                            "msgid": f.msgid} for f in items],
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        lines = []
        for f in items:
            level = "error" if Severity(f.severity) is Severity.ERROR else "warning"
            lines.append(f"::{level} file={_gh_escape(f.path, True)},line={f.line},"
                         f"title={_gh_escape(f.code, True)}::{_gh_escape(f.message)}")
        return "".join(line + "\n" for line in lines)
    if fmt == "text":
        return "".join(str(f) + "\n" for f in items)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")

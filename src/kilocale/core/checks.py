"""``kilocale check``: the registry of small pure checks, and the runner over a catalog.

Every check is a function ``(EntryContext) -> iterable of messages`` registered under one
finding code with a severity and a category; the first line of its docstring is the title
users see (``kilocale check --list``).  What several checks share about an entry (its
inline Markdown, masked text, glossary matches) is computed once, lazily, on the
:class:`EntryContext`.  Each typography rule of :mod:`kilocale.core.typography` is
registered here under its own ``typo-*`` code.

Registering a new check is one decorator in a new module (imported at the end of this
one, so it is registered whenever checks are)::

    from kilocale.core.checks import EntryContext, register

    @register("my-code", Severity.WARNING, category="markup")
    def check_my_rule(ctx: EntryContext) -> Iterable[str]:
        \"\"\"Title users see in `kilocale check --list`.\"\"\"
        if ...:
            yield "what is wrong, quoting the translation"

``check`` is the same decorator under its older name; :data:`REGISTRY` maps each code to
its :class:`Check`.  :class:`Selection` (:mod:`kilocale.core.selection`, re-exported
here) filters by code the way Translate Toolkit's
include/exclude filters do (``--select`` / ``--ignore``, or ``[tool.kilocale.check]``);
a family name such as ``typo`` or ``glossary`` stands for every ``typo-*`` or
``glossary-*`` code.

Checks never see files: the shell loads PO files with :func:`kilocale.io.po.load_po`,
turns :class:`kilocale.errors.CatalogError` into a finding with
:func:`catalog_error_finding`, and calls :func:`check_catalog`; :mod:`kilocale.report`
renders the findings.  Principles: no false alarms on correct translations; inline
Markdown read with markdown-it-py (:mod:`kilocale.core.markup`); numbers compared as values
(:mod:`kilocale.core.numbers`); glossary terms matched with their inflections
(:mod:`kilocale.core.glossary`).  Nothing here imports the machine-translation stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from kilocale.core.glossary import Glossary, LanguageGlossary, source_matches
from kilocale.core.lang import base_language
from kilocale.core.markup import Inline, mask_markup, parse_inline
from kilocale.core.numbers import numbers, unmatched
from kilocale.core.selection import Selection
from kilocale.core.structure import check_structure
from kilocale.core.typography import RULES as TYPOGRAPHY_RULES
from kilocale.core.typography import Rule, mask_non_prose
from kilocale.errors import KilocaleError
from kilocale.model import Catalog, Entry, Finding, Severity, Term, TermMatch

__all__ = ["Check", "EntryContext", "REGISTRY", "CATALOG_CODES", "Selection", "register",
           "check", "check_entry", "check_catalog", "catalog_error_finding"]


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
    def typography_masked(self) -> str:
        """The translation with everything that is not prose masked for typography rules."""
        return mask_non_prose(self.msgstr, self.msgid)

    @cached_property
    def terms(self) -> LanguageGlossary | None:
        """The glossary compiled for the target language (patterns built once per glossary)."""
        return self.glossary.compiled(self.language) if self.glossary is not None else None

    @cached_property
    def source_terms(self) -> list[TermMatch]:
        if self.glossary is None:
            return []
        return source_matches(self.glossary, self.source_masked)

    @cached_property
    def forbidden_hits(self) -> list[tuple[Term, str]]:
        """Forbidden glossary variants in the translation: ``(term, surface)``."""
        if self.terms is None:
            return []
        return self.terms.forbidden_hits(self.target_masked)

    @cached_property
    def untranslated_terms(self) -> list[tuple[TermMatch, list[str]]]:
        """Source terms without an approved form in the translation, each term once.

        With each, the respellings found when it is a do-not-translate term.  Terms
        already reported as forbidden variants are left out, so one mistake is one finding.
        """
        if self.terms is None:
            return []
        text = self.target_masked
        done = {term.term for term, _surface in self.forbidden_hits}
        out: list[tuple[TermMatch, list[str]]] = []
        for match in self.source_terms:
            term = match.term
            if term.term in done:
                continue
            done.add(term.term)
            if not term.dnt and not term.translations.get(self.language):
                continue
            if self.terms.has_target(term, text):
                continue
            altered = self.terms.altered_dnt(term, text) if term.dnt else []
            out.append((match, altered))
        return out


def _expected(term: Term, language: str) -> str:
    forms = term.approved(language)
    if not forms:
        return repr(term.term)
    if len(forms) == 1:
        return repr(forms[0])
    return f"{forms[0]!r} (or {', '.join(repr(f) for f in forms[1:])})"


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
    category: str = ""

    @property
    def title(self) -> str:
        return (self.func.__doc__ or self.code).strip().splitlines()[0]


REGISTRY: dict[str, Check] = {}

# Findings made by the runner and the shell rather than by an entry check:
# code → (severity, title).  ``po-syntax`` and ``missing-catalog`` are never filtered out.
CATALOG_CODES: dict[str, tuple[Severity, str]] = {
    "untranslated": (Severity.WARNING, "Untranslated entries (with --strict)."),
    "fuzzy": (Severity.WARNING, "Fuzzy entries not yet reviewed (with --strict)."),
    "po-syntax": (Severity.ERROR, "PO file that cannot be parsed."),
    "missing-catalog": (Severity.ERROR, "No catalog for a configured language."),
    "glossary-untranslated-term": (Severity.WARNING, "Glossary term without a form for a language."),
}


def register(code: str, severity: Severity = Severity.ERROR, needs_glossary: bool = False,
             category: str = "") -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function under ``code`` (a decorator); a code is registered once."""
    def add(func: CheckFunc) -> CheckFunc:
        if code in REGISTRY or code in CATALOG_CODES:
            raise ValueError(f"check code {code!r} registered twice")
        REGISTRY[code] = Check(code, severity, func, needs_glossary,
                               category or code.split("-")[0])
        return func
    return add


check = register  # the decorator's first name, kept for modules that use it


# ---------------------------------------------------------------------------------- checks

@register("glossary-forbidden", needs_glossary=True)
def check_glossary_forbidden(ctx: EntryContext) -> Iterable[Problem]:
    """Forbidden variant of a glossary term.

    A spelling listed under ``forbidden`` appears anywhere in the translation.
    """
    for term, surface in ctx.forbidden_hits:
        yield (f"forbidden variant {surface!r} of term {term.term!r}: "
               f"expected {_expected(term, ctx.language)}")


@register("glossary-dnt", needs_glossary=True)
def check_glossary_dnt(ctx: EntryContext) -> Iterable[Problem]:
    """Do-not-translate term altered.

    A ``dnt`` term of the source appears in the translation only respelled (case, spaces,
    hyphens), e.g. ``Deepseek`` or ``Qwen2.5-Max``.
    """
    for match, altered in ctx.untranslated_terms:
        if altered:
            yield (f"do-not-translate term {match.term.term!r} altered: expected "
                   f"{_expected(match.term, ctx.language)}, "
                   f"found {', '.join(repr(a) for a in altered)}")


@register("glossary-missing", needs_glossary=True)
def check_glossary_missing(ctx: EntryContext) -> Iterable[Problem]:
    """Approved glossary term missing.

    A term found in the source (with its German inflections) has none of its approved
    target forms (with the target language's inflections) in the translation.
    """
    for match, altered in ctx.untranslated_terms:
        if not altered:
            yield (f"term {match.term.term!r} (source: {match.surface!r}) is not translated "
                   f"as approved: expected {_expected(match.term, ctx.language)}, found none")


def _multiset_diff(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    rest = list(b)
    missing = []
    for item in a:
        if item in rest:
            rest.remove(item)
        else:
            missing.append(item)
    return missing, rest


@register("code-span", category="markup")
def check_code_spans(ctx: EntryContext) -> Iterable[Problem]:
    """Inline code changed.

    Inline code spans must be identical in source and translation.
    """
    missing, extra = _multiset_diff(ctx.source_inline.code, ctx.target_inline.code)
    if missing or extra:
        yield (f"inline code differs: source has {', '.join(repr(c) for c in missing) or 'nothing more'}"
               f", translation has {', '.join(repr(c) for c in extra) or 'nothing more'}")


@register("link-url", category="markup")
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


@register("markup-count", category="markup")
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


@register("html", category="markup")
def check_html(ctx: EntryContext) -> Iterable[Problem]:
    """Raw HTML added.

    The translation contains an HTML tag its source does not have.
    """
    if "<" not in ctx.msgstr:
        return
    extra = sorted(set(ctx.target_inline.html) - set(ctx.source_inline.html))
    for tag in extra:
        yield f"raw HTML <{tag}> in the translation but not in the source"


@register("number", category="numbers")
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
    missing = unmatched(wanted, available)
    if missing:  # perhaps spelled out in the translation: read number words as well
        available = [values for _token, values in numbers(ctx.target_masked, ctx.language)]
        missing = unmatched(wanted, available)
    for token in missing:
        yield f"number {token!r} of the source is missing or changed in the translation"


_DIGIT = re.compile(r"\d")


@register("whitespace", category="whitespace")
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


@register("unchanged", Severity.WARNING, category="completeness")
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


def _typography_check(rule: Rule) -> CheckFunc:
    def run(ctx: EntryContext) -> Iterable[Problem]:
        if base_language(ctx.language) != rule.language or not ctx.msgstr:
            return []
        return list(dict.fromkeys(message for _code, message
                                  in rule.findings(ctx.msgstr, ctx.typography_masked)))
    run.__doc__ = rule.func.__doc__
    run.__name__ = "check_" + rule.code.replace("-", "_")
    return run


for _rule in TYPOGRAPHY_RULES.values():
    register(_rule.code, category="typography")(_typography_check(_rule))


register("structure", category="markup")(check_structure)


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
                  include_fuzzy: bool = False,
                  selection: Selection | None = None) -> list[Finding]:
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
        selection: which codes to report (default: all).

    Returns:
        Findings with ``line`` = the entry's msgid line.
    """
    selection = selection or Selection()
    findings: list[Finding] = []
    untranslated: list[Entry] = []
    fuzzy: list[Entry] = []
    checks = selection.checks()
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
            if entries and selection.wants(code):
                n = len(entries)
                findings.append(Finding(path=path, line=entries[0].line or 1, code=code,
                                        message=f"{n} {what} entr{'y' if n == 1 else 'ies'}",
                                        severity=Severity.WARNING, msgid=entries[0].msgid))
    return sorted(findings)


def catalog_error_finding(error: KilocaleError, path: str) -> Finding:
    """A PO file that cannot be parsed, as a ``po-syntax`` finding at the error's line."""
    return Finding(path=path, line=error.line or 1, code="po-syntax", message=error.message,
                   severity=Severity.ERROR)

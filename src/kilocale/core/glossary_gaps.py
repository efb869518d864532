"""Glossary gaps: terms that have translations, but none yet for a configured language.

A language added to a project (``pt_BR``) has no forms in a glossary written for the
others.  That is the normal state of a new language, not a broken file: the glossary
loads, every command works, and ``kilocale check`` reports each gap once per term and
language as ``glossary-untranslated-term`` at the term's line in glossary.yaml, so the
terminologist sees the whole list in one run.  Until a form exists, machine translation
keeps such a term as written (do-not-translate, :func:`as_dnt`), and the per-entry
glossary checks skip it.

Pure: the glossary is already parsed (:mod:`kilocale.io.glossary_file`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kilocale.core.glossary import Glossary
from kilocale.model import Finding, Severity, Term, TermMatch

CODE = "glossary-untranslated-term"

__all__ = ["CODE", "needs_form", "untranslated_terms", "gap_findings", "as_dnt"]


def needs_form(term: Term, language: str) -> bool:
    """Whether ``term`` is translated per language but has no form for ``language``."""
    return not term.dnt and not term.translations.get(language)


def untranslated_terms(glossary: Glossary, language: str) -> list[Term]:
    """Terms of ``glossary`` that still need a form for ``language``, in file order."""
    return [t for t in glossary.terms if needs_form(t, language)]


def gap_findings(glossary: Glossary, languages: Iterable[str]) -> list[Finding]:
    """One ``glossary-untranslated-term`` warning per term and language, at the term's line.

    Args:
        glossary: the loaded glossary (``path`` names the file in findings).
        languages: the languages being checked.
    """
    findings = []
    for language in languages:
        for term in untranslated_terms(glossary, language):
            have = ", ".join(sorted(term.translations))
            findings.append(Finding(
                glossary.path or "glossary.yaml", term.line or 1, CODE,
                f"term {term.term!r} has no {language} form (it has {have}): add "
                f"'{language}:' under its translations, or 'dnt: true' if it is never translated",
                Severity.WARNING))
    return findings


def as_dnt(matches: Iterable[TermMatch], language: str) -> tuple[list[TermMatch], list[str]]:
    """Source matches with every term lacking a ``language`` form turned do-not-translate.

    Returns:
        The matches (gap terms replaced by a ``dnt`` copy, so machine translation keeps them
        as written) and the names of those terms, in order, without repeats.
    """
    out: list[TermMatch] = []
    names: list[str] = []
    for match in matches:
        if needs_form(match.term, language):
            if match.term.term not in names:
                names.append(match.term.term)
            match = replace(match, term=replace(match.term, dnt=True, translations={}))
        out.append(match)
    return out, names

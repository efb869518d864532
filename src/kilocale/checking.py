"""``kilocale check`` over a project: every catalog of the chosen languages, then the glossary.

The shell of the check command, kept apart from :mod:`kilocale.pipeline` so that ``check``
imports only what it uses: the configuration, the PO reader, the glossary loader and the
checks.  None of the document formats (markdown-it, lxml), the merge (rapidfuzz), babel's
message catalogs or the machine-translation stack is imported on this path, and start-up
is most of what ``check`` costs on a small project (``benchmarks/startup.py``).
:mod:`kilocale.pipeline` re-exports :func:`check` and :func:`load_project_glossary`.

Nothing here prints or writes: the CLI renders the findings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kilocale.config import Config
from kilocale.core.checks import Selection, catalog_error_finding, check_catalog
from kilocale.core.glossary import Glossary
from kilocale.core.glossary_gaps import gap_findings
from kilocale.errors import CatalogError
from kilocale.io.po import load_po
from kilocale.model import Finding, Severity
from kilocale.parallel import map_documents
from kilocale.project import Project

__all__ = ["check", "load_project_glossary"]


def load_project_glossary(config: Config) -> Glossary | None:
    """The project's glossary, or None when the configured file does not exist."""
    return Project(config).glossary


@dataclass(frozen=True)
class _CheckJob:
    language: str
    doc: str
    glossary: Glossary | None
    strict: bool
    include_fuzzy: bool
    selection: Selection


def _check_catalog(config: Config, job: _CheckJob) -> list[Finding]:
    """Findings of one catalog; a missing or unparseable catalog is a finding too."""
    path = config.po_path(job.language, job.doc)
    rel = config.rel(path)
    if not path.exists():
        return [Finding(rel, 1, "missing-catalog",
                        f"no catalog for {job.language}; run `kilocale update`", Severity.ERROR)]
    try:
        catalog = load_po(path, rel)
    except CatalogError as exc:
        return [catalog_error_finding(exc, rel)]
    return check_catalog(catalog, path=rel, language=job.language,
                         source_language=config.source_language, glossary=job.glossary,
                         strict=job.strict, include_fuzzy=job.include_fuzzy,
                         selection=job.selection)


def check(config: Config, languages: tuple[str, ...], *, strict: bool = False,
          include_fuzzy: bool = False, selection: Selection | None = None,
          jobs: int | None = None) -> list[Finding]:
    """Findings for every catalog of the given languages, sorted.

    ``selection`` chooses the codes to report; by default ``[tool.kilocale.check]``'s.
    A PO file that cannot be parsed is a ``po-syntax`` finding, not an error: CI should see
    every broken file in one run.  A bad glossary or configuration raises (exit 2).
    Catalogs are checked on ``jobs`` processes.
    """
    if selection is None:
        selection = Selection(config.check_select, config.check_ignore)
    project = Project(config)
    glossary = project.glossary
    docs = project.template_docs()
    work = [_CheckJob(language, doc, glossary, strict, include_fuzzy, selection)
            for language in languages for doc in docs]
    # A pool pays for itself on large catalogs even when there are few of them.
    size = sum(p.stat().st_size for j in work if (p := config.po_path(j.language, j.doc)).exists())
    findings: list[Finding] = []
    for of_catalog in map_documents(functools.partial(_check_catalog, config), work, jobs,
                                    min_items=2 if size > 1_000_000 else None):
        findings += of_catalog
    if glossary is not None:  # terms without a form for a language: once per term and language
        findings += [f for f in gap_findings(glossary, languages) if selection.wants(f.code)]
    return sorted(findings)

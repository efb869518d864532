"""``kilocale check`` over a project: every catalog of the chosen languages, then the glossary.

The shell of the check command, kept apart from :mod:`kilocale.pipeline` so that ``check``
imports only what it uses: the configuration, the PO reader, the glossary loader and the
checks.  None of the document formats (markdown-it, lxml), the merge (rapidfuzz), babel's
message catalogs or the machine-translation stack is imported on this path, and start-up
is most of what ``check`` costs on a small project (``benchmarks/startup.py``).
:mod:`kilocale.pipeline` re-exports :func:`check` and :func:`load_project_glossary`.

Incremental: the findings of each (language, document) unit are kept in
``.kilocale/check.json`` (:mod:`kilocale.incremental`), keyed by the content of the unit's
catalog, the options (``--strict``, ``--include-fuzzy``, the selection) and, through the
cache's project key, kilocale's version, the configuration and the glossary.  The checks
read nothing else: the findings of a catalog are a function of those inputs, so a unit
whose inputs are unchanged replays its recorded findings, and a pre-commit hook that
checks an unchanged project reads its catalogs' hashes and no catalog, glossary or
pattern at all (the checks, the PO reader and yaml are imported only when some unit has
to be checked).  The glossary-gap findings are one more unit, keyed by the languages.  A
catalog whose hash cannot be taken (missing, unreadable) is always checked again, so a
missing and an unreadable catalog are never confused.  The cache is written only when a
unit was checked, and a cache that cannot be written (a read-only checkout in CI) only
means the next run checks in full.

Nothing here prints: the CLI renders the findings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kilocale.errors import KilocaleError
from kilocale.core.selection import Selection
from kilocale.model import Finding, Severity

if TYPE_CHECKING:
    from kilocale.config import Config
    from kilocale.core.glossary import Glossary
    from kilocale.incremental import Cache

__all__ = ["check", "load_project_glossary"]

COMMAND = "check"
GAPS_UNIT = "glossary-gaps"  # no "/": never the unit of a language and a document


def load_project_glossary(config: Config) -> Glossary | None:
    """The project's glossary, or None when the configured file does not exist."""
    from kilocale.project import Project  # yaml and the glossary: only when checking

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
    from kilocale.core.checks import catalog_error_finding, check_catalog
    from kilocale.errors import CatalogError
    from kilocale.io.po import load_po

    path = config.po_path(job.language, job.doc)
    rel = config.rel(path)
    if not path.exists():
        return [Finding(rel, 1, "missing-catalog",
                        f"no catalog for {job.language}; run `kilocale update`", Severity.ERROR)]
    try:
        catalog = load_po(path, rel, writable=False)  # checked, never written back
    except CatalogError as exc:
        return [catalog_error_finding(exc, rel)]
    return check_catalog(catalog, path=rel, language=job.language,
                         source_language=config.source_language, glossary=job.glossary,
                         strict=job.strict, include_fuzzy=job.include_fuzzy,
                         selection=job.selection)


def _record(findings: list[Finding]) -> dict[str, Any]:
    """The cache record of a unit's findings: every field, so a replay prints the same."""
    return {"findings": [[f.path, f.line, f.code, f.message, Severity(f.severity).value,
                          f.msgid] for f in findings]}


def _replay(info: dict[str, Any] | None) -> list[Finding] | None:
    """The findings a cache record holds, or None when there is none or it is malformed
    (a hand-edited or corrupt cache means checking the unit again, never a wrong report)."""
    if info is None or not isinstance(info.get("findings"), list):
        return None
    out = []
    for item in info["findings"]:
        if not (isinstance(item, list) and len(item) == 6
                and all(isinstance(v, str) for v in item[:1] + item[2:])
                and type(item[1]) is int and item[4] in ("error", "warning")):
            return None
        path, line, code, message, severity, msgid = item
        out.append(Finding(path, line, code, message, Severity(severity), msgid))
    return out


def _lookup(cache: Cache, unit: str, inputs: dict[str, Any]) -> list[Finding] | None:
    """Recorded findings of ``unit`` if every input is what was recorded; an input that
    could not be hashed (None) never matches."""
    if any(value is None for value in inputs.values()):
        return None
    return _replay(cache.lookup(COMMAND, unit, inputs))


def check(config: Config, languages: tuple[str, ...], *, strict: bool = False,
          include_fuzzy: bool = False, selection: Selection | None = None,
          jobs: int | None = None, incremental: bool = True) -> list[Finding]:
    """Findings for every catalog of the given languages, sorted.

    ``selection`` chooses the codes to report; by default ``[tool.kilocale.check]``'s.
    A PO file that cannot be parsed is a ``po-syntax`` finding, not an error: CI should see
    every broken file in one run.  A bad glossary or configuration raises (exit 2).
    Catalogs are checked on ``jobs`` processes; with ``incremental``, only those whose
    inputs changed since the findings in ``.kilocale/check.json`` were recorded (see the
    module docstring), with the same result as checking every one.
    """
    from kilocale.incremental import Cache

    if selection is None:
        selection = Selection(config.check_select, config.check_ignore)
    cache = Cache.open(config, incremental, (COMMAND, "update"))  # update's: see plan_build
    options = {"*options": [strict, include_fuzzy, list(selection.select),
                            list(selection.ignore)]}
    units = [(language, doc) for language in languages for doc in config.template_docs()]
    inputs = {u: {**cache.inputs(config.po_path(*u)), **options} for u in units}
    gaps_inputs = {**options, "*languages": list(languages)}
    found = {u: _lookup(cache, "/".join(u), inputs[u]) for u in units}
    gaps = _lookup(cache, GAPS_UNIT, gaps_inputs)
    todo = [u for u in units if found[u] is None]
    if todo or gaps is None:
        glossary = load_project_glossary(config)  # a bad glossary raises: exit 2
        found.update(_check_units(config, cache, glossary, todo, inputs, strict,
                                  include_fuzzy, selection, jobs))
        if gaps is None:
            gaps = _gap_findings(glossary, languages, selection)
            cache.store(COMMAND, GAPS_UNIT, gaps_inputs, {}, _record(gaps))
        try:
            cache.save()
        except (OSError, KilocaleError):
            pass  # a read-only checkout (CI): the next run checks in full, nothing else
    findings = [f for u in units for f in found[u] or ()] + gaps
    return sorted(findings)


def _check_units(config: Config, cache: Cache, glossary: Glossary | None,
                 todo: list[tuple[str, str]],
                 inputs: dict[tuple[str, str], dict[str, Any]], strict: bool,
                 include_fuzzy: bool, selection: Selection,
                 jobs: int | None) -> dict[tuple[str, str], list[Finding]]:
    """Check the catalogs of ``todo`` (on ``jobs`` processes) and record their findings."""
    # Imported here, before any worker is forked, so the workers inherit them.
    from kilocale.core import checks  # noqa: F401
    from kilocale.io import po  # noqa: F401
    from kilocale.parallel import map_documents

    work = [_CheckJob(language, doc, glossary, strict, include_fuzzy, selection)
            for language, doc in todo]
    # A pool pays for itself on large catalogs even when there are few of them.
    size = sum(p.stat().st_size for j in work if (p := config.po_path(j.language, j.doc)).exists())
    done = {}
    for unit, of_catalog in zip(todo, map_documents(functools.partial(_check_catalog, config),
                                                    work, jobs,
                                                    min_items=2 if size > 1_000_000 else None)):
        done[unit] = of_catalog
        cache.store(COMMAND, "/".join(unit), inputs[unit], {}, _record(of_catalog))
    return done


def _gap_findings(glossary: Glossary | None, languages: tuple[str, ...],
                  selection: Selection) -> list[Finding]:
    """Terms without a form for a language: once per term and language."""
    from kilocale.core.glossary_gaps import gap_findings

    if glossary is None:
        return []
    return [f for f in gap_findings(glossary, languages) if selection.wants(f.code)]

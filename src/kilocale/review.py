"""``kilocale review``: a page per language that an editor can sign off from.

For every catalog of a language this collects each active entry with its state (reviewed,
fuzzy, machine draft and its engine, translation-memory match and its origin,
untranslated), the findings ``kilocale check --include-fuzzy`` has for it, and the
previous msgid of a fuzzy entry; :mod:`kilocale.formats.review_html` renders the page
into ``<build_dir>/review/<lang>.html``.

``--since REV`` keeps only the entries whose translation, state or source changed since a
git revision: each PO file is read as it was at REV with ``git show REV:<path>`` (git run as
a subprocess, in the project directory), and compared entry by entry.  A project outside
git, an unknown revision or a missing git is a clear error (exit 2); a catalog that did not
exist at REV counts as entirely changed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from kilocale.config import Config
from kilocale.core.checks import check_catalog
from kilocale.core.glossary_gaps import gap_findings
from kilocale.core.memory import TM_COMMENT_PREFIX
from kilocale.errors import CatalogError, KilocaleError
from kilocale.formats.review_html import ReviewEntry, ReviewPage, render_review
from kilocale.io.fs import ANY, WritePlan, write_all
from kilocale.io.po import loads
from kilocale.model import MT_COMMENT_PREFIX, Catalog, Entry
from kilocale.pipeline import load_catalog, load_project_glossary, template_docs

__all__ = ["ReviewFile", "review", "entry_state"]


@dataclass
class ReviewFile:
    """One written review page."""

    language: str
    path: str
    entries: int
    needs_review: int
    with_findings: int
    changed: bool
    total: int = 0
    notes: list[str] = field(default_factory=list)


def entry_state(entry: Entry) -> tuple[str, str]:
    """``(state, detail)`` of an entry: a memory match or a machine draft names its origin."""
    if not entry.msgstr:
        return "untranslated", ""
    if not entry.fuzzy:
        return "reviewed", ""
    for comment in entry.translator_comments:
        if comment.startswith(TM_COMMENT_PREFIX):
            return "memory", "from " + comment[len(TM_COMMENT_PREFIX):].strip()
    for comment in entry.translator_comments:
        if comment.startswith(MT_COMMENT_PREFIX) and "CHECK:" not in comment:
            return "machine", comment[len(MT_COMMENT_PREFIX):].split(";")[0].strip()
    return "fuzzy", ""


def _git(config: Config, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(config.root), *args], capture_output=True,
                              text=True, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise KilocaleError("--since needs git, which is not installed") from None


def _check_revision(config: Config, revision: str) -> None:
    inside = _git(config, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise KilocaleError(f"--since needs a git repository; {config.root} is not in one")
    if revision.startswith("-") or _git(config, "rev-parse", "--verify", "--quiet",
                                        f"{revision}^{{commit}}").returncode != 0:
        raise KilocaleError(f"--since: {revision!r} is not a git revision of this repository")


def _catalog_at(config: Config, revision: str, path: Path) -> Catalog | None:
    """The catalog as it was at ``revision`` (None if it did not exist then)."""
    shown = _git(config, "show", f"{revision}:./{config.rel(path)}")
    if shown.returncode != 0:
        return None
    try:
        return loads(shown.stdout, f"{revision}:{config.rel(path)}")
    except CatalogError:
        return None  # unreadable then: everything counts as changed


def _changed(entry: Entry, old: Catalog | None) -> bool:
    if old is None:
        return True
    before = {e.key: e for e in old.entries if not e.obsolete}.get(entry.key)
    return (before is None or before.msgstr != entry.msgstr or before.fuzzy != entry.fuzzy)


def review(config: Config, languages: tuple[str, ...], since: str | None = None) -> list[ReviewFile]:
    """Write ``<build_dir>/review/<lang>.html`` for each language; compute all, then write."""
    if since is not None:
        _check_revision(config, since)
    glossary = load_project_glossary(config)
    planned: list[tuple[Path, bytes, ReviewFile]] = []
    for language in languages:
        entries: list[ReviewEntry] = []
        documents: list[tuple[str, str]] = []
        total = 0
        for doc in template_docs(config):
            path = config.po_path(language, doc)
            if not path.exists():
                continue
            rel = config.rel(path)
            documents.append((doc, rel))
            catalog = load_catalog(config, path)
            findings: dict[int, list[tuple[str, str, str]]] = {}
            for f in check_catalog(catalog, path=rel, language=language,
                                   source_language=config.source_language, glossary=glossary,
                                   include_fuzzy=True):
                findings.setdefault(f.line, []).append((f.code, f.severity.value, f.message))
            old = _catalog_at(config, since, path) if since is not None else None
            for entry in catalog.active:
                if not entry.msgid:
                    continue
                total += 1
                if since is not None and not _changed(entry, old):
                    continue
                state, detail = entry_state(entry)
                entries.append(ReviewEntry(
                    doc=doc, path=rel, line=entry.line, msgid=entry.msgid, msgstr=entry.msgstr,
                    state=state, detail=detail, previous_msgid=entry.previous_msgid,
                    findings=tuple(findings.get(entry.line, ()))))
        notes = tuple(f"{f.path}:{f.line}: {f.message}"
                      for f in (gap_findings(glossary, [language]) if glossary else []))
        page = ReviewPage(language=language, source_language=config.source_language,
                          entries=tuple(entries), documents=tuple(documents),
                          glossary_notes=notes, since=since, total=total,
                          language_name=Locale.parse(language).english_name or "")
        out = config.build_dir / "review" / f"{language}.html"
        planned.append((out, render_review(page), ReviewFile(
            language, config.rel(out), len(entries), sum(e.needs_review for e in entries),
            sum(1 for e in entries if e.findings), False, total, list(notes))))
    changes = write_all([WritePlan(out, data, ANY, r.path) for out, data, r in planned])
    for (_, _, report), changed in zip(planned, changes):
        report.changed = changed
    return [report for _, _, report in planned]

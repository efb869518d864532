"""Machine drafts for empty catalog entries, with the glossary locked.

:func:`pretranslate_catalog` is pure apart from the engine call: it takes a
:class:`~kilocale.model.Catalog` and returns a new one plus a report.  It

1. picks the active entries whose msgstr is empty (a human translation, even fuzzy, is
   never touched);
2. locks glossary terms, code, URLs and inline Markdown behind sentinels
   (:mod:`kilocale.core.protect`); a term the glossary has no form for in the target
   language yet is locked as do-not-translate and named in the report (``kept_terms``);
3. translates all of them in batches with one engine (one text per line of a msgid);
4. restores the sentinels and verifies each came back exactly once;
5. retries the sentences that lost a sentinel in the *safer mode*: only the runs of words
   between sentinels are translated, the sentinels stay in their source places, so none can
   be lost (word order across a sentinel is the source's);
6. marks every draft ``fuzzy`` and adds a translator comment with its provenance
   (``kilocale-mt: argos de→en 1.9; glossary 2fc2bea3585e10bd``).

**When even the safer mode fails** (the engine invented a sentinel, returned nothing, …)
the draft is still written, restored as far as possible, fuzzy like every draft, with a
second translator comment naming the problem (``kilocale-mt: CHECK: lost {2}
('`pip install`')``).  A translator then sees exactly what to fix, and ``check
--include-fuzzy`` reports the missing term or markup; nothing broken is ever silent, and
``build`` never publishes a fuzzy entry.

Measured: on the copy model all 173 sentinels of the article come back in the first
pass; on a random model of real size (``benchmarks/mt.py``) none do, the 74 entries that
have any are retried in the safer mode, and none fails.

:func:`pretranslate_project` is the shell around it for ``kilocale pretranslate``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kilocale.config import Config
from kilocale.core.glossary import Glossary, source_matches
from kilocale.core.glossary_gaps import as_dnt
from kilocale.core.protect import Protected, chunks, protect, restore
from kilocale.engines import Engine, get_engine
from kilocale.errors import EngineError, KilocaleError
from kilocale.io.fs import write_all
from kilocale.io.po import plan_po
from kilocale.model import MT_COMMENT_PREFIX, Catalog, Entry
from kilocale.project import Project

PROBLEM_PREFIX = f"{MT_COMMENT_PREFIX} CHECK:"
BATCH = 64


@dataclass
class PretranslateReport:
    """What one catalog's pretranslation did."""

    language: str
    path: str = ""
    engine: str = ""
    candidates: int = 0          # active entries with an empty msgstr
    translated: int = 0          # drafts written (failures included)
    sentinels: int = 0           # sentinels sent through MT
    sentinels_restored: int = 0  # of those, restored exactly once on the first try
    retries: int = 0             # entries retried in the safer mode
    failures: int = 0            # drafts written with a CHECK comment
    kept_terms: list[str] = field(default_factory=list)  # glossary terms without a form, kept as written
    problems: list[tuple[str, str]] = field(default_factory=list)  # (msgid, problem)
    changed: bool = False        # whether the file changed (False on --dry-run)


def _lines_of(protected: Protected) -> list[str]:
    return protected.text.split("\n")


def _translate_all(engine: Engine, texts: list[str], source: str, target: str,
                   progress: Callable[[int], None] | None) -> list[str]:
    """Translate ``texts`` in batches; empty or blank texts are passed through untouched."""
    todo = [i for i, t in enumerate(texts) if t.strip()]
    out = list(texts)
    for k in range(0, len(todo), BATCH):
        idx = todo[k:k + BATCH]
        stripped = [texts[i].strip() for i in idx]
        result = engine.translate_batch(stripped, source, target)
        if len(result) != len(stripped):
            raise EngineError(f"engine {engine.name} returned {len(result)} translations "
                              f"for {len(stripped)} texts")
        for i, text in zip(idx, result):
            lead = texts[i][:len(texts[i]) - len(texts[i].lstrip())]
            trail = texts[i][len(texts[i].rstrip()):]
            out[i] = lead + text.strip() + trail
        if progress:
            progress(len(idx))
    return out


def _safer_texts(protected: Protected) -> list[tuple[str, bool]]:
    return chunks(protected)


def pretranslate_catalog(catalog: Catalog, engine: Engine, source: str, target: str,
                         glossary: Glossary | None = None,
                         progress: Callable[[int], None] | None = None) -> tuple[Catalog, PretranslateReport]:
    """Fill the empty msgstrs of ``catalog`` with fuzzy machine drafts.

    Args:
        catalog: the target-language catalog (not modified).
        engine: an :class:`~kilocale.engines.Engine`; :meth:`check` is the caller's job.
        source: the source language (``de``).
        target: the catalog's language (``en``, ``zh_CN``).
        glossary: terms to lock; None locks only code, URLs and Markdown.
        progress: called with the number of texts done after each batch.

    Returns:
        A new catalog and the report.
    """
    new = copy.deepcopy(catalog)
    report = PretranslateReport(language=target, path=catalog.path or "", engine=engine.name)
    todo: list[tuple[Entry, Protected]] = []
    for entry in new.entries:
        if entry.obsolete or entry.msgstr or not entry.msgid:
            continue
        matches = source_matches(glossary, entry.msgid) if glossary is not None else []
        matches, kept = as_dnt(matches, target)  # no form for target yet: keep as written
        report.kept_terms += [name for name in kept if name not in report.kept_terms]
        todo.append((entry, protect(entry.msgid, matches, target)))
    report.candidates = len(todo)
    if not todo:
        return new, report
    provenance = engine.provenance(source, target)
    stamp = f"{MT_COMMENT_PREFIX} {provenance}"
    if glossary is not None:
        stamp += f"; glossary {glossary.digest()}"

    # First pass: every line of every entry in one batched run.
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    for _, prot in todo:
        ls = _lines_of(prot)
        spans.append((len(lines), len(lines) + len(ls)))
        lines.extend(ls)
    translated = _translate_all(engine, lines, source, target, progress)

    results: list[tuple[str, tuple[str, ...]] | None] = []
    retry: list[int] = []
    for k, ((entry, prot), (a, b)) in enumerate(zip(todo, spans)):
        text = "\n".join(translated[a:b])
        restored = restore(prot, text)
        report.sentinels += len(prot.placeholders)
        report.sentinels_restored += restored.restored
        if restored.ok and (restored.text.strip() or not entry.msgid.strip()):
            results.append((restored.text, ()))
        else:
            results.append(None)
            retry.append(k)

    # Safer mode for the entries that lost a sentinel: translate only the runs between them.
    if retry:
        report.retries = len(retry)
        runs: list[str] = []
        plan: list[list[tuple[str, int | None]]] = []
        for k in retry:
            parts = []
            for piece, translatable in _safer_texts(todo[k][1]):
                if translatable:
                    parts.append((piece, len(runs)))
                    runs.append(piece)
                else:
                    parts.append((piece, None))
            plan.append(parts)
        done = _translate_all(engine, runs, source, target, progress)
        for k, parts in zip(retry, plan):
            prot = todo[k][1]
            text = "".join(piece if j is None else done[j] for piece, j in parts)
            restored = restore(prot, text)
            problems = restored.problems
            if not restored.text.strip() and prot.source.strip():
                problems += ("empty translation",)
            results[k] = (restored.text, problems)

    for (entry, prot), result in zip(todo, results):
        assert result is not None
        text, problems = result
        entry.msgstr = text
        if "fuzzy" not in entry.flags:
            entry.flags = ["fuzzy", *entry.flags]
        comments = [c for c in entry.translator_comments if not c.startswith(MT_COMMENT_PREFIX)]
        comments.append(stamp)
        if problems:
            report.failures += 1
            comments.append(f"{PROBLEM_PREFIX} {'; '.join(problems)}")
            report.problems.append((entry.msgid, "; ".join(problems)))
        entry.translator_comments = comments
        report.translated += 1
    return new, report


def make_engine(config: Config, name: str, url: str | None = None,
                api_key: str | None = None) -> Engine:
    """The engine ``name`` with its settings: ``[tool.kilocale.engines.<name>]``, then the
    command line (``url``, ``api_key``, which callers read from the environment too).

    Raises:
        KilocaleError: a server option was given for an engine that has no server.
    """
    options: dict[str, object] = dict(config.engines.get(name, {}))
    if name != "libretranslate":
        if url or api_key:
            raise KilocaleError(f"--url and --api-key are for --engine libretranslate, not {name}")
        return get_engine(name, **options)
    if url:
        options["url"] = url
    if api_key:
        options["api_key"] = api_key
    return get_engine(name, **options)


def pretranslate_project(config: Config, languages: tuple[str, ...], engine: Engine, dry_run: bool = False,
                         progress: Callable[[int], None] | None = None,
                         plan: Callable[[int], None] | None = None) -> list[PretranslateReport]:
    """``kilocale pretranslate``: fill every empty msgstr of ``languages`` with machine drafts.

    Checks the engine for every language first (a missing model raises
    :class:`~kilocale.errors.EngineError` before anything is translated), computes every
    catalog, then writes them (not with ``dry_run``).

    Args:
        config: the project :class:`~kilocale.config.Config`.
        languages: target languages.
        engine: the engine to use.
        dry_run: compute and report, write nothing.
        progress: called with the number of texts translated after each batch.
        plan: called once with the total number of texts, before translating.
    """
    for language in languages:
        engine.check(config.source_language, language)
    project = Project(config)
    glossary = project.glossary
    catalogs: list[tuple[str, Path, Catalog]] = []
    for language in languages:
        for doc in project.template_docs():
            path = config.po_path(language, doc)
            if not path.exists():
                raise KilocaleError(f"{config.rel(path)} does not exist; run `kilocale update` first")
            catalogs.append((language, path, project.load_catalog(path)))
    if plan:
        plan(sum(1 for _, _, c in catalogs for e in c.entries
                 if not e.obsolete and not e.msgstr and e.msgid))
    results = []
    for language, path, catalog in catalogs:
        new, report = pretranslate_catalog(catalog, engine, config.source_language, language,
                                           glossary, progress)
        report.path = config.rel(path)
        results.append((path, new, report))
    to_write = [(report, plan_po(new, path, config.wrap, config.rel(path)))
                for path, new, report in results if not dry_run and report.translated]
    for (report, _), changed in zip(to_write, write_all([plan for _, plan in to_write])):
        report.changed = changed
    return [report for _, _, report in results]

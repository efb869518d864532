"""The imperative shell: each command reads its inputs, calls the pure core, writes results.

Every function here computes all of its outputs before it writes any of them, so bad
input (a malformed PO file, an unparseable source) raises a located error and leaves
every file as it was.  Writes are atomic and skipped when the content is unchanged, so
running a command twice changes nothing the second time.  Nothing here prints: the CLI
renders the returned reports.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from kilocale import __version__
from kilocale.config import Config, base_language
from kilocale.core.checks import catalog_error_finding, check_catalog
from kilocale.core.glossary import Glossary
from kilocale.core.merge import MergeReport, merge
from kilocale.core.stats import CatalogStats, catalog_stats
from kilocale.core.suggest import Candidate, suggest_terms
from kilocale.core.template import build_template
from kilocale.errors import CatalogError, KilocaleError
from kilocale.formats import format_for, html
from kilocale.formats.markdown import strip_fallback_marks
from kilocale.io.fs import ANY, WritePlan, digest, read_text, write_all
from kilocale.io.glossary_file import load_glossary
from kilocale.io.manifest import manifest_plan, read_manifest, remove_stale
from kilocale.io.po import dumps, load_po, plan_po
from kilocale.model import Catalog, Finding, Severity

GENERATOR = f"kilocale {__version__}"
# Scripts written without spaces between sentences.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my"})


def sentence_joiner(language: str) -> str:
    """What separates two sentences of one paragraph in ``language``."""
    return "" if base_language(language) in NO_SPACE_LANGUAGES else " "


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _plural_forms(language: str) -> str:
    return get_plural(Locale.parse(language)).plural_forms


def _source_text(config: Config, doc: str) -> str:
    path = config.source_path(doc)
    try:
        return read_text(path)
    except KilocaleError as exc:
        raise KilocaleError(exc.message, config.rel(path), exc.line) from None


def load_catalog(config: Config, path: Path) -> Catalog:
    """A PO/POT file of the project; errors name it relative to the project root."""
    return load_po(path, config.rel(path))


@dataclass
class FileChange:
    path: str
    changed: bool
    summary: str = ""


@dataclass
class ExtractReport:
    files: list[FileChange] = field(default_factory=list)
    segments: int = 0
    entries: int = 0


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)


def _templates(config: Config) -> list[tuple[str, Catalog, str, int, str | None]]:
    """(doc, template catalog, serialized text, segment count, digest of the file read).

    The previous ``POT-Creation-Date`` is kept unless the content changed, so extracting an
    unchanged source leaves the file byte-identical.
    """
    result = []
    for doc in config.documents():
        source = config.source_path(doc)
        ref = config.rel(source)
        segments = format_for(source.suffix).extract(_source_text(config, doc), ref,
                                                      config.segmentation)
        pot_path = config.template_path(doc)
        previous = read_text(pot_path) if pot_path.is_file() else None
        expected = digest(previous.encode("utf-8")) if previous is not None else None
        found = _CREATION_DATE.search(previous) if previous else None
        date = found.group(1) if found else _now()
        catalog = build_template(doc, ref, segments, date, GENERATOR)
        text = dumps(catalog, config.wrap)
        if found and text != previous:
            now = _now()
            catalog.header["POT-Creation-Date"] = now
            text = text.replace(f'"POT-Creation-Date: {date}\\n"',
                                f'"POT-Creation-Date: {now}\\n"', 1)
        catalog.path = config.rel(pot_path)
        result.append((doc, catalog, text, len(segments), expected))
    return result


def extract(config: Config) -> ExtractReport:
    """Write ``locales/templates/<doc>.pot`` for every source document."""
    report = ExtractReport()
    templates = _templates(config)
    changes = write_all([WritePlan(config.template_path(doc), text.encode("utf-8"), expected,
                                   config.rel(config.template_path(doc)))
                         for doc, _, text, _, expected in templates])
    for (doc, catalog, text, n_segments, _), changed in zip(templates, changes):
        path = config.template_path(doc)
        report.files.append(FileChange(config.rel(path), changed,
                                       f"{len(catalog.entries)} entries"))
        report.segments += n_segments
        report.entries += len(catalog.entries)
    return report


@dataclass
class UpdateReport:
    files: list[FileChange] = field(default_factory=list)
    merges: dict[str, MergeReport] = field(default_factory=dict)


def template_docs(config: Config) -> list[str]:
    """Documents that have a template under ``locales/templates``."""
    base = config.locales_dir / "templates"
    if not base.is_dir():
        return []
    return sorted(p.relative_to(base).with_suffix("").as_posix() for p in base.rglob("*.pot"))


def update(config: Config, languages: tuple[str, ...]) -> UpdateReport:
    """Create or merge ``locales/<lang>/LC_MESSAGES/<doc>.po`` from the templates."""
    docs = template_docs(config)
    if not docs:
        raise KilocaleError("no templates found under "
                            f"{config.rel(config.locales_dir / 'templates')}; "
                            "run `kilocale extract` first")
    planned: list[tuple[Path, WritePlan, MergeReport]] = []
    templates = {doc: load_catalog(config, config.template_path(doc)) for doc in docs}
    for language in languages:
        plural = _plural_forms(language)
        name = Locale.parse(language).english_name
        for doc in docs:
            path = config.po_path(language, doc)
            existing = load_catalog(config, path) if path.exists() else None
            merged, mreport = merge(templates[doc], existing, language=language,
                                    plural_forms=plural)
            if existing is None:
                merged.header_comments = [f"{name} translation of {doc}.",
                                          "This file is distributed under the same license "
                                          "as the source document."]
            planned.append((path, plan_po(merged, path, config.wrap, config.rel(path),
                                          existing.source_digest if existing else None),
                            mreport))
    report = UpdateReport()
    changes = write_all([plan for _, plan, _ in planned])
    for (path, _, mreport), changed in zip(planned, changes):
        rel = config.rel(path)
        report.files.append(FileChange(
            rel, changed, f"{mreport.kept} kept, {mreport.fuzzy} fuzzy, {mreport.new} new, "
                          f"{mreport.obsoleted} obsolete"))
        report.merges[rel] = mreport
    return report


@dataclass(frozen=True)
class StatsRow:
    language: str
    doc: str
    stats: CatalogStats


def catalog_for(config: Config, language: str, doc: str) -> Catalog | None:
    path = config.po_path(language, doc)
    return load_catalog(config, path) if path.exists() else None


def stats(config: Config, languages: tuple[str, ...]) -> list[StatsRow]:
    """Per language and document: entries and words by state."""
    rows = []
    docs = sorted(set(template_docs(config)) | set(config.documents()))
    for language in languages:
        for doc in docs:
            catalog = catalog_for(config, language, doc)
            if catalog is None:
                pot = config.template_path(doc)
                catalog = load_catalog(config, pot) if pot.exists() else Catalog()
            rows.append(StatsRow(language, doc, catalog_stats(catalog)))
    return rows


@dataclass
class Edition:
    language: str
    doc: str
    path: str
    percent: float
    segments: int
    fallbacks: int
    changed: bool


@dataclass
class BuildReport:
    editions: list[Edition] = field(default_factory=list)
    skipped: dict[str, float] = field(default_factory=dict)  # language → percent complete
    other_files: list[FileChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # stale editions deleted from build/


def _percent(stats_of_doc: CatalogStats | None) -> float:
    return stats_of_doc.percent if stats_of_doc else 0.0


def _language_percent(stats_by_doc: dict[str, CatalogStats | None]) -> float:
    """Reviewed share of all active entries of one language, over every document."""
    translated = sum(s.translated for s in stats_by_doc.values() if s)
    total = sum(s.total for s in stats_by_doc.values() if s)
    return 100.0 * translated / total if total else 0.0


def build(config: Config, languages: tuple[str, ...], min_complete: float = 0.0) -> BuildReport:
    """Render every edition: ``build/<lang>/<doc>.md`` and ``.html``, the original, the index.

    Reviewed translations replace their sentences; everything else keeps the source text
    and is counted.  A language below ``min_complete`` percent is skipped and reported.
    The HTML pages link every edition that is built (all configured languages that pass
    ``min_complete``), whichever subset this run writes.
    """
    docs = config.documents()
    sources = {doc: _source_text(config, doc) for doc in docs}
    catalogs = {lang: {doc: catalog_for(config, lang, doc) for doc in docs}
                for lang in config.languages}
    counted = {lang: {doc: catalog_stats(c) if c else None for doc, c in by_doc.items()}
               for lang, by_doc in catalogs.items()}
    percents = {lang: _language_percent(counted[lang]) for lang in counted}
    published = [lang for lang in config.languages if percents[lang] >= min_complete]
    report = BuildReport(skipped={lang: percents[lang] for lang in languages
                                  if lang not in published})
    src = config.source_language
    editions_by_doc: dict[str, list[html.Edition]] = {}
    for doc in docs:
        editions_by_doc[doc] = [html.Edition(src, f"{src}/{doc}.html", 100.0)] + [
            html.Edition(lang, f"{lang}/{doc}.html", _percent(counted[lang][doc]))
            for lang in published]

    planned: list[tuple[Edition | None, Path, bytes]] = []
    for doc in docs:
        page = html.render_page(sources[doc], language=src, source_language=src, doc=doc,
                                editions=editions_by_doc[doc])
        planned.append((None, config.build_dir / src / f"{doc}.html", page))
    for doc in docs:  # document-major, so each source is parsed once for all languages
        for language in languages:
            if language not in published:
                continue
            catalog = catalogs[language][doc]
            table = {e.msgid: e.msgstr for e in catalog.entries
                     if e.translated and e.msgctxt is None} if catalog else {}
            source_path = config.source_path(doc)
            fmt = format_for(source_path.suffix)
            result = fmt.render(sources[doc], table.get, sentence_joiner(language),
                                config.rel(source_path), config.segmentation,
                                mark_fallbacks=True)
            out_path = config.build_dir / language / f"{doc}{fmt.suffix}"
            edition = Edition(language, doc, config.rel(out_path),
                              _percent(counted[language][doc]),
                              result.total, result.fallbacks, False)
            text = strip_fallback_marks(result.text)
            planned.append((edition, out_path, text.encode("utf-8")))
            page = html.render_page(result.text, language=language, source_language=src,
                                    doc=doc, editions=editions_by_doc[doc],
                                    untranslated=(result.fallbacks, result.total))
            planned.append((None, config.build_dir / language / f"{doc}.html", page))
    titles = {doc: html.first_heading(sources[doc]) for doc in docs}
    index = html.render_index(editions_by_doc, source_language=src, titles=titles)
    planned.append((None, config.build_dir / "index.html", index))
    written = {out_path.relative_to(config.build_dir).as_posix() for _, out_path, _ in planned}
    expected = written | {f"{lang}/{doc}{suffix}" for doc in docs for lang in published
                          for suffix in (format_for(config.source_path(doc).suffix).suffix,
                                         ".html")}
    previous = read_manifest(config.build_dir)
    manifest = manifest_plan(config.build_dir, (previous & expected) | written)
    changes = write_all([WritePlan(out_path, data, ANY, config.rel(out_path))
                         for _, out_path, data in planned] + [manifest])
    for (edition, out_path, data), changed in zip(planned, changes):
        if edition is not None:
            edition.changed = changed
            report.editions.append(edition)
        else:
            report.other_files.append(FileChange(config.rel(out_path), changed))
    report.removed = [config.rel(config.build_dir / rel)
                      for rel in remove_stale(config.build_dir, previous, expected)]
    return report


def load_project_glossary(config: Config) -> Glossary | None:
    """The project's glossary, or None when the configured file does not exist."""
    if not config.glossary.is_file():
        return None
    return load_glossary(config.glossary, config.languages, display=config.rel(config.glossary))


def check(config: Config, languages: tuple[str, ...], *, strict: bool = False,
          include_fuzzy: bool = False) -> list[Finding]:
    """Findings for every catalog of the given languages, sorted.

    A PO file that cannot be parsed is a ``po-syntax`` finding, not an error: CI should see
    every broken file in one run.  A bad glossary or configuration raises (exit 2).
    """
    glossary = load_project_glossary(config)
    findings: list[Finding] = []
    for language in languages:
        for doc in template_docs(config):
            path = config.po_path(language, doc)
            rel = config.rel(path)
            if not path.exists():
                findings.append(Finding(rel, 1, "missing-catalog",
                                        f"no catalog for {language}; run `kilocale update`",
                                        Severity.ERROR))
                continue
            try:
                catalog = load_po(path, rel)
            except CatalogError as exc:
                findings.append(catalog_error_finding(exc, rel))
                continue
            findings += check_catalog(catalog, path=rel, language=language,
                                      source_language=config.source_language,
                                      glossary=glossary, strict=strict,
                                      include_fuzzy=include_fuzzy)
    return sorted(findings)


def suggest(config: Config) -> list[Candidate]:
    """Glossary candidates found in the sources that the glossary does not cover."""
    glossary = load_project_glossary(config) or Glossary(terms=())
    texts = [_source_text(config, doc) for doc in config.documents()]
    return suggest_terms(texts, glossary)

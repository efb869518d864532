"""The imperative shell: each command reads its inputs, calls the pure core, writes results.

Every function here computes all of its outputs before it writes any of them, so bad
input (a malformed PO file, an unparseable source) raises a located error and leaves
every file as it was.  Writes are atomic and skipped when the content is unchanged, so
running a command twice changes nothing the second time.  Nothing here prints: the CLI
renders the returned reports.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kilocale import __version__
from kilocale.config import Config, text_join
from kilocale.errors import KilocaleError, SourceError
from kilocale.io.fs import ANY, WritePlan, digest, read_text, write_all
from kilocale.io.po import dumps, load_po, plan_po, vouch_layout, vouch_written
from kilocale.model import Catalog
from kilocale.gcpause import without_cycle_collector
from kilocale.parallel import default_jobs, in_process, iter_documents, map_documents
from kilocale.project import Project

# Imported where used: update needs none of the formats (markdown-it, lxml), extract and
# build none of the merge and memory (rapidfuzz, babel): one edited document of a thousand
# costs little more than these imports.
if TYPE_CHECKING:
    from kilocale.core.memory import Memory, MemoryCounts
    from kilocale.core.merge import FuzzyIndex, MergeReport, Search
    from kilocale.incremental import Cache
    from kilocale.io.compendium import Compendium
    from kilocale.core.stats import CatalogStats
    from kilocale.core.suggest import Candidate
    from kilocale.formats.edition import Edition

GENERATOR = f"kilocale {__version__}"


def __getattr__(name: str) -> object:
    """``check`` and ``load_project_glossary`` live in :mod:`kilocale.checking`; they are
    looked up there on first use, so the other commands do not import the checks."""
    if name in ("check", "load_project_glossary"):
        from kilocale import checking

        return getattr(checking, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Clock = Callable[[], _dt.datetime]


def utc_now() -> _dt.datetime:
    """The time files are dated with: ``SOURCE_DATE_EPOCH`` when set, else the real clock.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) is the reproducible-builds convention
    (https://reproducible-builds.org/specs/source-date-epoch/): with it, two runs on the
    same inputs write the same templates and catalogs, whenever they run.  A value that
    is not a non-negative integer is an error, as the specification asks.  Commands also
    take a ``clock`` argument, so tests can freeze the time in-process.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return _dt.datetime.now(_dt.timezone.utc)
    if not epoch.isascii() or not epoch.isdigit():
        raise KilocaleError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since "
                            "1970-01-01 UTC (an integer such as 1700000000)")
    try:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise KilocaleError(f"SOURCE_DATE_EPOCH={epoch} is out of range") from None


def po_date(moment: _dt.datetime) -> str:
    """A PO header date (``2026-01-31 14:05+0000``) for ``moment``, in UTC."""
    return moment.astimezone(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")


def _plural_forms(language: str) -> str:
    from kilocale.core.plurals import plural_forms

    return plural_forms(language)


# The loading helpers live on Project (kilocale.project); these names stay for callers.

def _source_text(config: Config, doc: str) -> str:
    return Project(config).source_text(doc)


def load_catalog(config: Config, path: Path) -> Catalog:
    """A PO/POT file of the project; errors name it relative to the project root."""
    return Project(config).load_catalog(path)


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
# A date as po_date writes it: a header line of this shape is written the same way
# whatever the digits, so one date can stand in for another in the serialized text.
_PO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\+0000")


def _template_for(config: Config, now: str, doc: str) -> tuple[str, int, bytes, int, str | None]:
    """(doc, entry count, the template's bytes, segment count, digest of the file read).

    The template's bytes, not its catalog, go back to the caller: they are all a caller
    writes or compares, a catalog costs more to send between processes, and encoding
    them here is done on the worker's core.
    """
    from kilocale.formats import format_for

    source = config.source_path(doc)
    segments = format_for(source.suffix).extract(_source_text(config, doc),
                                                  config.rel(source), config.segmentation)
    doc, n_entries, text, n_segments, expected = _template_of(config, now, doc, segments)
    return doc, n_entries, text.encode("utf-8"), n_segments, expected


def _template_of(config: Config, now: str, doc: str, segments: list
                 ) -> tuple[str, int, str, int, str | None]:
    """:func:`_template_for` from the document's segments.

    The previous ``POT-Creation-Date`` is kept unless the content changed, so extracting an
    unchanged source leaves the file byte-identical; a changed template is dated ``now``.
    The template is serialized once: when both dates have :func:`po_date`'s shape, the
    text with the previous date is the text with ``now`` with its date line swapped.
    """
    from kilocale.core.template import build_template

    ref = config.rel(config.source_path(doc))
    pot_path = config.template_path(doc)
    previous = read_text(pot_path) if pot_path.is_file() else None
    expected = digest(previous.encode("utf-8")) if previous is not None else None
    found = _CREATION_DATE.search(previous) if previous else None
    catalog = text = None
    if found and _PO_DATE.fullmatch(found.group(1)) and _PO_DATE.fullmatch(now):
        catalog = build_template(doc, ref, segments, now, GENERATOR)
        text = dumps(catalog, config.wrap)
        line = f'"POT-Creation-Date: {now}\\n"'
        if text.replace(line, found.group(0), 1) == previous:  # only the date differs
            text = previous
    else:
        if found:  # the template as it would be if only the content decided
            catalog = build_template(doc, ref, segments, found.group(1), GENERATOR)
            text = dumps(catalog, config.wrap)
        if catalog is None or text != previous:
            catalog = build_template(doc, ref, segments, now, GENERATOR)
            text = dumps(catalog, config.wrap)
    return doc, len(catalog.entries), text, len(segments), expected


@without_cycle_collector
def extract(config: Config, clock: Clock = utc_now, jobs: int | None = None,
            incremental: bool = True) -> ExtractReport:
    """Write ``locales/templates/<doc>.pot`` for every source document.

    ``clock`` dates a template whose content changed (the real UTC clock by default; read
    once, so every template of one run has the same date).  Documents whose source and
    template are unchanged since the last run are skipped (:mod:`kilocale.incremental`);
    the others are segmented on ``jobs`` processes.
    """
    from kilocale.incremental import Cache

    report = ExtractReport()
    cache = Cache.open(config, incremental, ("extract",))
    docs = config.documents()
    inputs = {doc: cache.inputs(config.source_file(doc)) for doc in docs}
    known = {doc: cache.lookup("extract", doc, inputs[doc]) for doc in docs}
    todo = [doc for doc in docs if known[doc] is None]
    now = po_date(clock()) if todo else ""
    # Refuse templates reached through a link out of the project, once per directory.
    _writable(config, [config.template_path(doc) for doc in todo])
    if todo:  # imported before the pool forks, so that no worker imports markdown-it again
        import kilocale.formats.markdown  # noqa: F401
    done: dict[str, tuple[int, int]] = {}  # doc → (entries, segments)
    plans: dict[str, WritePlan] = {}

    def stream() -> Iterator[WritePlan]:
        """The templates to write, as the workers finish them (write_all prepares each
        while the next ones are computed)."""
        for doc, n_entries, data, n_segments, expected in iter_documents(
                functools.partial(_template_for, config, now), todo, jobs):
            done[doc] = n_entries, n_segments
            path = config.template_path(doc)
            plans[doc] = WritePlan(path, data, expected, config.rel(path))
            yield plans[doc]

    results = stream()
    try:
        changes = dict(zip(todo, write_all(results)))
    finally:
        results.close()
    for doc in docs:
        path = config.template_file(doc)
        if doc in done:
            n_entries, n_segments = done[doc]
            changed = changes[doc]
            cache.store("extract", doc, inputs[doc], {path: plans[doc].data},
                        {"entries": n_entries, "segments": n_segments})
        else:
            changed, n_entries, n_segments = False, known[doc]["entries"], known[doc]["segments"]
        report.files.append(FileChange(config.rel(path), changed, f"{n_entries} entries"))
        report.segments += n_segments
        report.entries += n_entries
    cache.save()
    return report


@dataclass
class UpdateReport:
    files: list[FileChange] = field(default_factory=list)
    merges: dict[str, MergeReport] = field(default_factory=dict)
    memory: dict[str, MemoryCounts] = field(default_factory=dict)  # path → filled from memory


def template_docs(config: Config) -> list[str]:
    """Documents that have a template under ``locales/templates``."""
    return Project(config).template_docs()


@without_cycle_collector
def update(config: Config, languages: tuple[str, ...],
           compendia: tuple[Path, ...] = (), clock: Clock | None = None,
           jobs: int | None = None, incremental: bool = True) -> UpdateReport:
    """Create or merge ``locales/<lang>/LC_MESSAGES/<doc>.po`` from the templates.

    New and empty entries are then filled from the translation memory: the reviewed
    entries of the language's other catalogs and of ``compendia`` (:mod:`kilocale.core.memory`).
    A new catalog's header comes from the project (:mod:`kilocale.headers`), dated ``clock()``
    (default :func:`utc_now`).  Documents are merged on ``jobs`` processes; the memory,
    which spans documents, is built once per language in this process, and only for the
    catalogs that have entries left to fill.

    A catalog whose template and own file are as the last update left them is skipped
    (:mod:`kilocale.incremental`): merging it again would give the same file.  One that
    had entries for the memory to fill is skipped only if no catalog of its language and
    no compendium changed since, since the memory is made of them.
    """
    from kilocale.core.memory import MemoryCounts, fill_from_memory
    from kilocale.core.merge import MergeReport
    from kilocale.incremental import Cache, digest_bytes
    from kilocale.io.compendium import load_compendium

    docs = template_docs(config)
    if not docs:
        raise KilocaleError("no templates found under "
                            f"{config.rel(config.locales_dir / 'templates')}; "
                            "run `kilocale extract` first")
    loaded = [load_compendium(path, config.rel(path)) for path in compendia]
    now = po_date((clock or utc_now)())
    cache = Cache.open(config, incremental, ("update", "extract"))
    inputs = {(language, doc): cache.inputs(config.template_file(doc),
                                            config.po_file(language, doc))
              for language in languages for doc in docs}
    compendium_digests = [cache.digest(Path(path)) for path in compendia]

    def memory_keys(state: dict[tuple[str, str], dict]) -> dict[str, str]:
        """Per language, what its memory is made of: its catalogs and the compendia."""
        return {language: digest_bytes(repr([sorted(state[language, doc].items())
                                              for doc in docs]
                                             + compendium_digests).encode("utf-8"))
                for language in languages}

    memory_before = memory_keys(inputs)

    known: dict[tuple[str, str], dict | None] = {}
    for (language, doc), unit_inputs in inputs.items():
        if "memory" in cache.recorded_extras("update", f"{language}/{doc}"):
            unit_inputs = {**unit_inputs, "memory": memory_before[language]}
        known[language, doc] = cache.lookup("update", f"{language}/{doc}", unit_inputs)
    todo = [(doc, tuple(lang for lang in languages if known[lang, doc] is None))
            for doc in docs]
    # A template extract's cache vouches for is in kilocale's own layout: its lines tell
    # the merged catalogs' layout (see _merge_doc); by its hash, checked by the worker.
    # Likewise a catalog this command wrote last time and nobody changed since (its hash
    # as recorded): its every entry is in that layout.
    todo = [(doc, langs, cache.digest(config.template_file(doc))
             if _extracted(config, cache, doc) else None,
             tuple(_own_output(cache, inputs[lang, doc], f"{lang}/{doc}") for lang in langs))
            for doc, langs in todo if langs]
    # Refuse catalogs reached through a link out of the project, once per directory.
    _writable(config, [config.po_path(lang, doc) for doc, langs, *_ in todo for lang in langs])
    done: dict[tuple[str, str], _Merged] = {}
    planned: list[tuple[tuple[str, str], WritePlan, MergeReport, MemoryCounts]] = []

    # Documents merged in this process (one big catalog, say) have the cores to themselves:
    # their fuzzy search is spread over them.
    fuzzy_jobs = (jobs or default_jobs()) if in_process(len(todo), jobs) else 1

    def plans() -> Iterator[WritePlan]:
        """The catalogs to write, as the workers finish them; then those the memory fills."""
        for results in iter_documents(functools.partial(_merge_doc, config, now, fuzzy_jobs),
                                      todo, jobs):
            for r in results:
                done[r.language, r.doc] = r
                if r.data is not None:
                    planned.append(((r.language, r.doc), WritePlan(
                        r.path, r.data, r.expected, config.rel(r.path)), r.report, MemoryCounts()))
                    yield planned[-1][1]
        for language in languages:
            open_units = [r for (lang, _), r in done.items()
                          if lang == language and r.catalog is not None]
            if not open_units:
                continue
            memory = _language_memory(config, language, docs, done, loaded, jobs, cache)
            for r in open_units:
                assert r.catalog is not None
                filled, counts = fill_from_memory(r.catalog, memory, config.tm_exact, r.doc)
                data = dumps(filled, config.wrap).encode("utf-8")
                planned.append(((language, r.doc), WritePlan(r.path, data, r.expected,
                                                             config.rel(r.path)), r.report, counts))
                yield planned[-1][1]

    stream = plans()
    try:
        written = write_all(stream)
    finally:
        stream.close()
    changes = dict(zip((unit for unit, *_ in planned), written))
    report = UpdateReport()
    by_unit = {unit: rest for unit, *rest in planned}
    # The memory as this run leaves it: update is idempotent, so a catalog filled from it
    # would come out as written (a second run changes nothing).
    after = {unit: dict(unit_inputs) for unit, unit_inputs in inputs.items()}
    wrote = {unit: digest_bytes(plan.data) for unit, (plan, *_) in by_unit.items()}
    for unit in by_unit:
        _template_name, catalog_name = inputs[unit]
        after[unit][catalog_name] = wrote[unit]
    memory_after = memory_keys(after)
    for language in languages:
        for doc in docs:
            rel = config.rel(config.po_file(language, doc))
            if (language, doc) in by_unit:
                plan, mreport, counts = by_unit[language, doc]
                changed = changes[language, doc]
                unit_inputs = dict(inputs[language, doc])
                if done[language, doc].catalog is not None:
                    unit_inputs["memory"] = memory_after[language]
                cache.store("update", f"{language}/{doc}", unit_inputs, {plan.path: plan.data},
                            {"entries": mreport.kept + mreport.fuzzy + mreport.new,
                             "wrote": wrote[language, doc]}, {plan.path: wrote[language, doc]})
            else:  # what merging it again reports: every entry kept, nothing else
                entries = known[language, doc]["entries"]  # type: ignore[index]
                mreport, counts, changed = MergeReport(kept=entries), MemoryCounts(), False
            memory_note = (f", {counts.total} from memory ({counts.exact} exact, "
                           f"{counts.fuzzy} similar)" if counts.total else "")
            report.files.append(FileChange(
                rel, changed, f"{mreport.kept} kept, {mreport.fuzzy} fuzzy, {mreport.new} new, "
                              f"{mreport.obsoleted} obsolete{memory_note}"))
            report.merges[rel] = mreport
            report.memory[rel] = counts
    cache.save()
    return report


def _own_output(cache: Cache, unit_inputs: dict[str, str | None], unit: str) -> str | None:
    """The catalog's hash if it is the file update wrote for ``unit`` last time, else None."""
    wrote = cache.recorded_info("update", unit).get("wrote")
    _template_name, catalog_name = unit_inputs
    return wrote if type(wrote) is str and wrote == unit_inputs[catalog_name] else None


def _language_memory(config: Config, language: str, docs: list[str],
                     done: dict[tuple[str, str], _Merged], compendia: list[Compendium],
                     jobs: int | None, cache: Cache) -> Memory:
    """The language's memory: the reviewed entries of each catalog as read, in document
    order (skipped catalogs are read for it here), then the compendia.

    A catalog's entries are kept in the cache (section ``memory-<language>``) under the
    hash of the file they were read from, so a skipped catalog is read only when it
    changed since a memory was last made of it.  (Called before update records what it
    wrote: the hashes are those of the catalogs as read.)
    """
    from kilocale.core.memory import Memory, TMRecord

    section = f"memory-{language}"
    inputs = {doc: cache.inputs(config.po_file(language, doc)) for doc in docs}
    read: dict[str, list] = {}
    for doc in docs:
        if (language, doc) not in done:
            known = cache.lookup(section, doc, inputs[doc])
            pairs = known.get("pairs") if known is not None else None
            if type(pairs) is list and all(type(pair) is list and len(pair) == 2
                                           and type(pair[0]) is type(pair[1]) is str
                                           for pair in pairs):
                read[doc] = pairs
    skipped = [doc for doc in docs if (language, doc) not in done and doc not in read]
    for doc, pairs in zip(skipped, map_documents(
            functools.partial(_reviewed_pairs, config, language), skipped, jobs)):
        read[doc] = pairs
        cache.store(section, doc, inputs[doc], {}, {"pairs": pairs})
    for doc in docs:  # merged now: its entries as read, for the next memory
        if (language, doc) in done and cache.lookup(section, doc, inputs[doc]) is None:
            cache.store(section, doc, inputs[doc], {}, {"pairs": done[language, doc].records})
    records = [TMRecord(source, target, doc) for doc in docs
               for source, target in (done[language, doc].records
                                      if (language, doc) in done else read[doc])]
    return Memory(records + [rec for comp in compendia for rec in comp.for_language(language)])


def _reviewed_pairs(config: Config, language: str, doc: str) -> list[tuple[str, str]]:
    """(source, target) of the reviewed entries of one catalog (a worker's job)."""
    return _pairs(catalog_for(config, language, doc), doc)


def _pairs(catalog: Catalog | None, doc: str) -> list[tuple[str, str]]:
    """The reviewed translations of ``catalog`` as (source, target): cheap to send back."""
    from kilocale.core.memory import reviewed_records

    return [(r.source, r.target) for r in reviewed_records(catalog, doc)] if catalog else []


@dataclass
class _Merged:
    """One catalog merged by :func:`_merge_doc`, with what ``update`` needs to finish it."""

    language: str
    doc: str
    path: Path
    expected: str | None  # digest of the catalog as read; None if it did not exist
    report: MergeReport
    records: list[tuple[str, str]]  # its reviewed translations as read: the others' memory
    data: bytes | None  # the merged catalog's file, when the memory has nothing to fill in it
    catalog: Catalog | None  # the merged catalog, when it has entries the memory may fill


# A fuzzy search spread over processes pays for their start (a fork each, and the
# candidates sent to them) from about this many query-candidate pairs: a few tenths of a
# second of scoring in one process.
_PARALLEL_FUZZY_PAIRS = 2_000_000


def _fuzzy_search(jobs: int) -> Search:
    """:func:`kilocale.core.merge.search_each`, on up to ``jobs`` processes when the
    search is big enough to gain from it (the same answers, in the same order)."""
    from kilocale.core.merge import search_each

    def search(index: FuzzyIndex, queries: list[str], threshold: float
               ) -> list[tuple[int, float] | None]:
        if jobs <= 1 or len(queries) * len(index.texts) < _PARALLEL_FUZZY_PAIRS:
            return search_each(index, queries, threshold)
        # Queries in a few slices per process, each slice one call with the index.
        size = -(-len(queries) // (jobs * 4))
        slices = [queries[k:k + size] for k in range(0, len(queries), size)]
        return [best for part in map_documents(functools.partial(_search_each_of, index, threshold),
                                               slices, jobs, min_items=2) for best in part]

    return search


def _search_each_of(index: FuzzyIndex, threshold: float, queries: list[str]
                   ) -> list[tuple[int, float] | None]:
    """``search_each(index, queries, threshold)``, as a worker's job (picklable)."""
    from kilocale.core.merge import search_each

    return search_each(index, queries, threshold)


def _merge_doc(config: Config, now: str, fuzzy_jobs: int,
               item: tuple[str, tuple[str, ...], str | None, tuple[str | None, ...]]
               ) -> list[_Merged]:
    """Merge one document's template into its catalog of each language (a worker's job).

    ``item`` is the document, the languages to merge and the digest of the template as
    extract wrote it, if its cache vouches for it (then the catalogs' entries that kept
    the template's lines need only their msgstr checked: :func:`vouch_layout`), and per
    language the hash of the catalog if it is the file update wrote last time (then none
    of its lines needs checking: :func:`vouch_written`).  A catalog with nothing left to
    fill is serialized here, on the worker's core; one with empty entries goes back whole,
    to be filled from the memory of the other documents.  ``fuzzy_jobs``: processes the
    fuzzy search of a big catalog may use (1 in a pool's worker, whose core is taken).
    """
    from babel import Locale

    from kilocale.core.memory import fillable
    from kilocale.core.merge import merge
    from kilocale.headers import new_catalog_header

    from kilocale.incremental import recorded_as
    from kilocale.io.po_read import block_prefixes

    doc, languages, vouched, own = item
    template_path = config.template_path(doc)
    template = load_po(template_path, config.rel(template_path))
    layout = vouched is not None and recorded_as(template.source_digest) == vouched
    # Most of a catalog's entries begin with the lines of their template entry: read
    # against those, only their msgstr is parsed (load_po's ``known``).
    prefixes = block_prefixes(template)
    out = []
    for language, written in zip(languages, own):
        path = config.po_path(language, doc)  # update checked that it is writable
        existing = load_po(path, config.rel(path), known=prefixes) if path.exists() else None
        if written is not None and existing is not None \
                and recorded_as(existing.source_digest) == written:  # the very file update wrote
            vouch_written(existing, config.wrap)
        merged, mreport = merge(template, existing, language=language,
                                plural_forms=_plural_forms(language),
                                search=_fuzzy_search(fuzzy_jobs))
        if layout:
            vouch_layout(merged, prefixes, config.wrap)
        if existing is None:
            name = Locale.parse(language).english_name
            merged.header_comments = [f"{name} translation of {doc}.",
                                      "This file is distributed under the same license "
                                      "as the source document."]
            merged.header = new_catalog_header(merged.header, config, language, now)
        records = _pairs(existing, doc)
        open_entries = any(fillable(e) for e in merged.entries)
        out.append(_Merged(language, doc, path, existing.source_digest if existing else None,
                           mreport,
                           records,
                           None if open_entries else dumps(merged, config.wrap).encode("utf-8"),
                           merged if open_entries else None))
    return out


@dataclass(frozen=True)
class StatsRow:
    language: str
    doc: str
    stats: CatalogStats
    stale: str = ""  # why the figures may be wrong: the template is missing or out of date
    language_percent: float = 0.0  # the language-wide figure `build --min-complete` judges
    has_template: bool = True  # False: never extracted, so the counts are empty, not complete


def stale_templates(config: Config, jobs: int | None = None, cache: object | None = None,
                    docs: list[str] | None = None) -> dict[str, str]:
    """Documents whose template is missing or older than the source → a message saying so.

    "Older" means what ``extract`` would change: the source was segmented again and the
    template text compared, so a checkout that only touched modification times is fine.
    A document that ``cache`` (a :class:`kilocale.incremental.Cache`) vouches for is not
    segmented: its source and template are the ones its last extract read and wrote, and
    extract would skip it.  ``docs``: only these documents (default: all).
    """
    docs = config.documents() if docs is None else docs
    todo = [doc for doc in docs if not _extracted(config, cache, doc)]
    now = po_date(utc_now())
    if todo:  # imported before the pool forks, so that no worker imports markdown-it again
        import kilocale.formats.markdown  # noqa: F401
    out = {}
    for doc, _entries, data, *_ in map_documents(functools.partial(_template_for, config, now),
                                                 todo, jobs):
        message = _stale_message(config, doc, data.decode("utf-8"))
        if message:
            out[doc] = message
    return out


def _extracted(config: Config, cache: object | None, doc: str, source: Path | str | None = None
               ) -> bool:
    """Whether extract's cache records ``doc``'s current source and template (so the
    template is what extract would write); ``source``: its path, if already made."""
    if cache is None:
        return False
    inputs = cache.inputs(source or config.source_file(doc))  # type: ignore[attr-defined]
    return cache.lookup("extract", doc, inputs) is not None  # type: ignore[attr-defined]


def _stale_message(config: Config, doc: str, text: str) -> str | None:
    """Why ``doc``'s template is not ``text`` (what extract would write), or None if it is."""
    pot = config.template_path(doc)
    source = config.rel(config.source_path(doc))
    if not pot.is_file():
        return f"{source} has no template yet; run `kilocale extract`"
    if read_text(pot) != text:
        return (f"{config.rel(pot)} is older than {source}; figures are for the old "
                "text: run `kilocale extract`")
    return None


def catalog_for(config: Config, language: str, doc: str) -> Catalog | None:
    """The catalog of ``doc`` in ``language`` (None if there is none), for reading only:
    stats, build and the translation memory never write it back."""
    return Project(config).catalog(language, doc, writable=False)


def stats(config: Config, languages: tuple[str, ...]) -> list[StatsRow]:
    """Per language and document: entries and words by state."""
    from kilocale.core.stats import catalog_stats

    rows = []
    documents = config.documents()
    docs = sorted(set(template_docs(config)) | set(documents))
    stale = stale_templates(config)
    for language in languages:
        counted: dict[str, CatalogStats | None] = {}
        found = []
        for doc in docs:
            catalog = catalog_for(config, language, doc)
            if doc in documents:
                counted[doc] = catalog_stats(catalog) if catalog else None
            if catalog is None:
                pot = config.template_path(doc)
                catalog = Project(config).load_catalog(pot, writable=False) \
                    if pot.exists() else Catalog()
            found.append((doc, catalog_stats(catalog)))
        overall = _language_percent(counted)  # exactly what build --min-complete compares
        rows += [StatsRow(language, doc, s, stale.get(doc, ""), overall,
                          config.template_path(doc).is_file()) for doc, s in found]
    return rows


@dataclass
class BuiltEdition:
    """One edition a build wrote (or found unchanged), for the report; not to be confused
    with :class:`kilocale.formats.html.Edition`, a link in the language menu."""

    language: str
    doc: str
    path: str
    percent: float
    segments: int
    fallbacks: int
    changed: bool

    @property
    def segment_percent(self) -> float:
        """Share of the source's segments this edition shows translated."""
        return 100.0 * (self.segments - self.fallbacks) / self.segments if self.segments else 100.0


@dataclass
class BuildReport:
    editions: list[BuiltEdition] = field(default_factory=list)
    skipped: dict[str, float] = field(default_factory=dict)  # language → percent complete
    other_files: list[FileChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # stale editions deleted from build/
    stale: dict[str, str] = field(default_factory=dict)  # doc → template missing / out of date


def _percent(stats_of_doc: CatalogStats | None) -> float:
    return stats_of_doc.percent if stats_of_doc else 0.0


def _language_percent(stats_by_doc: dict[str, CatalogStats | None]) -> float:
    """Reviewed share of all active entries of one language, over every document."""
    translated = sum(s.translated for s in stats_by_doc.values() if s)
    total = sum(s.total for s in stats_by_doc.values() if s)
    return 100.0 * translated / total if total else 0.0


def _index_editions(editions_by_doc: dict[str, list[Edition]],
                    edition_titles: dict[tuple[str, str], str],
                    unpublished: dict[str, list[Edition]]) -> dict[str, list[Edition]]:
    """The index's editions: the built ones with their titles, then the unpublished."""
    from kilocale.formats.edition import Edition

    # Made, not ``dataclasses.replace``d: that looks up the fields again for each of a
    # thousand documents' editions.
    return {doc: [Edition(e.language, e.href, e.percent,
                          edition_titles.get((e.language, doc), ""), e.published) for e in eds]
            + unpublished.get(doc, []) for doc, eds in editions_by_doc.items()}


def _unbreakable_words(config: Config, language: str) -> tuple[str, ...]:
    """The glossary's Chinese forms, never broken across lines in a Chinese page."""
    from kilocale.formats import cjk

    if not cjk.is_cjk_language(language):
        return ()
    glossary = Project(config).glossary
    return cjk.glossary_words(glossary.terms, language) if glossary else ()


@dataclass
class BuildPlan:
    """Every file a build writes, with its bytes, computed before anything is written.

    ``outputs`` pairs each file with its :class:`BuiltEdition` record (None for HTML pages
    and the index); ``report`` is filled in by :func:`write_build`.  ``expected`` is every
    file (relative to the build directory) this configuration produces, so that the writer
    removes the stale ones the manifest names and keeps the rest.
    """

    report: BuildReport
    # None: kept as it is, and then the path may be text (see plan_build)
    outputs: list[tuple[BuiltEdition | None, Path | str, bytes | None]]
    expected: set[str] = field(default_factory=set)
    cache: object | None = None  # kilocale.incremental.Cache, saved by write_build
    records: dict[str, tuple[dict, dict, list]] = field(default_factory=dict)
    index_keys: list[list[str]] = field(default_factory=list)  # see _render_index
    written: set[str] | None = None  # _build_names of the outputs, if already made


@without_cycle_collector
def build(config: Config, languages: tuple[str, ...], min_complete: float = 0.0,
          jobs: int | None = None, incremental: bool = True) -> BuildReport:
    """Render every edition: ``build/<lang>/<doc>.md`` and ``.html``, the original, the index.

    Reviewed translations replace their sentences; everything else keeps the source text
    and is counted.  A language below ``min_complete`` percent is skipped and reported.
    The HTML pages link every edition that is built (all configured languages that pass
    ``min_complete``), whichever subset this run writes.  Catalogs are read and documents
    rendered on ``jobs`` processes; a document whose source, catalogs and links are
    unchanged since the last build, and whose pages are as written then, is skipped.
    """
    return write_build(config, plan_build(config, languages, min_complete, jobs, incremental))


def _translations(catalog: Catalog | None) -> dict[str, str]:
    """msgid → msgstr of the reviewed translations that an edition uses."""
    return {e.msgid: e.msgstr for e in catalog.entries
            if e.translated and e.msgctxt is None} if catalog else {}


def _summarize(config: Config, unit: tuple[str, str]
               ) -> tuple[CatalogStats | None, dict[str, str] | None]:
    """Stats and translation table of one catalog (None, None when it does not exist)."""
    from kilocale.core.stats import catalog_stats

    catalog = catalog_for(config, *unit)
    return (catalog_stats(catalog), _translations(catalog)) if catalog else (None, None)


@dataclass(frozen=True)
class _DocBuild:
    """What a worker needs to render every edition of one document."""

    doc: str
    languages: tuple[str, ...]
    tables: dict[str, dict[str, str]]  # by language; a missing one is read by the worker
    editions: list  # html.Edition of every published language, for the page links
    percents: dict[str, float]
    words: dict[str, tuple[str, ...]]  # unbreakable words by language
    check_template: bool = True  # also compare the template with the source (stale_templates)


@dataclass
class _DocPages:
    """A worker's result for one document."""

    titles: dict[str, str]  # by language, the source's included
    pages: list[tuple[BuiltEdition | None, Path, bytes]]
    stale: str | None = None  # the template is missing or out of date (see stale_templates)
    error: KilocaleError | None = None  # rendering failed: raised by the caller, in order


def _build_doc(config: Config, job: _DocBuild) -> _DocPages:
    """Titles by language and the pages of one document: the original's HTML, then each
    language's edition and its HTML.

    The source is parsed once for its segments (the template check) and the editions, and
    once more by each page; a title is read off its page's parse where that is the same
    text (:func:`kilocale.formats.html.page_and_heading`).  A source that cannot be
    segmented raises here, as :func:`stale_templates` would before anything is rendered;
    an error while rendering is returned, for the caller to raise after every document's
    template check, as a serial run would.
    """
    from kilocale.formats import format_for

    src, doc = config.source_language, job.doc
    source = _source_text(config, doc)
    source_path = config.source_path(doc)
    fmt = format_for(source_path.suffix)
    document = fmt.parse(source, config.rel(source_path), config.segmentation)
    stale = (_stale_message(config, doc, _template_of(config, po_date(utc_now()), doc,
                                                      document.segments)[2])
             if job.check_template else None)
    try:
        titles, pages = _render_doc(config, job, source, document)
    except KilocaleError as exc:
        return _DocPages({}, [], stale, exc)
    return _DocPages(titles, pages, stale)


def _render_doc(config: Config, job: _DocBuild, source: str, document: object
                ) -> tuple[dict[str, str], list[tuple[BuiltEdition | None, Path, bytes]]]:
    from kilocale.core.lang import sentence_joiner
    from kilocale.formats import format_for, html
    from kilocale.formats.markdown import strip_fallback_marks

    src, doc = config.source_language, job.doc
    source_path = config.source_path(doc)
    fmt = format_for(source_path.suffix)
    try:
        original, title = html.page_and_heading(source, language=src, source_language=src,
                                                doc=doc, editions=job.editions,
                                                blocks=document.blocks)  # type: ignore[attr-defined]
    except SourceError as exc:  # the page has no path of its own: name the source
        raise SourceError(exc.message, config.rel(source_path), exc.line) from None
    pages: list[tuple[BuiltEdition | None, Path, bytes]] = [(
        None, config.build_dir / src / f"{doc}.html", original)]
    titles = {src: title if title is not None else html.first_heading(source)}
    for language in job.languages:
        table = job.tables[language] if language in job.tables else \
            _translations(catalog_for(config, language, doc))
        result = fmt.render(document, table.get, sentence_joiner(language),  # type: ignore[arg-type]
                            mark_fallbacks=True)
        out_path = config.build_dir / language / f"{doc}{fmt.suffix}"
        edition = BuiltEdition(language, doc, config.rel(out_path), job.percents[language],
                               result.total, result.fallbacks, False)
        text = strip_fallback_marks(result.text)
        pages.append((edition, out_path, text.encode("utf-8")))
        page, title = html.page_and_heading(result.text, language=language, source_language=src,
                                            doc=doc, editions=job.editions,
                                            words=job.words[language],
                                            untranslated=(result.fallbacks, result.total))
        titles[language] = title if title is not None else html.first_heading(text)
        pages.append((None, config.build_dir / language / f"{doc}.html", page))
    return titles, pages


@without_cycle_collector
def plan_build(config: Config, languages: tuple[str, ...], min_complete: float = 0.0,
               jobs: int | None = None, incremental: bool = True) -> BuildPlan:
    """What :func:`build` would write, read from the project and rendered; writes nothing."""
    from kilocale.core.stats import CatalogStats
    from kilocale.formats import format_for
    from kilocale.formats.edition import Edition
    from kilocale.incremental import Cache

    docs = config.documents()
    # update's records too: they know the catalogs it just wrote by their stat, which the
    # build that follows would otherwise hash again (read less than RACY_NS ago, they are
    # not recorded by that build either, so the next build would hash them once more).
    cache = Cache.open(config, incremental, ("stats", "build", "extract", "update"))
    units = [(lang, doc) for lang in config.languages for doc in docs]
    # Each file's path made once, as text: a thousand documents' paths are a good part of
    # a build that finds one document changed.
    po_paths = {unit: config.po_file(*unit) for unit in units}
    source_paths = {doc: config.source_file(doc) for doc in docs}
    inputs = {unit: cache.inputs(po_paths[unit]) for unit in units}
    known = {unit: cache.lookup("stats", "/".join(unit), inputs[unit]) for unit in units}
    todo = [unit for unit in units if known[unit] is None]
    tables: dict[tuple[str, str], dict[str, str]] = {}
    counted: dict[str, dict[str, CatalogStats | None]] = {lang: {} for lang in config.languages}
    for unit in units:
        if known[unit] is not None:
            counted[unit[0]][unit[1]] = CatalogStats(**known[unit])
    for unit, (stats_of, table) in zip(todo, map_documents(
            functools.partial(_summarize, config), todo, jobs)):
        counted[unit[0]][unit[1]] = stats_of
        if stats_of is not None and table is not None:
            tables[unit] = table
            cache.store("stats", "/".join(unit), inputs[unit], {}, asdict(stats_of))
    counted = {lang: {doc: counted[lang][doc] for doc in docs} for lang in counted}
    percents = {lang: _language_percent(counted[lang]) for lang in counted}
    published = [lang for lang in config.languages if percents[lang] >= min_complete]
    report = BuildReport(skipped={lang: percents[lang] for lang in languages
                                  if lang not in published})
    src = config.source_language
    built = tuple(lang for lang in languages if lang in published)
    editions_by_doc: dict[str, list[Edition]] = {}
    for doc in docs:
        editions_by_doc[doc] = [Edition(src, f"{src}/{doc}.html", 100.0)] + [
            Edition(lang, f"{lang}/{doc}.html", _percent(counted[lang][doc]))
            for lang in published]

    # Per document: its source, the catalogs it is built from and the pages it links.
    words = {lang: _unbreakable_words(config, lang) for lang in built}
    doc_inputs = {doc: {**cache.inputs(source_paths[doc],
                                       *(po_paths[lang, doc] for lang in built)),
                        "editions": repr(editions_by_doc[doc]), "languages": list(built),
                        "words": [list(words[lang]) for lang in built]}
                  for doc in docs}
    done = {doc: cache.lookup("build", doc, doc_inputs[doc]) for doc in docs}
    # Templates: extract's cache vouches for most; a document rendered now is checked by
    # its worker from the same parse; the others are segmented here (stale_templates).
    extracted = {doc for doc in docs if _extracted(config, cache, doc, source_paths[doc])}
    stale = stale_templates(config, jobs, docs=[doc for doc in docs if done[doc] is not None
                                                and doc not in extracted])
    work = [_DocBuild(doc, built, {lang: tables[lang, doc] for lang in built
                                   if (lang, doc) in tables}, editions_by_doc[doc],
                      {lang: _percent(counted[lang][doc]) for lang in built}, words,
                      doc not in extracted)
            for doc in docs if done[doc] is None]
    if work:  # imported before the pool forks, so that no worker imports them again
        import kilocale.formats.html  # noqa: F401
    rendered = dict(zip([job.doc for job in work], map_documents(
        functools.partial(_build_doc, config), work, jobs)))
    for doc, result in rendered.items():
        if result.stale:
            stale[doc] = result.stale
    report.stale = {doc: stale[doc] for doc in docs if doc in stale}
    for result in rendered.values():  # in document order, as a serial run meets them
        if result.error is not None:
            raise result.error

    planned: list[tuple[BuiltEdition | None, Path | str, bytes | None]] = []
    kept: dict[str, list[tuple[BuiltEdition | None, str, None]]] = {}
    edition_titles: dict[tuple[str, str], str] = {}
    # A kept page's path is only named (in the report and the manifest): as text, which
    # costs a thousand unchanged documents no pathlib joins.
    for doc in docs:
        if doc in rendered:
            doc_titles = rendered[doc].titles
        else:
            doc_titles = done[doc]["titles"]
            kept[doc] = [(None, text_join(config.build_dir, f"{src}/{doc}.html"), None)]
            for e in done[doc]["editions"]:
                edition = BuiltEdition(**e)
                kept[doc].append((edition, text_join(config.root, edition.path), None))
                kept[doc].append((None, text_join(config.build_dir,
                                                  f"{edition.language}/{doc}.html"), None))
        for lang, title in doc_titles.items():
            edition_titles[lang, doc] = title
    for doc in docs:  # every original's page first, then the editions document by document
        planned.append(rendered[doc].pages[0] if doc in rendered else kept[doc][0])
    for doc in docs:
        planned += rendered[doc].pages[1:] if doc in rendered else kept[doc][1:]
    titles = {doc: edition_titles[src, doc] for doc in docs}
    unpublished = {doc: [Edition(lang, f"{lang}/{doc}.html", _percent(counted[lang][doc]),
                                      published=False)
                         for lang in config.languages if lang not in published] for doc in docs}
    index, index_keys = _render_index(cache, config.build_dir / "index.html", _index_editions(
        editions_by_doc, edition_titles, unpublished), titles, src)
    planned.append((None, config.build_dir / "index.html", index))
    written = _build_names(config, [out_path for _, out_path, _ in planned])
    expected = written | {f"{lang}/{doc}{suffix}" for doc in docs for lang in published
                          for suffix in (format_for(os.path.splitext(source_paths[doc])[1]).suffix,
                                         ".html")}
    records = {doc: (doc_inputs[doc], result.titles, result.pages)
               for doc, result in rendered.items()}
    return BuildPlan(report, planned, expected, cache, records, index_keys, written)


# build's record of the index (its sections, see _render_index): no document's name, a
# path relative to the source directory, starts with a slash.
_INDEX_UNIT = "/index"


def _render_index(cache: Cache, path: Path, editions: dict[str, list[Edition]],
                  titles: dict[str, str], src: str) -> tuple[bytes, list[list[str]]]:
    """``build/index.html`` and, per document in page order, the hash of what its section
    shows (for the next build's record).

    A document's section is the one in the index the last build wrote when its hash is
    the recorded one and that file is as written (:func:`html.render_index_sections`):
    one edited document costs its own rows, not a thousand documents' rows.  When every
    hash is the recorded one, in the recorded order, the page is that file as it is.
    """
    from kilocale.incremental import digest_bytes

    keys = [[doc, digest_bytes(repr((src, titles.get(doc), editions[doc])).encode("utf-8"))]
            for doc in sorted(editions)]
    known: dict[str, bytes] = {}
    record = cache.lookup("build", _INDEX_UNIT, {})
    previous = record.get("sections") if record is not None else None
    if type(previous) is list and all(type(item) is list and len(item) == 2
                                      and type(item[0]) is str for item in previous):
        try:
            page = path.read_bytes()
        except OSError:
            page = b""
        if digest_bytes(page) == cache.digest(path):  # still the file the record vouches for
            if previous == keys:
                # The same documents in the same order, each section as before, and so
                # the chrome (made of the same editions): the page itself, without the
                # renderer's libraries, as a build that renders no document needs.
                return page, keys
            from kilocale.formats import html

            current = dict(keys)
            old = html.index_sections(page, [doc for doc, _ in previous])
            known = {doc: old[doc] for doc, key in previous
                     if doc in old and current.get(doc) == key}
    from kilocale.formats import html

    page, _ = html.render_index_sections(editions, source_language=src, titles=titles,
                                         known=known)
    return page, keys


@without_cycle_collector
def write_build(config: Config, plan: BuildPlan) -> BuildReport:
    """Write a :func:`plan_build` result atomically, skipping unchanged files, with the
    manifest in the same transaction; then remove the stale editions; the report."""
    from kilocale.io.manifest import manifest_plan, read_manifest, remove_stale

    report = plan.report
    written = plan.written if plan.written is not None else _build_names(
        config, [out_path for _, out_path, _ in plan.outputs])
    previous = read_manifest(config.build_dir)
    manifest = manifest_plan(config.build_dir, (previous & plan.expected) | written)
    writes = [i for i, (_, _, data) in enumerate(plan.outputs) if data is not None]
    targets = _writable(config, [plan.outputs[i][1] for i in writes])
    changes = dict(zip(writes, write_all([WritePlan(path, plan.outputs[i][2], ANY,
                                                    config.rel(path))
                                          for i, path in zip(writes, targets)] + [manifest])))
    for i, (edition, out_path, _data) in enumerate(plan.outputs):
        changed = changes.get(i, False)
        if edition is not None:
            edition.changed = changed
            report.editions.append(edition)
        else:
            report.other_files.append(FileChange(config.rel(out_path), changed))
    report.removed = [config.rel(config.build_dir / rel)
                      for rel in remove_stale(config.build_dir, previous, plan.expected)]
    cache = plan.cache
    if cache is not None:
        for doc, (inputs, titles, pages) in plan.records.items():
            cache.store("build", doc, inputs, {path: data for _, path, data in pages},  # type: ignore[attr-defined]
                        {"titles": titles, "editions": [asdict(e) | {"changed": False}
                                                        for e, _, _ in pages if e is not None]})
        _, index_path, index = plan.outputs[-1]  # the index comes last (plan_build)
        cache.store("build", _INDEX_UNIT, {}, {index_path: index},  # type: ignore[attr-defined]
                    {"sections": plan.index_keys})
        cache.save()  # type: ignore[attr-defined]
    return report


def _build_names(config: Config, paths: list[Path | str]) -> set[str]:
    """``{p.relative_to(config.build_dir).as_posix() for p in paths}`` (every path is
    under it), as text: a build of a thousand documents names three thousand files."""
    prefix = str(config.build_dir) + os.sep
    return {text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix)
            else Path(path).relative_to(config.build_dir).as_posix()
            for path in paths for text in (str(path),)}


def _writable(config: Config, paths: list[Path]) -> list[Path]:
    """``[config.writable(p) for p in paths]``, its checks made once per directory.

    What ``writable`` checks of a file's directories (symbolic links out of the project,
    a file where a directory must be) is the same for every file in one directory; of
    the file itself, only whether it is a symbolic link or a directory can differ, and
    such a file gets the full check.
    """
    import stat

    checked: set[Path] = set()
    for path in paths:
        if path.parent in checked:
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                continue
            except OSError:
                mode = stat.S_IFLNK  # let the full check say what is wrong
            if not (stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):
                continue
        config.writable(path)
        checked.add(path.parent)
    return paths


def suggest(config: Config) -> list[Candidate]:
    """Glossary candidates found in the sources that the glossary does not cover."""
    from kilocale.core.glossary import Glossary
    from kilocale.core.suggest import suggest_terms

    glossary = Project(config).glossary or Glossary(terms=())
    texts = [_source_text(config, doc) for doc in config.documents()]
    return suggest_terms(texts, glossary)

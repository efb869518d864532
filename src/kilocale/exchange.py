"""The shell for CAT-tool interchange: ``kilocale export``, ``import`` and ``glossary export/import``.

It loads the project's catalogs and glossary, calls the format adapters
(:mod:`kilocale.io.xliff`, :mod:`kilocale.io.tmx`, :mod:`kilocale.io.tbx`) and writes
the results atomically.  Like :mod:`kilocale.pipeline`, every function computes all of
its outputs before it writes any, so one bad input file leaves every file as it was, and
nothing here prints.

An XLIFF import writes only the catalogs in which a unit changed something, with
:func:`kilocale.io.po.dumps`, so importing an unedited export leaves every catalog
byte-identical.  Writes go through :func:`kilocale.io.fs.write_all`: one transaction per
command, and a catalog that changed on disk since it was read is not overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kilocale import __version__
from kilocale.config import Config, normalize_language
from kilocale.errors import ConfigError, KilocaleError
from kilocale.io import tmx, xliff
from kilocale.io.fs import ANY, WritePlan, atomic_write_bytes, write_all
from kilocale.io.po import plan_po
from kilocale.model import Catalog
from kilocale.pipeline import FileChange
from kilocale.project import Project

DEFAULT_DIR = "exchange"  # under the build directory
TMX_NAME = "translation-memory.tmx"


def default_dir(config: Config) -> Path:
    """Where exports go without ``-o``: ``<build_dir>/exchange``."""
    return config.build_dir / DEFAULT_DIR


def select_docs(config: Config, requested: tuple[str, ...]) -> list[str]:
    """The documents an export covers: the requested ones (each must have a template), else all."""
    docs = Project(config).template_docs()
    if not docs:
        raise KilocaleError("no templates found under "
                            f"{config.rel(config.locales_dir / 'templates')}; run `kilocale extract`")
    for doc in requested:
        if doc not in docs:
            raise KilocaleError(f"unknown document {doc!r} (documents: {', '.join(docs)})")
    return [d for d in docs if d in requested] if requested else docs


def _catalogs(config: Config, languages: tuple[str, ...],
              docs: list[str]) -> list[tuple[str, str, Path, Catalog]]:
    out = []
    for language in languages:
        for doc in docs:
            path = config.po_path(language, doc)
            if not path.exists():
                raise KilocaleError(f"{config.rel(path)} does not exist; run `kilocale update` first")
            out.append((language, doc, path, Project(config).load_catalog(path)))
    return out


@dataclass
class ExportReport:
    files: list[FileChange] = field(default_factory=list)
    units: int = 0


def export_xliff(config: Config, languages: tuple[str, ...], docs: list[str],
                 outdir: Path) -> ExportReport:
    """Write ``<outdir>/<lang>/<doc>.xlf`` (XLIFF 1.2) for every language and document."""
    report = ExportReport()
    outputs = []
    for language, doc, path, catalog in _catalogs(config, languages, docs):
        catalog.path = config.rel(path)
        data = xliff.dumps_xliff(catalog, config.source_language, language, config.rel(path),
                                 __version__)
        outputs.append((outdir / language / f"{doc}.xlf", data))
        report.units += sum(1 for e in catalog.entries if not e.obsolete and e.msgid)
    plans = [WritePlan(out, data, ANY, config.rel(out)) for out, data in outputs]
    for plan, changed in zip(plans, write_all(plans)):
        report.files.append(FileChange(plan.shown, changed))
    return report


def export_tmx(config: Config, languages: tuple[str, ...], docs: list[str],
               outdir: Path) -> ExportReport:
    """Write ``<outdir>/translation-memory.tmx``: the reviewed translations of every language."""
    units: dict[tuple[str | None, str], dict[str, str]] = {}
    for language, _doc, _path, catalog in _catalogs(config, languages, docs):
        for entry in catalog.entries:
            if entry.translated and entry.msgid:
                units.setdefault(entry.key, {}).setdefault(language, entry.msgstr)
    tus = [tmx.TmxUnit(source=msgid, context=ctx,
                       translations=tuple((lang, found[lang]) for lang in languages if lang in found))
           for (ctx, msgid), found in units.items()]
    out = outdir / TMX_NAME
    data = tmx.dumps_tmx(tus, config.source_language, __version__)
    (changed,) = write_all([WritePlan(out, data, ANY, config.rel(out))])
    return ExportReport([FileChange(config.rel(out), changed)], len(tus))


@dataclass
class ImportReport:
    files: list[FileChange] = field(default_factory=list)  # catalogs written
    applied: int = 0
    unchanged: int = 0
    problems: list[xliff.MergeProblem] = field(default_factory=list)


def _language_of(tag: str, path: str, line: int) -> str:
    try:
        return normalize_language(tag)
    except ConfigError:
        raise xliff.XliffError(f"invalid target-language {tag!r}", path, line) from None


def import_xliff(config: Config, paths: list[Path]) -> ImportReport:
    """Merge the targets of XLIFF files into the catalogs they were exported from.

    Each ``<file original="...">`` must name a catalog of this project whose language is
    the file's ``target-language``.  All files are read and merged before any catalog is
    written; a malformed file raises :class:`~kilocale.io.xliff.XliffError` and nothing is
    written.  Units that cannot be applied are listed in ``problems``.
    """
    known = {config.rel(config.po_path(lang, doc)): (lang, doc)
             for lang in config.languages for doc in Project(config).template_docs()}
    merged: dict[str, tuple[Path, Catalog]] = {}
    report = ImportReport()
    changed: set[str] = set()
    for path in paths:
        where = config.rel(Path(path)) if Path(path).is_absolute() else str(path)
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise xliff.XliffError("file not found", where) from None
        for xf in xliff.parse_xliff(data, where):
            if xf.original not in known:
                raise xliff.XliffError(f"<file original={xf.original!r}> is not a catalog of this "
                                       "project (was it exported by `kilocale export`?)", where, xf.line)
            language, _doc = known[xf.original]
            if _language_of(xf.target_language, where, xf.line) != language:
                raise xliff.XliffError(f"target-language {xf.target_language!r} does not match "
                                       f"{xf.original}", where, xf.line)
            if xf.source_language and _language_of(xf.source_language, where, xf.line) != config.source_language:
                raise xliff.XliffError(f"source-language {xf.source_language!r} is not the project's "
                                       f"{config.source_language!r}", where, xf.line)
            if xf.original not in merged:
                po_path = config.po_path(*known[xf.original])
                merged[xf.original] = (po_path, Project(config).load_catalog(po_path))
            po_path, catalog = merged[xf.original]
            result = xliff.merge_units(catalog, xf.units, where)
            merged[xf.original] = (po_path, result.catalog)
            report.applied += result.applied
            report.unchanged += result.unchanged
            report.problems += result.problems
            if result.applied:
                changed.add(xf.original)
    # One transaction: a catalog a translator saved while this ran is never overwritten.
    plans = [plan_po(catalog, po_path, config.wrap, config.rel(po_path))
             for original, (po_path, catalog) in merged.items() if original in changed]
    for plan, written in zip(plans, write_all(plans)):
        report.files.append(FileChange(plan.shown, written))
    return report


def glossary_tbx(config: Config) -> bytes:
    """The project's glossary as TBX-Basic."""
    from kilocale.io import tbx
    from kilocale.io.glossary_file import load_glossary

    glossary = load_glossary(config.glossary, config.languages, display=config.rel(config.glossary))
    return tbx.dumps_tbx(glossary.terms, config.source_language, config.languages)


def glossary_from_tbx(config: Config, path: Path) -> str:
    """A TBX file's terms as glossary.yaml text, validated like the project's glossary.

    Raises:
        TbxError: unreadable TBX, or terms that do not make a valid glossary for the
            configured languages (the message says which term and why).
    """
    from kilocale.errors import GlossaryError
    from kilocale.io import tbx
    from kilocale.io.glossary_file import parse_glossary

    where = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise tbx.TbxError("file not found", where) from None
    terms = tbx.parse_tbx(data, config.source_language, where)
    text = tbx.dumps_glossary_yaml(terms)
    try:
        parse_glossary(text, config.languages, where)
    except GlossaryError as exc:
        raise tbx.TbxError(f"its terms do not make a valid glossary: {exc.message}", where) from None
    return text


def write_new_file(path: Path, data: bytes, force: bool) -> bool:
    """Write ``data`` atomically, refusing to replace an existing file unless ``force``."""
    if path.exists() and not force:
        raise KilocaleError(f"{path} exists; use --force to replace it")
    return atomic_write_bytes(path, data, expected=ANY if force else None)

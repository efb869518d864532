"""The `kilocale` command line: parse options, call :mod:`kilocale.pipeline`, print reports.

Exit codes: 0 clean, 1 findings (``check``), 2 bad usage or bad input.  Library errors
carry their location and are printed as ``path:line: message``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

from kilocale import __version__
from kilocale.engines import DEFAULT_ENGINE, ENGINES
from kilocale.entry import terminal_columns
from kilocale.errors import KilocaleError

if TYPE_CHECKING:
    from pathlib import Path

    from kilocale.config import Config

# Start-up is paid on every run (CI, pre-commit hooks): this module imports only click
# and the engine registry (names only). The pipeline, the formats (markdown-it, lxml),
# babel, yaml and rapidfuzz are imported inside the command that needs them, and even
# pathlib (with urllib.parse and ipaddress, a tenth of `--help`) waits for a path option's
# value to be converted (FilePath).


class FilePath(click.Path):
    """``click.Path`` whose values are :class:`pathlib.Path` (``path_type=Path``, which
    would need pathlib imported to declare the option)."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(super().convert(value, param, ctx))


# One instance of each, shared by every option: click.Path's constructor looks its name up
# with gettext, which searches the disk for message catalogs on every call.
DIRECTORY = FilePath(file_okay=False)
FILE = FilePath(dir_okay=False)


class _HelpFormatter(click.HelpFormatter):
    """click's help formatter with its width rule, minus its ``import shutil``."""

    def __init__(self, indent_increment: int = 2, width: int | None = None,
                 max_width: int | None = None) -> None:
        from click import formatting

        if width is None:  # click's rule: FORCED_WIDTH (CliRunner), else the terminal's
            width = formatting.FORCED_WIDTH or max(min(terminal_columns(), max_width or 80) - 2,
                                                   50)
        super().__init__(indent_increment, width, max_width)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Command(click.Command):
    context_class = _Context


class _Group(click.Group):
    """Every command and group of the CLI renders its help with :class:`_HelpFormatter`."""

    context_class = _Context
    command_class = _Command
    group_class = type  # subgroups are _Group too


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a located library error into `path:line: message` on stderr and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KilocaleError as exc:
            click.echo(f"kilocale: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def echo_lines(lines: Iterable[str]) -> None:
    """Print report lines with one write: a thousand documents' lines one ``click.echo`` at
    a time are a share of a command that found one document changed."""
    text = "\n".join(lines)
    if text:
        click.echo(text)


def get_config(ctx: click.Context) -> Config:
    """The project's configuration, loaded once per invocation."""
    from kilocale.config import load_config

    obj = ctx.ensure_object(dict)
    if "config" not in obj:
        obj["config"] = load_config(obj.get("root", "."))
    return obj["config"]


lang_option = click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
                           help="Work on this language only (repeatable). Default: all configured.")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "root", type=DIRECTORY, default=".",
              help="Run as if kilocale was started in DIR (like git -C).", metavar="DIR")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for extract, update, check and build. "
                   "Default: the number of cores.")
@click.option("--no-cache", is_flag=True,
              help="Redo every document, ignoring what .kilocale/ records as unchanged.")
@click.version_option(__version__, prog_name="kilocale")
@click.pass_context
def cli(ctx: click.Context, root: Path, jobs: int | None, no_cache: bool) -> None:
    """Translate German Markdown articles through gettext catalogs.

    Workflow: extract → update → (pretranslate) → translate in a PO editor → check → build.
    """
    ctx.ensure_object(dict).update(root=root, jobs=jobs, incremental=not no_cache)


def run_options(ctx: click.Context) -> dict[str, Any]:
    """``jobs`` and ``incremental`` for a pipeline function, from the group's options."""
    obj = ctx.find_root().ensure_object(dict)
    return {"jobs": obj.get("jobs"), "incremental": obj.get("incremental", True)}


@cli.command()
@click.pass_context
@handle_errors
def extract(ctx: click.Context) -> None:
    """Segment the source documents into locales/templates/<doc>.pot."""
    from kilocale import pipeline

    config = get_config(ctx)
    report = pipeline.extract(config, **run_options(ctx))
    echo_lines(f"{f.path}: {f.summary}{'' if f.changed else ' (unchanged)'}"
               for f in report.files)
    click.echo(f"{report.segments} segments, {report.entries} entries")


@cli.command()
@lang_option
@click.option("--compendium", "compendia", multiple=True, metavar="FILE.po|FILE.tmx",
              type=FILE,
              help="Also reuse the reviewed translations of this PO file or TMX memory "
                   "(repeatable).")
@click.pass_context
@handle_errors
def update(ctx: click.Context, langs: tuple[str, ...], compendia: tuple[Path, ...]) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<doc>.po from the templates.

    Like msgmerge --previous: translations are kept, changed sentences become fuzzy with
    the previous msgid, vanished ones become obsolete. No translation is ever dropped.
    New and empty entries are filled from the translation memory (the language's other
    catalogs and --compendium files): fuzzy, with a `kilocale-tm:` comment.
    """
    from kilocale import pipeline

    config = get_config(ctx)
    report = pipeline.update(config, config.select_languages(langs), compendia,
                             **run_options(ctx))
    echo_lines(f"{f.path}: {f.summary}{'' if f.changed else ' (unchanged)'}"
               for f in report.files)


@cli.command()
@lang_option
@click.option("--min-complete", type=click.FloatRange(0, 100), default=0.0, metavar="PCT",
              help="Skip a language whose reviewed translations cover less than PCT percent.")
@click.pass_context
@handle_errors
def build(ctx: click.Context, langs: tuple[str, ...], min_complete: float) -> None:
    """Render the language editions into the build directory.

    Reviewed (non-fuzzy) translations replace their sentences; anything else falls back
    to the source text and is counted.
    """
    from kilocale import pipeline

    config = get_config(ctx)
    report = pipeline.build(config, config.select_languages(langs), min_complete,
                            **run_options(ctx))
    for message in report.stale.values():
        click.echo(f"kilocale: {message}", err=True)
    def edition_line(e: Any) -> str:
        note = f", {e.fallbacks} of {e.segments} segments in the source language" \
            if e.fallbacks else ""
        return f"{e.path}: {e.segment_percent:.0f}% translated{note}" \
               f"{'' if e.changed else ' (unchanged)'}"

    echo_lines([
        *(edition_line(e) for e in report.editions),
        *(f"{f.path}{'' if f.changed else ' (unchanged)'}" for f in report.other_files),
        *(f"{path}: removed (no longer built)" for path in report.removed)])
    for language, percent in sorted(report.skipped.items()):
        click.echo(f"{language}: not built, {percent:.1f}% complete is below "
                   f"--min-complete {min_complete:g}%", err=True)


@cli.command()
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
@handle_errors
def stats(ctx: click.Context, langs: tuple[str, ...], fmt: str) -> None:
    """Translated, fuzzy, untranslated and obsolete entries and words per language."""
    from kilocale import pipeline
    from kilocale.report import format_stats

    config = get_config(ctx)
    rows = pipeline.stats(config, config.select_languages(langs))
    click.echo(format_stats(rows, fmt), nl=False)
    for message in dict.fromkeys(r.stale for r in rows if r.stale):
        click.echo(f"kilocale: {message}", err=True)


@cli.command()
@lang_option
@click.option("--engine", type=click.Choice(sorted(ENGINES)), default=DEFAULT_ENGINE,
              show_default=True, help="Machine-translation engine.")
@click.option("--url", metavar="URL", help="LibreTranslate server (default: url in "
              "[tool.kilocale.engines.libretranslate]).")
@click.option("--api-key", metavar="KEY", envvar="KILOCALE_LIBRETRANSLATE_API_KEY",
              show_envvar=True, help="LibreTranslate API key (prefer the environment variable).")
@click.option("--dry-run", is_flag=True, help="Translate and report, but write nothing.")
@click.pass_context
@handle_errors
def pretranslate(ctx: click.Context, langs: tuple[str, ...], engine: str, url: str | None,
                 api_key: str | None, dry_run: bool) -> None:
    """Fill empty entries with fuzzy machine drafts, glossary terms and markup locked.

    A translation already there, even fuzzy, is never overwritten. Drafts carry a
    `kilocale-mt:` translator comment (engine, model, glossary hash).
    """
    from kilocale.pretranslate import make_engine, pretranslate_project

    config = get_config(ctx)
    mt = make_engine(config, engine, url, api_key if engine == "libretranslate" else None)
    with _progress() as (plan, step):
        reports = pretranslate_project(config, config.select_languages(langs), mt, dry_run,
                                       step, plan)
    for r in reports:
        click.echo(f"{r.path}: {r.translated} of {r.candidates} empty entries translated, "
                   f"{r.sentinels_restored}/{r.sentinels} sentinels restored, {r.retries} retried, "
                   f"{r.failures} failed{' (dry run)' if dry_run else ''}")
        for msgid, problem in r.problems:
            click.echo(f"{r.path}: {problem}: {msgid[:60]}", err=True)
        if r.kept_terms:
            click.echo(f"{r.path}: kept as written (the glossary has no {r.language} form): "
                       f"{', '.join(r.kept_terms)}", err=True)


class _progress:
    """A progress bar on a terminal (stderr), nothing otherwise: yields (plan, step) callbacks."""

    def __enter__(self) -> tuple[Callable[[int], None], Callable[[int], None]]:
        self.bar: Any = None

        def plan(total: int) -> None:
            if sys.stderr.isatty() and total:
                self.bar = click.progressbar(length=total, label="translating", file=sys.stderr)
                self.bar.__enter__()

        def step(n: int) -> None:
            if self.bar is not None:
                self.bar.update(n)

        return plan, step

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["xliff", "tmx"]), default="xliff",
              show_default=True, help="xliff: one XLIFF 1.2 file per language and document; "
              "tmx: one TMX 1.4b memory of the reviewed translations.")
@lang_option
@click.option("--doc", "docs", multiple=True, metavar="DOC", help="This document only (repeatable).")
@click.option("-o", "outdir", type=DIRECTORY, metavar="DIR",
              help="Output directory. Default: <build_dir>/exchange.")
@click.pass_context
@handle_errors
def export_cmd(ctx: click.Context, fmt: str, langs: tuple[str, ...], docs: tuple[str, ...],
               outdir: Path | None) -> None:
    """Export catalogs for CAT tools: XLIFF to translate, TMX as a translation memory."""
    from kilocale import exchange

    config = get_config(ctx)
    export = exchange.export_xliff if fmt == "xliff" else exchange.export_tmx
    report = export(config, config.select_languages(langs), exchange.select_docs(config, docs),
                    outdir if outdir is not None else exchange.default_dir(config))
    for f in report.files:
        click.echo(f"{f.path}{'' if f.changed else ' (unchanged)'}")
    click.echo(f"{report.units} {'units' if fmt == 'xliff' else 'translation units'}")


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=FILE)
@click.pass_context
@handle_errors
def import_cmd(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Merge the targets of XLIFF files (from `kilocale export`) into their catalogs.

    Units are matched by id; a changed target or state replaces the msgstr and sets or
    clears fuzzy. Units whose source changed since the export are not applied and are
    listed (exit 1). Bad XML: exit 2, nothing written.
    """
    from kilocale import exchange

    report = exchange.import_xliff(get_config(ctx), list(files))
    for f in report.files:
        click.echo(f"{f.path}{'' if f.changed else ' (unchanged)'}")
    click.echo(f"{report.applied} unit(s) applied, {report.unchanged} unchanged, "
               f"{len(report.problems)} not applied")
    for problem in report.problems:
        click.echo(str(problem), err=True)
    sys.exit(1 if report.problems else 0)


@cli.group()
def models() -> None:
    """Argos Translate model packages for `pretranslate --engine argos`."""


@models.command("list")
@handle_errors
def models_list() -> None:
    """List the installed translation packages."""
    from kilocale.engines.argos_models import list_packages

    packages = list_packages()
    for info in packages:
        click.echo(str(info))
    if not packages:
        click.echo("no Argos Translate packages installed; try: kilocale models install de en")


@models.command("install")
@click.argument("args", nargs=-1, required=True, metavar="SRC TGT | FILE.argosmodel")
@handle_errors
def models_install(args: tuple[str, ...]) -> None:
    """Install a package: `SRC TGT` downloads it from the Argos index (the only network
    access in kilocale); a `.argosmodel` file installs offline."""
    from pathlib import Path

    from kilocale.engines.argos_models import install_archive, install_pair

    if len(args) == 1 and args[0].endswith(".argosmodel"):
        installed = [install_archive(Path(args[0]))]
    elif len(args) == 2:
        installed = install_pair(*args)
    else:
        raise click.UsageError("give SRC TGT (e.g. `de en`) or a FILE.argosmodel")
    for info in installed:
        click.echo(f"installed {info}")
    if not installed:
        click.echo("nothing to install: the packages are already there")


@cli.command()
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text: path:line: [code] message; github: annotations.")
@click.option("--strict", is_flag=True, help="Also report untranslated and fuzzy entries.")
@click.option("--include-fuzzy", is_flag=True, help="Check fuzzy entries (machine drafts) too.")
@click.option("--select", "select", multiple=True, metavar="CODE",
              help="Report only these codes or families (repeatable, or comma-separated).")
@click.option("--ignore", "ignore", multiple=True, metavar="CODE",
              help="Do not report these codes or families (repeatable, or comma-separated).")
@click.option("--list", "list_checks", is_flag=True,
              help="List every check: code, severity, category, title.")
@click.pass_context
@handle_errors
def check(ctx: click.Context, langs: tuple[str, ...], fmt: str, strict: bool,
          include_fuzzy: bool, select: tuple[str, ...], ignore: tuple[str, ...],
          list_checks: bool) -> None:
    """Check glossary terms, markup, links, numbers and typography of every translation.

    --select and --ignore replace [tool.kilocale.check]'s select and ignore lists.
    Exit status: 0 clean, 1 findings, 2 bad usage or unreadable configuration/glossary.
    """
    from kilocale import checking  # not pipeline: check imports no formats, merge or MT
    from kilocale.core.selection import Selection  # not the checks: a cached run needs none
    from kilocale.report import format_check_list, format_findings

    if list_checks:
        from kilocale.core.checks import CATALOG_CODES, REGISTRY

        rows = [(c.code, c.severity, c.category, c.title) for c in REGISTRY.values()]
        rows += [(code, sev, "catalog", title) for code, (sev, title) in CATALOG_CODES.items()]
        click.echo(format_check_list(rows), nl=False)
        return
    config = get_config(ctx)

    def codes(given: tuple[str, ...], configured: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(c for g in given for c in g.split(",") if c) if given else configured

    selection = Selection(codes(select, config.check_select), codes(ignore, config.check_ignore))
    findings = checking.check(config, config.select_languages(langs), strict=strict,
                              include_fuzzy=include_fuzzy, selection=selection,
                              **run_options(ctx))
    output = format_findings(findings, fmt)
    if output:
        click.echo(output, nl=False)
    if fmt == "text":
        click.echo(f"{len(findings)} finding(s)" if findings else "no findings", err=True)
    sys.exit(1 if findings else 0)


@cli.command()
@click.argument("directory", required=False, type=DIRECTORY)
@click.option("--source-language", "-s", default="de", show_default=True, metavar="LANG",
              help="Language of the sources.")
@click.option("--lang", "-l", "langs", multiple=True, metavar="LANG",
              help="A target language (repeatable); more later with add-language.")
@click.option("--pyproject/--kilocale-toml", "use_pyproject", default=None,
              help="Where the settings go. Default: [tool.kilocale] of an existing "
                   "pyproject.toml, else kilocale.toml.")
@click.pass_context
@handle_errors
def init(ctx: click.Context, directory: Path | None, source_language: str,
         langs: tuple[str, ...], use_pyproject: bool | None) -> None:
    """Start a project in DIRECTORY (default: the current one); overwrites nothing.

    Writes the configuration, source/<lang>/, locales/, a commented glossary.yaml and a
    .gitignore entry for the build directory.
    """
    from kilocale.project_setup import init_project

    base = ctx.ensure_object(dict)["root"]  # DIRECTORY is relative to -C, like every path
    root = base / directory if directory is not None else base
    report = init_project(root, source_language, langs, use_pyproject)
    for path in report.written:
        click.echo(f"wrote {path}")
    click.echo(f"next: put Markdown sources into source/{source_language}/, then "
               "`kilocale extract` and `kilocale update`")


@cli.command("add-language")
@click.argument("codes", nargs=-1, required=True, metavar="CODE...")
@click.pass_context
@handle_errors
def add_language(ctx: click.Context, codes: tuple[str, ...]) -> None:
    """Add target languages: configuration (comments kept), catalogs, glossary gaps."""
    from kilocale.project_setup import add_languages

    report = add_languages(ctx.ensure_object(dict)["root"], codes)
    for lang in report.already:
        click.echo(f"{lang}: already configured")
    if report.added:
        click.echo(f"{report.config}: added {', '.join(report.added)}")
    for path, summary in report.catalogs:
        click.echo(f"{path}: {summary}")
    if report.needs_extract:
        click.echo("no templates yet: run `kilocale extract` and `kilocale update`")
    for lang, terms in report.missing_terms.items():
        if terms:
            click.echo(f"{lang}: {len(terms)} glossary term(s) need a {lang} form in "
                       f"{report.glossary}:")
            for term in terms:
                click.echo(f"  {report.glossary}:{term.line}: {term.term}")


@cli.command()
@lang_option
@click.option("--since", metavar="REV", help="Only entries changed since this git revision.")
@click.pass_context
@handle_errors
def review(ctx: click.Context, langs: tuple[str, ...], since: str | None) -> None:
    """Write build/review/<lang>.html: every entry with its state, findings and changes.

    The page an editor signs off from; filters for "needs review" and "has findings".
    """
    from kilocale.review import review as write_review

    config = get_config(ctx)
    for r in write_review(config, config.select_languages(langs), since):
        scope = f" changed since {since} (of {r.total})" if since else ""
        click.echo(f"{r.path}: {r.entries} entries{scope}, {r.needs_review} need review, "
                   f"{r.with_findings} with findings{'' if r.changed else ' (unchanged)'}")


@cli.group()
def glossary() -> None:
    """Work with the glossary (glossary.yaml)."""


@glossary.command("suggest")
@click.option("--all", "show_all", is_flag=True, help="Also list low-confidence candidates.")
@click.pass_context
@handle_errors
def glossary_suggest(ctx: click.Context, show_all: bool) -> None:
    """List name-like terms in the sources that the glossary does not cover yet."""
    from kilocale import pipeline

    candidates = pipeline.suggest(get_config(ctx.find_root()))
    shown = [c for c in candidates if show_all or c.high]
    for c in shown:
        click.echo(f"{c.text}\t{c.count}\t{c.confidence:.2f}\t{c.reason}")
    if not shown:
        click.echo("no uncovered high-confidence candidates", err=True)


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx"]), default="tbx", show_default=True,
              help="tbx: TBX-Basic (TBX v2) for CAT-tool term bases.")
@click.option("-o", "output", type=FILE, metavar="FILE",
              help="Write to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.pass_context
@handle_errors
def glossary_export(ctx: click.Context, fmt: str, output: Path | None, force: bool) -> None:
    """Write glossary.yaml as a term base: preferred, admitted and forbidden forms, notes."""
    from kilocale import exchange

    data = exchange.glossary_tbx(get_config(ctx.find_root()))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        exchange.write_new_file(output, data, force)
        click.echo(f"{output}", err=True)


@glossary.command("import")
@click.argument("file", type=FILE)
@click.option("-o", "output", type=FILE, metavar="FILE",
              help="Write the YAML to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it exists (glossary.yaml included).")
@click.pass_context
@handle_errors
def glossary_import(ctx: click.Context, file: Path, output: Path | None, force: bool) -> None:
    """Read a TBX term base as glossary.yaml terms (printed, or written with -o).

    An existing file is never replaced without --force.
    """
    from kilocale import exchange

    text = exchange.glossary_from_tbx(get_config(ctx.find_root()), file)
    if output is None:
        click.echo(text, nl=False)
    else:
        exchange.write_new_file(output, text.encode("utf-8"), force)
        click.echo(f"{output}", err=True)


def top_level_help(columns: int = 80) -> str:
    """``kilocale --help`` as click prints it on a terminal of ``columns`` columns
    (what :mod:`kilocale.cli_help` keeps for :mod:`kilocale.entry`)."""
    ctx = _Context(cli, info_name="kilocale", terminal_width=max(min(columns, 80) - 2, 50),
                   **cli.context_settings)
    return cli.get_help(ctx) + "\n"


def main() -> None:
    """Run the click CLI (:func:`kilocale.entry.main` answers --help and --version first)."""
    cli(prog_name="kilocale")

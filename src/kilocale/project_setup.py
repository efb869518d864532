"""Starting a project and adding a language: ``kilocale init`` and ``kilocale add-language``.

``init`` writes the smallest working project: the configuration (``kilocale.toml``, or a
``[tool.kilocale]`` table in an existing ``pyproject.toml``), ``source/<lang>/``,
``locales/``, a commented ``glossary.yaml`` and ``.gitignore`` entries for the build
directory and the incremental cache.  It never overwrites: a file that is already there stops it before anything is
written (a ``.gitignore`` only gains the missing ``/build/`` and ``/.kilocale/`` lines).

``add-language`` validates the codes with babel, adds them to the configuration file with
tomlkit (which keeps the file's formatting and comments), creates their catalogs the way
``kilocale update`` does, and lists the glossary terms that still need a form for them.
Everything is computed first; a bad code, a bad PO file or a bad glossary writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from kilocale.config import Config, load_config, normalize_language
from kilocale.core.glossary_gaps import untranslated_terms
from kilocale.errors import ConfigError
from kilocale.io.fs import WritePlan, digest, read_bytes, read_text, write_all
from kilocale.model import Term

__all__ = ["InitReport", "AddLanguageReport", "init_project", "add_languages"]

# What init adds to .gitignore: built editions and the incremental cache are never committed.
IGNORED = ("build", ".kilocale")

CONFIG_COMMENT = """\
kilocale project settings (README: Configuration).
Add a language with `kilocale add-language CODE`; it keeps this file's comments."""

OPTIONAL_SETTINGS = """\
team = "Translators <l10n@example.org>"  # Language-Team of new catalogs, or a table per language
bugs = "https://example.org/issues"      # Report-Msgid-Bugs-To of new catalogs
tm_exact = "fuzzy"                       # "translated": exact memory matches count as reviewed"""

GLOSSARY = """\
# kilocale glossary: how names and key terms are written in every language.
# `kilocale check` enforces it; `kilocale glossary suggest` lists candidates from the sources.
#
#  - `term` is the canonical source form; `forms` lists other source wordings.
#  - `dnt: true` = do not translate: written exactly so in every edition.
#  - `translations`: per language; a list gives accepted forms, the first is preferred.
#    A language without a form is reported by `kilocale check` (glossary-untranslated-term).
#  - `forbidden`: spellings that are always wrong.
#
# Example:
#
# terms:
#   - term: DeepSeek
#     dnt: true
#     forbidden: [Deepseek]
#   - term: Rechenleistung
#     translations:
#       en: computing power
#       fr: [puissance de calcul, capacité de calcul]
version: 1
terms: []
"""


@dataclass
class InitReport:
    """What ``kilocale init`` wrote, relative to the project directory."""

    root: Path
    written: list[str] = field(default_factory=list)
    config: str = ""


@dataclass
class AddLanguageReport:
    """What ``kilocale add-language`` did."""

    config: str
    added: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    catalogs: list[tuple[str, str]] = field(default_factory=list)  # (path, summary)
    missing_terms: dict[str, list[Term]] = field(default_factory=dict)
    glossary: str = ""
    needs_extract: bool = False


def _fill(container, source_language: str, languages: list[str]):  # type: ignore[no-untyped-def]
    """Add the settings of a new project, with comments, to a tomlkit document or table."""
    import tomlkit  # only init and add-language edit TOML

    for line in CONFIG_COMMENT.splitlines():
        container.add(tomlkit.comment(line))
    container.add("source_language", source_language)
    container.add("languages", languages)
    for line in OPTIONAL_SETTINGS.splitlines():
        container.add(tomlkit.comment(line))
    return container


def init_project(root: Path, source_language: str = "de", languages: tuple[str, ...] = (),
                 use_pyproject: bool | None = None) -> InitReport:
    """Write a new project into ``root`` (created if missing); never overwrite a file.

    Args:
        root: the project directory.
        source_language: the language of the sources.
        languages: the target languages (validated with babel).
        use_pyproject: write ``[tool.kilocale]`` into ``pyproject.toml`` (True), write
            ``kilocale.toml`` (False), or decide by whether ``pyproject.toml`` exists (None).

    Raises:
        ConfigError: bad codes, an existing project or a file that would be overwritten.
    """
    import tomlkit  # only init and add-language edit TOML

    root = Path(root)
    src = normalize_language(source_language, "--source-language")
    langs = list(dict.fromkeys(normalize_language(c, "--lang") for c in languages))
    if src in langs:
        raise ConfigError(f"the source language {src} cannot also be a target")
    pyproject = root / "pyproject.toml"
    if use_pyproject is None:
        use_pyproject = pyproject.is_file()
    kilo = root / "kilocale.toml"
    if kilo.exists():
        raise ConfigError(f"{kilo} exists: {root.resolve()} is already a kilocale project")
    writes: list[tuple[Path, str]] = []
    if use_pyproject:
        doc = tomlkit.parse(read_text(pyproject)) if pyproject.is_file() else tomlkit.document()
        tool = doc.get("tool")
        if tool is not None and "kilocale" in tool:
            raise ConfigError(f"{pyproject} already has [tool.kilocale]: "
                              f"{root.resolve()} is already a kilocale project")
        if tool is None:
            tool = tomlkit.table(is_super_table=True)
            doc.add("tool", tool)
        tool.add("kilocale", _fill(tomlkit.table(), src, langs))
        writes.append((pyproject, tomlkit.dumps(doc)))
    else:
        writes.append((kilo, tomlkit.dumps(_fill(tomlkit.document(), src, langs))))
    writes.append((root / "glossary.yaml", GLOSSARY))
    clashes = [p for p, _ in writes[1:] if p.exists()]
    if clashes:
        raise ConfigError("refusing to overwrite " + ", ".join(str(p) for p in clashes))
    gitignore = root / ".gitignore"
    if gitignore.is_file():
        text = read_text(gitignore)
        present = {line.strip().strip("/") for line in text.splitlines()}
        missing = "".join(f"/{name}/\n" for name in IGNORED if name not in present)
        if missing:
            writes.append((gitignore, text + ("" if text.endswith("\n") or not text else "\n")
                           + missing))
    else:
        writes.append((gitignore, "# kilocale editions are built, its cache is local: "
                       "neither is committed\n" + "".join(f"/{n}/\n" for n in IGNORED)))
    report = InitReport(root=root, config=writes[0][0].name)
    # Each file must still be as read (absent, or the pyproject/.gitignore read above).
    plans = [WritePlan(path, text.encode("utf-8"),
                       digest(read_bytes(path)) if path.is_file() else None, str(path))
             for path, text in writes]
    for directory in (root / "source" / src, root / "locales"):
        if not directory.is_dir():
            directory.mkdir(parents=True)
            report.written.append(directory.relative_to(root).as_posix() + "/")
    write_all(plans)
    report.written += [path.relative_to(root).as_posix() for path, _ in writes]
    return report


def _edit_languages(config: Config, languages: list[str]) -> tuple[str, str]:
    """The configuration file's text with ``languages`` added, comments kept, and the
    digest of the text it was made from."""
    import tomlkit  # only init and add-language edit TOML

    path = Path(config.origin)
    data = read_bytes(path)
    doc = tomlkit.parse(read_text(path))
    table = doc
    if path.name == "pyproject.toml" or ("tool" in doc and "kilocale" in doc["tool"]):
        table = doc["tool"]["kilocale"]
    current = table.get("languages")
    if current is None:
        table["languages"] = languages
    else:
        have = [str(v) for v in current]
        for code in languages:
            if code not in have and normalize_language(code) not in {
                    normalize_language(h) for h in have}:
                current.append(code)
    return tomlkit.dumps(doc), digest(data)


def add_languages(root: Path | str, codes: tuple[str, ...]) -> AddLanguageReport:
    """``kilocale add-language``: configure ``codes``, create their catalogs, list glossary gaps.

    Raises:
        ConfigError: an unknown code or the source language; nothing is written then.
    """
    from kilocale import pipeline  # the shell; imported here so the CLI stays light

    config = load_config(root)
    report = AddLanguageReport(config=config.rel(Path(config.origin)))
    new: list[str] = []
    for code in codes:
        lang = normalize_language(code, "add-language")
        if lang == config.source_language:
            raise ConfigError(f"{lang} is the source language, not a target")
        if lang in config.languages:
            report.already.append(lang)
        elif lang not in new:
            new.append(lang)
    report.added = new
    if not new:
        return report
    text, read_digest = _edit_languages(config, new)
    extended = replace(config, languages=config.languages + tuple(new))
    glossary = pipeline.load_project_glossary(extended)
    planned_update = bool(pipeline.template_docs(extended))
    report.needs_extract = not planned_update
    if glossary is not None:
        report.glossary = config.rel(extended.glossary)
        for lang in new:
            report.missing_terms[lang] = untranslated_terms(glossary, lang)
    if planned_update:  # computes every catalog before writing any; raises on bad input
        # No work cache: it would be keyed to a configuration not yet written.
        update = pipeline.update(extended, tuple(new), incremental=False)
        report.catalogs = [(f.path, f.summary) for f in update.files]
    write_all([WritePlan(Path(config.origin), text.encode("utf-8"), read_digest,
                         report.config)])
    return report

"""Project configuration: ``[tool.kilocale]`` in pyproject.toml, or kilocale.toml.

Configuration is read once, validated (language codes with babel, known keys only) and
frozen; every other module receives a :class:`Config` and resolves paths through it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kilocale.core.lang import base_language  # noqa: F401  (re-exported for callers)
from kilocale.errors import ConfigError

KEYS = {"source_language", "languages", "source_dir", "locales_dir", "build_dir",
        "glossary", "segmentation", "wrap", "engines", "check", "team", "bugs", "tm_exact"}
CHECK_KEYS = {"select", "ignore"}
SEGMENTATIONS = ("sentence", "paragraph")
TM_EXACT = ("fuzzy", "translated")
NO_CONFIG = ("no kilocale configuration found in {root} (pyproject.toml [tool.kilocale] or "
             "kilocale.toml); run `kilocale init` to start one")


if TYPE_CHECKING:
    from babel import Locale


def parse_locale(code: str, where: str = "") -> Locale:
    """Validate a gettext-style language code (``de``, ``zh_CN``) with babel's locale data."""
    from babel import Locale

    return Locale.parse(validate_language_code(code, where).split("@")[0])


def _babel_data_dir() -> str | None:
    """The folder of babel's per-locale data files, found without importing babel."""
    spec = importlib.util.find_spec("babel")
    locations = spec.submodule_search_locations if spec is not None else None
    return os.path.join(list(locations)[0], "locale-data") if locations else None


def _unknown_to_babel(canonical: str) -> str | None:
    """Why ``Locale.parse(canonical)`` refuses ``canonical`` (``zh_Hans_CN``, casing
    normalised), or None when babel accepts it.

    Where babel ships a data file of exactly that name, ``Locale.parse`` accepts it on its
    first test, an ``os.path.exists`` of the same path: the same answer without importing
    babel (tens of milliseconds, more than the rest of a warm ``kilocale check`` costs
    for its configuration).  Every other code (``zh_CN``, resolved through likely subtags
    in babel's global data) is asked of babel itself.
    """
    folder = _babel_data_dir()
    if folder is not None and os.path.exists(os.path.join(folder, f"{canonical}.dat")):
        return None
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(canonical)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        return str(exc)
    return None


# ll or lll, then an optional script (Hans) and/or region (CN, 419), then an optional
# @modifier of letters and digits: the shapes gettext's locale directories take.
_LANGUAGE_CODE = re.compile(
    r"(?P<lang>[A-Za-z]{2,3})(?:[_-](?P<script>[A-Za-z]{4}))?"
    r"(?:[_-](?P<region>[A-Za-z]{2}|[0-9]{3}))?(?:@(?P<modifier>[A-Za-z0-9]+))?")
_CODESET = re.compile(r"^([^.]*)\.([A-Za-z0-9_-]+)(@.*)?$")


# Characters that make a path or document name unreadable in a PO reference or a terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def scan_tree(folder: Path, prefix: str = "") -> Iterator[tuple[Path, str, os.DirEntry]]:
    """Every entry under ``folder`` as (its folder, that folder's name relative to the
    start with a trailing slash, the entry), in the order ``folder.rglob(pattern)`` meets
    them: a folder's entries, then its subfolders'; links to folders not followed;
    unreadable folders skipped.  One ``scandir`` per folder: ``rglob`` and a ``stat``
    per match cost a thousand documents' project tens of milliseconds per command.
    """
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except PermissionError:
        return
    for entry in entries:
        yield folder, prefix, entry
    for entry in entries:
        try:
            is_dir = entry.is_dir() and not entry.is_symlink()
        except OSError:
            is_dir = False
        if is_dir:
            yield from scan_tree(folder / entry.name, f"{prefix}{entry.name}/")


# Where a document's files are, relative to the source and locales directories (names
# with forward slashes, as documents are named).
def _template_name(doc: str) -> str:
    return f"templates/{doc}.pot"


def _po_name(language: str, doc: str) -> str:
    return f"{language}/LC_MESSAGES/{doc}.po"


def _source_name(doc: str) -> str:
    return f"{doc}.md"


def text_join(base: Path, name: str) -> str:
    """``str(base / name)`` for a relative ``name`` with forward slashes, without pathlib
    where the text is the same (a POSIX separator, ``base`` not the root directory)."""
    text = str(base)
    if os.sep == "/" and not text.endswith("/") and "//" not in name and "/./" not in name \
            and not name.startswith("./") and not name.endswith(("/", "/.")) and name != ".":
        return f"{text}/{name}"
    return str(base / name)


def without_suffix(name: str, suffix: str) -> str:
    """``Path(name).with_suffix("")`` of a name ending in ``suffix`` (``.md`` alone is a
    hidden file's name, without a suffix)."""
    return name[:-len(suffix)] if name != suffix else name


def _is_file(entry: os.DirEntry) -> bool:
    """``Path.is_file()`` of a directory entry (a link counts as what it points to)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _shown(code: object) -> str:
    """``code`` as quoted in a message: repr, cut short when it is very long."""
    text = repr(code)
    return text if len(text) <= 40 else f"{text[:30]}…{text[-5:]} ({len(str(code))} characters)"


def validate_language_code(code: object, where: str = "") -> str:
    """The canonical gettext spelling of a language code, or a :class:`ConfigError`.

    Accepted: ``ll`` or ``lll``, optionally ``_Script`` and/or ``_CC`` (``-`` is read as
    ``_``), optionally ``@modifier`` of letters and digits; case is normalised
    (``zh-hans-cn`` → ``zh_Hans_CN``, ``sr_RS@LATIN`` → ``sr_RS@latin``) and the language,
    script and region must be known to babel.  A codeset (``en_US.UTF-8``) is refused:
    catalogs are always UTF-8 and the codeset has no place in a directory name.

    Args:
        code: the code as configured or given with ``--lang``.
        where: the file or option to name in the error.
    """
    located = where or None
    if not isinstance(code, str):
        raise ConfigError(f"invalid language code {_shown(code)}: not a string", located)
    codeset = _CODESET.match(code)
    if codeset and _LANGUAGE_CODE.fullmatch(codeset.group(1) + (codeset.group(3) or "")):
        plain = codeset.group(1) + (codeset.group(3) or "")
        raise ConfigError(f"language code {code!r} names a codeset ({codeset.group(2)!r}): "
                          f"write {plain!r}, catalogs are always UTF-8", located)
    m = _LANGUAGE_CODE.fullmatch(code)
    if m is None:
        raise ConfigError(f"invalid language code {_shown(code)}: expected a gettext code "
                          "such as 'de', 'zh_CN', 'zh_Hans' or 'sr_RS@latin'", located)
    parts = [m.group("lang").lower()]
    if m.group("script"):
        parts.append(m.group("script").title())
    if m.group("region"):
        parts.append(m.group("region").upper())
    canonical = "_".join(parts)
    refused = _unknown_to_babel(canonical)
    if refused is not None:
        raise ConfigError(f"unknown language code {code!r} ({refused})", located)
    if m.group("modifier"):
        canonical += "@" + m.group("modifier").lower()
    return canonical


def normalize_language(code: str, where: str = "") -> str:
    """The canonical gettext spelling of a language code (``zh-cn`` → ``zh_CN``)."""
    return validate_language_code(code, where)


@dataclass(frozen=True)
class Config:
    """The validated settings of one project; paths are absolute."""

    root: Path
    source_language: str = "de"
    languages: tuple[str, ...] = ()
    source_dir: Path = field(default=Path("source/de"))
    locales_dir: Path = field(default=Path("locales"))
    build_dir: Path = field(default=Path("build"))
    glossary: Path = field(default=Path("glossary.yaml"))
    segmentation: str = "sentence"
    wrap: int = 76
    engines: dict[str, dict[str, object]] = field(default_factory=dict, hash=False)  # [tool.kilocale.engines.*]
    check_select: tuple[str, ...] = ()  # [tool.kilocale.check] select: codes to report
    check_ignore: tuple[str, ...] = ()  # [tool.kilocale.check] ignore: codes not to report
    origin: str = ""  # the file the settings came from, for messages
    teams: dict[str, str] = field(default_factory=dict, hash=False)  # language ("*" = every) → team
    bugs: str = ""  # Report-Msgid-Bugs-To of new catalogs
    tm_exact: str = "fuzzy"  # state of an exact translation-memory match

    def team(self, language: str) -> str:
        """The team of ``language`` (``Name <address>``), or "" when none is configured."""
        return self.teams.get(language, self.teams.get("*", ""))

    def rel(self, path: Path | str) -> str:
        """``path`` relative to the project root, with forward slashes, for references and
        messages (a path may be given as text, such as :meth:`template_file`'s)."""
        text, root = os.path.normpath(path), str(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep != root[-1:]:
            # what relative_to gives, as text: a thousand documents' paths per command
            return text[len(root) + 1:].replace(os.sep, "/")
        try:
            return Path(text).relative_to(self.root).as_posix()
        except ValueError:
            pass
        path = Path(path)
        try:  # resolved only when needed: a thousand documents' links cost a thousand walks
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def inside(self, path: Path) -> bool:
        """Whether ``path``, with every symbolic link on the way resolved, is in the project."""
        return path.resolve().is_relative_to(self.root.resolve())

    # One join of a relative text, not one per component: a third of the time, and every
    # command asks for a thousand documents' paths.
    def template_path(self, doc: str) -> Path:
        return self.locales_dir / _template_name(doc)

    def po_path(self, language: str, doc: str) -> Path:
        return self.locales_dir / _po_name(language, doc)

    def source_path(self, doc: str) -> Path:
        return self.source_dir / _source_name(doc)

    # The same paths as text, ``str()`` of the methods above: the loops that only stat
    # and hash a thousand documents' files (the cache lookups) need no Path objects, and
    # a pathlib join costs more than the stat.
    def template_file(self, doc: str) -> str:
        """``str(self.template_path(doc))``."""
        return text_join(self.locales_dir, _template_name(doc))

    def po_file(self, language: str, doc: str) -> str:
        """``str(self.po_path(language, doc))``."""
        return text_join(self.locales_dir, _po_name(language, doc))

    def source_file(self, doc: str) -> str:
        """``str(self.source_path(doc))``."""
        return text_join(self.source_dir, _source_name(doc))

    def documents(self) -> list[str]:
        """Document names: paths under the source dir without ``.md``, sorted.

        Raises:
            ConfigError: a name with a control character (it could not be written as a
                PO reference), or a source that is a symbolic link out of the project.
        """
        if not self.source_dir.is_dir():
            raise ConfigError(f"source directory {self.rel(self.source_dir)} does not exist",
                              self.origin or None)
        names = []
        inside: dict[str, bool] = {}  # folder name → inside(folder), resolved once
        for folder, prefix, entry in scan_tree(self.source_dir):
            if not entry.name.endswith(".md") or not _is_file(entry):
                continue
            name = prefix + without_suffix(entry.name, ".md")
            if _CONTROL.search(name):
                raise ConfigError(f"document name {name!r} contains a control character; "
                                  "rename the file", self.rel(self.source_dir))
            if entry.is_symlink():
                ok = self.inside(folder / entry.name)
            else:  # a file that is no link is inside exactly when its folder is
                if prefix not in inside:
                    inside[prefix] = self.inside(folder)
                ok = inside[prefix]
            if not ok:
                path = folder / entry.name
                raise ConfigError(f"symbolic link to {path.resolve()}, outside the project",
                                  self.rel(path))
            names.append(name)
        return sorted(names)

    def template_docs(self) -> list[str]:
        """Documents that have a template under ``locales/templates``, sorted."""
        base = self.locales_dir / "templates"
        if not base.is_dir():
            return []
        # base.rglob("*.pot"), named relative to base without the suffix
        return sorted(prefix + without_suffix(entry.name, ".pot")
                      for _, prefix, entry in scan_tree(base) if entry.name.endswith(".pot"))

    def writable(self, path: Path) -> Path:
        """``path`` itself, after making sure it can be written inside the project.

        Raises:
            ConfigError: naming the file, when a symbolic link on the way leads out of the
                project, or a file stands where a directory must be (or the reverse).
        """
        if not self.inside(path):
            raise ConfigError(f"refusing to write through a symbolic link to "
                              f"{path.resolve()}, outside the project", self.rel(path))
        for parent in path.parents:
            if parent == self.root:
                break
            if parent.exists() and not parent.is_dir():
                raise ConfigError(f"cannot write: {self.rel(parent)} is a file, not a directory",
                                  self.rel(path))
        if path.is_dir():
            raise ConfigError("cannot write: a directory is in the way", self.rel(path))
        return path

    def select_languages(self, requested: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """The languages a command works on: the requested ones (validated), else all configured."""
        if not requested:
            return self.languages
        chosen = []
        for code in requested:
            lang = normalize_language(code, "--lang")
            if lang not in self.languages:
                raise ConfigError(f"language {code!r} is not configured "
                                  f"(configured: {', '.join(self.languages) or 'none'})")
            chosen.append(lang)
        return tuple(dict.fromkeys(chosen))


# Settings each engine accepts in [tool.kilocale.engines.<name>], with their types.
ENGINE_KEYS: dict[str, dict[str, tuple[type, ...]]] = {
    "libretranslate": {"url": (str,), "timeout": (int, float), "batch_size": (int,)},
}


def engine_settings(table: object, where: str | None) -> dict[str, dict[str, object]]:
    """Validate ``[tool.kilocale.engines]``: known engines, known keys, right types.

    Secrets never live in a configuration file: an ``api_key`` key is refused, with the
    environment variable to use instead.
    """
    if not isinstance(table, dict):
        raise ConfigError("'engines' must be a table ([tool.kilocale.engines.<name>])", where)
    out: dict[str, dict[str, object]] = {}
    for name, settings in table.items():
        if name not in ENGINE_KEYS:
            raise ConfigError(f"no settings for engine {name!r} "
                              f"(engines with settings: {', '.join(sorted(ENGINE_KEYS))})", where)
        if not isinstance(settings, dict):
            raise ConfigError(f"[tool.kilocale.engines.{name}] must be a table", where)
        for key, value in settings.items():
            if key == "api_key":
                raise ConfigError(f"an API key does not belong in a file: set "
                                  f"KILOCALE_{name.upper()}_API_KEY in the environment", where)
            types = ENGINE_KEYS[name].get(key)
            if types is None:
                raise ConfigError(f"unknown key {key!r} in [tool.kilocale.engines.{name}] "
                                  f"(expected: {', '.join(sorted(ENGINE_KEYS[name]))})", where)
            if not isinstance(value, types) or isinstance(value, bool):
                raise ConfigError(f"'{key}' in [tool.kilocale.engines.{name}] has the wrong type", where)
        out[name] = dict(settings)
    return out


def _read_table(root: Path) -> tuple[dict, str]:
    kilo = root / "kilocale.toml"
    pyproject = root / "pyproject.toml"
    for path, pick in ((kilo, lambda d: d.get("tool", {}).get("kilocale", d)),
                       (pyproject, lambda d: d.get("tool", {}).get("kilocale"))):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            message = str(exc)[: found.start()].strip() if found else str(exc)
            raise ConfigError(f"invalid TOML: {message}", str(path),
                              int(found.group(1)) if found else None) from None
        except UnicodeDecodeError:
            raise ConfigError("not UTF-8", str(path)) from None
        table = pick(data)
        if table is not None:
            return table, str(path)
    return {}, ""


def _check_filters(table: object, where: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``[tool.kilocale.check]``: the ``select`` and ``ignore`` lists of finding codes."""
    if table is None:
        return (), ()
    if not isinstance(table, dict):
        raise ConfigError("'check' must be a table with 'select' and/or 'ignore'", where)
    unknown = sorted(set(table) - CHECK_KEYS)
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.kilocale.check]: {', '.join(unknown)}", where)
    lists = []
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"'check.{key}' must be a list of check codes", where)
        lists.append(tuple(dict.fromkeys(value)))
    return lists[0], lists[1]


def _contained(root: Path, key: str, value: object, where: str | None) -> Path:
    """``root / value`` as an absolute path, refused unless it resolves inside ``root``.

    Symbolic links are followed, so a link pointing out of the project is refused just like
    ``/etc`` or ``../x``.  ``root`` must already be resolved.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"'{key}' must be a path inside the project", where)
    if _CONTROL.search(value):
        raise ConfigError(f"'{key}' = {_shown(value)} contains a control character", where)
    path = Path(os.path.normpath(root / value))
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise ConfigError(f"'{key}' = {value!r} is not inside the project directory {root}",
                          where)
    if resolved == root:
        raise ConfigError(f"'{key}' = {value!r} is the project directory itself", where)
    return path


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _check_layout(root: Path, table: dict, paths: dict[str, Path], where: str | None) -> None:
    """The three directories must not overlap; each configured path has the right kind."""
    dirs = ("source_dir", "locales_dir", "build_dir")
    for i, a in enumerate(dirs):
        for b in dirs[i + 1:]:
            pa, pb = paths[a].resolve(), paths[b].resolve()
            if pa == pb or pa.is_relative_to(pb) or pb.is_relative_to(pa):
                raise ConfigError(f"'{a}' ({_display(root, paths[a])}) and '{b}' "
                                  f"({_display(root, paths[b])}) overlap: "
                                  "each needs a directory of its own", where)
    for key in dirs:
        if paths[key].exists() and not paths[key].is_dir():
            raise ConfigError(f"'{key}' = {_display(root, paths[key])!r} is not "
                              "a directory", where)
    glossary = paths["glossary"]
    if glossary.exists() and not glossary.is_file():
        raise ConfigError(f"'glossary' = {_display(root, glossary)!r} is not a "
                          "file", where)


def load_config(root: Path | str = ".") -> Config:
    """Read and validate the configuration of the project in ``root``; defaults apply without one."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise ConfigError(f"project directory {root} does not exist")
    table, origin = _read_table(root)
    if not origin:
        raise ConfigError(NO_CONFIG.format(root=root))
    where = origin or None
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.kilocale]: {', '.join(unknown)}", where)
    source_language = normalize_language(table.get("source_language", "de"), origin)
    languages = table.get("languages", [])
    if not isinstance(languages, list):
        raise ConfigError("'languages' must be a list of language codes", where)
    langs = tuple(dict.fromkeys(normalize_language(code, origin) for code in languages))
    if source_language in langs:
        raise ConfigError(f"the source language {source_language} cannot also be a target", where)
    segmentation = table.get("segmentation", "sentence")
    if segmentation not in SEGMENTATIONS:
        raise ConfigError(f"'segmentation' must be one of {', '.join(SEGMENTATIONS)}, "
                          f"not {segmentation!r}", where)
    wrap = table.get("wrap", 76)
    if not isinstance(wrap, int) or isinstance(wrap, bool) or wrap < 0 or 0 < wrap < 20:
        raise ConfigError(f"'wrap' must be 0 (no wrapping) or a width of at least 20, not {wrap!r}",
                          where)

    check_select, check_ignore = _check_filters(table.get("check"), where)
    paths = {key: _contained(root, key, table.get(key, default), where)
             for key, default in (("source_dir", f"source/{source_language}"),
                                  ("locales_dir", "locales"), ("build_dir", "build"),
                                  ("glossary", "glossary.yaml"))}
    _check_layout(root, table, paths, where)

    return Config(
        root=root,
        source_language=source_language,
        languages=langs,
        source_dir=paths["source_dir"],
        locales_dir=paths["locales_dir"],
        build_dir=paths["build_dir"],
        glossary=paths["glossary"],
        segmentation=segmentation,
        wrap=wrap,
        engines=engine_settings(table.get("engines", {}), where),
        check_select=check_select,
        check_ignore=check_ignore,
        origin=origin,
        **_team_settings(table, langs, origin),
    )


def _team_settings(table: dict, languages: tuple[str, ...], origin: str) -> dict:
    """``team`` (one string, or a table per language), ``bugs`` and ``tm_exact``, validated."""
    where = origin or None
    team = table.get("team", {})
    if isinstance(team, str):
        teams = {"*": team.strip()} if team.strip() else {}
    elif isinstance(team, dict):
        teams = {}
        for code, value in team.items():
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"'team.{code}' must be a team name and address", where)
            lang = "*" if code == "*" else normalize_language(code, origin)
            if lang != "*" and lang not in languages:
                raise ConfigError(f"'team' names {code}, which is not in 'languages'", where)
            teams[lang] = value.strip()
    else:
        raise ConfigError("'team' must be a string (every language) or a table per language",
                          where)
    bugs = table.get("bugs", "")
    if not isinstance(bugs, str):
        raise ConfigError("'bugs' must be an address or URL", where)
    tm_exact = table.get("tm_exact", "fuzzy")
    if tm_exact not in TM_EXACT:
        raise ConfigError(f"'tm_exact' must be one of {', '.join(TM_EXACT)}, not {tm_exact!r}",
                          where)
    return {"teams": teams, "bugs": bugs.strip(), "tm_exact": tm_exact}

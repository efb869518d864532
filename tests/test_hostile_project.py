"""Hostile and careless projects: every path stays inside the project, every code is sane.

Each case was found by attacking the shipped project: today's answer is a clear error
(exit 2, ``path: message``) and not one file changed, where kilocale used to overwrite
the German source, write outside the project, or stop with a traceback.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale.cli import cli
from kilocale import config as kconfig
from kilocale.config import load_config
from kilocale.errors import ConfigError


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def configure(project: Path, **settings: object) -> str:
    """The shipped settings with ``settings`` changed, as the project's ``kilocale.toml``.

    Returns the file's path, which every configuration error names.
    """
    table = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    table = {**table["tool"]["kilocale"], **settings}
    path = project / "kilocale.toml"
    path.write_text("".join(f"{key} = {json.dumps(value)}\n" for key, value in table.items()),
                    encoding="utf-8")
    return str(path)


def refused(project: Path, command: str, message: str) -> None:
    """``command`` exits 2 with exactly ``message`` on stderr, leaving every file as it was."""
    before = snapshot(project)
    code, _out, err = run(project, command)
    assert (code, err) == (2, f"kilocale: {message}\n")
    assert snapshot(project) == before


# ------------------------------------------------------------------------ directories

def test_a_build_dir_around_the_source_is_refused_before_it_overwrites_it(project: Path) -> None:
    (project / "out/en").mkdir(parents=True)
    (project / "out/en/article.md").write_bytes((project / "source/de/article.md").read_bytes())
    toml = configure(project, source_dir="out/en", build_dir="out")
    refused(project, "build", f"{toml}: 'source_dir' (out/en) and "
                              "'build_dir' (out) overlap: each needs a directory of its own")


def test_a_build_dir_inside_the_sources_is_refused(project: Path) -> None:
    toml = configure(project, build_dir="source/de")
    refused(project, "extract", f"{toml}: 'source_dir' (source/de) and "
                                "'build_dir' (source/de) overlap: each needs a directory of "
                                "its own")


def test_locales_inside_the_build_dir_are_refused(tmp_path: Path) -> None:
    (tmp_path / "kilocale.toml").write_text('locales_dir = "build/locales"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.message == ("'locales_dir' (build/locales) and 'build_dir' (build) "
                                  "overlap: each needs a directory of its own")


@pytest.mark.parametrize("key,value", [("source_dir", "/etc"), ("locales_dir", "../x"),
                                       ("build_dir", "/tmp/kilocale-build"),
                                       ("glossary", "/etc/passwd"),
                                       ("build_dir", "."), ])
def test_paths_outside_the_project_are_refused(project: Path, key: str, value: str) -> None:
    toml = configure(project, **{key: value})
    if value == ".":
        message = f"'{key}' = '.' is the project directory itself"
    else:
        message = f"'{key}' = {value!r} is not inside the project directory {project}"
    for command in ("extract", "build", "check"):
        refused(project, command, f"{toml}: {message}")


def test_a_symlinked_directory_leaving_the_project_is_refused(project: Path,
                                                              tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, project / "out")
    toml = configure(project, build_dir="out")
    refused(project, "build", f"{toml}: 'build_dir' = 'out' is not inside "
                              f"the project directory {project}")
    assert list(elsewhere.iterdir()) == []


def test_build_does_not_write_through_a_symlink_out_of_the_build_dir(project: Path,
                                                                     tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "build").mkdir()
    os.symlink(elsewhere, project / "build/en")
    refused(project, "build", f"build/en/article.md: refusing to write through a symbolic "
                              f"link to {elsewhere}/article.md, outside the project")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("link", ["locales/templates/article.pot", "locales/templates"])
def test_extract_does_not_write_a_template_through_a_symlink_out_of_the_project(
        project: Path, tmp_path: Path, link: str) -> None:
    """Extract checks its targets once per directory before any worker starts; a link out
    of the project, to the template itself or to its directory, is still refused."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "article.pot").write_text("# someone else's file\n", encoding="utf-8")
    target = project / link
    if target.is_dir():
        for entry in target.iterdir():
            entry.unlink()
        target.rmdir()
        os.symlink(elsewhere, target)
    else:
        target.unlink()
        os.symlink(elsewhere / "article.pot", target)
    refused(project, "extract", "locales/templates/article.pot: refusing to write through a "
                                f"symbolic link to {elsewhere}/article.pot, outside the project")
    assert (elsewhere / "article.pot").read_text(encoding="utf-8") == "# someone else's file\n"


def test_a_source_symlinked_from_outside_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("Geheim.\n", encoding="utf-8")
    os.symlink(outside, project / "source/de/secret.md")
    refused(project, "extract", f"source/de/secret.md: symbolic link to {outside}, "
                                "outside the project")


def test_a_source_symlinked_inside_the_project_keeps_a_relative_reference(
        project: Path) -> None:
    (project / "shared").mkdir()
    (project / "shared/note.md").write_text("Ein geteilter Satz.\n", encoding="utf-8")
    os.symlink("../../shared/note.md", project / "source/de/note.md")
    assert run(project, "extract")[0] == 0
    pot = (project / "locales/templates/note.pot").read_text(encoding="utf-8")
    assert "#: source/de/note.md:1\n" in pot


def test_a_glossary_that_is_a_directory_is_an_error(project: Path) -> None:
    toml = configure(project, glossary="source")
    refused(project, "check", f"{toml}: 'glossary' = 'source' is not a file")


def test_a_build_dir_that_is_a_file_is_an_error(project: Path) -> None:
    (project / "build").write_text("not a directory\n", encoding="utf-8")
    toml = configure(project)
    refused(project, "build", f"{toml}: 'build_dir' = 'build' is not a "
                              "directory")


def test_a_document_name_with_a_newline_is_refused(project: Path) -> None:
    (project / "source/de/zwei\nzeilen.md").write_text("Ein Satz.\n", encoding="utf-8")
    refused(project, "extract", "source/de: document name 'zwei\\nzeilen' contains a control "
                                "character; rename the file")


# ------------------------------------------------------------------------ language codes

LONG = "a" * 300
EXPECTED = "expected a gettext code such as 'de', 'zh_CN', 'zh_Hans' or 'sr_RS@latin'"


@pytest.mark.parametrize("code,message", [
    (LONG, f"invalid language code '{'a' * 29}…aaaa' (300 characters): {EXPECTED}"),
    ("en\x00", f"invalid language code 'en\\x00': {EXPECTED}"),
    ("en..", f"invalid language code 'en..': {EXPECTED}"),
    ("en@", f"invalid language code 'en@': {EXPECTED}"),
    ("en_US@..", f"invalid language code 'en_US@..': {EXPECTED}"),
    ("../fr", f"invalid language code '../fr': {EXPECTED}"),
    ("en_US.UTF-8", "language code 'en_US.UTF-8' names a codeset ('UTF-8'): write 'en_US', "
                    "catalogs are always UTF-8"),
    ("xx_YY", "unknown language code 'xx_YY' (unknown locale 'xx_YY')"),
])
def test_bad_language_codes_are_clear_errors(project: Path, code: str, message: str) -> None:
    toml = configure(project, languages=[code, "en"])
    for command in ("update", "build"):
        refused(project, command, f"{toml}: {message}")


def test_bad_language_option_is_a_clear_error(project: Path) -> None:
    before = snapshot(project)
    code, _out, err = run(project, "update", "--lang", "a" * 300)
    assert code == 2
    assert err == f"kilocale: --lang: invalid language code '{'a' * 29}…aaaa' (300 characters): {EXPECTED}\n"
    assert snapshot(project) == before


@pytest.mark.parametrize("code,canonical", [
    ("de", "de"), ("zh-cn", "zh_CN"), ("ZH_hans", "zh_Hans"), ("zh_hant_tw", "zh_Hant_TW"),
    ("sr_RS@LATIN", "sr_RS@latin"), ("ca@valencia", "ca@valencia"), ("es_419", "es_419"),
    ("fil", "fil"),
])
def test_good_language_codes_are_normalised(code: str, canonical: str) -> None:
    assert kconfig.validate_language_code(code) == canonical


def test_a_file_where_a_language_directory_belongs_is_an_error(project: Path) -> None:
    (project / "build").mkdir()
    (project / "build/en").write_text("not a directory\n", encoding="utf-8")
    refused(project, "build", "build/en/article.md: cannot write: build/en is a file, not a "
                              "directory")


def test_a_directory_where_a_catalog_belongs_is_an_error(project: Path) -> None:
    (project / "locales/templates/article.pot").unlink()
    (project / "locales/templates/article.pot").mkdir()
    refused(project, "extract", "locales/templates/article.pot: cannot write: a directory is "
                                "in the way")

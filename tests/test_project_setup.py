"""Starting a project, adding languages, and the headers of the catalogs kilocale creates."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, snapshot
from kilocale import pipeline
from kilocale.cli import cli
from kilocale.io.po import load_po

ARTICLE = ROOT / "source/de/article.md"


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> str:
    moment = datetime.datetime(2026, 5, 4, 3, 2, tzinfo=datetime.timezone.utc)
    monkeypatch.setattr(pipeline, "utc_now", lambda: moment)  # the default clock of update
    return "2026-05-04 03:02+0000"


def test_outside_a_project_says_how_to_start_one(tmp_path: Path) -> None:
    for command in ("stats", "extract", "check", "build"):
        code, out, err = run(tmp_path, command)
        assert code == 2 and out == ""
        assert err == (f"kilocale: no kilocale configuration found in {tmp_path.resolve()} "
                       "(pyproject.toml [tool.kilocale] or kilocale.toml); run `kilocale init` "
                       "to start one\n")


def readme_commands() -> list[str]:
    """The shell commands of the README's "Starting a project" block, comments removed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Starting a project\n\n```sh\n(.*?)```", readme, re.S)
    assert block, "README has no 'Starting a project' block"
    commands = []
    for line in block.group(1).splitlines():
        commands += [c.strip() for c in line.split("#")[0].split("&&") if c.strip()]
    return commands


def test_from_init_to_a_built_edition_with_the_readme_commands(tmp_path: Path, frozen: str) -> None:
    commands = readme_commands()
    assert commands[0].startswith("kilocale init ") and commands[-1] == "kilocale build"
    cwd = tmp_path
    for command in commands:
        words = command.split()
        if words[0] == "cd":
            cwd = cwd / words[1]
        elif words[0] == "cp":  # the author's own article
            shutil.copy(ARTICLE, cwd / words[2] / "article.md")
        else:
            assert words[0] == "kilocale", command
            code, out, err = run(cwd, *words[1:])
            assert code == 0, (command, out, err)
    project = cwd
    assert project != tmp_path
    ignored = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/build/" in ignored and "/.kilocale/" in ignored
    assert (project / "glossary.yaml").read_text(encoding="utf-8").startswith("# kilocale glossary")
    assert run(project, "check")[0] == 0 and run(project, "stats")[0] == 0
    assert (project / "build/fr/article.md").read_bytes() == ARTICLE.read_bytes()  # all German
    for lang in ("fr", "en", "pt_BR"):
        assert (project / f"build/{lang}/article.html").is_file()
        assert (project / f"locales/{lang}/LC_MESSAGES/article.po").is_file()
    assert (project / "build/index.html").is_file()
    assert 'languages = ["fr", "en", "pt_BR"]' in (project / "kilocale.toml").read_text(
        encoding="utf-8")


def test_init_refuses_to_overwrite_anything(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text("mine\n", encoding="utf-8")
    before = snapshot(tmp_path)
    code, out, err = run(tmp_path, "init")
    assert code == 2 and "refusing to overwrite" in err and "glossary.yaml" in err
    assert snapshot(tmp_path) == before and not (tmp_path / "source").exists()
    (tmp_path / "glossary.yaml").unlink()
    assert run(tmp_path, "init")[0] == 0
    before = snapshot(tmp_path)
    code, _, err = run(tmp_path, "init")
    assert code == 2 and "already a kilocale project" in err
    assert snapshot(tmp_path) == before


def test_init_writes_into_an_existing_pyproject_keeping_it(tmp_path: Path) -> None:
    original = '[project]\nname = "paper"  # the package\n\n[tool.black]\nline-length = 99\n'
    (tmp_path / "pyproject.toml").write_text(original, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("*.pyc\n", encoding="utf-8")
    code, out, err = run(tmp_path, "init", "-l", "en")
    assert code == 0, err
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(original) and "\n[tool.kilocale]\n" in text
    assert not (tmp_path / "kilocale.toml").exists()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n/build/\n/.kilocale/\n"
    from kilocale.config import load_config
    assert load_config(tmp_path).languages == ("en",)


def test_add_language_keeps_formatting_creates_catalogs_and_lists_gaps(project: Path,
                                                                        frozen: str) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.replace('languages = ["en", "fr", "es", "zh_CN"]',
                        'languages = [\n    "en",  # first\n    "fr",\n    "es",\n    "zh_CN",\n]')
    pyproject.write_text(text, encoding="utf-8")
    before = snapshot(project)
    code, out, err = run(project, "add-language", "pt-br", "fr")
    assert code == 0, err
    after = pyproject.read_text(encoding="utf-8")
    assert after == text.replace('    "zh_CN",\n]', '    "zh_CN",\n    "pt_BR",\n]')
    lines = out.splitlines()
    assert "fr: already configured" in lines and "pyproject.toml: added pt_BR" in lines
    assert "locales/pt_BR/LC_MESSAGES/article.po: 0 kept, 0 fuzzy, 91 new, 0 obsolete" in lines
    assert "pt_BR: 37 glossary term(s) need a pt_BR form in glossary.yaml:" in lines
    assert "  glossary.yaml:28: Nvidia" in lines
    changed = {k for k, v in snapshot(project).items() if before.get(k) != v}
    assert changed == {"pyproject.toml", "locales/pt_BR/LC_MESSAGES/article.po"}


def test_add_language_with_a_bad_code_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    code, _, err = run(project, "add-language", "pt_BR", "xx")
    assert code == 2 and "unknown language code 'xx'" in err
    code, _, err = run(project, "add-language", "de")
    assert code == 2 and "source language" in err
    assert snapshot(project) == before


def test_new_catalogs_get_the_project_headers(project: Path, frozen: str) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(
        'languages = ["en", "fr", "es", "zh_CN"]',
        'languages = ["en", "fr", "es", "zh_CN", "pt_BR", "ja"]\n'
        'bugs = "https://example.org/paper/issues"\n'
        'team = { "*" = "Paper translators <l10n@example.org>", '
        'pt_BR = "Equipe pt_BR <pt@example.org>" }')
    pyproject.write_text(text, encoding="utf-8")
    shipped = (project / "locales/fr/LC_MESSAGES/article.po").read_bytes()
    assert run(project, "update")[0] == 0
    assert (project / "locales/fr/LC_MESSAGES/article.po").read_bytes() == shipped
    pt = load_po(project / "locales/pt_BR/LC_MESSAGES/article.po").header
    assert pt["Language-Team"] == pt["Last-Translator"] == "Equipe pt_BR <pt@example.org>"
    assert pt["Report-Msgid-Bugs-To"] == "https://example.org/paper/issues"
    assert pt["PO-Revision-Date"] == frozen
    assert pt["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    ja = load_po(project / "locales/ja/LC_MESSAGES/article.po").header
    assert ja["Language-Team"] == "Paper translators <l10n@example.org>"
    assert ja["Plural-Forms"] == "nplurals=1; plural=0;"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("team", [False, True])
def test_msgfmt_check_is_silent_on_every_new_catalog(tmp_path: Path, team: bool) -> None:
    langs = ["en", "fr", "pt_BR", "es", "zh_CN", "ja", "ru", "pl", "ar", "cs"]
    config = 'source_language = "de"\nlanguages = [%s]\n' % ", ".join(f'"{c}"' for c in langs)
    if team:
        config += 'team = "Translators <l10n@example.org>"\nbugs = "bugs@example.org"\n'
    (tmp_path / "kilocale.toml").write_text(config, encoding="utf-8")
    (tmp_path / "source/de").mkdir(parents=True)
    shutil.copy(ARTICLE, tmp_path / "source/de/article.md")
    assert run(tmp_path, "extract")[0] == 0 and run(tmp_path, "update")[0] == 0
    for lang in langs:
        po = tmp_path / f"locales/{lang}/LC_MESSAGES/article.po"
        proc = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
                              capture_output=True, text=True)
        assert proc.returncode == 0 and proc.stderr == "0 translated messages, 91 untranslated messages.\n", (lang, proc.stderr)
        text = po.read_text(encoding="utf-8")
        for placeholder in ("FULL NAME", "EMAIL@ADDRESS", "LL@li.org", "YEAR-MO-DA"):
            assert placeholder not in text


def test_init_adds_only_the_ignore_lines_a_gitignore_lacks(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("build/\n*.log", encoding="utf-8")
    code, _, err = run(tmp_path, "init", "-l", "en")
    assert code == 0, err
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "build/\n*.log\n/.kilocale/\n"

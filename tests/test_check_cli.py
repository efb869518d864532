"""`kilocale check` and `kilocale glossary suggest` on the shipped project."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kilocale.cli import cli
from kilocale.io.po import load_po, save_po


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)


def test_shipped_translations_are_clean_and_complete(project: Path) -> None:
    result = run(project, "check", "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_findings_are_located_and_exit_1(project: Path) -> None:
    po_path = project / "locales/en/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    entry = next(e for e in catalog.entries if e.msgid.startswith("DeepSeeks Erfolg hat"))
    entry.msgstr = "Deepseek's success has demonstrably broken this paradigm."
    save_po(catalog, po_path)
    line = load_po(po_path).entries[catalog.entries.index(entry)].line
    result = run(project, "check", "--lang", "en")
    assert result.exit_code == 1
    assert f"locales/en/LC_MESSAGES/article.po:{line}: [" in result.stdout
    assert "Deepseek" in result.stdout
    data = json.loads(run(project, "check", "--lang", "en", "--format", "json").stdout)
    assert data and {"path", "line", "code", "severity", "message", "msgid"} <= set(data[0])
    github = run(project, "check", "--lang", "en", "--format", "github").stdout
    assert github.startswith("::error file=locales/en/LC_MESSAGES/article.po,line=")


def test_broken_po_is_a_finding_not_a_crash(project: Path) -> None:
    po_path = project / "locales/es/LC_MESSAGES/article.po"
    po_path.write_text(po_path.read_text(encoding="utf-8") + "\nmsgid \"x\"\nbroken\n",
                       encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "locales/es/LC_MESSAGES/article.po:" in result.stdout and "[po-syntax]" in result.stdout


def test_broken_glossary_is_exit_2(project: Path) -> None:
    (project / "glossary.yaml").write_text("version: 1\nterms:\n  - term: [unclosed\n",
                                           encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 2 and "glossary.yaml:" in result.stderr


def test_strict_reports_untranslated(project: Path) -> None:
    po_path = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    catalog.entries[3].msgstr = ""
    save_po(catalog, po_path)
    assert run(project, "check", "--lang", "fr").exit_code == 0
    strict = run(project, "check", "--lang", "fr", "--strict")
    assert strict.exit_code == 1 and "[untranslated] 1 untranslated entry" in strict.stdout


def test_shipped_glossary_leaves_no_high_confidence_candidate(project: Path) -> None:
    result = run(project, "glossary", "suggest")
    assert result.exit_code == 0 and result.stdout == ""


# ------------------------------------------------------------------- --list, --select, --ignore

def _break_french(project: Path) -> None:
    """One French entry with a straight-quote typography error and a forbidden term."""
    po_path = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    entry = next(e for e in catalog.entries if e.msgid.startswith("DeepSeeks Erfolg hat"))
    entry.msgstr = 'Le succès de Deepseek a "manifestement" brisé ce paradigme.'
    save_po(catalog, po_path)


def _codes(stdout: str) -> set[str]:
    return {line.split("[", 1)[1].split("]", 1)[0] for line in stdout.splitlines() if "[" in line}


def test_check_list_names_every_code_with_severity_and_title(tmp_path: Path) -> None:
    from kilocale.core.checks import REGISTRY

    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "check", "--list"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    for code in ("typo-fr-space", "typo-fr-quotes", "typo-es-inverted", "typo-zh-punct",
                 "typo-zh-space", "glossary-missing", "number", "untranslated", "po-syntax"):
        assert code in rows
    assert set(REGISTRY) <= set(rows)
    assert "error" in rows["number"] and "Number missing or changed." in rows["number"]
    assert "warning" in rows["unchanged"]


def test_select_and_ignore_filter_by_code_and_family(project: Path) -> None:
    _break_french(project)
    everything = _codes(run(project, "check", "--lang", "fr").stdout)
    assert {"typo-fr-quotes", "glossary-forbidden"} <= everything
    only = run(project, "check", "--lang", "fr", "--select", "typo")
    assert _codes(only.stdout) == {"typo-fr-quotes"} and only.exit_code == 1
    rest = _codes(run(project, "check", "--lang", "fr", "--ignore", "typo-fr-quotes").stdout)
    assert "typo-fr-quotes" not in rest and "glossary-forbidden" in rest
    none = run(project, "check", "--lang", "fr", "--ignore", "typo,glossary")
    assert none.exit_code == 0 and none.stdout == ""


def test_unknown_code_is_a_usage_error(project: Path) -> None:
    result = run(project, "check", "--select", "no-such-check")
    assert result.exit_code == 2 and "no-such-check" in result.stderr


def test_filters_from_the_configuration_and_the_command_line_replaces_them(project: Path) -> None:
    _break_french(project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8")
                         + '\n[tool.kilocale.check]\nignore = ["glossary"]\n', encoding="utf-8")
    assert _codes(run(project, "check", "--lang", "fr").stdout) == {"typo-fr-quotes"}
    again = _codes(run(project, "check", "--lang", "fr", "--ignore", "typo").stdout)
    assert "glossary-forbidden" in again and "typo-fr-quotes" not in again


def test_bad_check_table_is_exit_2(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8")
                         + '\n[tool.kilocale.check]\nselect = "number"\n', encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 2 and "check.select" in result.stderr

"""`kilocale check` and `kilocale glossary suggest` on the shipped project."""

from __future__ import annotations

import json
import subprocess
import sys
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


def test_check_stats_build_do_not_import_the_mt_stack(project: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kilocale.cli import cli\n"
        f"for args in (['check'], ['stats'], ['build']):\n"
        f"    CliRunner().invoke(cli, ['-C', {str(project)!r}, *args])\n"
        "heavy = [m for m in ('argostranslate', 'ctranslate2', 'torch', 'sentencepiece',"
        " 'stanza') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr

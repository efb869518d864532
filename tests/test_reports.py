"""Honest reports: stale templates are named, percentages agree with what build does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kilocale.cli import cli


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


STALE = ("kilocale: locales/templates/article.pot is older than source/de/article.md; "
         "figures are for the old text: run `kilocale extract`\n")


def test_a_changed_source_is_named_by_stats_and_build_until_extract(project: Path) -> None:
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    code, out, err = run(project, "stats")
    assert code == 0 and err == STALE
    code, out, err = run(project, "build", "-l", "en")
    assert code == 0 and err == STALE
    # the edition's figure agrees with its fallbacks: 91 of 92 segments are translated
    assert "build/en/article.md: 99% translated, 1 of 92 segments in the source language" in out
    run(project, "extract")
    run(project, "update")
    code, out, err = run(project, "stats")
    assert code == 0 and err == ""


def test_a_new_document_is_not_reported_complete(project: Path) -> None:
    (project / "source/de/notes.md").write_text("# Notizen\n\nEin Satz.\n", encoding="utf-8")
    code, out, err = run(project, "stats", "-l", "fr")
    assert "kilocale: source/de/notes.md has no template yet; run `kilocale extract`" in err
    [row] = [line for line in out.splitlines() if line.startswith("fr       notes")]
    assert row.endswith("no POT") and "100" not in row
    rows = json.loads(run(project, "stats", "-l", "fr", "--format", "json")[1])
    assert [r["has_template"] for r in rows] == [True, False]


def test_stats_shows_the_figure_min_complete_judges(project: Path) -> None:
    (project / "source/de/second.md").write_text("# Zweiter Text\n\nEin Satz. Noch einer.\n",
                                                 encoding="utf-8")
    run(project, "extract")
    run(project, "update")
    code, out, _ = run(project, "stats", "-l", "en")
    found = re.search(r"reviewed, all documents \(what build --min-complete judges\): en "
                      r"([\d.]+)%", out)
    assert found and found.group(1) == "96.8"  # 91 of 94 entries, over both documents
    assert run(project, "build", "-l", "en", "--min-complete", "96.9")[2].startswith(
        "en: not built, 96.8% complete is below --min-complete 96.9%")
    code, out, err = run(project, "build", "-l", "en", "--min-complete", "96.8")
    assert "build/en/article.md" in out and "not built" not in err

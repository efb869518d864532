"""The command line end to end on a copy of the project: commands, exit codes, safety."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale import pipeline
from kilocale.cli import cli
from kilocale.config import load_config
from kilocale.io.po import load_po, save_po


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "kilocale", "--version"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "kilocale" in proc.stdout


def test_full_cycle_is_idempotent(project: Path) -> None:
    for command in ("extract", "update", "build"):
        assert run(project, command)[0] == 0
    before = snapshot(project)
    for command in ("extract", "update", "build"):
        code, out, _ = run(project, command)
        assert code == 0 and "(unchanged)" in out
    assert snapshot(project) == before


def test_extract_keeps_the_shipped_creation_date_of_an_unchanged_source(project: Path) -> None:
    pot = project / "locales/templates/article.pot"
    shipped = pot.read_bytes()
    date = load_po(pot).header["POT-Creation-Date"]
    code, out, _ = run(project, "extract")
    assert code == 0 and "(unchanged)" in out
    assert pot.read_bytes() == shipped and load_po(pot).header["POT-Creation-Date"] == date


def _clock(*moments: str):
    """A frozen clock that returns each of ``moments`` (``YYYY-MM-DD HH:MM``, UTC) in turn."""
    times = iter(dt.datetime.strptime(m, "%Y-%m-%d %H:%M").replace(tzinfo=dt.timezone.utc)
                 for m in moments)
    return lambda: next(times)


def test_unchanged_extract_keeps_pot_creation_date(project: Path) -> None:
    config = load_config(project)
    pot = project / "locales/templates/article.pot"
    pot.unlink()
    pipeline.extract(config, clock=_clock("2030-01-02 03:04"))
    first = pot.read_bytes()
    assert load_po(pot).header["POT-Creation-Date"] == "2030-01-02 03:04+0000"
    report = pipeline.extract(config, clock=_clock("2031-05-06 07:08"))
    assert [f.changed for f in report.files] == [False]
    assert pot.read_bytes() == first


def test_source_date_epoch_dates_the_files_a_run_writes(project: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH (reproducible builds) stands in for the clock: 1767225600 is
    2026-01-01 00:00 UTC, whenever the run happens."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    shutil.rmtree(project / "locales/es")
    assert run(project, "extract")[0] == 0
    assert load_po(project / "locales/templates/article.pot").header["POT-Creation-Date"] \
        == "2026-01-01 00:00+0000"
    assert run(project, "update", "--lang", "es")[0] == 0
    assert load_po(project / "locales/es/LC_MESSAGES/article.po").header["PO-Revision-Date"] \
        == "2026-01-01 00:00+0000"


@pytest.mark.parametrize("value", ["yesterday", "17e8", "-5", "١٧٦٧٢٢٥٦٠٠", "9" * 30])
def test_a_malformed_source_date_epoch_is_refused(project: Path, value: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    pot = project / "locales/templates/article.pot"
    before = pot.read_bytes()
    code, _, err = run(project, "extract")
    assert code == 2 and "SOURCE_DATE_EPOCH" in err
    assert pot.read_bytes() == before


def test_changed_extract_moves_pot_creation_date(project: Path) -> None:
    config = load_config(project)
    pot = project / "locales/templates/article.pot"
    pipeline.extract(config, clock=_clock("2030-01-02 03:04"))
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n",
                      encoding="utf-8")
    report = pipeline.extract(config, clock=_clock("2031-05-06 07:08"))
    assert [f.changed for f in report.files] == [True]
    catalog = load_po(pot)
    assert catalog.header["POT-Creation-Date"] == "2031-05-06 07:08+0000"
    assert catalog.entries[-1].msgid == "Ein neuer Satz."


def test_source_edit_makes_translation_fuzzy_with_previous(project: Path) -> None:
    po_path = project / "locales/en/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    target = next(e for e in catalog.entries if e.msgid.startswith("Das Tempo war"))
    target.msgstr, target.flags = "The pace was dizzying.", []
    save_po(catalog, po_path)
    source = project / "source/de/article.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Das Tempo war schwindelerregend.",
                                   "Das Tempo war atemberaubend schwindelerregend."),
                      encoding="utf-8")
    assert run(project, "extract")[0] == 0
    assert run(project, "update", "--lang", "en")[0] == 0
    entry = next(e for e in load_po(po_path).entries
                 if e.msgid == "Das Tempo war atemberaubend schwindelerregend.")
    assert entry.fuzzy and entry.msgstr == "The pace was dizzying."
    assert entry.previous_msgid == "Das Tempo war schwindelerregend."


def test_build_falls_back_to_german_and_reports_it(project: Path) -> None:
    for po_path in (project / "locales").rglob("*.po"):
        catalog = load_po(po_path)
        for e in catalog.entries:
            e.msgstr, e.flags = "", []
        save_po(catalog, po_path)
    code, out, _ = run(project, "build")
    assert code == 0
    assert "91 of 91 segments in the source language" in out
    source = (project / "source/de/article.md").read_bytes()
    for lang in ("en", "fr", "es", "zh_CN"):
        assert (project / "build" / lang / "article.md").read_bytes() == source


def test_min_complete_skips_incomplete_languages(project: Path) -> None:
    po_path = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    for e in catalog.entries:
        e.msgstr = ""
    save_po(catalog, po_path)
    code, out, err = run(project, "build", "--min-complete", "50")
    assert code == 0
    assert "fr: not built" in err
    assert not (project / "build/fr").exists()


def test_stats_json(project: Path) -> None:
    code, out, _ = run(project, "stats", "--format", "json")
    rows = json.loads(out)
    assert {r["language"] for r in rows} == {"en", "fr", "es", "zh_CN"}
    for r in rows:
        assert r["translated"] + r["fuzzy"] + r["untranslated"] == 91


@pytest.mark.parametrize("lang", ["xx", "../etc", "it"])
def test_bad_language_is_exit_2(project: Path, lang: str) -> None:
    code, _, err = run(project, "update", "--lang", lang)
    assert code == 2 and "kilocale:" in err and "Traceback" not in err


def test_malformed_po_is_located_and_nothing_changes(project: Path) -> None:
    bad = project / "locales/fr/LC_MESSAGES/article.po"
    bad.write_text(bad.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "y"\ngarbage\n',
                   encoding="utf-8")
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Tempo", "Tempo jetzt"),
                      encoding="utf-8")
    run(project, "extract")
    before = snapshot(project)
    for command in ("update", "build", "stats"):
        code, _, err = run(project, command)
        assert code == 2
        lines = bad.read_text(encoding="utf-8").count("\n")
        assert f"locales/fr/LC_MESSAGES/article.po:{lines}:" in err
    assert snapshot(project) == before


def test_missing_templates_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "source/de").mkdir(parents=True)
    (tmp_path / "kilocale.toml").write_text('languages = ["en"]\n', encoding="utf-8")
    code, _, err = run(tmp_path, "update")
    assert code == 2 and "run `kilocale extract` first" in err


def test_dash_c_with_an_empty_config_uses_defaults(tmp_path: Path) -> None:
    (tmp_path / "kilocale.toml").write_text("", encoding="utf-8")
    (tmp_path / "source/de").mkdir(parents=True)
    (tmp_path / "source/de/a.md").write_text("# Titel\n\nText. Mehr.\n", encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    assert (tmp_path / "locales/templates/a.pot").is_file()


def test_wrap_zero_writes_long_lines(project: Path) -> None:
    with open(project / "pyproject.toml", "a", encoding="utf-8") as fh:
        fh.write("")
    text = (project / "pyproject.toml").read_text(encoding="utf-8").replace("wrap = 76",
                                                                             "wrap = 0")
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    run(project, "extract")
    pot = (project / "locales/templates/article.pot").read_text(encoding="utf-8")
    assert 'msgid "Der komplexe Tanz um die globale Technologieführerschaft, lange' in pot


def test_stats_tells_machine_drafts_from_reviewed_text(project: Path) -> None:
    po_path = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    for e in catalog.entries[:10]:
        e.msgstr = ""
    save_po(catalog, po_path)
    assert run(project, "pretranslate", "--lang", "fr", "--engine", "pseudo")[0] == 0
    row = next(r for r in json.loads(run(project, "stats", "--format", "json")[1])
               if r["language"] == "fr")
    assert (row["translated"], row["fuzzy"], row["machine_drafts"]) == (81, 10, 10)


def test_undecodable_source_is_located_and_nothing_changes(project: Path) -> None:
    source = project / "source/de/article.md"
    source.write_bytes(source.read_bytes() + b"\nK\xe4se ist gut.\n")
    before = snapshot(project)
    for command in ("extract", "build"):
        code, _, err = run(project, command)
        assert code == 2 and "source/de/article.md:" in err and "UTF-8" in err
    assert snapshot(project) == before

"""Runs that find (almost) nothing changed skip the renderer's libraries and the index.

A build that renders no document keeps the index page whole when every section's hash
is the recorded one (``pipeline._render_index``), and imports neither markdown-it nor
lxml; an extract of documents without raw HTML never imports lxml.  Each skip is
checked against a full run (``--no-cache``) of a twin project, byte for byte.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale import pipeline
from kilocale.cli import cli

# (babel too renders, but the shipped project's configuration asks it about zh_CN)
RENDERER = ("markdown_it", "lxml")


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # New templates are dated: both twins must date them alike.
    monkeypatch.setattr(pipeline, "po_date", lambda moment: "2026-01-02 03:04+0000")


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def imported_by(project: Path, *args: str) -> set[str]:
    """Top-level packages in sys.modules after ``kilocale -C project ARGS`` in a fresh
    interpreter (which also dates templates by the real clock: only for runs that write
    none)."""
    code = ("import sys\n"
            "from kilocale.cli import cli\n"
            "try:\n"
            f"    cli({['-C', str(project), *args]!r}, prog_name='kilocale')\n"
            "except SystemExit as exc:\n"
            "    assert not exc.code, exc.code\n"
            "print('\\nMODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES ")]
    assert line, proc.stderr
    return {name.split(".")[0] for name in line[-1].split()[1:]}


def built(project: Path) -> dict[str, bytes]:
    return snapshot(project / "build")


def twin(project: Path, tmp_path: Path) -> Path:
    """A copy of ``project`` without its cache, for the full runs."""
    other = tmp_path / "full"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns(".kilocale"))
    return other


def first_run(project: Path) -> None:
    for step in ("extract", "update", "build"):
        code, _out, err = run(project, step)
        assert code == 0, err


def test_a_build_that_renders_nothing_keeps_the_index_and_imports_no_renderer(
        project: Path, tmp_path: Path) -> None:
    first_run(project)
    before = built(project)
    loaded = imported_by(project, "build")
    assert not loaded & set(RENDERER), sorted(loaded & set(RENDERER))
    assert built(project) == before
    full = twin(project, tmp_path)
    code, _out, err = run(full, "--no-cache", "build")
    assert code == 0, err
    assert built(full) == built(project)


def test_the_index_is_rendered_again_when_a_title_or_the_page_changed(
        project: Path, tmp_path: Path) -> None:
    first_run(project)
    full = twin(project, tmp_path)
    source = Path("source/de/article.md")
    for root in (project, full):  # a new title: that document's section changes
        text = (root / source).read_text(encoding="utf-8")
        heading = next(line for line in text.splitlines() if line.startswith("# "))
        (root / source).write_text(text.replace(heading, heading + " heute", 1),
                                   encoding="utf-8")
    for step in ("extract", "update", "build"):
        assert run(project, step) == run(full, "--no-cache", step)
    index = project / "build" / "index.html"
    assert b" heute" in index.read_bytes()
    assert built(project) == built(full)
    # a hand edit of the page (sections as recorded): the page is written again
    index.write_bytes(index.read_bytes().replace(b" heute", b" gestern"))
    code, out, _err = run(project, "build")
    assert code == 0 and "build/index.html\n" in out
    assert built(project) == built(full)
    # and a build that changes nothing keeps it
    code, out, _err = run(project, "build")
    assert code == 0 and "build/index.html (unchanged)\n" in out
    assert built(project) == built(full)


def test_extracting_a_document_without_raw_html_imports_no_lxml(project: Path) -> None:
    first_run(project)
    source = project / "source" / "de" / "article.md"
    text = source.read_text(encoding="utf-8")
    assert "<" not in text  # the shipped article has no raw HTML
    # (the child dates the edited template by the real clock; nothing compares it here)
    source.write_text(text + "\nEin neuer Satz steht hier.\n", encoding="utf-8")
    loaded = imported_by(project, "extract")
    assert "markdown_it" in loaded  # it did segment the edited document
    assert "lxml" not in loaded

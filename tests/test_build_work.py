"""Work done once: a build parses each source once, reads titles off the pages' own parses,
trusts extract's cache for templates, and writes many files on threads with every
guarantee of a serial write."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale import pipeline
from kilocale.cli import cli
from kilocale.config import load_config
from kilocale.formats import html, markdown
from kilocale.io import fs
from kilocale.io.fs import WritePlan, WriteError, write_all

ROOT = Path(__file__).resolve().parent.parent

def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# ------------------------------------------------------------------------- first heading

@pytest.mark.parametrize(("text", "title"), [
    ("# Über [KI][k]\n\nText.\n\n[k]: https://example.org\n", "Über KI"),
    ("# Über [KI][k]\n\nText.\n", "Über [KI][k]"),  # no such reference: the brackets stay
    ("# Über [KI][k]\n\n> [k]: /ki\n", "Über KI"),  # defined in a quote
    ("# A \\* B &amp; `c`  #\n", "A * B & c"),
    ("\ufeff## Titel mit *Betonung*\r\nText.\r\n", "Titel mit Betonung"),
    ("# a | b\n--|--\n\n## Danach\n", "Danach"),  # the first line is a table's header
    ("    # Code\n\nTitel\n=====\n", "Titel"),
    ("#Kein Titel\n\n## Titel\n", "Titel"),
    ("Nur Text.\n", ""),
])
def test_first_heading_is_the_plain_text_of_the_first_heading(text: str, title: str) -> None:
    assert html.first_heading(text) == title


def test_a_page_reports_its_heading_only_when_its_parse_is_first_headings() -> None:
    args = {"language": "en", "source_language": "de", "doc": "d", "editions": []}
    page, heading = html.page_and_heading("# Title\n\nText.\n", **args)
    assert heading == "Title" and page == html.render_page("# Title\n\nText.\n", **args)
    marked = f"# {markdown.FALLBACK_OPEN}Titel{markdown.FALLBACK_CLOSE}\n"
    assert html.page_and_heading(marked, **args)[1] is None  # the page parses the marks
    assert html.page_and_heading("# Ti\x0ctle\n", **args)[1] is None  # and U+FFFD for \x0c


def test_index_titles_of_editions_with_untranslated_headings(project: Path) -> None:
    source = project / "source/de/zweiter.md"
    source.write_text("Einleitung ohne Titel.\n\n## Ein [Titel][t] für *alle*\n\nText.\n\n"
                      "[t]: https://example.org\n", encoding="utf-8")
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    assert run(project, "build")[0] == 0  # nothing of zweiter.md is translated: fallbacks
    index = lxml.html.fromstring((project / "build/index.html").read_bytes())
    titles = {a.get("href"): a.findtext(".//span[@class='edition-title']")
              for a in index.iter("a") if a.get("class") == "edition-link"}
    for lang in ("de", "en", "fr"):
        assert titles[f"{lang}/zweiter.html"] == "Ein Titel für alle"
    assert titles["en/article.html"] == "DeepSeek and the New Race for AI Leadership"


# --------------------------------------------------------------------- parsed once per build

def test_a_build_parses_each_source_once_and_each_edition_page_once(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[str] = []
    real_find_spans = markdown._find_spans

    def find_spans(text: str, path: str, segmentation: str):  # noqa: ANN202
        parses.append(path)
        return real_find_spans(text, path, segmentation)

    monkeypatch.setattr(markdown, "_find_spans", find_spans)
    parser = html._parser()
    pages: list[str] = []
    real_parse = parser.parse
    monkeypatch.setattr(parser, "parse", lambda src, env=None: (pages.append(src[:20]),
                                                                real_parse(src, env))[1])
    config = load_config(project)
    report = pipeline.build(config, config.languages, jobs=1, incremental=False)
    assert parses == ["source/de/article.md"]  # template check and editions share it
    # the original's page is made from that parse's blocks, each edition's page parses
    assert len(pages) == len(config.languages)
    assert report.stale == {}


def test_the_original_page_made_from_the_extraction_blocks_is_the_parsed_page() -> None:
    source = (ROOT / "source" / "de" / "article.md").read_text(encoding="utf-8")
    document = markdown.parse(source, "article.md")
    assert html._tokens_from_blocks(source, document.blocks) is not None  # the shortcut
    editions = [html.Edition("de", "de/article.html", 100.0)]
    kwargs = dict(language="de", source_language="de", doc="article", editions=editions)
    assert html.page_and_heading(source, blocks=document.blocks, **kwargs) == \
        html.page_and_heading(source, **kwargs)


def test_a_build_after_extract_does_not_segment_again(project: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(project, "extract")[0] == 0
    called: list[str] = []
    real = pipeline._template_of
    monkeypatch.setattr(pipeline, "_template_of", lambda *a: (called.append(a[2]), real(*a))[1])
    assert run(project, "-j", "1", "build")[::2] == (0, "")
    assert called == []
    assert run(project, "-j", "1", "--no-cache", "build")[::2] == (0, "")
    assert called == ["article"]  # without the cache the template is compared again


STALE = ("kilocale: locales/templates/article.pot is older than source/de/article.md; "
         "figures are for the old text: run `kilocale extract`\n")


def test_extract_cache_never_hides_a_stale_or_missing_template(project: Path) -> None:
    assert run(project, "extract")[0] == 0
    pot = project / "locales/templates/article.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace(
        'msgid "Das Tempo war', 'msgid "Das Tempo ist', 1), encoding="utf-8")
    assert run(project, "build")[2] == STALE  # the template is not the one extract wrote
    assert run(project, "extract")[0] == 0
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n",
                      encoding="utf-8")
    assert run(project, "build")[2] == STALE  # the source is not the one extract read
    assert run(project, "extract")[0] == 0
    assert run(project, "build")[2] == ""
    pot.unlink()
    assert run(project, "build")[2] == ("kilocale: source/de/article.md has no template "
                                        "yet; run `kilocale extract`\n")


def test_extract_keeps_a_hand_written_creation_date_of_an_unchanged_template(
        project: Path) -> None:
    pot = project / "locales/templates/article.pot"
    text = pot.read_text(encoding="utf-8")
    date = text.split('"POT-Creation-Date: ', 1)[1].split("\\n", 1)[0]
    for other in ("2030-01-02 03:04+0100", "gestern"):  # not the shape kilocale writes
        pot.write_text(text.replace(date, other, 1), encoding="utf-8")
        before = pot.read_bytes()
        assert run(project, "--no-cache", "extract")[0] == 0
        assert pot.read_bytes() == before
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nEin neuer Satz.\n",
                      encoding="utf-8")
    assert run(project, "extract")[0] == 0
    assert "gestern" not in pot.read_text(encoding="utf-8")


# ------------------------------------------------------------------ many files on threads

def plans(root: Path, n: int) -> list[WritePlan]:
    return [WritePlan(root / f"d{i % 3}" / f"f{i:02d}.txt", f"content {i}\n".encode(), None,
                      f"f{i:02d}.txt") for i in range(n)]


def test_many_files_are_written_exactly(tmp_path: Path) -> None:
    todo = plans(tmp_path, 3 * fs._IO_THREADS)
    assert write_all(todo) == [True] * len(todo)
    assert all(p.path.read_bytes() == p.data for p in todo)
    assert write_all(todo) == [False] * len(todo)
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_every_file_is_fsynced_before_the_first_rename(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    todo = plans(tmp_path, 3 * fs._IO_THREADS)
    synced: list[int] = []
    at_first_rename: list[int] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        real_fsync(fd)
        synced.append(fd)

    def replace(src: str, dst: str) -> None:
        if not at_first_rename:
            at_first_rename.append(len(synced))
        real_replace(src, dst)

    monkeypatch.setattr(fs.os, "fsync", fsync)
    monkeypatch.setattr(fs.os, "replace", replace)
    write_all(todo)
    assert at_first_rename == [len(todo)]


def test_a_failed_write_among_many_names_the_first_and_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    todo = plans(tmp_path, 3 * fs._IO_THREADS)
    todo[5].path.parent.mkdir(parents=True, exist_ok=True)
    todo[5].path.write_bytes(b"old\n")
    todo[5] = WritePlan(todo[5].path, todo[5].data, fs.digest(b"old\n"), todo[5].display)
    before = snapshot(tmp_path)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}")
        if ".f07.txt." in name or ".f19.txt." in name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file an fsync is for")
    monkeypatch.setattr(fs.os, "fsync", fsync)
    with pytest.raises(WriteError) as caught:
        write_all(todo)
    assert str(caught.value) == ("f07.txt: cannot write: no space left on the device; "
                                 "no file was changed")
    assert snapshot(tmp_path) == before


def test_an_output_file_symlinked_out_of_the_project_is_refused(project: Path,
                                                                tmp_path: Path) -> None:
    assert run(project, "build")[0] == 0  # build/en/ exists, its other files are checked
    outside = tmp_path / "elsewhere.html"
    outside.write_bytes(b"not kilocale's")
    page = project / "build/en/article.html"
    page.unlink()
    os.symlink(outside, page)
    (project / "build/en/article.md").unlink()  # something to write in the same directory
    code, _out, err = run(project, "build")
    assert code == 2
    assert err == (f"kilocale: build/en/article.html: refusing to write through a symbolic "
                   f"link to {outside}, outside the project\n")
    assert outside.read_bytes() == b"not kilocale's"
    assert not (project / "build/en/article.md").exists()

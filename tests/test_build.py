"""Building the editions: structure parity with the original, escaping, byte stability."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from click.testing import CliRunner

from conftest import snapshot
from kilocale.cli import cli
from kilocale.formats.html import structure_signature
from kilocale.io.po import load_po, save_po

LANGS = ("en", "fr", "es", "zh_CN")


def build(project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_every_edition_has_the_structure_of_the_original(project: Path) -> None:
    build(project)
    original = structure_signature((project / "build/de/article.html").read_bytes())
    assert original
    for lang in LANGS:
        page = (project / "build" / lang / "article.html").read_bytes()
        assert structure_signature(page) == original, lang


def test_pages_declare_language_and_link_every_edition(project: Path) -> None:
    build(project)
    for lang, bcp in zip(LANGS, ("en", "fr", "es", "zh-CN")):
        doc = lxml.html.fromstring((project / "build" / lang / "article.html").read_bytes())
        assert doc.get("lang") == bcp and doc.get("dir") == "ltr"
        hreflangs = {link.get("hreflang") for link in doc.iter("link")
                     if link.get("rel") == "alternate"}
        assert {"de", "en", "fr", "es", "zh-CN"} - {bcp} <= hreflangs
        assert doc.findtext(".//title")
    index = (project / "build/index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f'href="{lang}/article.html"' in index


def test_text_from_a_po_file_is_never_markup(project: Path) -> None:
    po_path = project / "locales/en/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    entry = next(e for e in catalog.entries if e.msgid.startswith("Das Tempo war"))
    entry.msgstr = 'The pace <script>alert(1)</script> was <b onclick="steal()">dizzying</b>.'
    entry.flags = []
    save_po(catalog, po_path)
    build(project)
    raw = (project / "build/en/article.html").read_bytes()
    page = lxml.html.fromstring(raw)
    assert not page.xpath("//script") and not page.xpath("//@onclick")
    assert "<script>alert(1)</script>" in page.text_content()
    assert b"&lt;script&gt;" in raw


def test_building_twice_gives_identical_files(project: Path) -> None:
    build(project)
    first = snapshot(project / "build")
    build(project)
    assert snapshot(project / "build") == first


def test_index_names_each_document_by_its_title(project: Path) -> None:
    build(project)
    index = lxml.html.fromstring((project / "build/index.html").read_bytes())
    assert [h.text_content() for h in index.iter("h2")] == [
        "DeepSeek und der neue Wettlauf um die KI-Führerschaft"]


def test_shipped_editions_are_complete_and_german_free(project: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(project), "build", "--min-complete", "100"],
                                catch_exceptions=False)
    assert result.exit_code == 0 and "not built" not in result.output
    assert "in the source language" not in result.output
    german = [e.msgid for e in load_po(project / "locales/templates/article.pot").entries]
    for lang in LANGS:
        edition = (project / "build" / lang / "article.md").read_text(encoding="utf-8")
        assert not [m for m in german if m in edition], lang

"""Honest fallback: German left in an edition is marked, counted, and stale editions go."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from click.testing import CliRunner

from kilocale.cli import cli
from kilocale.formats.html import render_page
from kilocale.formats.markdown import FALLBACK_CLOSE, FALLBACK_OPEN, render
from kilocale.io.po import load_po, save_po


def _build(project: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["-C", str(project), "build", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _untranslate(project: Path, lang: str, prefix: str) -> str:
    path = project / f"locales/{lang}/LC_MESSAGES/article.po"
    catalog = load_po(path)
    entry = next(e for e in catalog.entries if e.msgid.startswith(prefix))
    entry.msgstr = ""
    save_po(catalog, path)
    return entry.msgid


def test_a_fallback_sentence_is_marked_german_in_the_page_only(project: Path) -> None:
    msgid = _untranslate(project, "en", "Das Tempo war")
    _build(project)
    page = lxml.html.fromstring((project / "build/en/article.html").read_bytes())
    marked = page.xpath('//article//*[@lang="de"]')
    assert [" ".join(el.text_content().split()) for el in marked] == [msgid]
    assert marked[0].tag == "span"  # the rest of its paragraph is English
    assert page.get("lang") == "en"
    notice = page.xpath('//p[@class="translation-notice"]')[0].text_content()
    assert "Not yet translated: 1 of 91 passages, shown in the German original." in notice
    edition = (project / "build/en/article.md").read_text(encoding="utf-8")
    assert msgid in edition and FALLBACK_OPEN not in edition and FALLBACK_CLOSE not in edition


def test_a_complete_edition_has_no_marks_and_no_count(project: Path) -> None:
    _build(project)
    raw = (project / "build/fr/article.html").read_text(encoding="utf-8")
    assert 'lang="de"' not in raw.split("<article>")[1]
    assert "Pas encore traduit" not in raw


def test_a_block_that_is_all_german_carries_the_lang_itself() -> None:
    text = "# Titel\n\nEins. Zwei.\n\n- Ganz *deutsch*.\n"
    marked = render(text, {"Titel": "Title", "Eins.": "One."}.get, mark_fallbacks=True).text
    page = lxml.html.fromstring(render_page(marked, language="fr", source_language="de",
                                            doc="d", editions=[], untranslated=(2, 4)))
    li = page.xpath("//article//li")[0]
    assert li.get("lang") == "de" and not li.xpath(".//span")
    assert li.text_content() == "Ganz deutsch."
    [span] = page.xpath("//article//p//span[@lang]")
    assert span.text == "Zwei." and span.getparent().text == "One. "
    assert "2 passages sur 4" in page.xpath('//p[@class="translation-notice"]')[0].text_content()


def test_build_removes_editions_it_no_longer_produces_and_nothing_else(project: Path) -> None:
    _build(project)
    foreign = [project / "build/notes.txt", project / "build/en/my-page.html"]
    for path in foreign:  # files a person put there: never removed
        path.write_text("mine", encoding="utf-8")
    # es drops below 100 %; a second document appears and is later deleted
    _untranslate(project, "es", "Das Tempo war")
    extra = project / "source/de/extra.md"
    extra.write_text("# Extra\n\nEin Satz.\n", encoding="utf-8")
    _build(project)
    assert (project / "build/en/extra.html").exists()
    extra.unlink()
    out = _build(project, "--min-complete", "100")
    assert "build/es/article.html: removed" in out
    for gone in ("es/article.html", "es/article.md", "en/extra.md", "en/extra.html",
                 "de/extra.html"):
        assert not (project / "build" / gone).exists(), gone
    assert not (project / "build/es").exists()
    for path in foreign:
        assert path.read_text(encoding="utf-8") == "mine"
    assert (project / "build/fr/article.html").exists()


def test_a_build_of_one_language_keeps_the_others(project: Path) -> None:
    _build(project)
    before = (project / "build/fr/article.html").read_bytes()
    out = _build(project, "--lang", "en")
    assert "removed" not in out
    assert (project / "build/fr/article.html").read_bytes() == before
    _build(project)
    assert "fr/article.html" in (project / "build/.kilocale-manifest").read_text()

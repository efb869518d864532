"""Hostile but valid sources: deep nesting, odd line separators, a BOM, mixed line endings.

Nothing may be dropped silently and every valid source must survive the identity round
trip byte for byte; what kilocale cannot handle is a located error.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale.cli import cli
from kilocale.errors import SourceError
from kilocale.formats.markdown import extract, render
from kilocale.io.po import load_po, save_po


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- Punkt {i} hier.\n" for i in range(depth))


def nested_quote(depth: int) -> str:
    return "".join(">" * (i + 1) + f" Zitat {i} hier.\n" for i in range(depth))


def translate_all(project: Path, doc: str, language: str = "en") -> None:
    """Give every entry of ``doc`` a reviewed translation: the msgid in capitals."""
    path = project / f"locales/{language}/LC_MESSAGES/{doc}.po"
    catalog = load_po(path)
    for entry in catalog.entries:
        if entry.msgid:
            entry.msgstr, entry.flags = entry.msgid.upper(), []
    save_po(catalog, path)


@pytest.mark.parametrize("name,text,item", [("liste", nested_list(30), "Punkt {} hier."),
                                            ("zitat", nested_quote(30), "Zitat {} hier.")])
def test_thirty_levels_reach_every_page(project: Path, name: str, text: str, item: str) -> None:
    (project / f"source/de/{name}.md").write_text(text, encoding="utf-8")
    for command in ("extract", "update"):
        assert run(project, command)[0] == 0
    pot = load_po(project / f"locales/templates/{name}.pot")
    assert [e.msgid for e in pot.entries if e.msgid] == [item.format(i) for i in range(30)]
    translate_all(project, name)
    assert run(project, "build")[0] == 0
    edition = (project / f"build/en/{name}.md").read_text(encoding="utf-8")
    assert edition == text.replace(item.format("")[:-7], item.format("")[:-7].upper()).replace(
        " hier.", " HIER.")
    for lang, wanted in (("de", item), ("en", item.upper())):
        page = lxml.html.fromstring((project / f"build/{lang}/{name}.html").read_bytes())
        body = page.xpath("//article")[0].text_content()
        for i in range(30):
            assert wanted.format(i) in body, (lang, i)
        depth = max(len(list(el.iterancestors("ul" if name == "liste" else "blockquote")))
                    for el in page.iter("p", "li"))
        assert depth == 30


def test_nesting_beyond_the_limit_is_a_located_error(project: Path) -> None:
    (project / "source/de/tief.md").write_text("Ein Satz.\n\n" + nested_quote(300),
                                               encoding="utf-8")
    before = snapshot(project)
    for command in ("extract", "build"):
        code, _out, err = run(project, command)
        assert (code, err) == (2, "kilocale: source/de/tief.md:257: blocks nested more than 256 "
                                  "levels deep; kilocale would lose what is inside, so flatten "
                                  "the lists or quotes\n")
    assert snapshot(project) == before


SEPARATORS = ["\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("sep", SEPARATORS, ids=lambda s: f"U+{ord(s):04X}")
def test_line_separators_inside_a_paragraph_are_text(sep: str) -> None:
    text = f"# Titel\n\nErster{sep}Satz. Zweiter Satz.\n\n- Punkt{sep}eins.\n"
    assert [s.text for s in extract(text, "a.md")] == [
        "Titel", f"Erster{sep}Satz.", "Zweiter Satz.", f"Punkt{sep}eins."]
    assert render(text, lambda m: m).text == text
    table = {f"Erster{sep}Satz.": "First sentence.", f"Punkt{sep}eins.": "Item one."}
    assert render(text, table.get).text == "# Titel\n\nFirst sentence. Zweiter Satz.\n\n- Item one.\n"


def test_a_bom_survives_extract_and_build(project: Path) -> None:
    source = project / "source/de/article.md"
    data = b"\xef\xbb\xbf" + source.read_bytes()
    source.write_bytes(data)
    for command in ("extract", "update", "build"):
        assert run(project, command)[0] == 0
    pot = load_po(project / "locales/templates/article.pot")
    assert pot.entries[0].msgid == "DeepSeek und der neue Wettlauf um die KI-Führerschaft"
    # a German "edition" is the identity translation: every byte, the BOM included
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text(encoding="utf-8").replace(
            'languages = ["en", "fr", "es", "zh_CN"]', 'languages = ["en", "de_AT"]'),
        encoding="utf-8")
    assert run(project, "update", "--lang", "de_AT")[0] == 0
    assert run(project, "build", "--lang", "de_AT")[0] == 0
    assert (project / "build/de_AT/article.md").read_bytes() == data
    assert (project / "build/en/article.md").read_bytes().startswith(b"\xef\xbb\xbf# DeepSeek")


def test_a_bom_in_render_is_kept_and_not_part_of_a_msgid() -> None:
    text = "\ufeff# Titel\n\nEin Satz.\n"
    assert [s.text for s in extract(text)] == ["Titel", "Ein Satz."]
    assert render(text, lambda m: m).text == text
    assert render(text, {"Titel": "Title"}.get).text == "\ufeff# Title\n\nEin Satz.\n"


def test_mixed_line_endings_round_trip() -> None:
    text = "# Titel\r\n\r\nEin Satz\nmit Umbruch.\r\nNoch einer.\n\n> Zitat\r\n> zwei.\r"
    assert render(text, lambda m: m).text == text
    assert [s.text for s in extract(text)] == ["Titel", "Ein Satz mit Umbruch.", "Noch einer.",
                                               "Zitat zwei."]


def test_line_separators_survive_the_catalogs_and_the_build(project: Path) -> None:
    text = "".join(f"Satz{sep}mit Trenner {i}.\n\n" for i, sep in enumerate(SEPARATORS))
    (project / "source/de/trenner.md").write_text(text, encoding="utf-8")
    for command in ("extract", "update"):
        assert run(project, command)[0] == 0
    pot = load_po(project / "locales/templates/trenner.pot")
    assert [e.msgid for e in pot.entries if e.msgid] == [
        f"Satz{sep}mit Trenner {i}." for i, sep in enumerate(SEPARATORS)]
    translate_all(project, "trenner")
    assert run(project, "build")[0] == 0
    assert (project / "build/en/trenner.md").read_text(encoding="utf-8") == text.upper()

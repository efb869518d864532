"""Translations cannot change a document's structure: the build escapes, `check` reports.

A msgstr is spliced into the Markdown source as text, so before these rules a translation
``# Überschrift`` made a heading, ``- Punkt`` a list, a fence swallowed the rest of the
document, and ``check`` said nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilocale.cli import cli
from kilocale.formats.html import structure_signature
from kilocale.formats.markdown import render
from kilocale.io.po import load_po, save_po
from test_markdown import documents

SOURCE = """\
# Titel

Erster Satz hier. Zweiter Satz hier.

- Ein Punkt.
- Noch ein Punkt.

> Ein Zitat.

| Spalte | Wert |
|--------|------|
| Zelle eins | 1 |

Unterstrichen
-------------

![Ein Bild](bild.png)

Mit `Code` darin. Und danach.
"""

# msgid → a hostile translation, the Markdown the build writes, the findings.
HOSTILE = {
    "Erster Satz hier.": (
        "# Überschrift", "\\# Überschrift",
        "line 1 of the translation would start a heading ('# Überschrift'); escape it with "
        "a backslash or reword"),
    "Zweiter Satz hier.": (
        "Second.\n```", "Second.  \n\\`\\`\\`",
        "line 2 of the translation would start a code fence ('```'); escape it with a "
        "backslash or reword",
        "the translation has a backtick (`) without a partner: in the edition it would open "
        "or close a code span with the text around it",
        "the translation has 1 line break, the source 0: each one would start a new line in "
        "the edition"),
    "Ein Punkt.": (
        "- Punkt", "\\- Punkt",
        "line 1 of the translation would start a list item ('- Punkt'); escape it with a "
        "backslash or reword"),
    "Noch ein Punkt.": (
        "1. Eins", "1\\. Eins",
        "line 1 of the translation would start a numbered list item ('1. Eins'); escape it "
        "with a backslash or reword"),
    "Ein Zitat.": (
        "> Zitat", "\\> Zitat",
        "line 1 of the translation would start a block quote ('> Zitat'); escape it with a "
        "backslash or reword"),
    "Zelle eins": (
        "Cell | two", "Cell \\| two",
        "the translation has a '|' that would start a new table column; write '\\|'"),
    "Unterstrichen": (
        "    Underlined", "Underlined",
        "line 1 of the translation would start indented code ('Underlined'); escape it "
        "with a backslash or reword"),
    "Ein Bild": ("a](javascript:alert(1)) [b", "a\\](javascript:alert(1)) \\[b",
                 "link target 'javascript:' is not allowed; the HTML edition never links it"),
    "Mit `Code` darin.": (
        "With `code inside.", "With \\`code inside.",
        "the translation has a backtick (`) without a partner: in the edition it would open "
        "or close a code span with the text around it"),
    "Und danach.": (
        "And [then](javascript:alert(1)) `after`.", "And [then](javascript:alert(1)) `after`.",
        "link target 'javascript:' is not allowed; the HTML edition never links it"),
}


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project whose English catalog holds one structure-changing translation per block."""
    (tmp_path / "kilocale.toml").write_text('languages = ["en"]\n', encoding="utf-8")
    (tmp_path / "source/de").mkdir(parents=True)
    (tmp_path / "source/de/doc.md").write_text(SOURCE, encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0 and run(tmp_path, "update")[0] == 0
    path = tmp_path / "locales/en/LC_MESSAGES/doc.po"
    catalog = load_po(path)
    for entry in catalog.entries:
        if entry.msgid in HOSTILE:
            entry.msgstr = HOSTILE[entry.msgid][0]
        elif entry.msgid:
            entry.msgstr = entry.msgid.upper()
        entry.flags = []
    save_po(catalog, path)
    return tmp_path


def test_the_build_escapes_what_would_open_a_block(hostile: Path) -> None:
    assert run(hostile, "build")[0] == 0
    assert (hostile / "build/en/doc.md").read_text(encoding="utf-8") == """\
# TITEL

\\# Überschrift Second.  
\\`\\`\\`

- \\- Punkt
- 1\\. Eins

> \\> Zitat

| SPALTE | WERT |
|--------|------|
| Cell \\| two | 1 |

Underlined
-------------

![a\\](javascript:alert(1)) \\[b](bild.png)

With \\`code inside. And [then](javascript:alert(1)) `after`.
"""


def test_the_html_edition_keeps_the_original_structure(hostile: Path) -> None:
    assert run(hostile, "build")[0] == 0
    original = structure_signature((hostile / "build/de/doc.html").read_bytes())
    assert structure_signature((hostile / "build/en/doc.html").read_bytes()) == original
    page = lxml.html.fromstring((hostile / "build/en/doc.html").read_bytes())
    assert not [a for a in page.iter("a") if "script" in (a.get("href") or "")]
    assert page.xpath("//article//img/@alt") == ["a](javascript:alert(1)) [b"]


def test_check_reports_every_structure_change(hostile: Path) -> None:
    code, out = run(hostile, "check", "--format", "json")
    assert code == 1
    found = {(f["msgid"], f["message"]) for f in json.loads(out) if f["code"] == "structure"}
    assert found == {(msgid, finding) for msgid, (_m, _w, *findings) in HOSTILE.items()
                     for finding in findings}


def test_a_translated_heading_stays_one_line() -> None:
    out = render("## Titel\n\nText.\n", {"Titel": "Zwei\nZeilen"}.get).text
    assert out == "## Zwei Zeilen\n\nText.\n"


def test_a_sentence_inside_a_line_is_not_escaped() -> None:
    text = "Erster Satz. Zweiter Satz.\n"
    assert render(text, {"Zweiter Satz.": "- kein Punkt"}.get).text == (
        "Erster Satz. - kein Punkt\n")


def test_block_markers_after_a_hard_break_are_escaped_in_a_quote() -> None:
    out = render("> Eine Zeile.\n", {"Eine Zeile.": "A\n# line"}.get).text
    assert out == "> A  \n> \\# line\n"


HOSTILE_TEXTS = ["# x", "- x", "* x", "+ x", "> x", "```", "~~~ y", "1. x", "3) x", "x | y",
                 "a\n# b", "a\n---", "a\n===", "`", "x `` y", "    code", "\tcode", "[x]: /u",
                 "<div>", "<!-- c", "***", "---", "|--|--|", "a\n> b", "a](b) [c", "a\n\n- b"]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents, st.randoms(use_true_random=False))
def test_no_translation_changes_the_structure_of_a_generated_document(text, rnd) -> None:
    from kilocale.formats.html import render_page

    def page(markdown: str) -> list[tuple]:  # blocks only: a translation may drop a link
        return [item for item in structure_signature(render_page(
            markdown, language="en", source_language="de", doc="d", editions=[]))
            if item[0] not in ("a", "img")]

    hostile = render(text, lambda m: rnd.choice(HOSTILE_TEXTS)).text
    assert page(hostile) == page(text)


def test_a_one_word_footnote_translation_stays_on_the_page() -> None:
    """``[^1]: Note.`` has the shape of a link reference definition; it must not vanish."""
    from kilocale.formats.html import render_page

    text = "A.[^1]\n\n[^1]: Fußnote A.\n"
    out = render(text, {"Fußnote A.": "Note."}.get).text
    assert out == "A.[^1]\n\n[^1]: Note.\n"
    article = lxml.html.fromstring(render_page(out, language="en", source_language="de",
                                               doc="d", editions=[])).find(".//article")
    assert [p.text_content() for p in article.iter("p")] == ["A.[^1]", "[^1]: Note."]
    assert article.find(".//a") is None


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("`~#-:|=*_+><[ \t1٣²a.)é/!") + [
    "<div>", "<!--", "```", "1.", "12)", "* * *", "---", "[a]:", "<script", "</p>", "<br/>"]),
    max_size=8).map("".join))
def test_block_opener_shortcut_is_the_pattern_rule(line: str) -> None:
    """The first-character shortcut of block_opener answers as its patterns do: a line
    the shortcut calls plain text opens nothing in any of them."""
    from kilocale.core import structure

    stripped = line.lstrip(" \t")
    offset = len(line) - len(stripped)
    expected = None
    if stripped and len(line[:offset].expandtabs(4)) >= 4:
        expected = ("indented code", offset)
    else:
        for name, pattern in structure._OPENERS:
            m = pattern.match(stripped)
            if m:
                expected = (name, offset + m.start(1))
                break
    assert structure.block_opener(line) == expected


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(list("`~#-|[]\n \tab1.") + ["<div>", "```", "* * *", "\\`"]),
                max_size=10).map("".join),
       st.sampled_from(["paragraph", "heading", "list item", "table cell", "table header",
                        "image alt", "block quote", "title"]),
       st.booleans())
def test_neutralize_shortcut_is_every_rule(translation: str, block: str,
                                           line_start: bool) -> None:
    """neutralize's one-line shortcut gives what all of its rules give."""
    from kilocale.core import structure

    assert structure.neutralize(translation, block=block, line_start=line_start) == \
        structure._neutralize_all(translation, block=block, line_start=line_start)

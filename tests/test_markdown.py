"""Markdown extraction and rendering: spans, identity round trip, splicing of translations."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kilocale.formats.markdown import extract, find_spans, render

DATA = Path(__file__).parent / "data" / "md"
ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "source/de/article.md",
        *sorted(p for p in DATA.glob("*.md") if not p.name.endswith(".expect.md"))]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_identity_translation_is_byte_identical(path: Path, newline: str) -> None:
    text = path.read_text(encoding="utf-8").replace("\n", newline)
    assert render(text, lambda msgid: msgid).text == text


GOLDEN = sorted(p for p in DATA.glob("*.md") if not p.name.endswith(".expect.md"))
REGENERATE = os.environ.get("KILOCALE_REGENERATE") == "1"  # rewrite the golden files


def _marker(msgid: str) -> str:
    """A translation unlike any source text: prose in upper case, markup as it is, in ⟦ ⟧."""
    parts = re.split(r"(`[^`]*`|<[^<>]*>|\]\([^()]*\)|\[\^[^\]]*\])", msgid)
    return "⟦" + "".join(p if i % 2 else p.upper() for i, p in enumerate(parts)) + "⟧"


def _golden(path: Path, actual: str) -> None:
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs (read it; "\
        "KILOCALE_REGENERATE=1 rewrites it)"


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden_template(path: Path) -> None:
    """Source ``<case>.md``, expected template ``<case>.expect.pot``, read by a person."""
    from kilocale.core.template import build_template
    from kilocale.io.po import dumps

    text = path.read_text(encoding="utf-8")
    catalog = build_template(path.stem, path.name, extract(text, path.name),
                             "2025-01-01 00:00+0000", "kilocale")
    _golden(path.with_suffix(".expect.pot"), dumps(catalog, 76))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden_edition(path: Path) -> None:
    """``<case>.expect.md``: the edition with every msgid translated as ⟦MSGID⟧."""
    text = path.read_text(encoding="utf-8")
    _golden(path.with_suffix(".expect.md"), render(text, _marker).text)


def test_untranslatable_parts_are_not_extracted() -> None:
    text = (DATA / "constructs.md").read_text(encoding="utf-8")
    ids = " ".join(s.text for s in extract(text))
    for never in ("Nicht übersetzen", "author", "Jemand", "bild.png", "diagramm.svg",
                  "print(", "class", "<div"):
        assert never not in ids


def test_translation_is_spliced_and_structure_kept() -> None:
    text = (DATA / "constructs.md").read_text(encoding="utf-8")
    table = {s.msgid: f"<<{s.msgid.upper()}>>" for s in find_spans(text)}
    out = render(text, table.get).text
    assert 'title: "<<EIN TITEL: MIT \\"ZITAT\\">>"' in out
    assert "1. <<ERSTER PUNKT.>> <<ER HAT ZWEI SÄTZE.>>" in out
    assert "10) <<ZEHN.>>" in out
    assert "| <<SPALTE A>> |" in out and "|:--------|---------:|" in out
    assert "![<<EIN DIAGRAMM ZUR LAGE>>](diagramm.svg \"Titel\")" in out
    assert 'print("Nicht übersetzen. Niemals.")' in out
    assert "<<EINE HARTE ZEILE.\\\nNOCH EINE.>>" in out  # the source's backslash break
    assert "> <<EIN ZITAT.>> <<MIT ZWEI SÄTZEN, DIE UMBROCHEN SIND.>>" in out


def test_missing_translations_fall_back_and_are_counted() -> None:
    text = "# Titel\n\nEins. Zwei.\n"
    result = render(text, {"Eins.": "One."}.get)
    assert result.text == "# Titel\n\nOne. Zwei.\n"
    assert (result.total, result.fallbacks) == (3, 2)


def test_chinese_sentences_are_joined_without_space() -> None:
    text = "Eins. Zwei.\nDrei.\n\nVier.  \nFünf.\n"
    table = {"Eins.": "一。", "Zwei.": "二。", "Drei.": "三。", "Vier.": "四。", "Fünf.": "五。"}
    assert render(text, table.get, joiner="").text == "一。二。三。\n\n四。  \n五。\n"


def test_translated_newline_inside_block_quote_keeps_the_prefix() -> None:
    text = "> Eine Zeile.\n"
    assert render(text, {"Eine Zeile.": "A\nline."}.get).text == "> A  \n> line.\n"


def test_crlf_document_keeps_crlf_in_translations() -> None:
    text = "Erste Zeile.\\\r\nZweite.\r\n"
    out = render(text, {"Erste Zeile.\nZweite.": "First line.\nSecond."}.get).text
    assert out == "First line.\\\r\nSecond.\r\n"


def test_paragraph_segmentation_keeps_blocks_whole() -> None:
    text = "Eins. Zwei.\n\n- Drei. Vier.\n"
    assert [s.text for s in extract(text, segmentation="paragraph")] == ["Eins. Zwei.",
                                                                         "Drei. Vier."]


def test_references_point_at_the_sentence_line() -> None:
    text = "Absatz eins\ngeht weiter. Satz zwei\nbeginnt hier.\n"
    assert [(s.text, s.line) for s in extract(text)] == [
        ("Absatz eins geht weiter.", 1), ("Satz zwei beginnt hier.", 2)]


# --- generated documents -------------------------------------------------------------

plain_word = st.text(alphabet="abcdefghijklmnopqrsäöüßABCDEFGHÄÖÜ", min_size=1, max_size=7)
# Characters Python's str.splitlines breaks lines at but Markdown treats as text.
SEPARATORS = "\u2028\u2029\x0b\x0c\x85\x1c\x1d\x1e"
word = st.one_of(plain_word, plain_word, plain_word, st.builds(
    lambda a, sep, b: a + sep + b, plain_word, st.sampled_from(SEPARATORS), plain_word))
sentence = st.builds(lambda ws, end: " ".join(ws) + end, st.lists(word, min_size=1, max_size=6),
                     st.sampled_from([".", "?", "!", "", " z. B. so.", " am 3. März."]))
inline = st.builds(
    lambda ss, deco: deco.format(" ".join(ss)),
    st.lists(sentence, min_size=1, max_size=3),
    st.sampled_from(["{}", "*{}*", "**{}** Ende.", "{} `co. De`", "[{}](https://x.org/a.b)",
                     "{} ![Bild](b.png)", "{}  \nzweite Zeile.", "{}\\\nNach Umbruch."]))


def _block(kind: str, text: str, text2: str) -> str:
    return {
        "para": f"{text}\n",
        "soft": f"{text}\n{text2}\n",
        "atx": f"## {text.splitlines()[0]}\n",
        "setext": f"{text.splitlines()[0]}\n---\n",
        "bullet": f"- {text}\n- {text2}\n  - verschachtelt {text2}\n",
        "ordered": f"3. {text}\n4. {text2}\n",
        "quote": f"> {text}\n> {text2}\n>\n> > {text2}\n",
        "table": f"| A | B |\n|---|:-:|\n| {text.splitlines()[0]} | x |\n",
        "fence": f"```\n{text}\n```\n",
        "indented": f"    {text.splitlines()[0]}\n",
        "html": f"<div>\n{text}\n</div>\n",
        "image": "![Ein Bild mit Text](bild.png)\n",
        "imgtag": f'<img alt="{text.splitlines()[0]}\nmehr Text" src="b.png"\nclass="c" />\n',
        "imgline": f'<img src="a.png" alt="{text.splitlines()[0]}" />\n',
        "hardquote": f"> {text}  \n> {text2}\n",
        # two words at least: "[^1]: Eins." alone has the shape of a link reference definition
        "footnote": f"{text}[^1]\n\n[^1]: Fußnote {text2}\n",
        "rule": "***\n",
    }[kind]


blocks = st.builds(_block, st.sampled_from(["para", "soft", "atx", "setext", "bullet", "ordered",
                                            "quote", "table", "fence", "indented", "html",
                                            "image", "rule", "imgtag", "imgline",
                                            "hardquote", "footnote"]), inline, inline)


def _line_endings(text: str, nl: str) -> str:
    """``text`` with its LFs as ``nl``; "mixed" cycles through LF, CRLF and CR."""
    if nl != "mixed":
        return text.replace("\n", nl)
    parts = text.split("\n")
    endings = ["\n", "\r\n", "\r"]
    out = []
    for i, part in enumerate(parts[:-1]):
        ending = endings[i % 3]
        if ending == "\r" and not parts[i + 1]:
            ending = "\r\n"  # CR then the next line's LF would be one CRLF, not a blank line
        out.append(part + ending)
    return "".join(out) + parts[-1]


documents = st.builds(
    lambda front, bs, nl, bom: bom + _line_endings(
        (("---\ntitle: " + front + "\nlang: de\n---\n\n") if front else "") + "\n".join(bs), nl),
    st.one_of(st.none(), sentence), st.lists(blocks, min_size=1, max_size=6),
    st.sampled_from(["\n", "\r\n", "mixed"]), st.sampled_from(["", "", "\ufeff"]))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents)
def test_generated_documents_round_trip(text: str) -> None:
    assert render(text, lambda m: m).text == text


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents)
def test_generated_documents_translate_every_span_once(text: str) -> None:
    spans = find_spans(text)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    out = render(text, lambda m: "§§§", spans=spans).text  # a marker the sources never contain
    assert out.count("§§§") == len(spans)


def test_code_only_pieces_are_no_entries_and_are_copied() -> None:
    text = "| Wort | Sinn |\n|---|---|\n| `abstract` | Reserviert. |\n\n- `cargo build`\n- 42 %\n"
    assert [s.text for s in extract(text)] == ["Wort", "Sinn", "Reserviert."]
    assert render(text, lambda m: "XX").text == (
        "| XX | XX |\n|---|---|\n| `abstract` | XX |\n\n- `cargo build`\n- 42 %\n")


def test_footnotes_keep_references_and_lose_labels() -> None:
    text = "Ein Satz.[^1] Noch einer. [^2]\n\n[^1]: Die Fußnote. Zwei Sätze.\n\n[^2]: Kurz.\n"
    assert [s.text for s in extract(text)] == [
        "Ein Satz.[^1]", "Noch einer. [^2]", "Die Fußnote.", "Zwei Sätze.", "Kurz."]


def test_html_blocks_give_text_and_translatable_attributes_only() -> None:
    text = ('<img src="a.png" alt="Zwei Tabellen." class="c" />\n\n'
            '<span class="caption">Abbildung 1: Ein Bild</span>\n\n'
            '<div title="Hinweis">\nDrücken Sie <kbd>Strg</kbd>. <code>Nie.</code>\n</div>\n')
    assert [(s.text, s.block) for s in extract(text)] == [
        ("Zwei Tabellen.", "HTML alt"), ("Abbildung 1: Ein Bild", "paragraph"),
        ("Hinweis", "HTML title"), ("Drücken Sie <kbd>Strg</kbd>.", "HTML text")]
    out = render(text, {"Zwei Tabellen.": 'Two "tables".', "Hinweis": "Note"}.get).text
    assert out.startswith('<img src="a.png" alt="Two &quot;tables&quot;." class="c" />')
    assert '<div title="Note">' in out


def test_a_parsed_document_renders_every_language_without_reparsing(monkeypatch) -> None:
    from kilocale.formats import markdown

    text = "# Titel\n\nErster Satz. Zweiter Satz.\n"
    document = markdown.parse(text, "doc.md")
    assert [s.text for s in document.segments] == [s.text for s in extract(text, "doc.md")]

    def no_parsing(*args, **kwargs):
        raise AssertionError("render parsed the document again")

    monkeypatch.setattr(markdown, "find_spans", no_parsing)
    table = {"Titel": "Title", "Erster Satz.": "First.", "Zweiter Satz.": "Second."}
    assert render(document, table.get, " ").text == "# Title\n\nFirst. Second.\n"
    assert render(document, table.get, "").text == "# Title\n\nFirst.Second.\n"
    assert render(document, lambda m: None).text == text


_MARKUP = re.compile(r"(`+[^`]*`+|<[^<>]*>|\]\([^()]*\)|\[\^[^\]]*\]|!?\[|\*+|\n)")


def _html_structures(markdown: str) -> tuple[list[tuple], list[tuple]]:
    from lxml import etree

    from kilocale.formats.html import (markdown_to_elements, raw_structure_signature,
                                       structure_signature)

    article = etree.Element("article")
    markdown_to_elements(markdown, article)
    return (structure_signature(etree.tostring(article, method="html")),
            raw_structure_signature(markdown))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents, st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèçñ中文XYZ", min_size=1,
                                   max_size=9), min_size=1, max_size=12))
@example("\ufeff<div>\nA.  \nzweite Zeile.\n</div>\n", ["x"])  # a BOM before an HTML block
def test_marker_translations_keep_the_block_structure(text: str, words: list[str]) -> None:
    """Any translation that keeps the msgid's markup and hard breaks keeps the source's
    blocks: the edition's HTML has the source's element tree, text ignored."""
    def translate(msgid: str) -> str:
        parts = _MARKUP.split(msgid)
        out = []
        for i, part in enumerate(parts):
            if i % 2:
                out.append(part)
            elif part.strip():
                n = len(part.split())
                out.append(" ".join(words[(len(msgid) + k) % len(words)] for k in range(n))
                           .join([" " if part[:1].isspace() else "",
                                  " " if part[-1:].isspace() else ""]))
            else:
                out.append(part)
        return "".join(out)

    assert _html_structures(render(text, translate).text) == _html_structures(text)


def test_a_tag_written_over_lines_keeps_its_lines_in_the_edition() -> None:
    """Joined onto one line, the tag would turn the paragraph into an HTML block."""
    text = ('<img alt="Zwei Tabellen: der Stack und\nder Heap, Byte für Byte." src="a.svg"'
            ' class="c" />\n')
    [span] = find_spans(text)
    assert (span.msgid, span.block) == ("Zwei Tabellen: der Stack und der Heap, Byte für Byte.",
                                        "HTML alt")
    out = render(text, {span.msgid: "Two tables: the stack and the heap."}.get).text
    assert out == '<img alt="Two tables: the stack\nand the heap." src="a.svg" class="c" />\n'


def test_continuation_prefix_on_every_line_of_a_translation() -> None:
    text = "> <img alt=\"Ein Bild\n> mit Text\" src=\"b.png\" />\n\n- Eine Zeile  \n  geht weiter.\n"
    table = {"Ein Bild mit Text": "A picture with text",
             "Eine Zeile\ngeht weiter.": "One line\ngoes\non."}
    assert render(text, table.get).text == (
        "> <img alt=\"A picture\n> with text\" src=\"b.png\" />\n\n- One line  \n  goes  \n  on.\n")


def test_a_translation_keeps_the_lines_of_its_source_sentence() -> None:
    text = "> Ein Satz, der über\n> zwei Zeilen geht.\n\n- Ein Punkt, der\n  umbrochen ist.\n"
    table = {"Ein Satz, der über zwei Zeilen geht.": "A sentence that runs over two lines.",
             "Ein Punkt, der umbrochen ist.": "A point - 1. or # - that is wrapped."}
    assert render(text, table.get).text == (
        "> A sentence that runs\n> over two lines.\n\n- A point - 1. or # -\n  that is wrapped.\n")


def test_a_line_never_starts_with_what_could_open_a_block() -> None:
    from kilocale.formats.markdown import wrap_like_source

    source = "eins\nzwei\ndrei"
    assert wrap_like_source("aa - bb + cc 1. dd # ee > ff `g h` <b>i j</b>", source, "\n") == (
        "aa - bb + cc 1.\ndd # ee >\nff `g h` <b>i j</b>")
    assert wrap_like_source("中文没有空格。", source, "\n") == "中文没有空格。"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Der", "é", "1", " ", ".", "`code`", "`", "<b>", "</b>",
                                 "<code>x</code>", "](/u)", "[a]", "[^1]", "https://x.de",
                                 "www.x.de", "<https://x.de>", "中", "²", "_"]),
                max_size=8).map("".join))
def test_code_only_shortcut_agrees_with_masking(msgid: str) -> None:
    from kilocale.formats.markdown import _masks_to_no_letter, is_code_only

    # a piece that starts with a letter is prose without masking anything, unless a URL
    # (the one masked markup that starts with a letter) may cover it
    assert is_code_only(msgid) == _masks_to_no_letter(msgid)


def test_a_bare_url_is_code_only_and_a_sentence_with_one_is_not() -> None:
    from kilocale.formats.markdown import is_code_only

    assert is_code_only("https://example.org/pfad")
    assert is_code_only("www.example.org")
    assert not is_code_only("Siehe https://example.org/pfad")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents)
def test_a_page_made_from_the_extraction_blocks_has_the_tokens_of_its_own_parse(
        text: str) -> None:
    from kilocale.formats import html
    from kilocale.formats.markdown import parse

    # the original's HTML page takes its blocks from the extraction parse where the two
    # parsers agree: its tokens must be the page parser's own, children included
    page_text = html._xml_safe(text).removeprefix("\ufeff")
    reused = html._tokens_from_blocks(page_text, parse(text).blocks)
    if reused is not None:
        assert [t.as_dict() for t in reused] == \
            [t.as_dict() for t in html._parser().parse(page_text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=["a", "ä", " ", "\n", "\u2028", "\x0b", "#"], max_size=20))
def test_lines_of_lf_text_are_the_lines_the_general_scan_finds(text: str) -> None:
    from kilocale.formats.markdown import _Lines

    # LF-only text is split with str.split; the scan for any line ending is the reference
    fast = _Lines(text)
    scanned = _Lines.__new__(_Lines)
    scanned._scan(text)
    assert (fast.starts, fast.bodies, fast.endings) == \
        (scanned.starts, scanned.bodies, scanned.endings)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=["a", "ä", " ", ".", "*", "`"], min_size=1, max_size=30),
       st.sampled_from(["", "> ", "- ", "  "]))
def test_offsets_in_a_one_line_block_are_the_bisection_s(line: str, prefix: str) -> None:
    from kilocale.formats.markdown import _Lines, _Located, _MD_BLOCKS

    text = prefix + line.strip() + "\n"
    for tok in _MD_BLOCKS.parse(text):
        if tok.type == "inline" and tok.content:
            loc = _Located(_Lines(text), tok, "paragraph", "x.md", {})
            for i in range(len(loc.clean) + 2):
                assert loc.absolute(i) == loc._absolute(i)

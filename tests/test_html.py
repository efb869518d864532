"""HTML editions: escaping, structure parity, Markdown constructs, page chrome, stability."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kilocale.formats.html import (Edition, bcp47, index_sections, language_label, render_index,
                                   render_index_sections, render_page, structure_signature,
                                   text_direction)

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "source" / "de" / "article.md").read_text(encoding="utf-8")
CONSTRUCTS = (ROOT / "tests" / "data" / "html" / "constructs.md").read_text(encoding="utf-8")

EDITIONS = (
    Edition("de", "de/article.html", 100.0),
    Edition("en", "en/article.html", 100.0),
    Edition("fr", "fr/article.html", 100.0),
    Edition("es", "es/article.html", 97.5),
    Edition("zh_CN", "zh_CN/article.html", 100.0),
)


def page(markdown: str, language: str = "en", editions=EDITIONS, doc: str = "article") -> bytes:
    return render_page(markdown, language=language, source_language="de", doc=doc,
                       editions=editions)


def tree(html_bytes: bytes):
    return lxml.html.fromstring(html_bytes)


def article(html_bytes: bytes):
    return tree(html_bytes).xpath("//article")[0]


# A deterministic "translation": every word of two or more letters is reversed, while
# Markdown syntax, code, link destinations and autolinks are kept as they are.
_KEEP = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>\s]+>|^```.*$|^    .*$", re.M)


def pseudo_translate(markdown: str) -> str:
    out, pos = [], 0
    for m in _KEEP.finditer(markdown):
        out.append(re.sub(r"[^\W\d_]{2,}", lambda w: w.group(0)[::-1], markdown[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(re.sub(r"[^\W\d_]{2,}", lambda w: w.group(0)[::-1], markdown[pos:]))
    return "".join(out)


# ------------------------------------------------------------------------------ escaping

HOSTILE = """# Titel <script>alert('t')</script>

Ein Absatz. <script>alert(1)</script> und <b onclick=x>fett</b> und <img src=x onerror=alert(2)>.

[Link mit Titel](https://example.org/ "<script>alert(3)</script>") und
![<b onclick=x>](bild.png "\\" onload=\\"alert(4)") und
[ausbrechen](https://example.org/"onmouseover="alert(5)) und
[gefährlich](javascript:alert(6)) und [auch](vbscript:msgbox(7)) und
<javascript:alert(8)>.

<div onclick="alert(9)">Block-HTML</div>

```html
<script>alert(10)</script>
```
"""


def test_hostile_translation_is_shown_as_text():
    html_bytes = page(HOSTILE)
    doc = tree(html_bytes)
    assert doc.xpath("//script") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    assert doc.xpath("//b | //div[not(@class)] | //img[@onerror]") == []
    for el in doc.iter():
        for name, value in el.attrib.items():
            assert not value.strip().lower().startswith(("javascript:", "vbscript:")), (name, value)
    text = doc.text_content()
    assert "<script>alert(1)</script>" in text
    assert "<b onclick=x>fett</b>" in text
    assert '<div onclick="alert(9)">Block-HTML</div>' in text
    assert "[gefährlich](javascript:alert(6))" in text
    assert doc.xpath("//pre/code")[0].text == "<script>alert(10)</script>\n"
    assert doc.findtext(".//title") == "Titel <script>alert('t')</script>"
    # attribute values stay attribute values
    link = doc.xpath("//article//a[@title]")[0]
    assert link.get("title") == "<script>alert(3)</script>"
    img = doc.xpath("//article//img")[0]
    assert img.get("alt") == "<b onclick=x>"
    assert img.get("title") == '" onload="alert(4)'
    breakout = doc.xpath("//a[text()='ausbrechen']")[0]
    assert dict(breakout.attrib) == {"href": "https://example.org/%22onmouseover=%22alert(5)"}


def test_characters_xml_cannot_hold_are_replaced():
    doc = tree(page("Steuer\x08zeichen \x1b und \ufffe\n"))
    assert doc.xpath("//article/p")[0].text == "Steuer\ufffdzeichen \ufffd und \ufffd"


def test_raw_markup_is_escaped_in_the_serialised_bytes():
    html_bytes = page("Text <script>alert(1)</script> & <b onclick=x>.\n")
    body = html_bytes.split(b"<article>")[1]
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onclick=x&gt;." in body


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_creates_active_markup(text):
    doc = tree(page("# Titel\n\n" + text + "\n"))
    assert doc.xpath("//script | //iframe | //object | //embed | //form | //input") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')] | //@srcdoc") == []
    assert doc.xpath("//style") and len(doc.xpath("//style")) == 1


# ------------------------------------------------------------------------ structure parity

@pytest.mark.parametrize("source", [ARTICLE, CONSTRUCTS], ids=["article", "constructs"])
def test_translated_edition_has_the_structure_of_the_original(source):
    translated = pseudo_translate(source)
    assert translated != source
    original = page(source, language="de")
    edition = page(translated, language="fr")
    assert structure_signature(edition) == structure_signature(original)
    # and it is not trivially empty: the article's real structure is there
    sig = structure_signature(original)
    if source is ARTICLE:
        assert sig.count(("h1",)) == 1 and sig.count(("h2",)) == 5
        assert sum(1 for s in sig if s[0] == "li") == 21
        assert sig.count(("p",)) == 16
        assert [s for s in sig if s[0] in ("h1", "h2")][:2] == [("h1",), ("h2",)]


def test_structure_signature_sees_differences():
    base = structure_signature(page(CONSTRUCTS))
    lost_item = CONSTRUCTS.replace("   - verschachtelt b\n", "")
    assert structure_signature(page(lost_item)) != base
    other_href = CONSTRUCTS.replace("https://example.org/a?b=1&c=2", "https://example.org/x")
    assert structure_signature(page(other_href)) != base
    unlisted = CONSTRUCTS.replace("7) Sieben", "Sieben")
    assert structure_signature(page(unlisted)) != base
    assert ("a", "https://example.org/a?b=1&c=2") in base
    assert ("img", "img/kosten.png") in base


def test_structure_signature_ignores_page_chrome():
    sig = structure_signature(page("Ein Absatz.\n"))
    assert sig == [("p",)]


# ------------------------------------------------------------------------------ constructs

def test_constructs_render_as_the_expected_elements():
    art = article(page(CONSTRUCTS))
    h1 = art.xpath("h1")[0]
    assert [c.tag for c in h1] == ["em", "strong"]
    first = art.xpath("p")[0]
    assert first.xpath("code")[0].text == "inline code"
    link = first.xpath("a")[0]
    assert link.get("href") == "https://example.org/a?b=1&c=2" and link.get("title") == "Titel"
    assert len(first.xpath("br")) == 1
    img = art.xpath(".//img")[0]
    assert (img.get("src"), img.get("alt"), img.get("title")) == \
        ("img/kosten.png", "Ein Diagramm der Kosten", "Kosten pro Token")
    table = art.xpath(".//table")[0]
    assert [th.get("style") for th in table.xpath("thead/tr/th")] == \
        ["text-align:left", "text-align:center", "text-align:right"]
    assert [td.text for td in table.xpath("tbody/tr[1]/td")] == ["R1", "DeepSeek", "671 Mrd."]
    assert len(table.xpath("tbody/tr")) == 2
    codes = art.xpath("pre/code")
    assert codes[0].get("class") == "language-python"
    assert codes[0].text.startswith("def kosten(tokens: int) -> float:\n")
    assert codes[1].get("class") is None and codes[1].text == "eingerückter Code\nzweite Zeile\n"
    quote = art.xpath("blockquote")[0]
    assert quote.xpath("p")[0].text == "Ein Zitat über KI."
    assert quote.xpath("blockquote/p")[0].text == "Ein verschachteltes Zitat."
    lists = art.xpath("ol | ul")
    assert [lst.tag for lst in lists] == ["ol", "ol", "ul"]
    assert lists[0].get("start") is None and lists[1].get("start") == "7"
    assert [li.text.strip() for li in lists[0].xpath("li")] == ["Erstens", "Zweitens", "Drittens"]
    assert lists[0].xpath("li[2]/ul/li[2]/ol/li")[0].text == "tief"
    assert lists[0].xpath("li/p") == []  # tight list: no paragraphs
    assert [p.text for p in lists[2].xpath("li/p")] == ["Locker", "gesetzte Liste"]  # loose
    assert len(art.xpath("hr")) == 1
    auto = art.xpath(".//a[@href='https://example.org/auto']")
    assert auto and auto[0].text == "https://example.org/auto"


def test_soft_breaks_between_chinese_characters_do_not_become_spaces():
    art = article(page("第一行\n第二行 and\nLatin\n", language="zh_CN"))
    assert art.xpath("p")[0].text_content() == "第一行第二行 and\nLatin"
    art = article(page("第一行\n第二行\n", language="en"))
    assert art.xpath("p")[0].text == "第一行\n第二行"


# ------------------------------------------------------------------------------ page chrome

def test_page_has_language_title_alternates_switcher_and_notice():
    doc = tree(page(ARTICLE, language="zh_CN"))
    assert page(ARTICLE, language="zh_CN").startswith(b"<!DOCTYPE html>\n<html")
    assert doc.get("lang") == "zh-CN" and doc.get("dir") == "ltr"
    assert doc.xpath("//meta/@charset") == ["utf-8"]
    assert doc.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]
    assert doc.findtext(".//title") == "DeepSeek und der neue Wettlauf um die KI-Führerschaft"
    alternates = [(a.get("hreflang"), a.get("href")) for a in doc.xpath("//link[@rel='alternate']")]
    assert alternates == [("de", "../de/article.html"), ("en", "../en/article.html"),
                          ("fr", "../fr/article.html"), ("es", "../es/article.html")]
    nav = doc.xpath("//nav")[0]
    assert nav.get("aria-label") == "语言"
    # compact labels, so the switcher fits one line on a phone; the native name is in the
    # accessible name and the tooltip
    assert [item.text_content() for item in nav.xpath(".//li")] == \
        ["DE", "EN", "FR", "ES", "中文"]
    assert [a.get("aria-label") for a in nav.xpath(".//a")] == \
        ["DE Deutsch", "EN English", "FR Français", "ES Español", None]
    assert [a.get("title") for a in nav.xpath(".//a")] == \
        ["Deutsch", "English", "Français", "Español", None]
    current = nav.xpath(".//*[@aria-current='page']")
    assert len(current) == 1 and current[0].text == "中文"
    assert current[0].get("href") == "article.html"
    assert [a.get("lang") for a in nav.xpath(".//a")] == ["de", "en", "fr", "es", "zh-CN"]
    # the way back to all editions is at the top, before the article, and in the footer
    assert doc.xpath("//header[@class='edition-bar']/a[@class='all-editions']/@href") == \
        ["../index.html"]
    assert doc.xpath("//header/a")[0].text == "所有版本"
    notice = doc.xpath("//p[@class='translation-notice']")[0]
    assert notice.text_content() == "本页译自德语原文。"
    assert notice.xpath("a/@href") == ["../de/article.html"]
    assert doc.xpath("//footer/a/@href") == ["../index.html"]
    assert len(doc.xpath("//style")) == 1 and "max-width" in doc.xpath("//style")[0].text


@pytest.mark.parametrize("language, notice", [
    ("en", "This page is a translation of the German original."),
    ("fr", "Cette page est une traduction de l’original allemand."),
    ("es", "Esta página es una traducción del original en alemán."),
    ("zh_CN", "本页译自德语原文。"),
    ("it", "This page is a translation of the German original."),
    ("fr_CA", "Cette page est une traduction de l’original allemand."),
])
def test_translation_notice_is_in_the_page_language(language, notice):
    doc = tree(page(ARTICLE, language=language))
    assert doc.xpath("//p[@class='translation-notice']")[0].text_content() == notice


def test_original_has_no_notice_and_no_self_alternate():
    doc = tree(page(ARTICLE, language="de"))
    assert doc.get("lang") == "de"
    assert doc.xpath("//p[@class='translation-notice']") == []
    assert [a.get("hreflang") for a in doc.xpath("//link[@rel='alternate']")] == \
        ["en", "fr", "es", "zh-CN"]


def test_links_are_relative_to_the_page():
    editions = [Edition("de", "de/reports/q1.html", 100), Edition("en", "en/reports/q1.html", 100)]
    doc = tree(render_page("# Q1\n", language="en", source_language="de", doc="reports/q1",
                           editions=editions))
    assert doc.xpath("//link[@rel='alternate']/@href") == ["../../de/reports/q1.html"]
    assert doc.xpath("//footer/a/@href") == ["../../index.html"]


def test_right_to_left_and_language_names():
    assert text_direction("ar") == "rtl" and text_direction("he") == "rtl"
    assert text_direction("zh_CN") == "ltr" and text_direction("fr") == "ltr"
    assert bcp47("zh_CN") == "zh-CN" and bcp47("zh_Hant_TW") == "zh-Hant-TW"
    assert [language_label(c) for c in ("en", "fr", "es", "zh_CN", "de")] == \
        ["English", "Français", "Español", "中文", "Deutsch"]
    # two Chinese editions are told apart by babel's full display name
    assert language_label("zh_CN", ["zh_CN", "zh_TW"]) != language_label("zh_TW", ["zh_CN", "zh_TW"])
    doc = tree(page("# عنوان\n", language="ar", editions=[*EDITIONS, Edition("ar", "ar/article.html", 50)]))
    assert doc.get("dir") == "rtl" and doc.get("lang") == "ar"
    assert doc.xpath("//nav//a[@lang='en']/@dir") == ["ltr"]


def test_title_falls_back_to_the_document_name():
    assert tree(page("Nur ein Absatz.\n", doc="notes")).findtext(".//title") == "notes"
    assert tree(page("Vorspann\n\n## Zweite *Ebene*\n")).findtext(".//title") == "Zweite Ebene"


def test_rendering_is_byte_stable():
    first = page(ARTICLE, language="fr")
    assert page(ARTICLE, language="fr") == first
    assert render_page(ARTICLE, language="fr", source_language="de", doc="article",
                       editions=list(EDITIONS)) == first
    assert render_index({"article": EDITIONS}, source_language="de") == \
        render_index({"article": list(EDITIONS)}, source_language="de")
    assert b"\r" not in first and first.decode("utf-8")


# ----------------------------------------------------------------------------------- index

def test_index_lists_each_edition_in_its_own_language():
    editions = [Edition("de", "de/article.html", 100.0, "DeepSeek und der neue Wettlauf"),
                Edition("en", "en/article.html", 100.0, "DeepSeek and the New Race"),
                Edition("fr", "fr/article.html", 100.0, "DeepSeek et la nouvelle course"),
                Edition("es", "es/article.html", 97.5, "DeepSeek y la nueva carrera"),
                Edition("zh_CN", "zh_CN/article.html", 100.0, "DeepSeek与新一轮人工智能领导权之争")]
    html_bytes = render_index({"article": editions, "b/notes": editions[:2]}, source_language="de")
    doc = tree(html_bytes)
    assert doc.get("lang") == "de"
    assert doc.findtext(".//title") == "Ausgaben · Editions · Éditions · Ediciones · 版本"
    h1 = doc.xpath("//h1")[0]
    assert [(s.get("lang"), s.text) for s in h1.xpath("span")] == [
        (None, "Ausgaben"), ("en", "Editions"), ("fr", "Éditions"), ("es", "Ediciones"),
        ("zh-CN", "版本")]
    intro = doc.xpath("//div[@class='index-intro']/p")
    assert [p.get("lang") for p in intro] == [None, "en", "fr", "es", "zh-CN"]
    assert intro[0].text.startswith("Im Original und in Übersetzung")
    assert intro[1].text.startswith("In the original and in translation")
    assert [h.text for h in doc.xpath("//h2")] == ["article", "b/notes"]
    rows = doc.xpath("//section[1]//li")
    assert [r.get("lang") for r in rows] == ["de", "en", "fr", "es", "zh-CN"]
    assert [r.xpath("a/@href")[0] for r in rows] == [e.href for e in editions]
    assert [r.findtext(".//*[@class='edition-language']") for r in rows] == \
        ["Deutsch", "English", "Français", "Español", "中文"]
    assert rows[1].findtext(".//*[@class='edition-title']") == "DeepSeek and the New Race"
    assert [r.xpath("string(*[@class='edition-status'])") for r in rows] == [
        "Original", "100% complete", "traduit à 100\u00a0%", "traducido al 97,5\u00a0%",
        "已翻译 100%"]
    assert rows[3].xpath(".//meter/@value") == ["97.5"]
    # the Chinese title breaks between words only
    assert b"DeepSeek<wbr>\xe4\xb8\x8e" in html_bytes


def test_index_lists_unpublished_editions_without_a_link():
    editions = [Edition("de", "de/a.html", 100.0, "Titel"),
                Edition("en", "en/a.html", 100.0, "Title"),
                Edition("fr", "fr/a.html", 42.25, published=False),
                Edition("zh_CN", "zh_CN/a.html", 0.0, published=False),
                Edition("it", "it/a.html", 12.0, published=False)]
    doc = tree(render_index({"a": editions}, source_language="de"))
    rows = doc.xpath("//li")
    assert [r.xpath("a/@href") for r in rows] == [["de/a.html"], ["en/a.html"], [], [], []]
    assert doc.xpath("//a[contains(@href, 'fr/') or contains(@href, 'zh_CN/')]") == []
    assert [r.xpath("string(*[@class='edition-status'])") for r in rows[2:]] == [
        "non publié (traduit à 42,2\u00a0%)", "未发布（已翻译 0%）",
        "not published (12% complete)"]
    # Italian has no chrome of its own: the English words are marked English
    assert rows[4].get("lang") == "it"
    assert rows[4].xpath("*[@class='edition-status']/span/@lang") == ["en"]
    # only published editions speak in the heading and the introduction
    assert [s.get("lang") for s in doc.xpath("//h1/span")] == [None, "en"]


def test_index_never_rounds_up_to_complete():
    doc = tree(render_index({"a": [Edition("en", "en/a.html", 99.96)]}, source_language="de"))
    assert doc.xpath("string(//li/*[@class='edition-status'])") == "99.9% complete"


# Titles and names that could confuse a splice: markup, the section tags themselves,
# entities, quotes, CJK and right-to-left text, and empty titles.
INDEX_TEXT = st.sampled_from(["", "Titel", "<section>", "</section>", "a & b", '"q" \'s\'',
                              "DeepSeek与新一轮", "مقال", "x\u00a0y", "<main class=\"index\">"])
INDEX_EDITION = st.builds(Edition, st.sampled_from(["de", "en", "fr", "zh_CN", "ar"]),
                          st.sampled_from(["en/a.html", "fr/<section>.html", "zh_CN/b c.html"]),
                          st.sampled_from([0.0, 40.0, 97.5, 99.96, 100.0]), INDEX_TEXT,
                          st.booleans())
INDEX_DOCS = st.dictionaries(st.sampled_from(["a", "b/notes", "<section>", "z z", "ü"]),
                             st.lists(INDEX_EDITION, min_size=1, max_size=3), max_size=4)


@settings(max_examples=60, deadline=None)
@given(before=INDEX_DOCS, after=INDEX_DOCS,
       titles=st.dictionaries(st.sampled_from(["a", "<section>", "ü"]), INDEX_TEXT),
       changed_titles=st.dictionaries(st.sampled_from(["a", "<section>", "ü"]), INDEX_TEXT))
def test_an_index_with_known_sections_is_the_index_rendered_in_full(before, after, titles,
                                                                   changed_titles):
    """What an incremental build does: the sections of an earlier index for the documents
    whose title and editions are unchanged, the others rendered; byte for byte the page
    rendered from scratch."""
    old_page, old_sections = render_index_sections(before, source_language="de", titles=titles)
    assert old_page == render_index(before, source_language="de", titles=titles)
    assert index_sections(old_page, sorted(before)) == old_sections
    new_titles = {**titles, **changed_titles}
    known = {doc: old_sections[doc] for doc in after if doc in before
             and before[doc] == after[doc] and titles.get(doc) == new_titles.get(doc)}
    page, sections = render_index_sections(after, source_language="de", titles=new_titles,
                                           known=known)
    assert page == render_index(after, source_language="de", titles=new_titles)
    assert b"".join(sections[doc] for doc in sorted(after)) in page


def test_index_sections_of_a_page_of_other_documents_are_none():
    page = render_index({"a": [EDITIONS[0]], "b": [EDITIONS[1]]}, source_language="de")
    assert index_sections(page, ["a"]) == {}
    assert index_sections(page, ["a", "b", "c"]) == {}
    assert index_sections(b"<html></html>", []) == {}


# ----------------------------------------------------------------- Chinese word breaks

# Words of the article's Chinese headings, marked by hand, and glossary forms a segmenter
# splits without the glossary (英|伟达, 蚂蚁|集团) or at a space (豆包1.5 Pro).
ZH_HEADING_WORDS = ("新一轮", "人工智能", "领导权", "之争", "连锁反应", "科技", "巨头", "纷纷",
                    "回应", "回响", "采用", "忧虑", "经济学", "破解", "成本", "密码", "扩充",
                    "武器库", "竞争者", "一览", "前沿", "监管", "未来", "走向")


def _with_breaks(html_bytes: bytes) -> list[tuple[str, str]]:
    """(tag, text) of each article block, with "|" where the page allows a line break:
    at each <wbr> and each breaking space."""
    marked = html_bytes.replace(b"<wbr>", "\u2016".encode())
    out = []
    for el in article(marked).xpath(".//h1 | .//h2 | .//p | .//li"):
        text = el.text_content().replace("\u2016", "|")
        out.append((el.tag, re.sub(r"[ \n]", "|", text)))
    return out


@pytest.fixture(scope="module")
def zh_page(tmp_path_factory) -> bytes:
    from click.testing import CliRunner

    from conftest import copy_project
    from kilocale.cli import cli
    dest = copy_project(tmp_path_factory.mktemp("zh"))
    result = CliRunner().invoke(cli, ["-C", str(dest), "build", "--lang", "zh_CN"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (dest / "build" / "zh_CN" / "article.html").read_bytes()


def test_chinese_breaks_only_between_words(zh_page: bytes) -> None:
    from kilocale.io.glossary_file import load_glossary
    glossary = load_glossary(ROOT / "glossary.yaml", ["en", "fr", "es", "zh_CN"])
    forms = {f for t in glossary.terms for f in t.approved("zh_CN") if re.search("[一-鿿]", f)}
    assert {"英伟达", "蚂蚁集团", "豆包1.5 Pro", "人工智能"} <= forms
    blocks = _with_breaks(zh_page)
    headings = [text for tag, text in blocks if tag in ("h1", "h2")]
    assert headings[0] == "DeepSeek|与|新一轮|人工智能|领导权之争"
    assert headings[1].endswith("纷纷|回应")
    joined = "\n".join(text for _, text in blocks)
    assert joined.count("|") > 1000  # the paragraphs are segmented too
    for word in (*ZH_HEADING_WORDS, *forms):
        # the word occurs, and never with a break inside it
        spread = "\\|?".join(map(re.escape, word.replace(" ", "")))
        for m in re.finditer(spread, joined):
            assert "|" not in m.group(0), m.group(0)
    assert "豆包1.5\u00a0Pro" in joined  # a form with a space: a no-break space
    # no break before closing or after opening punctuation
    assert not re.search(r"\|[，。、：；）》」”]|[（《「“]\|", joined)
    # every break mark in the HTML is a void <wbr>, which the Nu checker requires
    assert b"</wbr>" not in zh_page and zh_page.count(b"<wbr>") > 1000


def test_chinese_pages_keep_words_together_and_other_pages_have_no_wbr() -> None:
    assert b"<wbr>" not in page("# Titel\n\nDie Technologieführerschaft.\n", language="de")
    assert b"<wbr>" not in page("第一行\n", language="ja")
    css = lxml.html.fromstring(page("# 人工智能\n", language="zh_CN")).findtext(".//style")
    assert re.search(r":lang\(zh\) article \{ word-break: keep-all; \}", css)
    # code is never segmented
    art = article(page("文本 `人工智能模型` 文本\n", language="zh_CN"))
    assert art.xpath(".//code")[0].text == "人工智能模型" and not art.xpath(".//code/wbr")


def test_paragraphs_hyphenate_in_their_language_and_no_soft_hyphens() -> None:
    css = lxml.html.fromstring(page("Text.\n", language="de")).findtext(".//style")
    rule = re.search(r"article :is\(p, li[^{]*:is\(:lang\(de\), :lang\(en\), :lang\(fr\), "
                     r":lang\(es\)\)[^{]*\{[^}]*\bhyphens: auto;", css)
    assert rule
    for language in ("de", "en", "fr", "es", "zh_CN"):
        html_bytes = page(ARTICLE, language=language)
        assert "\u00ad".encode() not in html_bytes and b"&shy;" not in html_bytes
        assert tree(html_bytes).get("lang") == bcp47(language)


def test_jieba_is_imported_only_to_build_a_chinese_page(project) -> None:
    import subprocess
    import sys
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kilocale.cli import cli\n"
        f"for args in (['check'], ['stats'], ['build', '--lang', 'en', '--lang', 'fr']):\n"
        f"    r = CliRunner().invoke(cli, ['-C', {str(project)!r}, *args])\n"
        "    assert 'jieba' not in sys.modules, args\n"
        f"CliRunner().invoke(cli, ['-C', {str(project)!r}, 'build', '--lang', 'zh_CN'])\n"
        "assert 'jieba' in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_build_index_never_links_an_edition_below_min_complete(project) -> None:
    from click.testing import CliRunner

    from kilocale.cli import cli
    from kilocale.io.po import load_po, save_po
    po_path = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    for e in catalog.entries[: len(catalog.entries) // 2]:
        e.msgstr = ""
    save_po(catalog, po_path)
    result = CliRunner().invoke(cli, ["-C", str(project), "build", "--min-complete", "60"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    index_bytes = (project / "build/index.html").read_bytes()
    index = tree(index_bytes)
    assert b"fr/article.html" not in index_bytes
    french = index.xpath("//li[@lang='fr']")[0]
    assert french.xpath(".//a") == []
    assert re.fullmatch(r"non publié \(traduit à \d\d,\d\u00a0%\)",
                        french.xpath("string(*[@class='edition-status'])"))
    english = index.xpath("//li[@lang='en']")[0]
    assert english.xpath("a/@href") == ["en/article.html"]
    assert english.findtext(".//*[@class='edition-title']") == \
        "DeepSeek and the New Race for AI Leadership"
    # the editions' pages do not offer the unpublished one either
    for lang in ("de", "en", "es", "zh_CN"):
        assert b"fr/article.html" not in (project / "build" / lang / "article.html").read_bytes()
    # and no edition, Markdown or HTML, carries a soft hyphen
    for path in (project / "build").rglob("*.*"):
        assert "\u00ad" not in path.read_text(encoding="utf-8"), path


# ------------------------------------------------------------ the pages' inline shortcut

_MARKDOWN_BITS = ["Der", "Tanz", " ", "  ", "\n", "\n  ", "\t", "[en]", "[a]", "](", "(/u)",
                  "![b]", "*", "_", "`", "\\", "<b>", "<https://x.de>", "&amp;", "&",
                  "-", ":", "!", "|", "# ", "> ", "- ", "1. ", "---", "„ä“", "\u2e00", "\u2e01"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MARKDOWN_BITS), max_size=25).map("".join),
       st.booleans())
def test_pages_parse_inline_text_as_markdown_it_does(body: str, reference: bool) -> None:
    from kilocale.formats import html

    # plain sentences take a shortcut past markdown-it's inline tokenizer: the tokens,
    # positions, levels and children included, are the stock parser's
    text = ("[a]: /ziel\n\n" if reference else "") + body
    fast = [tok.as_dict() for tok in html._parser().parse(text)]
    assert fast == [tok.as_dict() for tok in html._stock_parser().parse(text)]


def test_a_plain_paragraph_and_a_paragraph_with_a_link_render_alike_in_both_parsers() -> None:
    from kilocale.formats import html

    text = "Ein Satz\nüber zwei Zeilen: [en] ist kein Link.\n\nHier [ist](/einer) einer.\n"
    tokens = html._parser().parse(text)
    kinds = [[c.type for c in tok.children] for tok in tokens if tok.type == "inline"]
    assert kinds == [["text", "softbreak", "text"],
                     ["text", "link_open", "text", "link_close", "text"]]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["de", "en", "zh_CN", "more", "..", ".", "", "index.html",
                                 "a.html", "/"]), max_size=6).map("/".join),
       st.lists(st.sampled_from(["de", "en", "more", "..", ".", "", "a.html", "/"]),
                max_size=6).map("/".join))
def test_links_between_pages_are_the_relative_paths_posixpath_computes(target: str,
                                                                       from_page: str) -> None:
    import posixpath

    from kilocale.formats.html import _relative

    if not target:
        return  # posixpath.relpath refuses an empty path; no page links to one
    assert _relative(target, from_page) == posixpath.relpath(
        target, posixpath.dirname(from_page) or ".")


def test_the_pages_parser_takes_the_inline_shortcut() -> None:
    from kilocale.formats import html

    # the shortcut is installed only for the inline rules it knows; this pins that the
    # installed markdown-it-py has exactly those, so the shortcut is in use
    assert html._inline_pass in html._parser().core.ruler.getRules("")

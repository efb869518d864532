"""The shipped pages in a real browser: valid HTML, no accessibility violations, no overflow.

Needs what ``scripts/install-browser.sh`` installs (CI has it); skipped elsewhere.
Set ``KILOCALE_SHOTS=/some/dir`` to keep the screenshots for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import browser
from kilocale.cli import cli

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=str(browser.missing()))

PAGES = ("index.html", "de/article.html", "en/article.html", "fr/article.html",
         "es/article.html", "zh_CN/article.html")
WIDTHS = (360, 390, 1280)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project
    dest = copy_project(tmp_path_factory.mktemp("browser"))
    result = CliRunner().invoke(cli, ["-C", str(dest), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return dest / "build"


# In the page: each text block of the article with the offsets in its text where the
# browser started a new line, and each paragraph's language and computed hyphens.
LINES = r"""() => {
  const sel = 'h1,h2,h3,h4,h5,h6,p,li,td,th';
  const blocks = [];
  for (const block of document.querySelectorAll('article :is(' + sel + ')')) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let text = '', breaks = [], prev = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest(sel) !== block) continue;  // a nested block's own text
      for (let i = 0; i < n.data.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (r && r.width > 0) {
          if (prev && r.top > prev.top + prev.height / 2) breaks.push(text.length);
          prev = r;
        }
        text += n.data[i];
      }
    }
    blocks.push({ tag: block.tagName.toLowerCase(), text, breaks });
  }
  const hyphens = [...document.querySelectorAll('article p, article li')].map(p =>
    [p.closest('[lang]').getAttribute('lang'), getComputedStyle(p).hyphens]);
  return { blocks, hyphens };
}"""


@pytest.fixture(scope="module")
def seen(built: Path, tmp_path_factory: pytest.TempPathFactory) -> list[browser.PageResult]:
    shots = Path(os.environ.get("KILOCALE_SHOTS") or tmp_path_factory.mktemp("shots"))
    with browser.serve(built) as base:
        return browser.survey([f"{base}/{p}" for p in PAGES], widths=WIDTHS, shots=shots,
                              run_axe=True, script=LINES)


def test_every_page_passes_the_nu_html_checker(built: Path) -> None:
    messages = browser.nu_check([built / p for p in PAGES])
    assert messages == []


def test_every_page_at_every_width_has_no_axe_violation(seen: list[browser.PageResult]) -> None:
    assert len(seen) == len(PAGES) * len(WIDTHS)
    found = {(r.url.split("/", 3)[-1], r.width): r.axe for r in seen if r.axe}
    assert all(r.axe is not None for r in seen)
    assert found == {}


def test_pages_load_without_errors_and_never_scroll_sideways(
        seen: list[browser.PageResult]) -> None:
    for r in seen:
        assert r.status == 200, r.url
        assert r.errors == [], r.url
        assert r.scroll_width <= r.width, (r.url, r.width, r.scroll_width)
        assert r.screenshot is not None and r.screenshot.stat().st_size > 5000
        assert r.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_checkers_do_see_faults(tmp_path: Path) -> None:
    # A checker that reports nothing because it did not run would pass the tests above.
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                   '<img src="a.png"><p><div>x</div></p></body></html>', encoding="utf-8")
    assert any(m["type"] == "error" for m in browser.nu_check([bad]))
    with browser.serve(tmp_path) as base:
        [result] = browser.survey([f"{base}/bad.html"], widths=(390,), run_axe=True)
    assert {"image-alt", "html-has-lang"} <= {v["id"] for v in result.axe or []}


# Words of the Chinese headings, marked by hand (not by the segmenter under test).
HEADING_WORDS = ("DeepSeek", "新一轮", "人工智能", "领导权", "之争", "创新", "连锁反应", "中国",
                 "科技", "巨头", "纷纷", "回应", "全球", "回响", "采用", "忧虑", "智能", "经济学",
                 "破解", "成本", "密码", "不断", "扩充", "武器库", "竞争者", "一览", "前沿",
                 "竞争", "监管", "未来", "走向")
# A line never starts with closing punctuation nor ends with opening punctuation.
CLOSING, OPENING = "，。、：；！？）》」』”’", "（《「『“‘"


def test_chinese_lines_never_break_inside_a_word(seen: list[browser.PageResult]) -> None:
    from kilocale.formats.cjk import glossary_words
    from kilocale.io.glossary_file import load_glossary
    from conftest import ROOT
    glossary = load_glossary(ROOT / "glossary.yaml", ["en", "fr", "es", "zh_CN"])
    words = set(HEADING_WORDS) | set(glossary_words(glossary.terms, "zh_CN"))
    assert {"人工智能", "英伟达", "蚂蚁集团", "豆包1.5 Pro"} <= words
    zh = [r for r in seen if "/zh_CN/" in r.url]
    assert [r.width for r in zh] == list(WIDTHS)
    wrapped = 0
    for r in zh:
        blocks = r.value["blocks"]  # type: ignore[index]
        assert sum(b["tag"] in ("h1", "h2") for b in blocks) == 6
        for block in blocks:
            text = block["text"]
            wrapped += len(block["breaks"])
            for at in block["breaks"]:
                where = (r.width, text[max(0, at - 8):at] + "|" + text[at:at + 8])
                assert text[at] not in CLOSING and text[at - 1] not in OPENING, where
                for word in words:
                    start = text.find(word)
                    while start != -1:
                        assert not start < at < start + len(word), (word, where)
                        start = text.find(word, start + 1)
    assert wrapped > 300  # the pages did wrap: the check saw real line breaks


def test_paragraphs_hyphenate_in_their_language(seen: list[browser.PageResult]) -> None:
    for r in seen:
        if r.url.endswith("index.html") or r.width != 390:
            continue
        lang = r.url.rsplit("/", 2)[-2]
        hyphens = r.value["hyphens"]  # type: ignore[index]
        assert len(hyphens) == 16 + 21  # paragraphs and list items of the article
        expected = "manual" if lang == "zh_CN" else "auto"
        assert {tuple(h) for h in hyphens} == {(lang.replace("_", "-"), expected)}, lang

"""Golden files for the Markdown format, mdpo-style: ``tests/data/golden/<case>.md`` beside
what kilocale makes of it: ``<case>.pot`` (extract), ``<case>.<lang>.md`` and
``<case>.<lang>.html`` (build), parametrised by sorted glob.

The editions use a visible stand-in translation, so a reader sees exactly which bytes
were spliced: French wraps every msgid in ⟦ ⟧, Chinese in 〔 〕 (and joins sentences
without a space).  The pages' stylesheet is replaced by a marker.  After a deliberate change, regenerate with ``pytest --update-golden``
and read the diff of every file it rewrote before committing it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kilocale.core.lang import sentence_joiner
from kilocale.core.template import build_template
from kilocale.formats import html, markdown
from kilocale.io.po import dumps

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
CASES = sorted(p.name[:-3] for p in GOLDEN.glob("*.md") if "." not in p.name[:-3])
LANGUAGES = {"fr": ("⟦", "⟧"), "zh_CN": ("〔", "〕")}
DATE = "2025-01-01 00:00+0000"


def source(case: str) -> str:
    return (GOLDEN / f"{case}.md").read_bytes().decode("utf-8")  # bytes: CRLF stays CRLF


def outputs(case: str) -> dict[str, bytes]:
    """Every file kilocale makes of one case, by name."""
    text = source(case)
    document = markdown.parse(text, f"{case}.md")
    catalog = build_template(case, f"{case}.md", document.segments, DATE, "kilocale")
    out = {f"{case}.pot": dumps(catalog, 76).encode("utf-8")}
    editions = [html.Edition("de", f"de/{case}.html", 100.0)] + [
        html.Edition(lang, f"{lang}/{case}.html", 100.0) for lang in LANGUAGES]
    for lang, (left, right) in LANGUAGES.items():
        edition = markdown.render(document, lambda m: f"{left}{m}{right}",
                                  sentence_joiner(lang)).text
        out[f"{case}.{lang}.md"] = edition.encode("utf-8")
        page = html.render_page(edition, language=lang, source_language="de", doc=case,
                                editions=editions)
        out[f"{case}.{lang}.html"] = _STYLE.sub(b"<style>/* the edition stylesheet */</style>",
                                                page)
    return out


# The stylesheet is the same on every page and has its own tests; keeping it out of the
# golden pages leaves them about the Markdown constructs.
_STYLE = re.compile(rb"<style>.*?</style>", re.S)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update_golden: bool) -> None:
    for name, data in outputs(case).items():
        path = GOLDEN / name
        if update_golden:
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            continue
        assert path.exists(), f"{name} missing: run pytest --update-golden and read it"
        expected = path.read_bytes()
        assert data.decode("utf-8") == expected.decode("utf-8"), name
        assert data == expected, name


@pytest.mark.parametrize("case", CASES)
def test_identity_translation_reproduces_the_source(case: str) -> None:
    text = source(case)
    assert markdown.render(markdown.parse(text), lambda m: m).text == text
    assert markdown.render(markdown.parse(text), lambda m: None).text == text


def test_every_golden_file_belongs_to_a_case() -> None:
    expected = {name for case in CASES for name in outputs(case)} | {f"{c}.md" for c in CASES}
    assert {p.name for p in GOLDEN.iterdir()} == expected


def _constructs(text: str) -> set[str]:
    found = set()
    for tok in MarkdownIt("commonmark").enable("table").parse(text):
        found.add(tok.type.removesuffix("_open"))
        if tok.type == "heading_open":
            found.add("setext heading" if tok.markup in ("=", "-") else "atx heading")
        if tok.type == "ordered_list_open" and (tok.attrGet("start") or 1) != 1:
            found.add("numbered list not starting at 1")
        if tok.type == "fence":
            found.add(f"fence {tok.markup[0]}")
        for child in tok.children or ():
            found.add(child.type.removesuffix("_open"))
    if text.startswith("---\n"):
        found.add("front matter")
    if "\r\n" in text:
        found.add("crlf")
    return found


def test_the_cases_cover_every_construct_the_format_supports() -> None:
    seen: set[str] = set()
    kinds: set[str] = set()
    for case in CASES:
        text = source(case)
        seen |= _constructs(text)
        kinds |= {s.block for s in markdown.parse(text).spans}
    assert {"atx heading", "setext heading", "paragraph", "hardbreak", "softbreak",
            "bullet_list", "ordered_list", "numbered list not starting at 1", "blockquote",
            "table", "th", "td", "fence", "fence `", "fence ~", "code_block", "html_block",
            "html_inline", "image", "link", "code_inline", "em", "strong", "hr",
            "front matter", "crlf"} <= seen
    assert {"title", "heading", "paragraph", "list item", "block quote", "table header",
            "table cell", "image alt", "footnote", "HTML text", "HTML alt", "HTML title"} <= kinds

"""kilocale check: each check with positives and negatives, the runner, output formats,
and the false-positive test on hand-written correct translations (tests/data/check_fp)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kilocale.core.checks import REGISTRY, catalog_error_finding, check_catalog, check_entry
from kilocale.core.markup import parse_inline
from kilocale.core.numbers import numbers
from kilocale.report import FORMATS, format_findings
from kilocale.core.glossary import Glossary
from kilocale.errors import CatalogError
from kilocale.io.glossary_file import load_glossary
from kilocale.model import Catalog, Entry, Finding, Severity, Term

ROOT = Path(__file__).resolve().parent.parent
FP = Path(__file__).resolve().parent / "data" / "check_fp"
LANGUAGES = ("en", "fr", "es", "zh_CN")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.yaml", LANGUAGES, "glossary.yaml")


def codes(msgid: str, msgstr: str, language: str = "en",
          glossary: Glossary | None = None) -> list[str]:
    return [c for c, _s, _m in check_entry(Entry(msgid=msgid, msgstr=msgstr), language=language,
                                           source_language="de", glossary=glossary)]


def messages(msgid: str, msgstr: str, language: str = "en",
             glossary: Glossary | None = None) -> list[str]:
    return [m for _c, _s, m in check_entry(Entry(msgid=msgid, msgstr=msgstr), language=language,
                                           source_language="de", glossary=glossary)]


# ------------------------------------------------------------------------------ registry

def test_every_check_has_code_severity_and_title() -> None:
    assert {"glossary-missing", "glossary-forbidden", "glossary-dnt", "code-span", "link-url",
            "markup-count", "number", "whitespace", "html", "unchanged", "typo-fr-space",
            "typo-fr-quotes", "typo-es-inverted", "typo-zh-punct", "typo-zh-space"} <= set(REGISTRY)
    for code, chk in REGISTRY.items():
        assert chk.code == code
        assert isinstance(chk.severity, Severity)
        assert chk.title and not chk.title.endswith(" ") and len(chk.title) < 70


def test_checks_are_pure_on_a_clean_entry() -> None:
    assert codes("Hallo Welt.", "Hello world.") == []


# ------------------------------------------------------------------------------ glossary

@pytest.mark.parametrize("msgid,msgstr,language,expected", [
    ("DeepSeeks Erfolg.", "DeepSeek's success.", "en", []),
    ("DeepSeeks Erfolg.", "DeepSeek’s success.", "en", []),
    ("DeepSeeks Erfolg.", "Le succès de DeepSeek.", "fr", []),
    ("DeepSeeks Erfolg.", "DeepSeek的成功。", "zh_CN", []),
    ("DeepSeeks Erfolg.", "Deepseek's success.", "en", ["glossary-forbidden"]),
    ("DeepSeeks Erfolg.", "DeepSEEK's success.", "en", ["glossary-dnt"]),
    ("DeepSeeks Erfolg.", "Its success.", "en", ["glossary-missing"]),
    ("DeepSeeks Erfolg.", "深度求索的成功。", "zh_CN", ["glossary-missing"]),
    ("Baidus Gegenbewegung.", "Baidu’s countermove.", "en", []),
    ("Baidus Gegenbewegung.", "百度的反击。", "zh_CN", []),
    ("Baidus Gegenbewegung.", "Baidu的反击。", "zh_CN", ["glossary-missing"]),
    ("Im KI-Rennen.", "In the AI race.", "en", []),
    ("Im KI-Rennen.", "Dans la course à l’IA.", "fr", []),
    ("Im KI-Rennen.", "Dans la course à l’AI.", "fr", ["glossary-forbidden"]),
    ("Von OpenAI und Nvidia.", "由OpenAI和英伟达。", "zh_CN", []),
    ("Von OpenAI und Nvidia.", "由OpenAI和辉达。", "zh_CN", ["glossary-forbidden"]),
    ("Ein Ziel für Beijing.", "Un objectif pour Pékin.", "fr", []),
    ("Ein Ziel für Beijing.", "Un objectif pour Beijing.", "fr", ["glossary-missing"]),
    ("Modelle wie Qwen 2.5-Max.", "Models like Qwen2.5 Max.", "en", ["glossary-forbidden"]),
    ("Modelle wie Qwen 2.5-Max.", "Models like Qwen2.5-Max.", "en", ["glossary-dnt"]),
    ("Modelle wie Qwen 2.5-Max.", "Models like qwen 2.5-max.", "en", ["glossary-dnt"]),
    ("Vom Startup Moonshot AI.", "Par la start-up Moonshot AI.", "fr", []),
])
def test_glossary_checks(glossary: Glossary, msgid: str, msgstr: str, language: str,
                         expected: list[str]) -> None:
    found = [c for c in codes(msgid, msgstr, language, glossary) if c.startswith("glossary")]
    assert found == expected


def test_glossary_message_names_term_expected_and_found(glossary: Glossary) -> None:
    [dnt] = messages("DeepSeeks Erfolg.", "DeepSEEK's success.", "en", glossary)
    assert "'DeepSeek'" in dnt and "DeepSEEK" in dnt
    [missing] = messages("Baidus Gegenbewegung.", "Baidu的反击。", "zh_CN", glossary)
    assert "'Baidu'" in missing and "'百度'" in missing and "found none" in missing


def test_forbidden_inside_another_approved_term_is_not_reported(glossary: Glossary) -> None:
    # "AI" is forbidden in French for KI, but is part of the approved name "Moonshot AI".
    assert codes("Kimi von Moonshot AI.", "Kimi de Moonshot AI.", "fr", glossary) == []


def test_no_glossary_skips_glossary_checks() -> None:
    assert codes("DeepSeeks Erfolg.", "Its success.") == []


def test_glossary_term_for_unconfigured_language_is_skipped() -> None:
    g = Glossary((Term("Baidu", translations={"en": ("Baidu",)}),))
    assert codes("Baidus Plan.", "Le plan.", "fr", g) == []
    assert codes("Baidus Plan.", "The plan.", "en", g) == ["glossary-missing"]


# ------------------------------------------------------------------------ inline markup

def test_parse_inline() -> None:
    info = parse_inline("A `x` [l](http://u) ![i](p.png) *e* **s** <b>h</b>")
    assert info.code == ("x",)
    assert info.urls == ("http://u",)
    assert info.images == ("p.png",)
    assert (info.emphasis, info.strong) == (1, 1)
    assert info.html == ("b", "b")


@pytest.mark.parametrize("msgid,msgstr,expected", [
    ("Nutze `pip install`.", "Use `pip install`.", []),
    ("Nutze `pip install`.", "Use `pip-install`.", ["code-span"]),
    ("Nutze `pip install`.", "Use pip install.", ["code-span"]),
    ("`a` und `b`", "`b` and `a`", []),
])
def test_code_spans(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert codes(msgid, msgstr) == expected


@pytest.mark.parametrize("msgid,msgstr,expected", [
    ("Siehe [Bericht](https://a.example/x).", "See [report](https://a.example/x).", []),
    ("Siehe [Bericht](https://a.example/x).", "See [report](https://a.example/y).", ["link-url"]),
    ("Bild ![Logo](logo.png)", "Image ![Logo](logo.png)", []),
    ("Bild ![Logo](logo.png)", "Image ![Logo](logo-en.png)", ["link-url"]),
    ("[a](u1) und [b](u2)", "[b](u2) and [a](u1)", []),
])
def test_link_urls(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert codes(msgid, msgstr) == expected


@pytest.mark.parametrize("msgid,msgstr,expected", [
    ("Ein *wichtiger* Punkt.", "An *important* point.", []),
    ("Ein *wichtiger* Punkt.", "An important point.", ["markup-count"]),
    ("Ein **wichtiger** Punkt.", "An *important* point.", ["markup-count", "markup-count"]),
    ("Siehe [hier](u).", "See here (u).", ["markup-count"]),
    ("Ein Punkt.", "A ![x](y.png) point.", ["markup-count"]),
    ("Ein_Wort_mit Unterstrichen.", "A_word_with underscores.", []),
])
def test_markup_counts(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert codes(msgid, msgstr) == expected


@pytest.mark.parametrize("msgid,msgstr,expected", [
    ("Ein <b>fetter</b> Punkt.", "A <b>bold</b> point.", []),
    ("Ein Punkt.", "A <b>bold</b> point.", ["html"]),
    ("Ein Punkt.", "A point <br>", ["html"]),
    ("Drei < fünf.", "Three < five.", []),
    ("Nutze `<div>`.", "Use `<div>`.", []),
])
def test_html(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert codes(msgid, msgstr) == expected


# ------------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("msgid,msgstr,language,expected", [
    ("Im Januar 2024.", "In January 2024.", "en", []),
    ("Im Januar 2024.", "2024年1月。", "zh_CN", []),
    ("Im Januar 2024.", "In January 2025.", "en", ["number"]),
    ("Um 2,5 Prozent.", "By 2.5 percent.", "en", []),
    ("Um 2,5 Prozent.", "De 2,5 pour cent.", "fr", []),
    ("Um 2,5 Prozent.", "By 25 percent.", "en", ["number"]),
    ("Kosten von 3,5 Mrd. Euro.", "Costs of 3.5 billion euros.", "en", []),
    ("Kosten von 3,5 Mrd. Euro.", "Coûts de 3,5 milliards d’euros.", "fr", []),
    ("Kosten von 3,5 Mrd. Euro.", "Costes de 3500 millones de euros.", "es", []),
    ("Kosten von 3,5 Mrd. Euro.", "Costes de 3,5 mil millones de euros.", "es", []),
    ("Kosten von 3,5 Mrd. Euro.", "成本为35亿欧元。", "zh_CN", []),
    ("Kosten von 3,5 Mrd. Euro.", "成本为 5 亿欧元。", "zh_CN", ["number"]),
    ("Kosten von 3,5 Mrd. Euro.", "Costs of 3.5 million euros.", "en", []),  # 3.5 itself is kept
    ("Über 1.000 Firmen.", "Over 1,000 firms.", "en", []),
    ("Über 1.000 Firmen.", "Plus de 1\u202f000 entreprises.", "fr", []),
    ("Über 1.000 Firmen.", "超过1000家公司。", "zh_CN", []),
    ("In 2 Wochen.", "In two weeks.", "en", []),
    ("In 2 Wochen.", "两周内。", "zh_CN", []),
    ("In 10 Tagen.", "十天内。", "zh_CN", []),
    ("In 12 Tagen.", "In 13 days.", "en", ["number"]),
    ("In zwei Wochen.", "In 2 weeks.", "en", []),
    ("Siehe `v1.2.3` und https://x.example/5", "See `v1.2.3` and https://x.example/5", "en", []),
])
def test_numbers(msgid: str, msgstr: str, language: str, expected: list[str]) -> None:
    assert codes(msgid, msgstr, language) == expected


def test_numbers_inside_glossary_names_are_not_numbers(glossary: Glossary) -> None:
    assert codes("Modelle wie Qwen 2.5-Max und Kimi k1.5.", "像Qwen 2.5-Max和Kimi k1.5这样的模型。",
                 "zh_CN", glossary) == []
    assert codes("Doubao 1.5 Pro ist stark.", "豆包1.5 Pro很强大。", "zh_CN", glossary) == []


def test_number_values() -> None:
    [(token, values)] = numbers("3,5 Mrd.", "de")
    assert token == "3,5" and {str(v) for v in values} >= {"3.5", "3500000000.0"}


# ---------------------------------------------------------------------------- whitespace

@pytest.mark.parametrize("msgid,msgstr,expected", [
    ("Satz.", "Sentence.", []),
    (" Satz.", "Sentence.", ["whitespace"]),
    ("Satz. ", "Sentence.", ["whitespace"]),
    ("Zeile 1\nZeile 2", "Line 1\nLine 2", []),
    ("Zeile 1\nZeile 2", "Line 1 Line 2", ["whitespace"]),
    ("Satz.\n", "Sentence.", ["whitespace"]),
])
def test_whitespace(msgid: str, msgstr: str, expected: list[str]) -> None:
    assert [c for c in codes(msgid, msgstr) if c == "whitespace"] == expected


# ----------------------------------------------------------------------------- unchanged

@pytest.mark.parametrize("msgid,language,expected", [
    ("Die Erzählung wird geschrieben.", "en", ["unchanged"]),
    ("DeepSeek (R1 bis V3)", "en", ["unchanged"]),  # "bis" is German
    ("DeepSeek (R1, V3)", "en", []),
    ("OpenAI, TikTok, DeepSeek: 2024.", "fr", []),
    ("Baidu, Alibaba Group, Tencent Holdings", "en", []),
    ("Baidu, Alibaba Group, Tencent Holdings", "zh_CN", ["unchanged", "glossary-missing",
                                                         "glossary-missing",
                                                         "glossary-missing"]),
    ("`code` 42 – https://x.example", "en", []),
])
def test_unchanged(glossary: Glossary, msgid: str, language: str, expected: list[str]) -> None:
    assert sorted(codes(msgid, msgid, language, glossary)) == sorted(expected)


# ---------------------------------------------------------------------------- typography

def test_typography_is_wired_in() -> None:
    found = codes("Warum? Darum: so.", "Pourquoi? Parce que: ainsi.", "fr")
    assert found and all(c.startswith("typo-fr") for c in found)
    assert codes("Warum?", "¿Por qué?", "es") == []
    assert "typo-es-inverted" in codes("Warum?", "Por qué?", "es")


# -------------------------------------------------------------------------------- runner

def _catalog() -> Catalog:
    return Catalog(entries=[
        Entry(msgid="", msgstr="Language: en\n", line=1),
        Entry(msgid="Guter Satz.", msgstr="Good sentence.", line=10),
        Entry(msgid="Im Jahr 2024.", msgstr="In 2025.", line=14),
        Entry(msgid="Offen.", msgstr="", line=18),
        Entry(msgid="Unsicher 5.", msgstr="Unsure 6.", flags=["fuzzy"], line=22),
        Entry(msgid="Alt 7.", msgstr="Old 8.", obsolete=True, line=26),
        Entry(msgid="Noch offen.", msgstr="", line=30),
    ])


def test_check_catalog_checks_translated_entries_only() -> None:
    found = check_catalog(_catalog(), path="l/en.po", language="en", source_language="de",
                          glossary=None)
    assert [(f.line, f.code) for f in found] == [(14, "number")]
    assert found[0].path == "l/en.po" and found[0].msgid == "Im Jahr 2024."
    assert str(found[0]).startswith("l/en.po:14: [number] ")


def test_check_catalog_include_fuzzy() -> None:
    found = check_catalog(_catalog(), path="p", language="en", source_language="de",
                          glossary=None, include_fuzzy=True)
    assert [(f.line, f.code) for f in found] == [(14, "number"), (22, "number")]


def test_check_catalog_strict_counts_completeness() -> None:
    found = check_catalog(_catalog(), path="p", language="en", source_language="de",
                          glossary=None, strict=True)
    by_code = {f.code: f for f in found}
    assert by_code["untranslated"].message == "2 untranslated entries"
    assert by_code["untranslated"].line == 18
    assert by_code["fuzzy"].message == "1 fuzzy entry"
    assert by_code["fuzzy"].line == 22
    assert found == sorted(found)


def test_catalog_error_finding() -> None:
    finding = catalog_error_finding(CatalogError("unterminated string", "x.po", 7), "x.po")
    assert str(finding) == "x.po:7: [po-syntax] unterminated string"


# -------------------------------------------------------------------------------- output

def _findings() -> list[Finding]:
    return [Finding("b.po", 3, "number", "number '2' missing", Severity.ERROR, "2 Tage"),
            Finding("a.po", 9, "unchanged", "same, with: comma, and 100%", Severity.WARNING, "x")]


def test_format_text_sorted() -> None:
    assert format_findings(_findings(), "text") == (
        "a.po:9: [unchanged] same, with: comma, and 100%\nb.po:3: [number] number '2' missing\n")
    assert format_findings([], "text") == ""


def test_format_json() -> None:
    data = json.loads(format_findings(_findings(), "json"))
    assert data[0] == {"path": "a.po", "line": 9, "code": "unchanged", "severity": "warning",
                       "message": "same, with: comma, and 100%", "msgid": "x"}
    assert json.loads(format_findings([], "json")) == []


def test_format_github() -> None:
    out = format_findings(_findings(), "github").splitlines()
    assert out == ["::warning file=a.po,line=9,title=unchanged::same, with: comma, and 100%25",
                   "::error file=b.po,line=3,title=number::number '2' missing"]
    assert set(FORMATS) == {"text", "json", "github"}
    with pytest.raises(ValueError):
        format_findings([], "xml")


# ------------------------------------------------------------------ no false positives

def _fp_catalog(language: str) -> Catalog:
    from kilocale.io.po import load_po
    return load_po(FP / f"{language}.po")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_false_positives_on_correct_translations(glossary: Glossary, language: str) -> None:
    catalog = _fp_catalog(language)
    translated = [e for e in catalog.entries if e.msgid and e.msgstr]
    assert len(translated) >= 15
    found = check_catalog(catalog, path=f"check_fp/{language}.po", language=language,
                          source_language="de", glossary=glossary, strict=True)
    assert found == [], format_findings(found)


@pytest.mark.parametrize("language,old,new,code", [
    ("en", "DeepSeek’s success", "Deepseek’s success", "glossary-forbidden"),
    ("fr", "Pékin", "Beijing", "glossary-missing"),
    ("es", "2024", "2023", "number"),
    ("zh_CN", "百度", "Baidu", "glossary-missing"),
    ("zh_CN", "`chip_cost()`", "chip_cost()", "code-span"),
    ("fr", "https://example.com/ant-group?id=5", "https://example.fr/ant-group", "link-url"),
])
def test_the_false_positive_set_still_catches_errors(glossary: Glossary, language: str, old: str,
                                                     new: str, code: str) -> None:
    catalog = _fp_catalog(language)
    for entry in catalog.entries:
        entry.msgstr = entry.msgstr.replace(old, new)
    found = check_catalog(catalog, path="p", language=language, source_language="de",
                          glossary=glossary)
    assert code in {f.code for f in found}


def test_shipped_translations_are_clean(glossary: Glossary) -> None:
    from kilocale.io.po import load_po
    for language in LANGUAGES:
        path = ROOT / "locales" / language / "LC_MESSAGES" / "article.po"
        if not path.exists():
            continue
        found = check_catalog(load_po(path), path=str(path), language=language,
                              source_language="de", glossary=glossary)
        assert found == [], format_findings(found)

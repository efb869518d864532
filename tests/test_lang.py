"""Language facts live in one module, everything that uses them agrees with it, and the
pure core depends on nothing but itself, the model and its libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kilocale.core import lang
from kilocale.core.glossary import target_matches
from kilocale.core.stats import _words_one_by_one, word_count
from kilocale.core.typography import typography_findings
from kilocale.formats import markdown
from kilocale.formats.html import markdown_to_elements
from kilocale.model import Term

CORE = Path(__file__).resolve().parent.parent / "src" / "kilocale" / "core"
OUTSIDE_THE_CORE = ("kilocale.config", "kilocale.io", "kilocale.formats", "kilocale.engines",
                    "kilocale.cli", "kilocale.pipeline", "kilocale.pretranslate",
                    "kilocale.report", "kilocale.project")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_the_core_imports_nothing_from_the_shell(path: Path) -> None:
    bad = [name for name in _imports(path)
           if any(name == o or name.startswith(o + ".") for o in OUTSIDE_THE_CORE)]
    assert bad == [], f"{path.name} imports {bad}"


def test_language_facts_import_nothing_from_kilocale() -> None:
    assert [n for n in _imports(CORE / "lang.py") if n.startswith("kilocale")] == []


@pytest.mark.parametrize("code, base", [("zh_CN", "zh"), ("zh-cn", "zh"), ("ZH_Hans_CN", "zh"),
                                        ("fr", "fr"), ("pt_BR", "pt")])
def test_base_language(code: str, base: str) -> None:
    assert lang.base_language(code) == base


def test_forbidden_variants_apply_to_every_language_the_locale_and_its_base() -> None:
    term = Term("KI", translations={"zh_CN": ("人工智能",)},
                forbidden={"*": ("K.I.",), "zh": ("爱",), "zh_CN": ("艾",), "fr": ("IA.",)})
    assert term.forbidden_in("zh_CN") == ("K.I.", "艾", "爱")
    assert term.forbidden_in("zh_TW") == ("K.I.", "爱")
    assert term.forbidden_in("en") == ("K.I.",)


LANGUAGES = ["zh_CN", "zh_TW", "ja", "th", "ko", "en", "fr", "de", "es"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_build_joins_sentences_with_the_languages_joiner(language: str) -> None:
    text = "Erster Satz. Zweiter Satz.\n"
    result = markdown.render(text, {"Erster Satz.": "A.", "Zweiter Satz.": "B."}.get,
                             lang.sentence_joiner(language))
    assert result.text == ("A.B.\n" if lang.written_without_spaces(language) else "A. B.\n")
    assert lang.sentence_joiner(language) in ("", " ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_drops_soft_breaks_exactly_where_the_language_has_no_spaces(language: str) -> None:
    parent = etree.Element("article")
    markdown_to_elements("中文\n中文\n", parent, language=language)
    text = "".join(parent.itertext())
    assert ("\n" not in text.strip()) == lang.written_without_spaces(language)


# One sample of each script the facts distinguish: Han (BMP, Extension A, Extension B),
# kana, Hangul, full-width punctuation, Latin.
SAMPLES = ["中", "㐀", "\U00020000", "あ", "カ", "한", "，", "a", "é"]


@pytest.mark.parametrize("ch", SAMPLES)
def test_word_counts_follow_the_script_facts(ch: str) -> None:
    per_char = lang.counts_per_character(ch)
    assert word_count(ch * 3) == (3 if per_char else 1 if ch.isalnum() else 0)
    assert per_char == bool(lang.HAN_RE.match(ch) or ch in "あカ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SAMPLES + [" ", "-", "'", ".", "’", "1", "\n"], max_size=30))
def test_word_count_without_han_or_kana_counts_as_word_by_word(text: str) -> None:
    # the shortcut for text without Han or kana gives the rule's own count
    assert word_count(text) == _words_one_by_one(text)


def test_a_mixed_msgid_counts_chinese_characters_and_latin_words() -> None:
    assert word_count("Das Modell 深度求索 ist schnell.") == 4 + 4
    assert word_count("Das KI-Modell ist schnell.") == 4


@pytest.mark.parametrize("ch", SAMPLES)
def test_chinese_punctuation_rule_fires_next_to_han_only(ch: str) -> None:
    codes = [code for code, _ in typography_findings("x", f"{ch},{ch}", "zh_CN")]
    assert ("typo-zh-punct" in codes) == bool(lang.HAN_RE.match(ch))


@pytest.mark.parametrize("ch", SAMPLES)
def test_glossary_matches_cjk_forms_without_word_boundaries(ch: str) -> None:
    form = ch * 2
    term = Term("X", translations={"zh_CN": (form,)})
    glued = target_matches(term, f"x{form}y", "zh_CN")
    assert bool(glued) == bool(lang.CJK_RE.match(ch))


@pytest.mark.parametrize("ch", SAMPLES)
def test_html_soft_break_vanishes_between_wide_characters(ch: str) -> None:
    parent = etree.Element("article")
    markdown_to_elements(f"{ch}\n{ch}\n", parent, language="zh_CN")
    text = "".join(parent.itertext()).strip()
    assert (text == ch + ch) == bool(lang.WIDE_RE.match(ch))


def test_han_is_part_of_every_wider_class() -> None:
    for ch in ("中", "㐀", "\U00020000", "\uf900"):
        assert lang.HAN_RE.match(ch) and lang.CJK_RE.match(ch) and lang.WIDE_RE.match(ch)
        assert lang.counts_per_character(ch)


def test_french_and_spanish_conventions_drive_the_typography_rules() -> None:
    fr = lang.conventions("fr_CA")
    for mark in fr.space_before:
        text = f"a{mark}" if mark != "»" else "«\u00a0a»"
        assert any(c == "typo-fr-space" for c, _ in typography_findings("x", text, "fr_CA")), mark
    es = lang.conventions("es_MX")
    for closing, opening in es.inverted.items():
        assert typography_findings("x", f"a{closing}", "es_MX")
        assert not typography_findings("x", f"{opening}a{closing}", "es_MX")
    assert lang.conventions("xx") == lang.conventions("en")


def test_no_module_writes_its_own_han_range_or_base_language() -> None:
    """The Chinese-character range and the base-language split are written once, here."""
    src = CORE.parent
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if path == CORE / "lang.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("\\u4e00", "\\u3400", 'split("_")[0]', "split('_')[0]"):
            if needle in text:
                offenders.append(f"{path.relative_to(src)}: {needle}")
    assert offenders == []


# Characters on both sides of every range edge of the classes, and ordinary text around them.
_EDGES = sorted({chr(max(0, ord(c) + d)) for body in (lang.HAN, lang.CJK)
                 for c in body if c != "-" for d in (-1, 0, 1)})
_SCRIPT_TEXT = st.text(st.one_of(st.sampled_from(_EDGES), st.characters()), max_size=12)


@settings(max_examples=400)
@given(_SCRIPT_TEXT)
def test_han_and_cjk_tests_answer_as_the_regex_classes_do(text: str) -> None:
    assert lang.has_han(text) is (lang.HAN_RE.search(text) is not None)
    assert lang.has_cjk(text) is (lang.CJK_RE.search(text) is not None)


def test_han_test_finds_han_anywhere_and_nothing_in_latin_or_kana() -> None:
    assert lang.has_han("DeepSeek 模型") and lang.has_han("\U00020000")
    assert not lang.has_han("Ünïcödé — “quoted” ｶﾀｶﾅ ひらがな")
    assert lang.has_cjk("ひらがな") and lang.has_cjk("한국어") and not lang.has_cjk("")

"""Glossary matching: German source inflections and target forms (table-driven), plus units."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kilocale.core import glossary as glossary_module
from kilocale.core.glossary import (Glossary, altered_dnt, forbidden_matches, source_matches,
                                    target_form, target_matches)
from kilocale.io.glossary_file import load_glossary
from kilocale.model import Term

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es", "zh_CN")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.yaml", LANGUAGES, "glossary.yaml")


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


SOURCE_ROWS = _rows("glossary_source_forms.tsv")
TARGET_ROWS = _rows("glossary_target_forms.tsv")


def test_tables_are_big_enough() -> None:
    assert len(SOURCE_ROWS) >= 60
    assert len(TARGET_ROWS) >= 40
    assert {r[3] for r in TARGET_ROWS} == {"yes", "no"}
    assert sum(r[3] == "no" for r in TARGET_ROWS) >= 15


@pytest.mark.parametrize("text,term,surface,flags", SOURCE_ROWS,
                         ids=[f"{i}:{r[0][:30]}" for i, r in enumerate(SOURCE_ROWS)])
def test_source_inflections(glossary: Glossary, text: str, term: str, surface: str,
                            flags: str) -> None:
    matches = source_matches(glossary, text)
    if term == "-":
        assert matches == [], [(m.surface, m.term.term) for m in matches]
        return
    hits = [m for m in matches if m.term.term == term]
    assert hits, f"{term!r} not found in {text!r}: {[(m.surface, m.term.term) for m in matches]}"
    hit = next((m for m in hits if m.surface == surface), None)
    assert hit is not None, [m.surface for m in hits]
    assert text[hit.start:hit.end] == hit.surface
    assert hit.genitive == ("g" in flags)
    assert hit.compound == ("c" in flags)


@pytest.mark.parametrize("language,term,text,accepted", TARGET_ROWS,
                         ids=[f"{i}:{r[0]}:{r[2][:30]}" for i, r in enumerate(TARGET_ROWS)])
def test_target_forms(glossary: Glossary, language: str, term: str, text: str,
                      accepted: str) -> None:
    found = glossary.find(term)
    assert found is not None, term
    assert bool(target_matches(found, text, language)) == (accepted == "yes")


def test_longest_match_wins(glossary: Glossary) -> None:
    text = "Alibaba Group, Alibaba Cloud, Qwen 2.5-Max und Qwen"
    assert [m.term.term for m in source_matches(glossary, text)] == [
        "Alibaba Group", "Alibaba Cloud", "Qwen 2.5-Max", "Qwen"]


def test_matches_are_sorted_and_disjoint(glossary: Glossary) -> None:
    text = (Path(ROOT / "source/de/article.md")).read_text(encoding="utf-8")
    matches = source_matches(glossary, text)
    assert len(matches) > 150
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start
    assert all(text[m.start:m.end] == m.surface for m in matches)


def test_word_boundaries() -> None:
    g = Glossary((Term("KI", translations={"en": ("AI",)}, case_sensitive=False),))
    assert source_matches(g, "Kies, Kiel, KIEL, Ki, kiwi") == []
    assert [m.surface for m in source_matches(g, "KI, KIs und (KI)")] == ["KI", "KIs", "KI"]


def test_case_sensitive_dnt_does_not_fold() -> None:
    g = Glossary((Term("DeepSeek", dnt=True),))
    assert source_matches(g, "deepSeek") == []
    assert len(source_matches(g, "DeepSeek")) == 1


def test_target_form_possessive(glossary: Glossary) -> None:
    deepseek = glossary.find("DeepSeek")
    baidu = glossary.find("Baidu")
    assert deepseek is not None and baidu is not None
    assert target_form(deepseek, "en", genitive=True) == "DeepSeek's"
    assert target_form(deepseek, "fr", genitive=True) == "DeepSeek"
    assert target_form(baidu, "zh_CN") == "百度"
    assert target_form(baidu, "zh_CN", genitive=True) == "百度"
    assert target_form(Term("Holdings", translations={"en": ("Tencent Holdings",)}), "en",
                       genitive=True) == "Tencent Holdings'"
    assert target_form(Term("X", translations={}), "de") == "X"


def test_genitive_only_for_names(glossary: Glossary) -> None:
    flags = {m.surface: m.genitive for m in source_matches(glossary, "GPUs, LLMs, Chips, Baidus")}
    assert flags == {"GPUs": False, "LLMs": False, "Chips": False, "Baidus": True}


def test_altered_dnt(glossary: Glossary) -> None:
    qwen = glossary.find("Qwen 2.5-Max")
    assert qwen is not None
    assert altered_dnt(qwen, "models like Qwen2.5-Max and qwen 2.5 max", "en") == [
        "Qwen2.5-Max", "qwen 2.5 max"]
    assert altered_dnt(qwen, "models like Qwen 2.5-Max", "en") == []


def test_forbidden_is_case_sensitive(glossary: Glossary) -> None:
    deepseek = glossary.find("DeepSeek")
    assert deepseek is not None
    assert forbidden_matches(deepseek, "DeepSeek", "en") == []
    assert [s for _, _, s in forbidden_matches(deepseek, "Deepseek and Deep Seek", "en")] == [
        "Deepseek", "Deep Seek"]


def test_digest_is_stable_and_content_based(glossary: Glossary) -> None:
    again = load_glossary(ROOT / "glossary.yaml", LANGUAGES)
    assert glossary.digest() == again.digest()
    assert len(glossary.digest()) == 16
    other = Glossary(glossary.terms[1:])
    assert other.digest() != glossary.digest()
    noted = Glossary(tuple(Term(t.term, t.dnt, t.translations, t.forms, t.forbidden,
                                t.case_sensitive, note="changed", line=99)
                           for t in glossary.terms))
    assert noted.digest() == glossary.digest()


def test_shipped_glossary_covers_every_language(glossary: Glossary) -> None:
    for term in glossary.terms:
        for lang in LANGUAGES:
            assert term.approved(lang), (term.term, lang)


def test_compiled_patterns_belong_to_their_glossary_and_agree_with_the_functions(glossary):
    from kilocale.core.glossary import forbidden_matches

    en = glossary.compiled("en")
    assert glossary.compiled("en") is en and glossary.compiled("fr") is not en
    other = Glossary(terms=glossary.terms)
    assert other.compiled("en") is not en
    text = "Deepseek's model and DeepSeek’s chips, Qwen2.5-Max, AI and the AI race"
    for term in glossary.terms:
        assert en.target_matches(term, text) == target_matches(term, text, "en")
        assert en.forbidden_matches(term, text) == forbidden_matches(term, text, "en")
        assert en.altered_dnt(term, text) == altered_dnt(term, text, "en")


# source_matches finds where terms may start with str.find on the lower-cased text when
# that text has the same words at the same offsets; these pin down when that holds.

def test_lower_case_keeps_letters_and_digits_apart_for_every_code_point() -> None:
    changed = [hex(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000
               and len(chr(cp).lower()) == 1 and chr(cp).isalnum() != chr(cp).lower().isalnum()]
    assert changed == []


_KEYS = {"ki": [], "kis": [], "deepseek": [], "chinas": [], "ant": [], "σοφία": [], "straße": []}
_ALPHABET = "KkIiıİSsAaNnTt DdeEpP-·’'_0123456789ßẞΣσςΟοφίαÄäⅠⅰⒶ\u0307\u00a0\u202f"


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_term_starts_are_the_words_whose_lower_case_is_a_key(text: str) -> None:
    lowered = text.lower()
    present = _KEYS.keys() & set(glossary_module._TOKEN.findall(lowered))
    expected = [(m.start(), m.group(0).lower()) for m in glossary_module._TOKEN.finditer(text)
                if m.group(0).lower() in _KEYS]
    if present:  # source_matches stops before when no word of the lowered text is a key
        assert glossary_module._term_starts(text, lowered, present, _KEYS) == expected


# TargetPattern.found answers from the forms as written before it compiles the regex;
# the regex (what matches() uses) is the reference for every form, text and language.
_FORM_ALPHABET = "AaIiSsǅǆǄ 0-'’_中文\u00a0\u202f\t"
_TEXT_ALPHABET = _FORM_ALPHABET + "Xx.,"


@given(forms=st.lists(st.text(alphabet=_FORM_ALPHABET, min_size=1, max_size=6).filter(str.strip),
                      min_size=1, max_size=3),
       text=st.text(alphabet=_TEXT_ALPHABET, max_size=30),
       language=st.sampled_from(["en", "fr", "es", "de", "zh_CN", "ja"]),
       dnt=st.booleans(), case_sensitive=st.booleans(), embed=st.booleans())
@example(forms=["ǅa"], text="x ǅa y", language="en", dnt=False, case_sensitive=False,
         embed=False)  # folded, the regex has [Ǆǆ]: the title-case letter itself is no match
@example(forms=["AI"], text="OpenAI模型", language="zh_CN", dnt=True, case_sensitive=True,
         embed=False)  # a Latin form in Chinese: kept apart from ASCII letters only
def test_found_agrees_with_the_regex(forms: list[str], text: str, language: str, dnt: bool,
                                     case_sensitive: bool, embed: bool) -> None:
    if embed:  # make the literal path likely: a form as written inside the text
        text = text[:len(text) // 2] + forms[0] + text[len(text) // 2:]
    term = Term(term="Wort", dnt=dnt, translations={} if dnt else {language: tuple(forms)},
                forms=tuple(forms) if dnt else (), case_sensitive=case_sensitive)
    pattern = glossary_module.compile_target(term, language)
    reference = pattern.regex is not None and pattern.regex.search(text) is not None
    assert pattern.found(text) == reference

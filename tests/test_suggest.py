"""glossary suggest: candidates the glossary misses; the shipped glossary leaves none certain."""

from __future__ import annotations

from pathlib import Path

from kilocale.core.glossary import Glossary
from kilocale.core.suggest import HIGH, suggest_terms
from kilocale.io.glossary_file import load_glossary
from kilocale.model import Term

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "source" / "de" / "article.md").read_text(encoding="utf-8")


def test_shipped_glossary_leaves_no_high_confidence_candidate() -> None:
    g = load_glossary(ROOT / "glossary.yaml", ["en", "fr", "es", "zh_CN"])
    high = [c for c in suggest_terms([ARTICLE], g) if c.confidence >= HIGH]
    assert high == [], [(c.text, c.reason, c.examples) for c in high]


def test_empty_glossary_finds_the_article_names() -> None:
    found = {c.text: c for c in suggest_terms([ARTICLE], Glossary(()))}
    for name in ("DeepSeek", "Qwen 2.5-Max", "Doubao 1.5 Pro", "Kimi k1.5", "GLM-4 plus",
                 "WuDao 3.0", "Ernie X1", "Alibaba Group", "Tencent Holdings", "Ant Group",
                 "Moonshot AI", "Zhipu AI", "Tsinghua University", "Silicon Valley",
                 "Beijing Academy of Artificial Intelligence", "ByteDance", "WeChat", "TikTok",
                 "OpenAI", "KI", "LLM", "BAAI", "R1", "V3"):
        assert name in found, name
        assert found[name].high, name
    assert found["DeepSeek"].count >= 18
    # Not names: years, German nouns, sentence starts.
    for noise in ("Januar 2024", "Die", "Der", "Wettbewerb"):
        assert noise not in found or not found[noise].high


def test_candidates_sorted_by_confidence_then_count() -> None:
    found = suggest_terms([ARTICLE], Glossary(()))
    keys = [(-c.confidence, -c.count, c.text) for c in found]
    assert keys == sorted(keys)


def test_covered_through_inflection() -> None:
    g = Glossary((Term("DeepSeek", dnt=True),))
    found = {c.text for c in suggest_terms(["DeepSeeks Erfolg und das DeepSeek-Modell."], g)}
    assert "DeepSeek" not in found and "DeepSeeks" not in found
    found = {c.text for c in suggest_terms(["DeepSeeks Erfolg."], Glossary(()))}
    assert found == {"DeepSeek"}


def test_partially_covered_multiword_name_is_reported() -> None:
    g = Glossary((Term("Alibaba", translations={"en": ("Alibaba",)}),))
    found = {c.text: c for c in suggest_terms(["Die Alibaba Group und Alibaba."], g)}
    assert "Alibaba Group" in found and found["Alibaba Group"].high


def test_version_names_and_medium_candidates() -> None:
    text = "Modelle wie Foo 2.5-Max, Bar-3 und Baz 1.5 Pro. Quux und Quuxs Plan (Zorg)."
    found = {c.text: c for c in suggest_terms([text], Glossary(()))}
    assert {"Foo 2.5-Max", "Bar-3", "Baz 1.5 Pro"} <= set(found)
    assert found["Quux"].confidence < HIGH
    assert found["Zorg"].confidence < HIGH

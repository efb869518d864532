"""The glossary lock: sentinels in, sentinels out, verified (kilocale.core.protect)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kilocale.core.glossary import source_matches
from kilocale.core.protect import SENTINEL_RE, chunks, protect, restore
from kilocale.io.glossary_file import load_glossary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary.yaml", ["en", "fr", "es", "zh_CN"])


def lock(text, glossary=None, language="en"):
    return protect(text, source_matches(glossary, text) if glossary else [], language)


@pytest.mark.parametrize("text, kinds", [
    ("Run `pip install kilocale` now.", ["code"]),
    ("See <https://example.org> or https://example.com/a_b?x=1.", ["url", "url"]),
    ("Click [the help](https://x.org/h \"Help\") today.", ["open", "close"]),
    ("An ![image](a.png) here.", ["open", "close"]),
    ("Both **bold** and *it* and ~~gone~~.", ["open", "close"] * 3),
    ("snake_case stays, _this_ is emphasis.", ["open", "close"]),
    ("A <br> and <span class=\"x\">y</span>.", ["html", "html", "html"]),
    ("Escaped \\* star and footnote[^1].", ["escape", "code"]),
    ("Literal {3} in the source.", ["literal"]),
])
def test_markup_becomes_sentinels_and_round_trips(text, kinds):
    p = protect(text)
    assert [ph.kind for ph in p.placeholders] == kinds
    r = restore(p, p.text)
    assert r.ok and r.text == text and r.restored == len(kinds)


def test_terms_take_their_target_form(glossary):
    text = "DeepSeeks Erfolg mit KI-Modells, LLMs und Baidu."
    p = lock(text, glossary, "en")
    assert p.text == "{0} Erfolg mit {1}-Modells, {2} und {3}."
    assert [ph.replacement for ph in p.placeholders] == ["DeepSeek's", "AI", "LLMs", "Baidu"]
    r = restore(p, "{0} success with {1} models, {2} and {3}.")
    assert r.ok and r.text == "DeepSeek's success with AI models, LLMs and Baidu."
    zh = lock(text, glossary, "zh_CN")
    assert [ph.replacement for ph in zh.placeholders] == ["DeepSeek", "人工智能", "LLM", "百度"]


def test_lost_duplicated_and_unexpected_sentinels_are_named():
    p = protect("Run `a` and `b`.")
    lost = restore(p, "Run {0} and.")
    assert not lost.ok and lost.problems == ("lost {1} ('`b`')",)
    assert lost.text == "Run `a` and."
    dup = restore(p, "{0} {0} {1}")
    assert not dup.ok and "came back 2 times" in dup.problems[0]
    extra = restore(p, "{0} {1} {7}")
    assert not extra.ok and extra.problems == ("unexpected sentinel {7}",)


def test_restore_is_lenient_about_what_models_do_to_sentinels():
    p = protect("Run `a` and `b`.")
    assert restore(p, "Lancez { 0 } et ｛１｝.").text == "Lancez `a` et `b`."


def test_spaces_models_put_inside_markup_are_removed():
    p = protect("Wählen Sie **Datei** oder [die Hilfe](h.html).")
    r = restore(p, "Choose {0} File {1} or {2} the help {3}.")
    assert r.ok and r.text == "Choose **File** or [the help](h.html)."


def test_chunks_keep_sentinels_out_of_translation():
    p = protect("Run `a`, then **go**!")
    assert chunks(p) == [("Run ", True), ("{0}", False), (", then ", True), ("{1}", False),
                         ("go", True), ("{2}", False), ("!", False)]


_MARKUP = st.sampled_from(["`code`", "**", "*", "_", "[", "](u)", "<br>", "https://x.y/z",
                           "{1}", "\\*", " ", "Wort", "DeepSeeks", "KI-", ".", "x_y", "~~"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, max_size=14).map("".join))
def test_identity_round_trip_is_lossless(text):
    p = protect(text)
    assert restore(p, p.text).text == text
    assert len(SENTINEL_RE.findall(p.text)) == len(p.placeholders)


CANDIDATES = {"{N}": "{%d}", "⟦N⟧": "⟦%d⟧", "<xN/>": "<x%d/>", "[N]": "[%d]", "XQZN": "XQZ%d",
              "__N__": "__%d__", "▁N▁": "▁%d▁"}


def test_sentinel_survival_on_copy_model(glossary):
    """The measurement behind the sentinel form (see the kilocale.core.protect docstring).

    Every glossary term of every article sentence is replaced by each candidate form,
    sent through the real Argos tokenizer and the copy model, and counted back.
    """
    import tinyargos

    tinyargos.require_argos()
    from kilocale.engines.argos import ArgosEngine

    from kilocale.core.segment import split_sentences

    sentences = [s for line in (ROOT / "source/de/article.md").read_text().splitlines()
                 for s in split_sentences(line.lstrip("#- ").strip())
                 if source_matches(glossary, s)][:40]
    engine = ArgosEngine()
    rates = {}
    for name, form in CANDIDATES.items():
        texts, expected = [], []
        for s in sentences:
            ms = source_matches(glossary, s)
            out, last = [], 0
            for i, m in enumerate(ms):
                out += [s[last:m.start], form % i]
                last = m.end
            texts.append("".join(out) + s[last:])
            expected.append([form % i for i in range(len(ms))])
        result = engine.translate_batch(texts, "de", "en")
        total = sum(len(e) for e in expected)
        ok = sum(1 for r, e in zip(result, expected) for tok in e if r.count(tok) == 1)
        rates[name] = ok / total
    print("sentinel survival on the copy model:", rates)
    assert rates["{N}"] == 1.0
    assert rates["__N__"] < 0.5 and rates["▁N▁"] < 0.5

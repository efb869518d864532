"""Catalog merging: msgmerge --previous semantics, and no translation is ever lost."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from kilocale.core.merge import FUZZY_THRESHOLD, FuzzyIndex, merge
from kilocale.formats.markdown import extract
from kilocale.io.po import dumps, loads
from kilocale.model import Catalog, Entry

ROOT = Path(__file__).parent.parent
ARTICLE = [s.text for s in extract((ROOT / "source/de/article.md").read_text(encoding="utf-8"))]


def template(*msgids: str) -> Catalog:
    return Catalog(header={"POT-Creation-Date": "2025-01-01 00:00+0000"},
                   entries=[Entry(msgid=m, references=[f"a.md:{i}"])
                            for i, m in enumerate(msgids, 1)])


def po(*pairs: tuple[str, str], fuzzy: tuple[str, ...] = ()) -> Catalog:
    return Catalog(header={"Language": "en", "Last-Translator": "Ann <a@example.org>"},
                   entries=[Entry(msgid=m, msgstr=s, flags=["fuzzy"] if m in fuzzy else [])
                            for m, s in pairs])


def run(t: Catalog, p: Catalog | None) -> Catalog:
    return merge(t, p, language="en", plural_forms="nplurals=2; plural=(n != 1);")[0]


def by_id(c: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in c.entries}


def test_unchanged_entries_keep_translation_and_flags() -> None:
    out = run(template("Hallo Welt.", "Zweiter Satz."),
              po(("Hallo Welt.", "Hello world."), ("Zweiter Satz.", "Second."),
                 fuzzy=("Zweiter Satz.",)))
    assert by_id(out)["Hallo Welt."].msgstr == "Hello world."
    assert not by_id(out)["Hallo Welt."].fuzzy
    assert by_id(out)["Zweiter Satz."].fuzzy
    assert out.header["Last-Translator"] == "Ann <a@example.org>"
    assert out.header["POT-Creation-Date"] == "2025-01-01 00:00+0000"


def test_changed_sentence_becomes_fuzzy_with_previous_msgid() -> None:
    old = "Die Firma kündigte schnell Iterationen an, die zu seinem V3-Modell führten."
    new = "Die Firma kündigte rasch Iterationen an, die zu seinem V3-Modell führten."
    out = run(template(new), po((old, "It announced iterations leading to V3.")))
    e = by_id(out)[new]
    assert e.fuzzy and e.previous_msgid == old
    assert e.msgstr == "It announced iterations leading to V3."
    obsolete = [x for x in out.entries if x.obsolete]
    assert [x.msgid for x in obsolete] == [old]  # kept for later, like msgmerge


def test_changed_number_or_negation_always_needs_review() -> None:
    cases = [("Die Kosten sanken um 20 Prozent.", "Die Kosten sanken um 25 Prozent."),
             ("Das Modell ist offen.", "Das Modell ist nicht offen."),
             ("Am 15. März 2025 startete X1.", "Am 16. März 2025 startete X1."),
             ("Das war ein Erfolg.", "Das war kein Erfolg.")]
    for old, new in cases:
        out = run(template(new), po((old, "translated")))
        e = by_id(out)[new]
        assert e.fuzzy and e.previous_msgid == old, (old, new)


def test_vanished_translation_becomes_obsolete_and_comes_back() -> None:
    first = run(template("Neu."), po(("Alt und weg.", "Old and gone.")))
    assert by_id(first)["Alt und weg."].obsolete
    back = run(template("Alt und weg."), first)
    e = by_id(back)["Alt und weg."]
    assert not e.obsolete and e.msgstr == "Old and gone." and not e.fuzzy


def test_untranslated_vanished_entries_are_dropped() -> None:
    out = run(template("Neu."), po(("Leer.", "")))
    assert "Leer." not in by_id(out)


def test_order_follows_template_and_obsolete_last() -> None:
    out = run(template("B.", "A."), po(("A.", "a"), ("X.", "x"), ("B.", "b")))
    assert [(e.msgid, e.obsolete) for e in out.entries] == [("B.", False), ("A.", False),
                                                            ("X.", True)]


def test_inputs_are_not_mutated() -> None:
    t, p = template("Neu hier."), po(("Neu da.", "New."))
    before = (repr(t), repr(p))
    run(t, p)
    assert (repr(t), repr(p)) == before


def test_merge_is_idempotent() -> None:
    t = template(*ARTICLE[:10])
    p = po(*[(m + " Alt", "x") for m in ARTICLE[:5]])
    once = run(t, p)
    assert run(t, once) == once


def _edit_one_word(sentence: str, i: int) -> str:
    words = sentence.split(" ")
    j = i % len(words)
    words[j] = words[j] + "x"
    return " ".join(words)


def _apply_edits(edits: list[tuple[str, int]], ids: list[str]) -> list[str]:
    """The source's msgids after one round of random edits: keep, change a word, insert a
    new sentence before, or delete; sentences past the end of the edit list are deleted too."""
    new_ids: list[str] = []
    for (op, n), m in zip(edits, ids):
        if op == "keep":
            new_ids.append(m)
        elif op == "change":
            new_ids.append(_edit_one_word(m, n))
        elif op == "insert":
            new_ids += [f"Ganz neuer Satz Nummer {n}.", m]
    return list(dict.fromkeys(new_ids))


def test_threshold_separates_edits_from_other_sentences() -> None:
    """Measured justification of FUZZY_THRESHOLD on the article itself.

    Every word of every sentence replaced in turn by another word stays above the
    threshold, while no two different sentences of the article come near it.
    """
    edits = []
    for s in ARTICLE:
        words = s.split(" ")
        for j in range(len(words)):
            edited = " ".join(words[:j] + ["Neuwort"] + words[j + 1:])
            edits.append(fuzz.ratio(s, edited))
    others = [fuzz.ratio(a, b) for i, a in enumerate(ARTICLE) for b in ARTICLE[i + 1:]]
    assert min(edits) >= FUZZY_THRESHOLD
    assert max(others) <= FUZZY_THRESHOLD - 5


def test_one_word_edits_find_their_own_translation() -> None:
    originals = [s for s in ARTICLE if len(s.split()) >= 5]
    old = po(*[(s, f"T{i}") for i, s in enumerate(originals)])
    edited = [_edit_one_word(s, i) for i, s in enumerate(originals)]
    out = by_id(run(template(*edited), old))
    for i, s in enumerate(edited):
        assert out[s].msgstr == f"T{i}" and out[s].previous_msgid == originals[i]


def _extract_one(query: str, texts: list[str], cutoff: float) -> tuple[int, float] | None:
    """The reference: rapidfuzz scoring every candidate, ties to the first."""
    found = process.extractOne(query, texts, scorer=fuzz.ratio, score_cutoff=cutoff)
    return None if found is None else (found[2], found[1])


# Short texts over few letters: many candidates of every length, many equal scores.
_short = st.text(alphabet="abc ", min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_short, min_size=0, max_size=3) | st.lists(_short, min_size=65, max_size=200),
       st.lists(_short, min_size=1, max_size=5),
       st.sampled_from([0.0, 30.0, FUZZY_THRESHOLD, 75.0, 90.0, 100.0]))
def test_fuzzy_index_finds_what_extract_one_finds(texts: list[str], queries: list[str],
                                                  cutoff: float) -> None:
    index = FuzzyIndex(texts)
    for query in queries:
        assert index.best(query, cutoff) == _extract_one(query, texts, cutoff)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, len(ARTICLE) - 1), min_size=70, max_size=200, unique=True),
       st.integers(0, 10_000))
def test_fuzzy_index_finds_the_edited_sentence_extract_one_finds(picked: list[int],
                                                                 seed: int) -> None:
    texts = [ARTICLE[i] for i in picked]
    index = FuzzyIndex(texts)
    for k, s in enumerate(texts[:20]):
        query = _edit_one_word(s, seed + k)
        assert index.best(query, FUZZY_THRESHOLD) == _extract_one(query, texts, FUZZY_THRESHOLD)
    for s in ARTICLE[:10]:  # sentences with no close candidate: the whole window is searched
        assert index.best(s + " X", FUZZY_THRESHOLD) == _extract_one(s + " X", texts,
                                                                      FUZZY_THRESHOLD)


# --- property: random edits of a translated document never drop a translation -------

edit = st.tuples(st.sampled_from(["keep", "change", "delete", "insert"]),
                 st.integers(0, 10_000))


@settings(max_examples=150, deadline=None)
@given(st.lists(edit, min_size=1, max_size=40), st.integers(0, len(ARTICLE) - 20))
def test_random_edits_never_drop_a_translation(edits: list[tuple[str, int]], start: int) -> None:
    original = ARTICLE[start:start + 20]
    translated = po(*[(m, f"TR{i}") for i, m in enumerate(original)])
    new_ids = _apply_edits(edits, original)
    out = run(template(*new_ids), translated)
    kept = {e.msgstr for e in out.entries if e.msgstr}
    assert {f"TR{i}" for i in range(len(original))} <= kept
    assert [e.msgid for e in out.entries if not e.obsolete] == new_ids
    assert all(re.fullmatch(r"TR\d+", e.msgstr) or not e.msgstr for e in out.entries)


# --- plurals and msgctxt, as msgmerge merges them ---------------------------------------

PLURALS = "nplurals=2; plural=(n != 1);"


def test_plural_entry_keeps_every_form() -> None:
    t = Catalog(entries=[Entry(msgid="Ein Modell", msgid_plural="%d Modelle",
                               msgstr_plural=["", ""])])
    p = Catalog(header={"Language": "en"}, entries=[Entry(
        msgid="Ein Modell", msgid_plural="%d Modelle", msgstr="One model",
        msgstr_plural=["One model", "%d models"])])
    e = run(t, p).entries[0]
    assert (e.msgid_plural, e.forms, e.fuzzy) == ("%d Modelle", ["One model", "%d models"], False)


def test_new_plural_entry_gets_one_empty_form_per_plural() -> None:
    t = Catalog(entries=[Entry(msgid="Ein Modell", msgid_plural="%d Modelle")])
    out, _ = merge(t, None, language="fr", plural_forms="nplurals=3; plural=(n > 1);")
    assert out.entries[0].forms == ["", "", ""]


def test_singular_turned_plural_keeps_translation_for_review() -> None:
    t = Catalog(entries=[Entry(msgid="Ein Modell", msgid_plural="%d Modelle")])
    e = run(t, po(("Ein Modell", "One model"))).entries[0]
    assert e.forms == ["One model", ""] and e.fuzzy


def test_translator_msgctxt_and_plural_entries_are_never_dropped() -> None:
    own = [Entry(msgid="Ja.", msgctxt="button", msgstr="Yes"),
           Entry(msgid="Ein Modell", msgid_plural="%d Modelle", msgstr="One model",
                 msgstr_plural=["One model", "%d models"])]
    p = Catalog(header={"Language": "en"}, entries=[Entry(msgid="Ja.", msgstr="Yes."), *own])
    out = run(template("Ja."), p)
    kept = {e.key: e for e in out.entries}
    assert kept[None, "Ja."].msgstr == "Yes." and not kept[None, "Ja."].obsolete
    assert kept["button", "Ja."].obsolete and kept["button", "Ja."].msgstr == "Yes"
    assert kept[None, "Ein Modell"].forms == ["One model", "%d models"]
    back = run(Catalog(entries=[Entry(msgid="Ja.", msgctxt="button")]), out)
    assert {e.key: e.obsolete for e in back.entries}[("button", "Ja.")] is False


def test_obsolete_entry_with_previous_msgid_is_stable(tmp_path: Path) -> None:
    """Edited, then deleted: the obsolete entry keeps its ``#~| msgid``, and updates stop
    changing the file (issue 8: a third update used to drop that line)."""
    old, new = "Die Kosten sanken um 20 Prozent.", "Die Kosten sanken um 25 Prozent."
    first = run(template(new), po((old, "Costs fell by 20 percent.")))
    second = dumps(run(template("Etwas anderes."), loads(dumps(first))))
    assert f'#~| msgid "{old}"\n#~ msgid "{new}"' in second
    third = dumps(run(template("Etwas anderes."), loads(second)))
    assert third == second


# --- property: random edit sequences, through the file, lose nothing and converge -------

@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(edit, min_size=1, max_size=25), min_size=1, max_size=3),
       st.integers(0, len(ARTICLE) - 20))
def test_edit_sequences_lose_nothing_and_update_twice_changes_nothing(
        rounds: list[list[tuple[str, int]]], start: int) -> None:
    ids = ARTICLE[start:start + 20]
    text = dumps(po(*[(m, f"TR{i}") for i, m in enumerate(ids)]))
    for edits in rounds:
        ids = _apply_edits(edits, ids) or ["Leer."]
        text = dumps(run(template(*ids), loads(text)))
        again = dumps(run(template(*ids), loads(text)))
        assert again == text
        kept = {e.msgstr for e in loads(text).entries if e.msgstr}
        assert {f"TR{i}" for i in range(20)} <= kept

"""Differential tests: kilocale's PO writer against GNU gettext's msgcat, byte for byte.

Each test serialises a small catalog with :func:`kilocale.io.po.dumps` (the writer every
command uses), runs ``msgcat`` on it and requires msgcat to reproduce the file exactly,
i.e. our output is msgcat's fixed point for that width.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilocale import model
from kilocale.io.po import dumps
from kilocale.io.wrap import escape, po_lines
from kilocale.model import Catalog

MSGCAT = shutil.which("msgcat")
pytestmark = pytest.mark.skipif(
    MSGCAT is None, reason="GNU gettext's msgcat is not installed (apt-get install gettext)"
)

WIDTHS = [76, 79, 0]
HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}


@dataclass
class Entry:
    """One message to render; ``obsolete`` entries are written with ``#~ ``."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    previous: str | None = None
    comments: str | None = None
    extracted: str | None = None
    references: list[str] = field(default_factory=list)
    obsolete: bool = False


def render(entries: list[Entry], width: int) -> str:
    """The PO file kilocale's own writer makes of ``entries``."""
    catalog = Catalog(header=HEADER, entries=[
        model.Entry(msgid=e.msgid, msgstr=e.msgstr, msgctxt=e.msgctxt,
                    previous_msgid=e.previous,
                    translator_comments=[e.comments] if e.comments is not None else [],
                    extracted_comments=[e.extracted] if e.extracted is not None else [],
                    references=list(e.references), obsolete=e.obsolete)
        for e in entries])
    return dumps(catalog, width)


def msgcat(text: str, width: int, tmp_path: Path) -> str:
    """msgcat's rendering of ``text`` at ``width`` (0: ``--no-wrap``)."""
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    option = "--no-wrap" if width == 0 else f"--width={width}"
    result = subprocess.run(
        [MSGCAT, option, str(source)], capture_output=True, check=True  # type: ignore[list-item]
    )
    return result.stdout.decode("utf-8")


def assert_fixed_point(entries: list[Entry], width: int, tmp_path: Path) -> None:
    ours = render(entries, width)
    assert msgcat(ours, width, tmp_path) == ours


GERMAN = [
    "Die Enthüllung seines bemerkenswert leistungsstarken und dennoch kosteneffektiven "
    "KI-Modells im Januar 2024 sandte Wellen, nicht nur leichte Kräuselungen, durch die "
    "Branche – Wellen, die sich schnell zu einer Flutwelle der Innovation und des "
    "Wettbewerbs vereinigten.",
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenherstellungsbetriebsgenehmigung "
    "und Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz sind lang.",
    "Im Gegensatz zu den US-amerikanischen Tech-Giganten, die Milliarden in Rechenzentren "
    "investieren, setzte das Start-up aus Hangzhou auf Effizienz statt auf rohe Rechenkraft.",
]
FRENCH = [
    "La révélation de son modèle d\u2019IA remarquablement performant\u202f: une onde de "
    "choc\u00a0! Pourquoi\u202f? Parce que «\u00a0l\u2019efficacité\u00a0» l\u2019emporte "
    "désormais sur la puissance brute\u00a0; c\u2019est du moins ce que disent les experts.",
    "«\u202fDeepSeek a prouvé que l\u2019IA de pointe n\u2019est plus le domaine exclusif "
    "de ceux qui disposent de budgets quasi illimités\u202f», résume un analyste.",
]
SPANISH = [
    "¿Quién habría pensado que una empresa emergente china podría sacudir a toda la "
    "industria tecnológica? ¡Nadie lo esperaba! Sin embargo, el lanzamiento de su modelo "
    "cambió las reglas del juego para siempre.",
]
CHINESE = [
    "DeepSeek 的成功证明，尖端人工智能不再是预算几乎无限者的专属领域。这一信息传遍了整个行业，"
    "并引发了中国科技巨头的一系列反应。",
    "阿里巴巴、百度和字节跳动纷纷宣布降价：“我们必须跟上！”一位高管说道。《人工智能发展报告》"
    "指出（见第三章），竞争将更加激烈；然而，「开源」模式的影响仍有待观察……",
    "2024年1月，该公司发布了DeepSeek-V3模型，其训练成本仅为557.6万美元，远低于OpenAI的GPT-4。",
]
MARKDOWN = [
    "Mehr dazu im [Bericht der Kommission](https://example.com/berichte/ki-modelle-2024"
    "?quelle=newsletter&x=1) und in der **ausführlichen Analyse** von `deepseek-v3`, "
    "die auf *GitHub* verfügbar ist.",
    "Siehe ![Diagramm: Kosten pro Token](images/kosten-pro-token-2024.png \"Kosten\") sowie "
    "<https://example.org/a-very-long-path/with-many-segments/and-hyphens-in-it/index.html>.",
]
SPECIAL = [
    'Er sagte: "Das ist \\ nicht \\\\ alles" und ging.\tTabulator\tam Ende.',
    "Erste Zeile\nZweite Zeile, die deutlich länger ist und daher umgebrochen werden "
    "muss, wenn die Seite schmal ist.\n\nDritte Zeile nach einer Leerzeile.\n",
    "Zeile mit abschließendem Zeilenumbruch\n",
    "\n",
    "\n\n",
    "Nur\r\nWagenrücklauf und \a\b\f\v Steuerzeichen, dazu \x01 roh.",
    "https://example.com/" + "sehr-langer-pfad-" * 8 + "ende?parameter=1&x=2",
    "Ein" + "Wort" * 30 + " danach kurz.",
    "x" * 70 + " " + "y" * 5,
    "Präfix " + "Z" * 68,
    '"' * 40 + "\\" * 40,
    "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-" * 3,
    "Mehrere   Leerzeichen     hintereinander" + " " * 80 + "und am Ende   ",
    "Zahlen wie 1.234.567,89 € oder 50 % und (Klammern) sowie [eckige] {geschweifte}.",
]
ALL_TEXTS = GERMAN + FRENCH + SPANISH + CHINESE + MARKDOWN + SPECIAL


@pytest.mark.parametrize("width", WIDTHS)
def test_messages_match_msgcat(width: int, tmp_path: Path) -> None:
    entries = [
        Entry(msgid=text, msgstr=ALL_TEXTS[-1 - i], msgctxt=f"ctx {i}")
        for i, text in enumerate(ALL_TEXTS)
    ]
    assert_fixed_point(entries, width, tmp_path)


@pytest.mark.parametrize("width", [*WIDTHS, 20, 40])
def test_prefixes_and_keywords_match_msgcat(width: int, tmp_path: Path) -> None:
    entries = []
    for i, text in enumerate(ALL_TEXTS):
        entries.append(
            Entry(msgid=f"{i} {text}", msgstr=text, previous=ALL_TEXTS[-1 - i], msgctxt=text)
        )
        entries.append(Entry(msgid=f"alt {i} {text}", msgstr=text or "x", obsolete=True))
        entries.append(
            Entry(
                msgid=f"old {i} {text}",
                msgstr=text or "x",
                previous=text,
                obsolete=True,
            )
        )
    assert_fixed_point(entries, width, tmp_path)


@pytest.mark.parametrize("width", WIDTHS)
def test_comments_and_references_match_msgcat(width: int, tmp_path: Path) -> None:
    references = [f"source/de/kapitel-{i:02d}/abschnitt-{i * 7}.md:{i * 131}" for i in range(25)]
    entries = [
        Entry(
            msgid="Kommentare",
            comments="Übersetzer: bitte\n\nformell bleiben\n  eingerückt",
            extracted="Absatz 3 von\n\n" + "sehr langer Kommentar " * 8,
            references=references,
        ),
        Entry(msgid="Kurz", references=["a.md:1", "b.md:2", "a.md:1"]),
        Entry(msgid="Ohne Zeilennummer", references=["README.md", "x" * 90 + ".md:1"]),
        Entry(msgid="Genau", references=[f"r{i:02d}.md:{i * 7}" for i in range(1, 30)]),
    ]
    assert_fixed_point(entries, width, tmp_path)


def test_short_values_stay_on_one_line() -> None:
    assert po_lines("msgid", "Hallo Welt", 79) == ['msgid "Hallo Welt"']
    assert po_lines("msgstr", "", 79, "#~ ") == ['#~ msgstr ""']
    assert po_lines("msgid", "a\nb", 0) == ['msgid ""', '"a\\n"', '"b"']
    assert escape('a"b\\c\td\x01') == 'a\\"b\\\\c\\td\x01'


# Mixed alphabet: Latin, spaces, hyphens, punctuation, CJK, full-width punctuation,
# quotes, backslashes, tabs and newlines.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzÄÖÜäöüßéèàç"
    "     --–—"
    ".,:;!?()[]{}/%$&*+=<>@#_|~'`"
    "0123456789"
    "\u00a0\u202f«»¿¡\u2019\u201c\u201d\u201e"
    "的成功证明尖端人工智能不再是预算几乎无限者专属领域"
    "，。、：；！？（）「」《》“”…—"
    '"\\\t\n'
)
texts = st.text(alphabet=ALPHABET, max_size=200)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(texts, min_size=1, max_size=40), prefix_kind=st.integers(0, 2))
def test_property_random_text_matches_msgcat(
    batch: list[str], prefix_kind: int, tmp_path: Path
) -> None:
    entries = [
        Entry(
            msgid=text or "leer",
            msgstr=text or "leer",
            msgctxt=f"k{i}",
            previous=text if prefix_kind == 1 else None,
            obsolete=prefix_kind == 2,
        )
        for i, text in enumerate(batch)
    ]
    for width in WIDTHS:
        assert_fixed_point(entries, width, tmp_path)


# The fast paths of the line breaking (pairs around punctuation only, bisection for
# one-column text) against the general character scan and the opportunity-by-opportunity
# fill, which the msgcat tests above pin.  Context characters (combining marks, joiners,
# zero-width and mandatory breaks, wide opening brackets) send text to the general scan.
FAST_PATH_ALPHABET = ALPHABET + "\u0301\u200d\u200b\u2028\u00ad（"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=FAST_PATH_ALPHABET, max_size=120))
def test_fast_break_opportunities_equal_the_full_scan(text: str) -> None:
    from kilocale.io import wrap

    assert wrap._possible_linebreaks(text) == wrap._scanned_linebreaks(text)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="abcdefgh   -.,;()", max_size=300),
       width=st.integers(1, 80), start=st.integers(0, 40))
def test_bisected_fill_equals_the_opportunity_by_opportunity_fill(
        text: str, width: int, start: int) -> None:
    from kilocale.io import wrap

    breaks = wrap._possible_linebreaks(text)
    assert wrap._one_column_cuts(sorted(breaks), len(text), width, start) == \
        wrap._width_linebreaks(text, breaks, width, start)


def _layout(keyword: str, value: str, prefix: str, cuts: list[int]) -> list[str]:
    """``value`` laid out as a PO field, cut at ``cuts`` (no cut: one line)."""
    if not cuts:
        return [f'{prefix}{keyword} "{value}"']
    bounds = [0, *cuts, len(value)]
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{value[a:b]}"' for a, b in zip(bounds, bounds[1:])]


LATIN = "abcdefghijklmnopqrstuvwxyzÄÖÜäöüß     ----–.,:;!?()/%'’«»\u00a0\u202f0123456789"


@settings(max_examples=500, deadline=None)
@given(value=st.text(alphabet=LATIN, max_size=260), width=st.sampled_from([0, 20, 33, 60, 76, 79]),
       prefix=st.sampled_from(["", "#~ ", "#| "]), keyword=st.sampled_from(["msgid", "msgstr"]),
       data=st.data())
def test_canonical_layouts_are_recognised_and_others_are_not(
        value: str, width: int, prefix: str, keyword: str, data: st.DataObject) -> None:
    from kilocale.io.wrap import lines_are_canonical

    right = po_lines(keyword, value, width, prefix)
    assert lines_are_canonical(keyword, value, width, prefix, right)
    # The right cuts with one moved, dropped or added, or any other set of cuts.
    segments = [line[line.index('"') + 1:-1] for line in right[1:]] if len(right) > 1 else []
    bounds = [sum(map(len, segments[:i])) for i in range(1, len(segments))]
    mode = data.draw(st.integers(0, 3))
    if mode == 0 and bounds:
        i = data.draw(st.integers(0, len(bounds) - 1))
        bounds[i] += data.draw(st.integers(-12, 12))
    elif mode == 1 and bounds:
        del bounds[data.draw(st.integers(0, len(bounds) - 1))]
    elif mode == 2:
        bounds.append(data.draw(st.integers(1, max(1, len(value) - 1))))
    else:
        bounds = data.draw(st.lists(st.integers(1, max(1, len(value) - 1)), max_size=6))
    cuts = sorted(set(bounds))
    cuts = [c for c in cuts if 0 < c < len(value)]
    other = _layout(keyword, value, prefix, cuts)
    assert lines_are_canonical(keyword, value, width, prefix, other) == (other == right), \
        (other, right)


@settings(max_examples=300, deadline=None)
@given(value=st.lists(st.sampled_from(["a", "bb", "a" * 14, " ", " ", "-", "(", ")", ",", "."]),
                      min_size=1, max_size=12).map("".join).filter(lambda v: len(v) <= 45),
       keyword=st.sampled_from(["msgid", "msgstr[0]"]), prefix=st.sampled_from(["", "#~ "]))
def test_every_layout_of_short_values_is_judged_like_msgcat(value: str, keyword: str,
                                                             prefix: str) -> None:
    """All layouts with up to two cuts, and the whole value on a line of its own, at the
    narrowest width: the edges of the layout check (a cut after leading spaces, a line
    that ends just before punctuation, an unbreakable value too long for the first line)."""
    from itertools import combinations

    from kilocale.io.wrap import lines_are_canonical

    right = po_lines(keyword, value, 20, prefix)
    layouts = [[f'{prefix}{keyword} ""', f'{prefix}"{value}"']]
    layouts += [_layout(keyword, value, prefix, list(cuts)) for k in range(3)
                for cuts in combinations(range(1, len(value)), k)]
    for lines in layouts:
        assert lines_are_canonical(keyword, value, 20, prefix, lines) == (lines == right), lines


# Prose-like text for the word-start fast path of the wrapping: words of the article's
# alphabet, single spaces, the punctuation of German prose, hyphenated compounds, and now
# and then a character that sends the value to the general path (a double or leading
# space, an escape, a wide or zero-width character).
WORD_CHARS = "abcdefghijklmnopqrstuvwxyzÄÖÜäöüßé0123456789"
PUNCTUATION = ".,:;!?()[]{}/%$&*+=<>@#_|~'`-–—…«»‘’‚„“”\u00a0\u202f¿¡"
_word = st.text(alphabet=WORD_CHARS, min_size=1, max_size=14)
words = st.lists(
    st.one_of(_word, _word, _word,
              st.tuples(_word, st.sampled_from(PUNCTUATION), _word | st.just("")).map("".join),
              st.text(alphabet=WORD_CHARS + PUNCTUATION, min_size=1, max_size=8)),
    min_size=1, max_size=40).map(" ".join)
prose = st.one_of(
    words,
    st.tuples(words, st.sampled_from([" ", "  ", "\t", '"', "\\", "\n", "的", "\u200b", "（"]),
              words).map("".join))


# Short words with punctuation inside and around them, so that line ends meet it often.
punctuated = st.lists(st.sampled_from(["ab", "x", "abc,d", "wort,b", "a.b", "b.", "c,", "(a)",
                                       "d!", "KI-Modell", "und/oder", "e?f", "g)h"]),
                      min_size=3, max_size=16).map(" ".join)


@settings(max_examples=1500, deadline=None)
@given(value=prose | punctuated, width=st.sampled_from([0, 20, 21, 33, 60, 76, 79]),
       prefix=st.sampled_from(["", "#~ ", "#| ", "#~| "]),
       keyword=st.sampled_from(["msgid", "msgstr", "msgstr[0]", "msgctxt"]))
def test_word_start_wrapping_equals_the_general_path(value: str, width: int, prefix: str,
                                                     keyword: str) -> None:
    from kilocale.io import wrap

    assert po_lines(keyword, value, width, prefix) == \
        list(wrap._general_po_lines(keyword, value, width, prefix))


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(prose, min_size=1, max_size=40))
def test_prose_matches_msgcat(batch: list[str], tmp_path: Path) -> None:
    entries = [Entry(msgid=text or "leer", msgstr=text or "leer", msgctxt=f"k{i}")
               for i, text in enumerate(batch)]
    for width in WIDTHS:
        assert_fixed_point(entries, width, tmp_path)


@settings(max_examples=600, deadline=None)
@given(value=prose | punctuated, width=st.sampled_from([20, 33, 76]),
       prefix=st.sampled_from(["", "#~ "]))
def test_prose_layouts_with_a_cut_moved_are_judged_like_the_wrapping(value: str, width: int,
                                                                      prefix: str) -> None:
    """The layout check on prose (punctuation inside and at the ends of words), against
    the wrapping: the right layout passes, each cut moved a few characters fails."""
    from kilocale.io.wrap import lines_are_canonical

    right = po_lines("msgid", value, width, prefix)
    assert lines_are_canonical("msgid", value, width, prefix, right)
    if len(right) < 3 or "\n" in value:
        return
    segments = [line[len(prefix) + 1:-1] for line in right[1:]]
    cuts = [sum(map(len, segments[:i])) for i in range(1, len(segments))]
    for k in range(len(cuts)):
        for shift in (-3, -2, -1, 1, 2, 3):
            moved = sorted(set(cuts[:k] + [cuts[k] + shift] + cuts[k + 1:]))
            moved = [c for c in moved if 0 < c < len(value)]
            other = _layout("msgid", value, prefix, moved)
            if "\\" not in value and '"' not in value:  # cuts count unescaped characters
                assert lines_are_canonical("msgid", value, width, prefix, other) == \
                    (other == right), other

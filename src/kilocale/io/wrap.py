"""PO string escaping and line wrapping, byte-compatible with GNU gettext's msgcat.

Responsibility: turn one field value (``msgid``, ``msgstr[0]``, ``msgctxt``, …), a
list of file references or a comment into the exact lines GNU gettext 0.21 writes
for it, so that a catalog written by kilocale is a fixed point of ``msgcat`` (and of
``msgmerge``/Weblate/Poedit round trips) and diffs stay quiet.

Principles:

* Pure functions: no I/O, no locale, no global state.
* Follow gettext's ``wrap()`` in ``write-po.c`` literally: the value is cut into
  portions after each embedded newline; each portion is escaped first, and line
  breaking runs on the *escaped* text, with the column arithmetic of gettext
  (prefix, keyword, both quotes).
* Break opportunities come from libunistring's UAX #14 implementation
  (``u8_possible_linebreaks_v2`` / ``u8_width_linebreaks_v2`` of libunistring 1.0,
  which gettext 0.21 calls with the UTF-8 encoding): breaks after spaces, after
  hyphens, between ideographs, none before closing or after opening punctuation.
  The line-break classes of the characters that matter for European and CJK text
  are tabulated below; the rest are derived from :mod:`unicodedata`.
* Prose takes a shortcut with the same result: a value of one-column characters with
  nothing to escape, whose break opportunities are its word starts plus a few direct
  breaks next to punctuation, is cut by ``str.rfind`` over its spaces
  (:func:`_word_cuts`); the general path stays the reference (tests/test_wrap.py).
* Column widths follow libunistring's ``uc_width``: East Asian wide and full-width
  characters count 2, combining marks and format characters 0, controls 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, compress

__all__ = ["comment_lines", "escape", "lines_are_canonical", "po_lines", "reference_lines"]

#: gettext writes these as C escapes; every other character is written raw.
_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}

#: msgcat's default page width, also used for ``#:`` lines under ``--no-wrap``.
DEFAULT_WIDTH = 79
#: msgcat raises smaller ``--width`` values to this minimum.
_MIN_WIDTH = 20
_INT_MAX = 2**31 - 1

# Break values as in libunistring's <unilbrk.h>.
_PROHIBITED = 1
_POSSIBLE = 2
_MANDATORY = 3

# ---------------------------------------------------------------------------
# Line-break classes (UAX #14) and libunistring's pair table.

# Classes that index the pair table, in the table's order.
_TABLE_CLASSES = (
    "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL "
    "H2 H3 ID JL JV JT HL RI EB EM"
).split()
_INDEX = {name: i for i, name in enumerate(_TABLE_CLASSES)}
_PAIR_CLASSES = frozenset(_TABLE_CLASSES)

# libunistring 1.0 ``unilbrk_table`` (rows: class before, columns: class after).
# D: direct break, I: break only if spaces intervene, P: no break even across spaces.
_PAIR_ROWS = """
WJ PIIIIIPPPIIIIPIIIPIIIIIIIIIII
GL PIIIIIPPPIIIIPIIIPIIIIIIIIIII
B2 PIPIDIPPPIIDIPDDDPDDDDDDDDDDD
BA PDDIDIPPPIIDIPDDDPDDDDDDDDDDD
BB PIIIIIPPPIIIIPIIIPIIIIIIIIIII
HY PDDIDIPPPIIDIPIDDPDDDDDDDDDDD
CL PIDIDIPPPIPDIPDIIPDDDDDDDDDDD
CP PIDIDIPPPIIDIPIIIPIDDDDDDIDDD
EX PIDIDIPPPIIDIPDDDPDDDDDDDDDDD
IN PIDIDIPPPIIDIPDDDPDDDDDDDDDDD
NS PIDIDIPPPIIDIPDDDPDDDDDDDDDDD
OP PPPPPPPPPPPPPPPPPPPPPPPPPPPPP
QU PIIIIIPPPIIPIPIIIPIIIIIIIIIII
IS PIDIDIPPPIIDIPIDDPDDDDDDDDDDD
NU PIDIDIPPPIIIIPIIIPIDDDDDDIDDD
PO PIDIDIPPPIIIIPIDDPIDDDDDDIDDD
PR PIDIDIPPPIIIIPIDDPIIIIIIIIDII
SY PIDIDIPPPIIDIPIDDPDDDDDDDIDDD
AL PIDIDIPPPIIIIPIIIPIDDDDDDIDDD
H2 PIDIDIPPPIIDIPDIDPDDDDDIIDDDD
H3 PIDIDIPPPIIDIPDIDPDDDDDDIDDDD
ID PIDIDIPPPIIDIPDIDPDDDDDDDDDDD
JL PIDIDIPPPIIDIPDIDPDIIDIIDDDDD
JV PIDIDIPPPIIDIPDIDPDDDDDIIDDDD
JT PIDIDIPPPIIDIPDIDPDDDDDDIDDDD
HL PIDIDIPPPIIIIPIIIPIDDDDDDIDDD
RI PIDIDIPPPIIDIPDDDPDDDDDDDDIDD
EB PIDIDIPPPIIDIPDIDPDDDDDDDDDDI
EM PIDIDIPPPIIDIPDIDPDDDDDDDDDDD
"""
_PAIRS: dict[tuple[str, str], str] = {}
for _line in _PAIR_ROWS.strip().splitlines():
    _before, _rules = _line.split()
    for _after, _rule in zip(_TABLE_CLASSES, _rules, strict=True):
        _PAIRS[_before, _after] = _rule


def _ranges(spec: str) -> dict[int, str]:
    """Parse ``"CLASS cp cp-cp …"`` lines into a code point → class mapping."""
    table: dict[int, str] = {}
    for line in spec.strip().splitlines():
        name, *items = line.split()
        for item in items:
            first, _, last = item.partition("-")
            for cp in range(int(first, 16), int(last or first, 16) + 1):
                table[cp] = name
    return table


# Characters whose class the unicodedata-based fallback below gets wrong.
# Taken from Unicode 14 LineBreak.txt (the version libunistring 1.0 uses), after
# libunistring's own resolutions: AI, SA, XX → AL; CB → ID; CJ → NS; NL, CR, LF → BK.
_EXPLICIT = _ranges(
    """
BK 0A-0D 85 2028 2029
SP 20
BA 09 7C AD 58A 5BE 964 965 E5A E5B F0B F34 F7F F85 FBE FBF FD2 104A 104B 1361 1400
BA 1680 16EB-16ED 1735 1736 17D4 17D5 17D8 17DA 1804 1805 1B5A 1B5B 1B5D-1B60 1C3B-1C3F
BA 1C7E 1C7F 2000-2006 2008-200A 2010 2012 2013 2027 2056 2058-205B 205D-205F 2CFA-2CFC
BA 2CFF 2D70 2E0E-2E15 2E17 2E19 2E2A-2E2D 2E30 2E31 2E33 2E34 2E3C-2E3E 2E40 2E41 2E43-2E4A
BA 2E4C 2E4E 2E4F 2E5D 3000 A4FE A4FF A60D A60F A6F3-A6F7 A8CE A8CF A92E A92F A9C7-A9C9
BA AA5D-AA5F AAF0 AAF1 ABEB
GL A0 F0C F12 2007 2011 202F 34F 35C-362 180E
WJ 2060 FEFF
ZW 200B
ZWJ 200D
B2 2014 2E3A 2E3B
BB B4 2C8 2CC 2DF 1FFD A874 A875 F01-F04 F06 F07 F09 F0A FD0 FD1 FD3 1806 1FFD
HY 2D
CL 7D 2046 207E 208E 2309 230B 232A 2769 276B 276D 276F 2771 2773 2775 27C6 27E7 27E9 27EB
CL 27ED 27EF 2984 2986 2988 298A 298C 298E 2990 2992 2994 2996 2998 29D9 29DB 29FD 2E23
CL 2E25 2E27 2E29 2E56 2E58 2E5A 2E5C 3001 3002 3009 300B 300D 300F 3011 3015 3017 3019 301B
CL 301E 301F FD3E FE11 FE12 FE18 FE36 FE38 FE3A FE3C FE3E FE40 FE42 FE44 FE48 FE50 FE52
CL FE5A FE5C FE5E FF0C FF0E FF5D FF60 FF61 FF63 FF64
CP 29 5D
EX 21 3F 5C6 61B 61D-61F 6D4 7F9 F0D-F11 F14 1802 1803 1808 1809 1944 1945 2762 2763 2CF9
EX 2CFE 2E2E A60E A876 A877 FE15 FE16 FE56 FE57 FF01 FF1F
IN 2024-2026 22EF FE19
NS 17D6 203C 203D 2047-2049 3005 301C 303B 303C 309B-309E 30A0 30FB 30FD 30FE A015 FE54
NS FE55 FF1A FF1B FF65 FF9E FF9F 3041 3043 3045 3047 3049 3063 3083 3085 3087 308E 3095 3096
NS 30A1 30A3 30A5 30A7 30A9 30C3 30E3 30E5 30E7 30EE 30F5 30F6 30FC 31F0-31FF FF67-FF70
NS 16FE0-16FE3 1B150-1B152 1B164-1B167
OP 28 5B 7B A1 BF F3A F3C F9B 169B 201A 201E 2045 207D 208D 2308 230A 2329 2768 276A 276C
OP 276E 2770 2772 2774 27C5 27E6 27E8 27EA 27EC 27EE 2983 2985 2987 2989 298B 298D 298F
OP 2991 2993 2995 2997 29D8 29DA 29FC 2E18 2E22 2E24 2E26 2E28 2E42 2E55 2E57 2E59 2E5B
OP 3008 300A 300C 300E 3010 3014 3016 3018 301A 301D FD3F FE17 FE35 FE37 FE39 FE3B FE3D
OP FE3F FE41 FE43 FE47 FE59 FE5B FE5D FF08 FF3B FF5B FF5F FF62 13258-1325A 13286 13288
OP 13379 145CE 1E95E 1E95F
QU 22 27 AB BB 2018 2019 201B-201D 201F 2039 203A 275B-2760 2E00-2E0D 2E1C 2E1D 2E20 2E21
QU 1F676-1F678
IS 2C 2E 3A 3B 37E 589 60C 60D 7F8 2044 FE10 FE13 FE14
PO 25 A2 B0 609-60B 66A 9F2 9F3 9F9 D79 2030-2037 20A7 20B6 20BB 20BE 20C0 2103 2109 A838
PO FDFC FE6A FF05 FFE0 1ECAC 1ECB0
PR 24 2B 5C A3-A5 B1 58F 7FE 7FF 9FB AF1 BF9 E3F 17DB 20A0-20A6 20A8-20B5 20B7-20BA 20BC
PR 20BD 20BF 20C1-20CF 2116 2212 2213 FE69 FF04 FFE1 FFE5 FFE6
SY 2F
ID 2E80-2E99 2E9B-2EF3 2F00-2FD5 2FF0-2FFB 3003 3004 3006 3007 3012 3013 3020-3029 3030-303A
ID 303D-303F 3042 3044 3046 3048 304A-3062 3064-3082 3084 3086 3088-308D 308F-3094 309F
ID 30A2 30A4 30A6 30A8 30AA-30C2 30C4-30E2 30E4 30E6 30E8-30ED 30EF-30F4 30F7-30FA 30FF
ID FE30-FE34 FE45 FE46 FE49-FE4F FE51 FE58 FE5F-FE66 FE68 FE6B FF02 FF03 FF06 FF07 FF0A
ID FF0B FF0D FF0F-FF19 FF1C-FF1E FF20-FF3A FF3C FF3E-FF5A FF5C FF5E FFE2-FFE4
CM 302A-302F 3099 309A
AL 600-605 6DD 70F 890 891 8E2 2061-2064 110BD 110CD
NU 66B-66C
BB C77 C84
GL F08 FD9-FDA
CM F9B 1A7F 3035
BA 1B7D-1B7E
EX 2E53-2E54
NS 1F679-1F67B
AL 23E9-23EC 25FD-25FE 2648-2653 2693 26A1 26AA-26AB 26CE 2705 2728 274C 274E 2753-2755
AL 2757 2795-2797 27B0 27BF 2B1B-2B1C 2B50 2B55 1F18E 1F191-1F19A 1F3B5-1F3B6 1F3BC 1F4A0
AL 1F4A2 1F4A4 1F4AF 1F4B1-1F4B2 1F500-1F506 1F517-1F524 1F532-1F53D
ID 23F1-23F2 2600-2603 2618 261A-261F 2639-263B 2668 26BF-26C3 26C6-26C8 26CD 26CF-26D1
ID 26D3 26D8-26D9 26DC 26DF-26E1 26F1 26F4 26F7-26F9 26FE-2704 2708-2709 270C-270D 2764
ID 1F000-1F003 1F005-1F02B 1F030-1F093 1F0A0-1F0AE 1F0B1-1F0BF 1F0C1-1F0CE 1F0D1-1F0F5
ID 1F10D-1F10F 1F16D-1F16F 1F1AD 1F321-1F32C 1F336 1F37D 1F394-1F39B 1F39E-1F39F 1F3CB-1F3CE
ID 1F3D4-1F3DF 1F3F1-1F3F3 1F3F5-1F3F7 1F43F 1F441 1F4FD-1F4FE 1F54A 1F54F 1F568-1F579
ID 1F57B-1F594 1F597-1F5A3 1F5A5-1F5D3 1F5DC-1F5F3 1F5FA 1F6C6-1F6CB 1F6CD-1F6CF 1F6D3-1F6D4
ID 1F6E0-1F6EA 1F6F0-1F6F3
ID FF66 FF71-FF9D FFA0-FFBE FFC2-FFC7 FFCA-FFCF FFD2-FFD7 FFDA-FFDC FFFC
"""
)


# Blocks of class SA (Thai, Lao, Myanmar, Khmer, Tai scripts), which libunistring
# treats as AL, marks included.
_COMPLEX_SCRIPTS = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x1950, 0x19DF),
    (0x1A20, 0x1AAF),
    (0xA9E0, 0xA9FF),
    (0xAA60, 0xAADF),
)


@lru_cache(maxsize=4096)
def _line_break_class(ch: str) -> str:
    """The UAX #14 class of one character as libunistring 1.0 resolves it for UTF-8."""
    cp = ord(ch)
    explicit = _EXPLICIT.get(cp)
    if explicit is not None:
        return explicit
    if 0xAC00 <= cp <= 0xD7A3:
        return "H2" if (cp - 0xAC00) % 28 == 0 else "H3"
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "JL"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "JV"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "JT"
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return "RI"
    category = unicodedata.category(ch)
    if category == "Nd":
        return "NU"
    if any(first <= cp <= last for first, last in _COMPLEX_SCRIPTS):
        return "AL"  # SA: libunistring does not segment these scripts
    if category in ("Cc", "Mn", "Me", "Mc", "Cf"):
        return "CM"
    if category == "Zs":
        return "BA"
    if category == "Lo" and (0x0590 <= cp <= 0x05FF or 0xFB1D <= cp <= 0xFB4F):
        return "HL"
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        if category == "Ps":
            return "OP"
        if category == "Pe":
            return "CL"
        return "ID"
    if 0x20000 <= cp <= 0x3FFFD:
        return "ID"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Sc":
        return "PR"
    return "AL"


# Marks libunistring 1.0 counts as spacing although Unicode 14 calls them Mn.
_WIDTH_ONE_MARKS = frozenset((0x0CBF, 0x0CC6))


@lru_cache(maxsize=4096)
def _column_width(ch: str) -> int:
    """Columns ``ch`` occupies, like libunistring's ``uc_width`` for UTF-8 (controls: 0)."""
    cp = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cc":
        return 0
    if category in ("Mn", "Me", "Cf") and cp not in _WIDTH_ONE_MARKS:
        return 0
    if 0x1160 <= cp <= 0x11FF or cp == 0x200B:
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
        return 2
    if 0x20000 <= cp <= 0x2FFFD or 0x30000 <= cp <= 0x3FFFD:
        return 2
    return 1


def _is_wide(ch: str) -> bool:
    """East Asian Width F, W or H, the exception in libunistring's rule LB30."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


# Letters and digits whose UAX #14 classes are AL or NU: between two of them there is never
# a break opportunity (AL×AL, AL×NU, NU×AL, NU×NU need an intervening space), so a run of
# them is scanned in one regex step instead of character by character.
_PLAIN_RUN = re.compile(r"[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]+")


_PLAIN = "0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F"
_NOT_PLAIN = re.compile(f"[^{_PLAIN} ]")
# Classes whose rules depend on more than the pair around a break (mandatory breaks,
# combining marks, joiners, zero-width spaces): text with them takes the general scan.
_CONTEXT_CLASSES = frozenset(("BK", "CM", "ZWJ", "ZW"))


def _possible_linebreaks(text: str) -> dict[int, int]:
    """Break opportunities *before* characters, as ``u8_possible_linebreaks_v2``.

    Returns only the positions that allow a break: index → ``_POSSIBLE`` or ``_MANDATORY``.

    Without the context classes, whether a break is allowed before a non-space character
    depends only on the last non-space character before it and on whether spaces come
    between (the pair table).  So the breaks between plain words are found by one regular
    expression, and only the places next to other characters (punctuation, ideographs)
    are looked up one by one; :func:`_scanned_linebreaks` is the general scan, and the two
    agree on every text (tests/test_wrap.py).  ``_PLAIN`` letters and digits are AL or NU.
    """
    others = [m.start() for m in _NOT_PLAIN.finditer(text)]
    classes: dict[str, str] = {}
    for i in others:
        ch = text[i]
        if ch not in classes:
            cls = _line_break_class(ch)
            if cls in _CONTEXT_CLASSES or (cls == "OP" and _is_wide(ch)):
                return _scanned_linebreaks(text)
            classes[ch] = cls
    # Every word after a space may start a line (each AL/NU pair is "I"); the places next
    # to other characters are decided below.  Positions come from C-level iteration:
    # the start of words[k] is the sum of len(word) + 1 over the words before it.
    words = text.split(" ")
    starts = accumulate(map((1).__add__, map(len, words)))
    result = dict.fromkeys(compress(starts, words[1:]), _POSSIBLE)
    first = len(text) - len(text.lstrip(" "))
    if first:  # nothing breaks before the first non-space character
        result.pop(first, None)
    if not others:
        return result
    n = len(text)
    candidates = set(others)
    for i in others:
        j = i + 1
        while j < n and text[j] == " ":
            j += 1
        if j < n:
            candidates.add(j)
    for j in candidates:
        if j <= first:
            continue
        k = j - 1
        while text[k] == " ":
            k -= 1
        before, after = text[k], text[j]
        rule = _PAIRS[classes.get(before) or _line_break_class(before),
                      classes.get(after) or _line_break_class(after)]
        if rule == "D" or (rule == "I" and k < j - 1):
            result[j] = _POSSIBLE
        else:
            result.pop(j, None)
    return result


def _scanned_linebreaks(text: str) -> dict[int, int]:
    """:func:`_possible_linebreaks` by a scan over every character, for any text."""
    result: dict[int, int] = {}
    last = "BK"  # class of the last non-space character
    seen_space = False
    after_zwj = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        cls = _line_break_class(ch)
        if cls == "BK":
            result[i] = _MANDATORY
            last, seen_space = "BK", False
        elif cls == "SP":
            seen_space = True
        elif cls == "ZW":
            last, seen_space = "ZW", False
        elif cls in ("CM", "ZWJ"):
            if last == "BK":
                last, seen_space = "AL", False
            elif last == "ZW" or seen_space:
                result[i] = _POSSIBLE
                last, seen_space = "AL", False
            # else: X CM is treated as X, no break.
        else:
            if last == "BK":
                pass
            elif last == "ZW":
                result[i] = _POSSIBLE
            elif after_zwj:
                pass  # LB8a: no break right after a zero-width joiner
            elif cls == "OP" and last in ("AL", "HL", "NU") and _is_wide(ch):
                result[i] = _POSSIBLE  # LB30 only glues narrow opening punctuation
            else:
                rule = _PAIRS[last, cls]
                if rule == "D" or (rule == "I" and seen_space):
                    result[i] = _POSSIBLE
            last, seen_space = cls, False
            if cls in ("AL", "NU"):
                run = _PLAIN_RUN.match(text, i + 1)
                if run is not None:
                    i = run.end()
                    last = "NU" if text[i - 1] in "0123456789" else "AL"
                    after_zwj = False
                    continue
        after_zwj = cls == "ZWJ"
        i += 1
    return result


# Characters that all take exactly one column: printable ASCII, Latin-1 and Latin
# Extended letters, general punctuation (dashes, quotes, ellipsis) without format controls.
_NOT_SINGLE_COLUMN = re.compile(r"[^\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e]")


def _text_width(text: str) -> int:
    """Columns of ``text`` (see :func:`_column_width`), with a shortcut for one-column text."""
    if _NOT_SINGLE_COLUMN.search(text) is None:
        return len(text)
    return sum(_column_width(ch) for ch in text)


def _one_column_cuts(positions: list[int], end: int, width: int, start: int) -> list[int]:
    """:func:`_width_linebreaks` for one-column text without mandatory breaks.

    The same greedy choice, found by bisection instead of a visit of every opportunity:
    a line from ``line`` (at column ``column``) may reach position ``line + width -
    column``; it ends at the last opportunity within that, or, when even the first one
    lies beyond, at that first one (the piece overflows).  ``positions`` are sorted,
    ``end`` is the text's length.
    """
    chosen: list[int] = []
    line, column, i, count = 0, start, 0, len(positions)
    while True:
        limit = line + width - column
        k = bisect_right(positions, limit, i)
        if k == count:  # the remaining opportunities fit: cut once more if the end does not
            if end > limit and k > i:
                chosen.append(positions[-1])
            return chosen
        cut = positions[k - 1] if k > i else positions[i]
        i = k if k > i else i + 1
        chosen.append(cut)
        line, column = cut, 0


def _width_linebreaks(text: str, breaks: dict[int, int], width: int,
                      start_column: int) -> list[int]:
    """Breaks chosen to fill lines up to ``width``, as ``u8_width_linebreaks_v2``.

    ``breaks`` are the opportunities (see :func:`_possible_linebreaks`) less those
    gettext forbids inside escapes.  Returns the positions of the chosen breaks.  A
    break is taken at the last opportunity before the piece that overflows; a piece
    wider than the line is never split, it overflows.  Only positions with an
    opportunity are visited; the text between them is measured as a whole.
    """
    chosen: list[int] = []
    last_break: int | None = None
    last_column = start_column
    piece_width = 0
    previous = 0
    one_column = _NOT_SINGLE_COLUMN.search(text) is None
    for i in sorted(breaks):
        piece_width += i - previous if one_column else _text_width(text[previous:i])
        previous = i
        if last_break is not None and last_column + piece_width > width:
            chosen.append(last_break)
            last_column = 0
        if breaks[i] == _MANDATORY:
            last_break = None
            last_column = 0
            piece_width = 0
            previous = i + 1  # the break character itself takes no column
        else:
            last_break = i
            last_column += piece_width
            piece_width = 0
    piece_width += _text_width(text[previous:])
    if last_break is not None and last_column + piece_width > width:
        chosen.append(last_break)
    return chosen


# ---------------------------------------------------------------------------
# Public API


def escape(value: str) -> str:
    """Escape ``value`` for the inside of a PO double-quoted string, as gettext does.

    Backslash, double quote and the C escapes ``\\a \\b \\f \\n \\r \\t \\v`` are
    written as backslash sequences; every other character, including other control
    characters, is written raw (msgcat does the same unless ``--escape`` is given).
    """
    return "".join(_ESCAPES.get(ch) or _raw_byte(ch) for ch in value)


def _raw_byte(ch: str) -> str:
    """A byte read from an escape that is not UTF-8 (a surrogate, see io.po_read) as ``\\ooo``."""
    return f"\\{ord(ch) - 0xDC00:03o}" if "\udc80" <= ch <= "\udcff" else ch


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline; gettext wraps each portion separately."""
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1] or not portions:
        portions.append(pieces[-1])
    return portions


_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "\udc80-\udcff]")
# A character that needs an escape or is not one column wide (_NEEDS_ESCAPE or
# _NOT_SINGLE_COLUMN, in one search): the one-column characters less '"' and '\\'.
_NOT_SIMPLE = re.compile(
    r"[^\u0020\u0021\u0023-\u005b\u005d-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e]")


def _escaped_portion(portion: str) -> tuple[str, list[int]]:
    """The escaped text of one portion and the positions where gettext forbids a break.

    No break is allowed inside an escape sequence, nor before the ``\\n`` that
    ends a portion.
    """
    chars: list[str] = []
    prohibited: list[int] = []
    pos = 0
    length = 0
    for m in _NEEDS_ESCAPE.finditer(portion):
        plain = portion[pos:m.start()]
        chars.append(plain)
        length += len(plain)
        escaped = _ESCAPES.get(m.group()) or _raw_byte(m.group())
        chars.append(escaped)
        prohibited.extend(range(length + 1, length + len(escaped)))
        length += len(escaped)
        pos = m.end()
    chars.append(portion[pos:])
    if portion.endswith("\n"):
        prohibited.append(length - 2)
    return "".join(chars), prohibited


def _breaks_besides_word_starts(text: str) -> list[int] | None:
    """The break opportunities of ``text`` that are not word starts, or ``None``.

    In most prose a line may start at every character after a space, and elsewhere only
    next to some punctuation (after a hyphen, a slash, a dash).  This finds those other
    places, sorted, for text without leading, trailing or double spaces whose characters
    are all one column wide and need no escape (see ``_NOT_SIMPLE``); ``None`` when some
    character after a space may not start a line, or the text is not of that kind.
    Plain letters and digits never break between themselves and always after a space, so
    only the five-character window around each other character is judged (see
    :func:`_window_breaks`), once, and remembered; :func:`_word_cuts` fills the lines.
    """
    if text[0] == " " or text[-1] == " " or "  " in text:
        return None
    extras: list[int] = []
    padded = None
    verdicts = _WINDOW_VERDICTS
    for m in _NOT_PLAIN.finditer(text):
        i = m.start()
        window = text[i - 2:i + 3] if i >= 2 else ""
        if len(window) < 5:
            if padded is None:
                padded = f"\0\0{text}\0\0"
            window = padded[i:i + 5]
        verdict = verdicts.get(window)
        if verdict is None:
            if len(verdicts) >= 1 << 16:
                verdicts.clear()
            verdict = verdicts[window] = _window_breaks(window)
        if verdict:
            if verdict < 0:
                return None
            if verdict & 1 and (not extras or extras[-1] != i):
                extras.append(i)
            if verdict & 2:
                extras.append(i + 1)
    return extras


#: :func:`_window_breaks` of the windows seen so far.
_WINDOW_VERDICTS: dict[str, int] = {}


def _window_breaks(window: str) -> int:
    """How the character ``window[2]`` changes the breaks next to it from the word starts.

    ``window`` is the character with two neighbours on each side (``"\\0"`` beyond the
    text's ends; spaces single, never at the ends).  Returns -1 if a line may not start
    after a space next to it (the pair rule is "prohibited"), else a bit set: 1 for a
    direct break before it, 2 for a direct break after it (touching characters whose
    pair rule is "direct"); 0 if it changes nothing.
    """
    center = window[2]
    cls = _line_break_class(center)
    if cls not in _PAIR_CLASSES or (cls == "OP" and _is_wide(center)):
        return -1  # context classes: only the general scan knows
    left, right = window[1], window[3]
    verdict = 0
    if left == " ":
        if _PAIRS[_line_break_class(window[0]), cls] == "P":
            return -1
    elif left != "\0" and _PAIRS[_line_break_class(left), cls] == "D":
        verdict |= 1
    if right == " ":
        if _PAIRS[cls, _line_break_class(window[4])] == "P":
            return -1
    elif right != "\0" and _PAIRS[cls, _line_break_class(right)] == "D":
        verdict |= 2
    return verdict


def _word_cuts(text: str, extras: list[int], width: int, start: int) -> list[int]:
    """:func:`_one_column_cuts` for text whose opportunities are its word starts and
    ``extras`` (see :func:`_breaks_besides_word_starts`).

    The same greedy fill without a list of every opportunity: a line from ``line`` may
    reach position ``line + width - column``; it ends at the last opportunity within
    that (the last space by ``str.rfind``, the last extra by bisection), or, when there
    is none, at the first one beyond (the piece overflows).
    """
    chosen: list[int] = []
    line, column, end = 0, start, len(text)
    last = max(text.rfind(" ") + 1, extras[-1] if extras else 0)  # 0: none (never a break)
    i, count = 0, len(extras)  # extras[i:] lie after the current line's start
    while last > line:
        limit = line + width - column
        if last <= limit:  # the remaining opportunities fit: cut once more if the end does not
            if end > limit:
                chosen.append(last)
            break
        cut = text.rfind(" ", line, limit) + 1  # 0: no space within reach
        k = bisect_right(extras, limit, i)
        if k > i and extras[k - 1] > cut:
            cut = extras[k - 1]
        if not cut:
            cut = text.find(" ", line) + 1 or end
            if i < count and extras[i] < cut:
                cut = extras[i]
        chosen.append(cut)
        line, column = cut, 0
        i = bisect_right(extras, line, i)
    return chosen


def po_lines(keyword: str, value: str, width: int, prefix: str = "") -> list[str]:
    """The lines msgcat writes for one field (see :func:`_po_lines`); a fresh list each call.

    Results are cached: ``update`` writes the same msgid once per target language, and
    wrapping is the costly part of writing a catalog.
    """
    return list(_po_lines(keyword, value, width, prefix))


@lru_cache(maxsize=1 << 16)
def _po_lines(keyword: str, value: str, width: int, prefix: str = "") -> tuple[str, ...]:
    """The lines msgcat writes for one field, e.g. ``msgid "..."``, without line ends.

    Mirrors ``wrap()`` in gettext's ``write-po.c``: the value is cut after each
    embedded newline; each portion is escaped and broken with libunistring's
    Unicode line breaking so that every line, closing quote included, fits in
    ``width`` columns where possible (a word longer than that overflows). If the
    value needs more than one line, the first line is ``keyword ""``.

    Args:
        keyword: ``msgid``, ``msgid_plural``, ``msgstr``, ``msgstr[0]``, ``msgctxt``.
        value: the unescaped string.
        width: page width as in ``msgcat --width=N`` (values below 20 count as 20);
            0 means ``--no-wrap``: lines are split only after embedded newlines.
        prefix: ``"#~ "`` for obsolete entries, ``"#| "`` for previous msgids
            (``"#~| "`` for previous msgids of obsolete entries).

    Returns:
        The lines, each starting with ``prefix``.
    """
    page_width = _INT_MAX if width == 0 else max(width, _MIN_WIDTH)
    # gettext's arithmetic: columns are counted relative to the start of the text
    # on a continuation line (after prefix and opening quote); one column is kept
    # free for the closing quote.
    after_break = len(prefix) + 1
    available = page_width - 1 - after_break
    extras = None
    if value and _NOT_SIMPLE.search(value) is None:
        extras = _breaks_besides_word_starts(value)
    if extras is not None:
        start = len(keyword) + 1  # the first line's text begins after `keyword "`
        if not extras and " " not in value:  # no opportunity: one line, after `keyword ""` if full
            if start > available:
                return (f'{prefix}{keyword} ""', f'{prefix}"{value}"')
            return (f'{prefix}{keyword} "{value}"',)
        if start + len(value) <= available:
            return (f'{prefix}{keyword} "{value}"',)
        bounds = [0, *_word_cuts(value, extras, available, 0), len(value)]
        return (f'{prefix}{keyword} ""',
                *[f'{prefix}"{value[a:b]}"' for a, b in zip(bounds, bounds[1:])])
    return _general_po_lines(keyword, value, width, prefix)


def _general_po_lines(keyword: str, value: str, width: int, prefix: str) -> tuple[str, ...]:
    """:func:`_po_lines` for any value: the reference its fast path must agree with."""
    page_width = _INT_MAX if width == 0 else max(width, _MIN_WIDTH)
    after_break = len(prefix) + 1
    available = page_width - 1 - after_break
    lines: list[str] = []
    first_line = True
    portions = _portions(value)
    for index, portion in enumerate(portions):
        text, prohibited = _escaped_portion(portion)
        breaks = _possible_linebreaks(text)
        for i in prohibited:
            breaks.pop(i, None)
        more_follows = index + 1 < len(portions)
        if first_line and text:
            start = len(prefix) + len(keyword) + 1 + 1 - after_break
            if _MANDATORY in breaks.values():
                needs_cuts = bool(_width_linebreaks(text, breaks, available, start))
            else:  # without forced breaks, greedy filling cuts iff the text overflows
                needs_cuts = bool(breaks) and start + _text_width(text) > available
            if more_follows or start > available or needs_cuts:
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
        start = len(prefix) + (len(keyword) + 1 if first_line else 0) + 1 - after_break
        if not breaks:
            cuts = []
        elif _NOT_SINGLE_COLUMN.search(text) is None and _MANDATORY not in breaks.values():
            cuts = _one_column_cuts(sorted(breaks), len(text), available, start)
        else:
            cuts = _width_linebreaks(text, breaks, available, start)
        head = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        bounds = [0, *cuts, len(text)]
        segments = [text[a:b] for a, b in zip(bounds, bounds[1:])]
        lines.append(f'{head}"{segments[0]}"')
        lines.extend(f'{prefix}"{segment}"' for segment in segments[1:])
    return tuple(lines)


def lines_are_canonical(keyword: str, value: str, width: int, prefix: str,
                        lines: list[str]) -> bool:
    """Whether ``lines`` are exactly :func:`po_lines` ``(keyword, value, width, prefix)``.

    ``update`` asks this of every entry it writes back unchanged.  For the common value
    (one line of one-column text, nothing to escape) the answer comes from the greedy
    rule itself, probed once per line: each cut must be a break opportunity, and the next
    opportunity after it must lie beyond the line's reach (or, for a line that overflows,
    the cut must be the first opportunity at all).  That needs one search per line instead
    of the opportunities of the whole text.  Other values are wrapped and compared.
    """
    if not value or _NOT_SIMPLE.search(value):
        return lines == list(_po_lines(keyword, value, width, prefix))
    page_width = _INT_MAX if width == 0 else max(width, _MIN_WIDTH)
    after_break = len(prefix) + 1
    available = page_width - 1 - after_break
    start = len(keyword) + 1  # the first line's text begins after `keyword "`
    n = len(value)
    if start + n <= available:  # fits on the keyword's line: never wrapped
        return len(lines) == 1 and lines[0] == f'{prefix}{keyword} "{value}"'
    # Too long for one line: wrapped iff the keyword's line is full or a break exists.
    if len(lines) == 1:
        return (lines[0] == f'{prefix}{keyword} "{value}"' and start <= available
                and _next_break(value, 0) >= n)
    if lines[0] != f'{prefix}{keyword} ""':
        return False
    head = f'{prefix}"'
    rest = lines[1:]
    segments = [line[len(head):-1] for line in rest]  # each line must be head, text, quote
    if ("".join(segments) != value or "" in segments
            or [f'{head}{segment}"' for segment in segments] != rest):
        return False
    if len(segments) == 1:  # wrapped without a cut: a full first line or a break, which
        has_break = _next_break(value, 0) < n  # must then not be needed on this line
        return (start > available or has_break) and (n <= available or not has_break)
    # With two segments or more, the checks below prove a break exists (the first cut).
    line_start = 0
    for segment in segments[:-1]:
        cut = line_start + len(segment)
        limit = line_start + available
        if cut <= limit:  # the last opportunity within reach, and one there is
            if not (cut > 1 and value[cut - 1] == " " and value[cut] in _PLAIN_SET
                    and value[cut - 2] in _PLAIN_SET) and not _breaks_before(value, cut):
                return False
            # No opportunity in (cut, limit]: sure if an unbroken run goes from cut past it.
            run = _UNBROKEN_RUN.match(value, cut)
            if (run is None or run.end() <= limit) and _next_break(value, cut) <= limit:
                return False
        elif _next_break(value, line_start) != cut:  # an overflowing piece: the first one
            return False
        line_start = cut
    return n <= line_start + available or _next_break(value, line_start) >= n


def _breaks_before(text: str, j: int) -> bool:
    """Whether a line may start at ``text[j]`` (see :func:`_possible_linebreaks`).

    Only for text without the context classes (one-column text has none).
    """
    if j >= len(text) or text[j] == " ":
        return False
    k = j - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    if k < 0:  # nothing but spaces before: no break before the first character
        return False
    pair = text[k] + text[j]
    rule = _PAIR_RULES.get(pair)
    if rule is None:
        rule = _PAIR_RULES[pair] = _PAIRS[_line_break_class(text[k]), _line_break_class(text[j])]
    return rule == "D" or (rule == "I" and k < j - 1)


# Letters and digits, then closing punctuation (IS, EX, CL, CP): never a break inside, as
# nothing breaks between letters and digits and nothing before those classes (UAX #14
# LB13, a "P" column in every row of the pair table).
_UNBROKEN_RUN = re.compile(f"[{_PLAIN}]+[.,;:!?)\\]}}]*")

# The pair rule of two characters (before, after), as looked up so far.
_PAIR_RULES: dict[str, str] = {}
_PLAIN_SET = frozenset(chr(c) for c in range(0x250)
                       if re.fullmatch(f"[{_PLAIN}]", chr(c)))


@lru_cache(maxsize=1024)
def _is_quiet(ch: str) -> bool:
    """No direct break between ``ch`` and a letter or digit, on either side."""
    cls = _line_break_class(ch)
    return cls in _PAIR_CLASSES and all(
        _PAIRS[a, cls] != "D" and _PAIRS[cls, a] != "D" for a in ("AL", "NU"))


def _next_break(text: str, x: int) -> int:
    """The first break opportunity after position ``x``, or ``len(text)`` if there is none.

    Opportunities are before a character after spaces, or next to a non-plain character
    (plain letters and digits never break between themselves); only those places are
    tried, found by ``str.find`` and one search.  Text without the context classes only.
    """
    n = len(text)
    pos = x
    while pos < n:
        space = text.find(" ", pos)
        if space < 0:
            space = n
        other = _NOT_PLAIN.search(text, pos, space)
        if other is not None:
            q = other.start()
            # Between plain characters, a quiet one (a comma, a quote…) breaks neither
            # before nor after itself; anything else is looked up.
            if not (q > x and _is_quiet(text[q]) and text[q - 1] in _PLAIN_SET
                    and (q + 1 >= n or text[q + 1] == " " or text[q + 1] in _PLAIN_SET)):
                for c in (q, q + 1):
                    if c > x and _breaks_before(text, c):
                        return c
            pos = q + 1
            continue
        j = space
        while j < n and text[j] == " ":
            j += 1
        if j >= n:
            return n
        if _breaks_before(text, j):
            return j
        pos = j
    return n


def reference_lines(references: Iterable[str], width: int) -> list[str]:
    """``#:`` lines for file references, filled like msgcat's.

    A reference goes on the current line if the line, with a space and the
    reference, stays within ``width`` columns; a reference longer than that gets
    a line of its own. msgcat drops repeated references, so does this. With
    ``width`` 0 (``--no-wrap``) msgcat still fills reference lines to its default
    width of 79 columns, since ``--no-wrap`` only concerns message strings.
    """
    page_width = DEFAULT_WIDTH if width == 0 else max(width, _MIN_WIDTH)
    unique = list(dict.fromkeys(references))
    lines: list[str] = []
    current = "#:"
    for reference in unique:
        if len(current) > 2 and len(current) + len(reference) + 1 > page_width:
            lines.append(current)
            current = "#:"
        current += " " + reference
    if unique:
        lines.append(current)
    return lines


def comment_lines(kind: str, text: str) -> list[str]:
    """Comment lines (``#.`` extracted, ``#`` translator) for ``text``, as msgcat writes.

    gettext never wraps comments: each embedded line becomes one comment line,
    ``kind`` followed by a space and the line, or ``kind`` alone for an empty line.

    Args:
        kind: ``"#."`` for extracted comments, ``"#"`` (or ``"# "``) for
            translator comments.
        text: the comment, possibly with embedded newlines.
    """
    marker = kind.rstrip()
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]

"""German sentence segmentation with SRX-style rules: break rules plus exceptions.

A break is a candidate after sentence-final punctuation (``.``, ``?``, ``!``, ``…``),
optionally followed by closing quotes or brackets, when whitespace follows and the next
text can start a sentence (upper case, a digit, an opening quote or bracket).  The
exceptions are what makes German hard: abbreviations that never end a sentence
(``z. B.``, ``Dr.``, ``Mrd.``), ordinals and dates (``Am 15. März``), initials, and
inline Markdown whose content must never be split (code spans, link destinations).

The segmenter works on a block's inline text (as markdown-it-py hands it over) and
returns character spans, so the Markdown adapter can splice translations back into
the exact place they came from.
"""

from __future__ import annotations

import bisect
import re

from kilocale.core import inline

# Abbreviations after which a sentence never ends, even before a capitalised noun.
# Multi-part abbreviations are listed by their last part together with what precedes.
NON_FINAL_ABBREVIATIONS = frozenset("""
    Abb Abk Abs Abt Adr Anh Anm Art Aufl Bd Bde Bearb Bsp Bspw bzw ca Chr Dipl Dir Dr
    dt ebd Ed eigtl engl entspr Erg erw europ ev evtl exkl Fa Fam ff Forts Fr frz geb Gebr gegr
    gem Ges gest ggf ggü Gr Hbf hl Hr Hrn Hrsg Ing inkl insb Jh Jhd jr Jr Kap kath kl Kl
    lat Lfg lt max Mio Mag med min Mio Mr Mrd Mrs Ms Mt mtl Nachf nachm Nr nördl
    Obb od orig österr Pf Pfd Pkt Pl Prof Prov Präs rd Red Reg resp Rs sog Sp span St Std
    Str stv Tab Tel Tsd usf urspr var vgl Vol vorm Vors Wz zit zzgl Ziff Jan Feb Mär Apr Jun
    Jul Aug Sep Sept Okt Nov Dez Mo Di Mi Do Fr Sa So Hl vs Ggs Bzgl bzgl Tab Verf Hg Hgg
""".split())

# Multi-part abbreviations written with internal periods and spaces: "z. B.", "u. a.".
# The key is the part just before the candidate period; the value the parts before it.
MULTI_PART = {
    "B": ("z",), "a": ("u", "o"), "h": ("d",), "Ä": ("u", "o"), "ä": ("u", "o"),
    "T": ("z",), "U": ("z",), "W": ("u",), "g": ("s", "o"), "s": ("s",), "R": ("i", "d"),
    "J": ("v", "d", "n"), "Chr": ("v", "n"), "Z": ("z",), "A": ("i", "a"), "M": ("a",),
}

# Abbreviations that may end a sentence: a break follows when the next word starts a sentence.
FINAL_ABBREVIATIONS = frozenset({"usw", "etc", "usf", "uvm", "Co", "Inc", "Ltd", "Corp"})

MONTHS = frozenset("""Januar Februar März April Mai Juni Juli August September Oktober November
Dezember Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez Jahrhundert Jahrhunderts Jh Jhd
Mal Platz Rang Stock Klasse Auflage Lauf Spieltag Runde Quartal Quartals Halbjahr Woche
Kapitel Bundesliga""".split())

# Words that begin a new sentence after an ordinal-looking number ("… im Jahr 2. Die …").
SENTENCE_STARTERS = frozenset("""Der Die Das Dies Diese Dieser Dieses Es Er Sie Wir Ich Man
Doch Aber Und Dann Danach Damit Daher Deshalb Denn So Auch Nun Hier Dort Ein Eine Einer
Zudem Außerdem Allerdings Jedoch Trotzdem Heute Gestern Morgen Im In Am Auf Bei Mit Nach Vor
Wenn Als Wie Was Wer Wo Unser Unsere Mein Meine Sein Seine Ihr Ihre""".split())

# Nouns that name a letter, version or variant: "die Programmiersprache C. Informationen …"
# ends a sentence after the single capital letter, where "J. R. R. Tolkien" does not.
NAMING_NOUNS = frozenset("""Sprache Version Typ Variante Anhang Teil Gruppe Klasse Kategorie
Option Plan Vitamin Buchstabe Buchstaben Stufe Punkt Abschnitt Modell Note Spalte Zeile Feld
Taste Laufwerk Block Fall Schritt Methode Bereich Sektor Zone Format Größe Phase Level""".split())

# Prepositions before a day.month date: "am 1.6. Danach" is a date, "Rust 1.6. Nachdem" a version.
DATE_PREPOSITIONS = frozenset("am vom zum bis ab seit den dem zwischen und Am Vom Ab Seit Bis".split())

OPEN_CHARS = "„“‚‘»«\"'([{¿¡"
CLOSE_CHARS = "“”‘’»«\"')]}"
# Emoticons that close a sentence after (or instead of) its final punctuation.
_EMOTICON = r"(?:[:;=][-o^']?[()\[\]DPpOo|/\\*]|\^\^|[xX][dD]|<3)"
# A footnote reference after the final punctuation belongs to the sentence: "Satz.[^1]".
_FOOTNOTE_REF = r"(?:[ \t]?\[\^[^\]\s]+\])"
# The lookahead names every character a candidate can start with (final punctuation or
# an emoticon's first): it changes no match, and spares the regex engine trying the
# alternatives at every other position, which made this scan a third of segmentation.
_CANDIDATE = re.compile(r"(?=[.?!…:;=^xX<])"
                        r"(?:(?:\.\.\.|[.?!…]+)[" + re.escape(CLOSE_CHARS) + r"]*"
                        + _FOOTNOTE_REF + r"*"
                        r"(?:[ \t]+" + _EMOTICON + r"(?=\s))*|(?<=\s)" + _EMOTICON
                        + r"+(?=\s))(?=\s)")
# The characters of the word / the token just before a period; see :func:`_last_run`.
_WORD_CHARS = re.compile(r"[^\s.(\[„\"'»«‚‘“]+")
_TOKEN_CHARS = re.compile(r"[^\s(\[„\"'»«‚‘“]+")
_VERSION = re.compile(r"\d+(?:\.\d+)+")
# Link text: a period inside "[Schleifen vs. Iteratoren](…)" never ends the sentence.
_LINK_TEXT = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\](?=\()")
_TAG_FILL = "\x01"  # what an HTML tag is masked with: invisible to the rules, skipped at a start


def _mask(text: str) -> str:
    """Blank out inline code, link destinations, autolinks and HTML tags (same length).

    A code span keeps its opening backtick, so a sentence may begin with code; an HTML tag
    becomes :data:`_TAG_FILL`, so a period inside an attribute value is no candidate and a
    sentence may begin with a tag.
    """
    # Each pattern needs a sign of its markup; a block without it is returned as it is.
    if "`" in text:
        text = inline.CODE_SPAN.sub(_mask_code, text)
    if "]" in text or "<" in text:
        text = inline.mask(text, (inline.LINK_DEST, inline.AUTOLINK), fill="x")
    if "<" in text:
        text = inline.mask(text, (inline.HTML_TAG,), fill=_TAG_FILL)
    return text


def _mask_code(m: re.Match[str]) -> str:
    """A code span masked (its opening backtick kept), or a typewriter quote left alone.

    Plain-text German corpora write „…“ as two backticks and two apostrophes.  Two
    backticks before a letter whose "content" holds the closing two apostrophes or ends
    in a space are quotation marks, not code.
    """
    whole, ticks, body = m.group(0), m.group(1), m.group(2)
    if ticks == "``" and body[:1].isalpha() and ("''" in body or body[-1:].isspace()):
        return whole
    return "`" + "x" * (len(whole) - 1)


def _protected(text: str) -> list[tuple[int, int]]:
    """Ranges of link text, inside which no sentence ends (sorted, not overlapping)."""
    if "[" not in text:
        return []
    return [(m.start(), m.end()) for m in _LINK_TEXT.finditer(text)]


def _inside(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``a < pos < b`` for one of the sorted, disjoint ``ranges`` (by bisection)."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos < ranges[i][1]


# The helpers below look at a bounded window around a candidate, by offset, and never
# copy the text before or after it: a block of n characters segments in O(n), where
# slicing text[:start] for every period made a 5 MB paragraph take minutes.
_LOOK = 256  # characters around a candidate; far more than any rule reads
_NEXT_WORD = re.compile(r"[\s\x01]*(?:[-–—][\s\x01]*|,,)?([\w„“‚‘»«\"'(\[¿¡*_`\[]*\w*)")
_LEAD = re.compile(r"\s*[" + re.escape(_TAG_FILL) + r"*_]*\s*")


def _before(text: str, start: int) -> str:
    """The window of text before ``start``; a NUL stands for anything further back."""
    lo = max(0, start - _LOOK)
    return ("\x00" if lo else "") + text[lo:start]


def _last_run(text: str, chars: re.Pattern[str]) -> tuple[str, int]:
    """The run of ``chars`` that ends ``text`` and where it starts; ("", -1) if there is none.

    What ``re.search("(" + chars + ")$", text)`` finds, ``$`` matching before a final
    newline too, but read backwards from the end: the search tried every start in the
    window, which made it the costliest step of segmentation.
    """
    end = len(text) - 1 if text.endswith("\n") else len(text)
    m = chars.match(text[:end][::-1])
    if m is None:
        return "", -1
    return text[end - m.end():end], end - m.end()


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


_DASH_OR_LOW_QUOTE = re.compile(r"(?:--?|[–—])\s*|,,")
_ROMAN = re.compile(r"[IVXLC]+")


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the text after whitespace at ``pos`` can begin a sentence."""
    first = _LEAD.match(text, pos).end()  # type: ignore[union-attr]
    if text[first:first + 1].isupper():
        return True  # what the rules below conclude for a capital (most candidates)
    rest = text[first:first + _LOOK]
    # a dash or a low quote written as two commas: "- Dann …", "-„Warum …", ",,Warum …"
    m = _DASH_OR_LOW_QUOTE.match(rest)
    if m:
        rest = rest[m.end():]
        if not rest or rest[0].isspace() and m.group(0) == ",,":
            return False
    if not rest or rest.startswith("[^"):
        return False  # a footnote reference stays with the sentence before it
    ch = rest[0]
    if ch in OPEN_CHARS or ch == "[" or ch == "!" and rest[1:2] == "[":
        return True
    return ch.isupper() or ch.isdigit() or ch == "`"


def _is_exception(text: str, start: int, punct: str, after: int) -> bool:
    """True when the period at ``start`` does not end a sentence."""
    if punct != ".":
        return False
    before = _before(text, start)
    word, _ = _last_run(before, _WORD_CHARS)
    if not word:
        return False
    if "-" in word.strip("-"):  # "Hl.-Geist-Str.": the abbreviation is the last part
        word = word.rsplit("-", 1)[1] or word
    if word in FINAL_ABBREVIATIONS:
        return False  # "usw." before a capitalised word ends the sentence
    if word in NON_FINAL_ABBREVIATIONS:
        return True
    if (len(word) > 1 and not word.isdigit() and word not in MULTI_PART
            and not _ROMAN.fullmatch(word)):
        # An ordinary word (most candidates): none of the rules below applies.  The
        # token test needs digits: the token ends with ``word``, and a version is
        # digits and periods only.
        return False
    nxt = _next_word(text, after)
    bare_next = nxt.lstrip("„“‚‘»«\"'(¿¡*_")
    prev = before[: len(before) - len(word)].rstrip()
    if word in MULTI_PART:
        for head in MULTI_PART[word]:
            if prev.endswith(head + ".") and (len(prev) == len(head) + 1
                                              or not prev[-len(head) - 2].isalnum()):
                return True
    if len(word) == 1 and word.isalpha():
        # initials ("J. R. R. Tolkien") and the first part of "z. B.", "u. a." — but not
        # a letter named by the noun before it ("die Programmiersprache C. Informationen")
        return not (word.isupper() and _names_a_letter(prev, bare_next))
    token, token_start = _last_run(before, _TOKEN_CHARS)
    if token and _VERSION.fullmatch(token):
        # "Version 0.999.0. An …", "Rust 1.6. Nachdem …" end; the date "am 1.6. Danach" not
        parts = token.split(".")
        preceding = before[:token_start].split()
        if (len(parts) == 2 and 1 <= int(parts[0]) <= 31 and 1 <= int(parts[1]) <= 12
                and preceding and preceding[-1] in DATE_PREPOSITIONS):
            return True
        return bare_next in MONTHS
    if word.isdigit():
        if not prev and len(word) <= 2:
            return True  # an enumeration number opening the paragraph: "4. Die gängige …"
        if len(word) > 2 and not word.startswith("0"):
            # a year or amount ends a sentence unless a month or noun of counting follows
            return bare_next in MONTHS
        if bare_next in SENTENCE_STARTERS:
            return False
        return True  # ordinals and dates: "Am 15. März", "der 3. Platz"
    if _ROMAN.fullmatch(word) and bare_next and bare_next[0].islower():
        return True
    return False


def _names_a_letter(prev: str, bare_next: str) -> bool:
    """Whether a single capital letter after ``prev`` is a name (a language, a variant)."""
    words = prev.split()
    if not words:
        return False
    last = words[-1].strip("„“‚‘»«\"'(*_")
    if last.endswith(".") and len(last) <= 2:
        return False  # another initial: "J. R. Tolkien"
    if last in NAMING_NOUNS or last.endswith(("sprache", "version", "typ", "variante")):
        return True
    return last[:1].islower() and last.isalpha() and bare_next in SENTENCE_STARTERS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; returns ``(start, end)`` spans without outer whitespace.

    The spans cover every non-whitespace character of ``text`` exactly once, in order.
    """
    masked = _mask(text)
    protected = _protected(text)
    starts = [a for a, _ in protected]
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in _CANDIDATE.finditer(masked):
        start, end = m.span()
        if protected and _inside(protected, starts, start):
            continue
        if masked[start - 1:start] in ("(", "["):
            continue  # an omission mark: "(...)"
        found = m.group()
        punct = "." if found[0] == "." and not found.startswith("...") else "!"
        if not _starts_sentence(masked, end):
            continue
        if _is_exception(masked, start, punct, end):
            continue
        spans.append((begin, end))
        begin = end
    spans.append((begin, len(text)))
    result = []
    for a, b in spans:
        # str.strip drops exactly the characters str.isspace names
        piece = text[a:b]
        kept = piece.strip()
        if kept:
            a += len(piece) - len(piece.lstrip())
            result.append((a, a + len(kept)))
    return result


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text)]

"""Numbers in a text, read as values in the text's language.

``2,5`` = ``2.5``; ``3,5 Mrd.`` = ``3.5 billion`` = ``35亿``: digits are parsed with babel's
locale data (strictly, then with plain readings), a scale word after a number also gives
the scaled value, and Chinese numerals and small number words can be read as well, so a
translation may spell out a source digit.  Pure functions; babel is imported on first use.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kilocale.core.lang import base_language

__all__ = ["numbers", "unmatched"]

_NUMBER = re.compile(r"(?<![A-Za-z0-9.,])\d(?:[\d.,\u00a0\u202f\u2009]*\d)?(?![A-Za-z0-9])")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_SCALE = {"万": 10**4, "亿": 10**8}

# Scale words after a number, per language (lower case; a trailing "." is ignored).
_SCALES: dict[str, dict[str, int]] = {
    "de": {"tsd": 10**3, "tausend": 10**3, "mio": 10**6, "million": 10**6, "millionen": 10**6,
           "mrd": 10**9, "milliarde": 10**9, "milliarden": 10**9, "billion": 10**12,
           "billionen": 10**12},
    "en": {"thousand": 10**3, "k": 10**3, "million": 10**6, "millions": 10**6, "m": 10**6,
           "mn": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9,
           "trillion": 10**12, "trillions": 10**12},
    "fr": {"mille": 10**3, "million": 10**6, "millions": 10**6, "m": 10**6, "milliard": 10**9,
           "milliards": 10**9, "md": 10**9, "mds": 10**9, "mrd": 10**9, "mrds": 10**9,
           "billion": 10**12, "billions": 10**12},
    "es": {"mil": 10**3, "millón": 10**6, "millones": 10**6, "millardo": 10**9,
           "millardos": 10**9, "billón": 10**12, "billones": 10**12},
}
_ZH_SCALE_SUFFIX = (("万亿", 10**12), ("十亿", 10**9), ("千万", 10**7), ("百万", 10**6),
                    ("亿", 10**8), ("万", 10**4), ("千", 10**3))
_WORD_AFTER = re.compile(r"[\s\u00a0\u202f]*([^\W\d_]+)\.?")
_MIL_MILLONES = re.compile(r"[\s\u00a0\u202f]*mil[\s\u00a0\u202f]+millones\b", re.I)

_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "de": dict(zip("null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split(),
                   range(13))),
    "en": dict(zip("zero one two three four five six seven eight nine ten eleven twelve".split(),
                   range(13))),
    "fr": dict(zip("zéro un deux trois quatre cinq six sept huit neuf dix onze douze".split(),
                   range(13))),
    "es": dict(zip("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce".split(),
                   range(13))),
}
for _words, _extra in ((_NUMBER_WORDS["de"], {"ein": 1, "eine": 1, "zwanzig": 20, "hundert": 100}),
                       (_NUMBER_WORDS["en"], {"twenty": 20, "hundred": 100, "a": 1}),
                       (_NUMBER_WORDS["fr"], {"une": 1, "vingt": 20, "cent": 100}),
                       (_NUMBER_WORDS["es"], {"una": 1, "un": 1, "veinte": 20, "cien": 100})):
    _words.update(_extra)
_WORDS_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?![^\W\d_])")


@lru_cache(maxsize=65536)
def _parse_number(token: str, language: str) -> tuple[Decimal, ...]:
    """Values ``token`` can mean: in ``language`` first (babel, strict), else plain readings."""
    if token.isdigit() and (len(token) < 4 or token[0] != "0"):
        return (Decimal(token),)  # a plain integer reads the same everywhere
    from babel.numbers import NumberFormatError, parse_decimal  # not for plain integers

    values: list[Decimal] = []
    cleaned = token.replace("\u00a0", "\u202f").replace("\u2009", "\u202f")
    try:
        values.append(parse_decimal(cleaned, locale=language, strict=True))
    except (NumberFormatError, ValueError, InvalidOperation):
        pass
    except Exception:  # unknown locale data: fall back to the plain readings below
        pass
    if not values:
        plain = cleaned.replace("\u202f", "")
        for group, decimal in ((",", "."), (".", ",")):
            parts = plain.split(decimal)
            if len(parts) > 2:
                continue
            head = parts[0].split(group)
            if len(head) > 1 and (not head[0] or any(len(h) != 3 for h in head[1:])):
                continue
            try:
                values.append(Decimal("".join(head) + ("." + parts[1] if len(parts) == 2 else "")))
            except InvalidOperation:
                continue
    return tuple(dict.fromkeys(values))


def _zh_value(text: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            section += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        elif ch in _ZH_SCALE:
            total = (total + section + (digit or 0)) * _ZH_SCALE[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _scale_after(text: str, end: int, lang: str) -> int:
    if lang == "zh":
        tail = text[end:end + 3].lstrip(" \u00a0\u202f")
        for suffix, scale in _ZH_SCALE_SUFFIX:
            if tail.startswith(suffix):
                return scale
        return 1
    if lang == "es" and _MIL_MILLONES.match(text, end):
        return 10**9
    m = _WORD_AFTER.match(text, end)
    if m:
        return _SCALES.get(lang, {}).get(m.group(1).lower(), 1)
    return 1


def numbers(text: str, language: str, spelled: bool = True) -> list[tuple[str, frozenset[Decimal]]]:
    """Numbers in ``text`` (already masked) with every value each can stand for.

    A number followed by a scale word also stands for the scaled value (``3,5 Mrd.`` →
    {3.5, 3500000000}).  With ``spelled``, Chinese numerals and small number words are read
    too, so a target may spell a source digit out.
    """
    lang = base_language(language)
    out: list[tuple[str, frozenset[Decimal]]] = []
    for m in _NUMBER.finditer(text):
        token = m.group(0)
        values = set(_parse_number(token, language))
        if not values:
            for other in ("en", "de"):
                values.update(_parse_number(token, other))
        scale = _scale_after(text, m.end(), lang)
        if scale != 1:
            values.update(v * scale for v in list(values))
        out.append((token, frozenset(values)))
    if not spelled:
        return out
    if lang == "zh":
        for m in _ZH_NUMERAL.finditer(text):
            if not any(c in _ZH_DIGITS or c in _ZH_UNITS for c in m.group(0)):
                continue  # a bare 万 or 亿 is a scale word, handled with the digits before it
            value = _zh_value(m.group(0))
            if value is not None:
                out.append((m.group(0), frozenset({Decimal(value)})))
    words = _NUMBER_WORDS.get(lang)
    if words:
        for m in _WORDS_RE.finditer(text):
            value = words.get(m.group(0).lower())
            if value is not None:
                scale = _scale_after(text, m.end(), lang)
                out.append((m.group(0), frozenset({Decimal(value), Decimal(value * scale)})))
    return out


def unmatched(wanted: list[tuple[str, frozenset[Decimal]]],
              available: list[frozenset[Decimal]]) -> list[str]:
    """Source numbers without a target number of the same value (each target used once)."""
    available = list(available)
    missing = []
    for token, values in wanted:
        if not values:
            continue
        for i, candidate in enumerate(available):
            if values & candidate:
                del available[i]
                break
        else:
            missing.append(token)
    return missing

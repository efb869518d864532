"""Language facts: the one home of every rule that depends on a language or a script.

Everything that asks "which language is this?", "is this a Chinese character?", "what
joins two sentences?", "which quotation marks and spaces does French use?" or "which
glossary variants are forbidden for this locale?" imports the answer from here, so the
rule is written once and cannot drift between the checks, the build and the HTML pages.

Pure data and small functions: this module imports nothing from kilocale, so every layer
(core, formats, pipeline, config) can depend on it.

Script ranges are character-class bodies (for ``[...]`` in a regex), built from one
definition of each script:

* :data:`HAN`: Chinese characters (CJK Unified Ideographs, Extension A, the compatibility
  block and the supplementary ideographic planes).
* :data:`KANA`, :data:`HANGUL`: Japanese kana and Korean syllables.
* :data:`CJK` = kana + Han + Hangul: scripts whose glossary forms are matched exactly, not
  as words between word boundaries.
* :data:`WIDE` = CJK symbols and punctuation, full-width forms, kana and Han: characters
  between which a soft line break is no space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["base_language", "locale_chain", "HAN", "KANA", "HANGUL", "CJK", "WIDE",
           "HAN_RE", "CJK_RE", "WIDE_RE", "has_han", "has_cjk", "CJK_LANGUAGES", "uses_cjk_script",
           "counts_per_character", "has_per_character_words", "NO_SPACE_LANGUAGES",
           "written_without_spaces", "sentence_joiner", "NBSP", "NNBSP", "NO_BREAK_SPACES",
           "Conventions", "conventions"]


def base_language(code: str) -> str:
    """The language part of a locale code (``zh_CN``, ``zh-cn`` → ``zh``), for per-language rules."""
    return code.replace("-", "_").split("_")[0].lower()


def locale_chain(language: str) -> tuple[str, ...]:
    """Keys of a per-locale table that apply to ``language``, general first.

    ``"*"`` (every language), then the language as given, then its base language:
    ``zh_CN`` → ``("*", "zh_CN", "zh")``; ``fr`` → ``("*", "fr")``.  The glossary's
    ``forbidden`` variants are looked up this way.
    """
    return tuple(dict.fromkeys(("*", language, base_language(language))))


# ------------------------------------------------------------------------------- scripts

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
KANA = "\u3040-\u30ff"
HANGUL = "\uac00-\ud7af"
CJK = KANA + HAN + HANGUL
# CJK radicals and symbols, CJK symbols and punctuation, bopomofo and other CJK blocks
# up to U+33FF, full-width and half-width forms.
CJK_SYMBOLS = "\u2e80-\u2fff\u3000-\u303f\u3100-\u33ff\uff00-\uffef"
WIDE = CJK_SYMBOLS + KANA + HAN



class LazyPattern:
    """A regex compiled the first time one of its methods is used (``search``, ``match``, …).

    A class of Han or CJK characters takes milliseconds to compile (the compiler visits
    every code point of its ranges), several times over what the rest of this module
    costs to import; a command that never meets such text should not pay for it.
    """

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return getattr(self._compiled, name)


def _ranges(body: str) -> tuple[tuple[str, str], ...]:
    """The ``(first, last)`` characters of a class body made only of ``a-b`` ranges."""
    return tuple((body[i], body[i + 2]) for i in range(0, len(body), 3))


_HAN_RANGES = _ranges(HAN)
_CJK_RANGES = _ranges(CJK)


def _has_char_in(text: str, ranges: tuple[tuple[str, str], ...]) -> bool:
    """Whether a character of ``text`` lies in one of ``ranges``: a regex class's
    ``search`` without compiling it.  ``max`` settles text without such high code
    points in C; CJK text stops at its first character."""
    low = min(first for first, _last in ranges)
    if not text or max(text) < low:
        return False
    return any(first <= ch <= last for ch in text if ch >= low for first, last in ranges)


def has_han(text: str) -> bool:
    """Whether ``text`` has a Han character: ``HAN_RE.search(text)``, for the checks'
    few short strings, which should not pay milliseconds for compiling the class."""
    return _has_char_in(text, _HAN_RANGES)


def has_cjk(text: str) -> bool:
    """Whether ``text`` has a kana, Han or Hangul character: ``CJK_RE.search(text)``."""
    return _has_char_in(text, _CJK_RANGES)


HAN_RE = LazyPattern(f"[{HAN}]")
CJK_RE = LazyPattern(f"[{CJK}]")
WIDE_RE = LazyPattern(f"[{WIDE}]")
_PER_CHARACTER = LazyPattern(f"[{KANA}{HAN}]")


# Languages written in a CJK script: Latin words inside them need no word boundary
# other than ASCII letters and digits, and their own-script forms match exactly.
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})


def uses_cjk_script(language: str) -> bool:
    """Whether ``language`` (any locale code) is written in Han, kana or Hangul."""
    return base_language(language) in CJK_LANGUAGES


def counts_per_character(word: str) -> bool:
    """Whether ``word`` is Chinese or Japanese text, where each character counts as a word."""
    return _PER_CHARACTER.match(word) is not None


def has_per_character_words(text: str) -> bool:
    """Whether some word of ``text`` may count per character: it has Han or kana at all.

    Text without them (every msgid of a German source) has no such word, and its words
    can be counted without asking :func:`counts_per_character` of each one.
    """
    return _PER_CHARACTER.search(text) is not None


# ------------------------------------------------------------------------------ spacing

# Scripts written without spaces between words or sentences.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my"})


def written_without_spaces(language: str) -> bool:
    """Whether ``language`` (any locale code) puts no space between sentences."""
    return base_language(language) in NO_SPACE_LANGUAGES


def sentence_joiner(language: str) -> str:
    """What separates two sentences of one paragraph in ``language``: ``""`` or ``" "``."""
    return "" if written_without_spaces(language) else " "


NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
NO_BREAK_SPACES = NBSP + NNBSP


# -------------------------------------------------------------------------- punctuation

@dataclass(frozen=True)
class Conventions:
    """Quotation marks and spacing around punctuation in one language.

    ``quotes`` are the primary opening and closing marks, ``nested_quotes`` those for a
    quotation inside a quotation.  ``space_before`` lists the marks preceded by a
    no-break space and ``space_after`` those followed by one (French).  ``inverted`` maps
    a closing ``?``/``!`` to the mark that must open the sentence (Spanish).  ``full_width``
    maps ASCII punctuation to the full-width form used next to Chinese characters, and
    ``full_width_marks`` are the full-width marks around which no space is written.
    """

    quotes: tuple[str, str] = ("“", "”")
    nested_quotes: tuple[str, str] = ("‘", "’")
    space_before: str = ""
    space_after: str = ""
    inverted: dict[str, str] = field(default_factory=dict)
    full_width: dict[str, str] = field(default_factory=dict)
    full_width_marks: str = ""


_CONVENTIONS = {
    "de": Conventions(quotes=("„", "“"), nested_quotes=("‚", "‘")),
    "en": Conventions(),
    "fr": Conventions(quotes=("«", "»"), nested_quotes=("“", "”"),
                      space_before=":;!?»", space_after="«"),
    "es": Conventions(quotes=("«", "»"), nested_quotes=("“", "”"),
                      inverted={"?": "¿", "!": "¡"}),
    "zh": Conventions(quotes=("“", "”"), nested_quotes=("‘", "’"),
                      full_width={",": "，", ".": "。", ":": "：", ";": "；", "?": "？",
                                  "!": "！", "(": "（", ")": "）", '"': "“ ”"},
                      full_width_marks="。，、；：！？）（」「』『”“》《…—"),
}
_DEFAULT = Conventions()


def conventions(language: str) -> Conventions:
    """The punctuation conventions of ``language`` (any locale code); English ones by default."""
    return _CONVENTIONS.get(base_language(language), _DEFAULT)


def has_conventions(language: str) -> bool:
    """Whether :func:`conventions` knows ``language`` rather than falling back."""
    return base_language(language) in _CONVENTIONS

"""Where a line of Chinese may break: word segmentation for the HTML editions.

Browsers break Chinese between any two characters, so a heading can end a line with 人
and start the next with 工智能.  The HTML pages of Chinese editions therefore mark the
allowed breaks themselves (``<wbr>`` between words, see :mod:`kilocale.formats.html`) and
the stylesheet sets ``word-break: keep-all``, so the browser breaks nowhere else.

Principles:

* **jieba, chosen by measurement** on the article's six Chinese headings (35 hand-marked
  words) and the glossary's 44 Chinese forms: BudouX's simplified-Chinese model breaks 10
  of the heading words (人|工智|能, 经济|学, 武器|库) and 20 glossary forms; jieba's
  dictionary breaks 1 heading word (领导|权) and 19 glossary forms, and 0 words once the
  glossary forms and :data:`EXTRA_WORDS` are in its dictionary.
* **Every glossary form is a word**: a term is never split, whatever jieba's statistics
  say (英|伟达 without it).  Spaces inside a form (豆包1.5 Pro) become no-break spaces.
* **Breaks only between two words of running text**: between Han characters, a Han
  character and a Latin letter, a Han character and a following figure (于|2024); never
  next to punctuation (a ``<wbr>`` before ，would let a line start with it), never between
  a figure and its counter (2024|年).
* **Lazy and private**: jieba is imported only when a Chinese page is rendered, and each
  distinct dictionary gets its own ``jieba.Tokenizer`` (never jieba's global one).
  jieba's own messages are silenced: library code does not print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from kilocale.core.lang import HAN_RE, base_language
from kilocale.model import Term

__all__ = ["EXTRA_WORDS", "segments", "break_offsets", "protect_spaces", "is_cjk_language",
           "glossary_words"]

# Words jieba's dictionary lacks that the article's headings use (the measurement above).
EXTRA_WORDS: tuple[str, ...] = ("领导权",)

_HAN = HAN_RE
_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def is_cjk_language(language: str) -> bool:
    """Chinese editions get word breaks (Japanese would need another segmenter)."""
    return base_language(language) == "zh"


@lru_cache(maxsize=8)
def _tokenizer(words: tuple[str, ...]) -> Any:
    # Imported here: jieba loads a 5 MB dictionary, and only Chinese pages need it.
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.default_logger.setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in (*EXTRA_WORDS, *words):
        word = word.strip()
        # single characters (元) are words already; boosting them would split 单元
        if len(word) > 1 and _HAN.search(word):
            # jieba's suggested frequency: just enough for the form to be cut whole
            tokenizer.add_word(word, freq=tokenizer.suggest_freq(word))
    return tokenizer


def segments(text: str, words: Sequence[str] = ()) -> list[str]:
    """``text`` cut into words (joined, they give ``text`` back).

    Args:
        text: Chinese running text, possibly with Latin words, figures and punctuation.
        words: extra dictionary words (the glossary's Chinese forms), never split.
    """
    if not _HAN.search(text):
        return [text] if text else []
    key = tuple(sorted({w for w in words if w}))
    tokenizer = _tokenizer(key)
    # jieba's cut splits at spaces; a form with a space is kept whole by protect_spaces.
    parts = [p for p in tokenizer.cut(text, HMM=True) if p]
    if "".join(parts) != text:  # never lose a character, whatever jieba does
        return [text]
    return _merge_forms(text, parts, key)


def _merge_forms(text: str, parts: list[str], words: Iterable[str]) -> list[str]:
    """Join parts so no glossary form (or extra word) is cut, even one jieba splits."""
    cuts: set[int] = set()
    offset = 0
    for part in parts[:-1]:
        offset += len(part)
        cuts.add(offset)
    for word in (*EXTRA_WORDS, *words):
        if len(word) < 2:
            continue
        # a space in a form may already be a no-break space (protect_spaces)
        pattern = "[ \u00a0]".join(map(re.escape, word.split(" ")))
        for m in re.finditer(pattern, text):
            cuts.difference_update(range(m.start() + 1, m.end()))
    out, start = [], 0
    for cut in sorted(cuts):
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def _breakable(before: str, after: str) -> bool:
    """May a line break between the characters ``before`` and ``after``?"""
    if _HAN.match(before):  # 于|2024 and 与|DeepSeek, but never 2024|年
        return bool(_HAN.match(after) or _LETTER.match(after) or after.isdigit())
    return bool(_LETTER.match(before) and _HAN.match(after))


def break_offsets(text: str, words: Sequence[str] = ()) -> list[int]:
    """Offsets in ``text`` where a line may break between two words (for ``<wbr>``).

    Args:
        text: the whole text of one block (a heading, a paragraph, a list item).
        words: extra dictionary words (the glossary's Chinese forms), never split.

    Returns:
        Increasing offsets, each strictly inside ``text``.
    """
    out = []
    offset = 0
    parts = segments(text, words)
    for part in parts[:-1]:
        offset += len(part)
        if _breakable(text[offset - 1], text[offset]):
            out.append(offset)
    return out


def protect_spaces(text: str, words: Sequence[str] = ()) -> str:
    """``text`` with the spaces inside glossary forms (豆包1.5 Pro) made no-break."""
    for word in words:
        if " " in word and word in text:
            text = text.replace(word, word.replace(" ", "\u00a0"))
    return text


def glossary_words(terms: Iterable[Term], language: str) -> tuple[str, ...]:
    """The approved ``language`` forms of the glossary's terms that contain Han characters."""
    return tuple(sorted({form for term in terms for form in term.approved(language)
                         if _HAN.search(form)}))

"""Counts of a catalog's entries and source words by state, for `stats` and `build`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kilocale.core.lang import counts_per_character, has_per_character_words
from kilocale.model import Catalog, Entry

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


def word_count(text: str) -> int:
    """Words of a msgid (CJK text counts one word per character, as translators bill it).

    Text without Han or kana has only one-count words: they are counted, not each one
    asked (``build`` counts every msgid of every catalog; :func:`_words_one_by_one` is
    the rule itself).
    """
    if not has_per_character_words(text):
        return len(_WORD.findall(text))
    return _words_one_by_one(text)


def _words_one_by_one(text: str) -> int:
    """:func:`word_count`, each word asked whether it counts per character."""
    return sum(len(w) if counts_per_character(w) else 1
               for w in _WORD.findall(text))


@dataclass(frozen=True)
class CatalogStats:
    translated: int = 0
    fuzzy: int = 0
    machine: int = 0  # fuzzy entries that are unreviewed machine drafts
    untranslated: int = 0
    obsolete: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    obsolete_words: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of active entries that are translated and reviewed (100 for an empty catalog)."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def _state(e: Entry) -> str:
    if e.obsolete:
        return "obsolete"
    if not e.msgstr:
        return "untranslated"
    return "fuzzy" if e.fuzzy else "translated"


def catalog_stats(catalog: Catalog) -> CatalogStats:
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    words = dict.fromkeys(counts, 0)
    for e in catalog.entries:
        state = _state(e)
        counts[state] += 1
        words[state] += word_count(e.msgid)
    machine = sum(1 for e in catalog.entries if not e.obsolete and e.machine_draft)
    return CatalogStats(**counts, machine=machine,
                        **{f"{k}_words": v for k, v in words.items()})

"""Translation memory: reviewed translations reused for new and empty entries.

A memory is a list of :class:`TMRecord` (source, target, origin), whatever they come
from: the reviewed entries of the project's other catalogs of the same language, a PO
compendium (``--compendium``, like ``msgmerge -C``), a TMX file.  :func:`fill_from_memory`
fills the active entries whose msgstr is empty:

* an **exact** match of the msgid is taken; it is marked ``fuzzy`` (a sentence can need
  another wording in another document) unless the project says ``tm_exact = "translated"``;
* otherwise the **best similar** source above the merge threshold (rapidfuzz ratio,
  :data:`kilocale.core.merge.FUZZY_THRESHOLD`, the cut-off msgmerge uses) is taken as
  ``fuzzy``, with ``#| msgid`` showing the sentence it was translated from, so the
  translator sees what differs;
* a translator comment ``# kilocale-tm: <origin>`` records where it came from (with the
  similarity for a fuzzy match).

A non-empty translation is never touched, fuzzy or not; the input catalog is not
modified.  Only reviewed translations belong in a memory: :func:`reviewed_records` skips
fuzzy entries, machine drafts included.

Pure: the caller reads the files.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kilocale.core.merge import FUZZY_THRESHOLD
from kilocale.model import Catalog

TM_COMMENT_PREFIX = "kilocale-tm:"
EXACT_STATES = ("fuzzy", "translated")

__all__ = ["TM_COMMENT_PREFIX", "TMRecord", "MemoryMatch", "Memory", "MemoryCounts",
           "reviewed_records", "fill_from_memory"]


@dataclass(frozen=True)
class TMRecord:
    """One reviewed translation: ``source`` → ``target``, found in ``origin`` (a document
    name or a file)."""

    source: str
    target: str
    origin: str


@dataclass(frozen=True)
class MemoryMatch:
    """The best record for a sentence: ``score`` is 100 for an exact match."""

    record: TMRecord
    score: float
    exact: bool


class Memory:
    """Records indexed for exact lookup (first record of a source wins) and fuzzy search."""

    def __init__(self, records: Iterable[TMRecord], threshold: float = FUZZY_THRESHOLD) -> None:
        self.threshold = threshold
        self.exact: dict[str, TMRecord] = {}
        for record in records:
            if record.source and record.target:
                self.exact.setdefault(record.source, record)
        self.records = list(self.exact.values())
        self.sources = [r.source for r in self.records]

    def __len__(self) -> int:
        return len(self.records)

    def lookup(self, text: str) -> MemoryMatch | None:
        """The exact record for ``text``, else the most similar above the threshold."""
        record = self.exact.get(text)
        if record is not None:
            return MemoryMatch(record, 100.0, True)
        if not self.sources:
            return None
        best = process.extractOne(text, self.sources, scorer=fuzz.ratio,
                                  score_cutoff=self.threshold)
        if best is None:
            return None
        return MemoryMatch(self.records[best[2]], float(best[1]), False)


@dataclass
class MemoryCounts:
    """What the memory filled in one catalog."""

    exact: int = 0
    fuzzy: int = 0

    @property
    def total(self) -> int:
        return self.exact + self.fuzzy


def reviewed_records(catalog: Catalog, origin: str) -> list[TMRecord]:
    """The reviewed translations of ``catalog`` (active, translated, not fuzzy) as records."""
    return [TMRecord(e.msgid, e.msgstr, origin) for e in catalog.entries
            if e.translated and e.msgid and e.msgctxt is None]


def fill_from_memory(catalog: Catalog, memory: Memory,
                     exact_state: str = "fuzzy") -> tuple[Catalog, MemoryCounts]:
    """Fill the empty active entries of ``catalog`` from ``memory``.

    Args:
        catalog: the merged catalog (not modified).
        memory: the records to reuse.
        exact_state: ``fuzzy`` (default) or ``translated``: the state of an exact match.

    Returns:
        A new catalog and the counts of exact and fuzzy fills.
    """
    if exact_state not in EXACT_STATES:
        raise ValueError(f"exact_state must be one of {', '.join(EXACT_STATES)}")
    counts = MemoryCounts()
    if not len(memory):
        return catalog, counts
    new = copy.deepcopy(catalog)
    for entry in new.entries:
        if entry.obsolete or entry.msgstr or not entry.msgid:
            continue
        match = memory.lookup(entry.msgid)
        if match is None:
            continue
        entry.msgstr = match.record.target
        comments = [c for c in entry.translator_comments if not c.startswith(TM_COMMENT_PREFIX)]
        if match.exact:
            counts.exact += 1
            entry.previous_msgid = None
            if exact_state == "fuzzy" and "fuzzy" not in entry.flags:
                entry.flags = ["fuzzy", *entry.flags]
            comments.append(f"{TM_COMMENT_PREFIX} {match.record.origin}")
        else:
            counts.fuzzy += 1
            entry.previous_msgid = match.record.source
            if "fuzzy" not in entry.flags:
                entry.flags = ["fuzzy", *entry.flags]
            comments.append(f"{TM_COMMENT_PREFIX} {match.record.origin}; "
                            f"{match.score:.0f}% similar")
        entry.translator_comments = comments
    return new, counts

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
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from kilocale.core.merge import FUZZY_THRESHOLD
from kilocale.model import Catalog, Entry

TM_COMMENT_PREFIX = "kilocale-tm:"
EXACT_STATES = ("fuzzy", "translated")

__all__ = ["TM_COMMENT_PREFIX", "TMRecord", "MemoryMatch", "Memory", "MemoryCounts",
           "reviewed_records", "fillable", "fill_from_memory"]


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
    """Records indexed for exact lookup and fuzzy search, built once for a whole language.

    A lookup can leave out the records of one origin (``exclude``): a document's catalog is
    filled from the language's *other* catalogs, and building one memory per document would
    cost the square of the project's size.  The result is what a memory of the remaining
    records alone gives: for a source the first remaining record wins, and among equally
    similar sources the one recorded first.
    """

    def __init__(self, records: Iterable[TMRecord], threshold: float = FUZZY_THRESHOLD) -> None:
        self.threshold = threshold
        # source → its records, each with its position among all records.  (get, not
        # setdefault: no empty list made per record; a language's memory is ~100,000.)
        by_source: dict[str, list[tuple[int, TMRecord]]] = {}
        known = by_source.get
        for position, record in enumerate(records):
            source = record.source
            if source and record.target:
                found = known(source)
                if found is None:
                    by_source[source] = [(position, record)]
                else:
                    found.append((position, record))
        self._by_source = by_source
        self.sources = list(by_source)

    def __len__(self) -> int:
        return len(self.sources)

    def _first(self, source: str, exclude: str | None) -> tuple[int, TMRecord] | None:
        for found in self._by_source.get(source, ()):
            if found[1].origin != exclude:
                return found
        return None

    def lookup(self, text: str, exclude: str | None = None) -> MemoryMatch | None:
        """The exact record for ``text``, else the most similar above the threshold.

        Records whose origin is ``exclude`` are left out.
        """
        exact = self._first(text, exclude)
        if exact is not None:
            return MemoryMatch(exact[1], 100.0, True)
        if not self.sources:
            return None
        best: tuple[tuple[float, int], TMRecord, float] | None = None
        for source, score, _ in process.extract(text, self.sources, scorer=fuzz.ratio,
                                                score_cutoff=self.threshold, limit=None):
            found = self._first(source, exclude)
            if found is None:
                continue
            key = (-score, found[0])
            if best is None or key < best[0]:
                best = (key, found[1], float(score))
        if best is None:
            return None
        return MemoryMatch(best[1], best[2], False)


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


def fillable(entry: Entry) -> bool:
    """Whether the memory may fill ``entry``: active, with a msgid and no translation."""
    return not entry.obsolete and not entry.msgstr and bool(entry.msgid)


def fill_from_memory(catalog: Catalog, memory: Memory, exact_state: str = "fuzzy",
                     exclude: str | None = None) -> tuple[Catalog, MemoryCounts]:
    """Fill the empty active entries of ``catalog`` from ``memory``.

    Args:
        catalog: the merged catalog (not modified).
        memory: the records to reuse.
        exact_state: ``fuzzy`` (default) or ``translated``: the state of an exact match.
        exclude: an origin whose records are not used (the catalog's own document).

    Returns:
        A new catalog (``catalog`` itself when nothing was filled) and the counts of exact
        and fuzzy fills.
    """
    if exact_state not in EXACT_STATES:
        raise ValueError(f"exact_state must be one of {', '.join(EXACT_STATES)}")
    counts = MemoryCounts()
    if not len(memory):
        return catalog, counts
    entries = list(catalog.entries)
    for index, entry in enumerate(entries):
        if not fillable(entry):
            continue
        match = memory.lookup(entry.msgid, exclude)
        if match is None:
            continue
        comments = [c for c in entry.translator_comments if not c.startswith(TM_COMMENT_PREFIX)]
        flags = entry.flags if "fuzzy" in entry.flags else ["fuzzy", *entry.flags]
        if match.exact:
            counts.exact += 1
            previous = None
            if exact_state == "translated":
                flags = entry.flags
            comments.append(f"{TM_COMMENT_PREFIX} {match.record.origin}")
        else:
            counts.fuzzy += 1
            previous = match.record.source
            comments.append(f"{TM_COMMENT_PREFIX} {match.record.origin}; "
                            f"{match.score:.0f}% similar")
        entries[index] = replace(entry, msgstr=match.record.target, previous_msgid=previous,
                                 flags=list(flags), translator_comments=comments)
    if not counts.total:
        return catalog, counts
    filled = copy.copy(catalog)  # keeps what the catalog remembers of its header as read
    filled.entries = entries
    return filled, counts

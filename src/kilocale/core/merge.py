"""Template + existing translations → updated catalog, the way ``msgmerge --previous`` does it.

Principles:
- a non-empty translation is never dropped: it is kept, moved to a fuzzy match, or made
  obsolete (``#~``) where a later update can bring it back;
- every entry whose msgid changed needs review: it is marked ``fuzzy`` and carries the
  old msgid as ``#| msgid`` so the translator sees what changed (numbers, dates and
  negations included, however similar the texts are);
- entries follow the template's order, obsolete ones come last in a stable order, so a
  one-word change in the source is a small diff in every PO file;
- inputs are never mutated.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from kilocale.model import Catalog, Entry

# rapidfuzz's normalized Indel similarity (0–100), the same cut-off msgmerge uses (0.6).
# Measured on the article (tests/test_merge.py::test_threshold_separates_edits_from_other_
# sentences): replacing any one word of any sentence by another word keeps every edit at
# 60.4 or more, even when a long word of a four-word sentence is replaced; two different
# sentences of the article never score above 52.  A higher cut-off (70 was tried) missed
# 5 of 4,550 one-word edits in benchmarks/scale.py that msgmerge found.  Candidates are
# only translations whose msgid vanished, so a loose match can only propose a fuzzy draft.
FUZZY_THRESHOLD = 60.0

KEEP_HEADER_FIELDS = ("PO-Revision-Date", "Last-Translator", "Language-Team")
# Where gettext puts the standard header fields; fields a catalog already has keep their order.
HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms", "X-Generator",
)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
# Below this many candidates a plain extractOne over all of them is as fast as the window.
_SMALL = 64
# The windows searched in turn, widest last: the lengths that can score this much (see
# FuzzyIndex.best).
_RINGS = (99.0, 97.0, 94.0, 90.0, 80.0, 0.0)


class FuzzyIndex:
    """Fuzzy candidates sorted by length, searched only where the length allows the score.

    ``best`` answers exactly what ``process.extractOne(query, texts, scorer=fuzz.ratio,
    score_cutoff=cutoff)`` answers (the best score, ties to the first candidate in
    ``texts``), without scoring every candidate: ratio = 100 * (1 - d / (la + lb)) with the
    Indel distance d >= |la - lb|, so a candidate can only reach a score s if its length
    lies in [la * s / (200 - s), la * (200 - s) / s].  The search scores the lengths that
    could reach 99 (a long sentence with one word edited scores about 96), then widens
    the window ring by ring, each ring only as far as the best score so far allows and
    with that score as rapidfuzz's cut-off, which makes each comparison cheaper too; it
    stops once nothing outside can reach the best score.  A big catalog has thousands of
    vanished msgids for thousands of new ones; scoring every pair is what makes msgmerge
    slow on it.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        self._order = order
        self._sorted = [texts[i] for i in order]
        self._lengths = [len(texts[i]) for i in order]

    def _window(self, length: int, score: float) -> tuple[int, int]:
        """Positions in length order of the candidates that may score ``score`` or more."""
        if score <= 0:
            return 0, len(self._lengths)
        # One character of slack each way: the bound is exact, the float arithmetic is not.
        low = math.floor(length * score / (200 - score)) - 1
        high = math.ceil(length * (200 - score) / score) + 1
        return bisect_left(self._lengths, low), bisect_right(self._lengths, high)

    def _scores(self, query: str, start: int, stop: int, cutoff: float
                ) -> list[tuple[float, int]]:
        if start >= stop:
            return []
        found = process.extract(query, self._sorted[start:stop], scorer=fuzz.ratio,
                                score_cutoff=cutoff, limit=None)
        return [(score, self._order[start + i]) for _, score, i in found]

    def best(self, query: str, cutoff: float) -> tuple[int, float] | None:
        """(index into ``texts``, score) of the best candidate scoring ``cutoff`` or more."""
        if len(self.texts) <= _SMALL:
            found = process.extractOne(query, self.texts, scorer=fuzz.ratio,
                                       score_cutoff=cutoff) if self.texts else None
            return None if found is None else (found[2], found[1])
        length = len(query)
        scored: list[tuple[float, int]] = []
        top = cutoff  # the best score so far, at least the cut-off
        start = stop = None  # the positions scored so far: all that can reach `reach`
        for ring in _RINGS:
            reach = max(ring, top)
            low, high = self._window(length, reach)
            if start is None or stop is None:
                scored += self._scores(query, low, high, top)
            else:
                scored += self._scores(query, low, start, top) + self._scores(query, stop, high, top)
            start, stop = low, high
            top = max([top] + [score for score, _ in scored])
            if top >= reach:  # whatever lies outside cannot reach the best score
                break
        if not scored:
            return None
        score, index = max(scored, key=lambda item: (item[0], -item[1]))
        return index, score


#: How :func:`merge` finds each new msgid's best fuzzy candidate: (index, queries,
#: threshold) → per query what :meth:`FuzzyIndex.best` answers, in order.  The shell may
#: spread a big catalog's queries over processes; the answers must be the same.
Search = Callable[[FuzzyIndex, list[str], float], list[tuple[int, float] | None]]


def search_each(index: FuzzyIndex, queries: list[str], threshold: float
                ) -> list[tuple[int, float] | None]:
    """The default :data:`Search`: one :meth:`FuzzyIndex.best` per query, in this process."""
    return [index.best(query, threshold) for query in queries]


@dataclass
class MergeReport:
    """What an update did to one catalog."""

    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0
    resurrected: int = 0
    dropped_untranslated: int = 0
    fuzzy_pairs: list[tuple[str, str]] = field(default_factory=list)  # (old msgid, new msgid)


def merge_header(template: dict[str, str], existing: dict[str, str] | None,
                 language: str, plural_forms: str) -> dict[str, str]:
    """Header of the merged PO: template fields, the translator's own fields, language data."""
    header = dict(template)
    old = existing or {}
    for key in KEEP_HEADER_FIELDS:
        if key in old:
            header[key] = old[key]
    header.setdefault("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE")
    header.setdefault("Last-Translator", "FULL NAME <EMAIL@ADDRESS>")
    header.setdefault("Language-Team", "LANGUAGE <LL@li.org>")
    header["Language"] = language
    header["Plural-Forms"] = old.get("Plural-Forms") or plural_forms
    header["Content-Type"] = "text/plain; charset=UTF-8"
    for key, value in old.items():
        if key not in header:
            header[key] = value
    rank = {k: i for i, k in enumerate(HEADER_ORDER)}
    if old:  # the translator's order first, new fields where gettext puts them
        position = {k: i for i, k in enumerate(old)}
        order = sorted(header, key=lambda k: (position.get(k, len(position)), rank.get(k, 99)))
    else:
        order = sorted(header, key=lambda k: rank.get(k, len(rank)))
    return {k: header[k] for k in order}


def _nplurals(plural_forms: str) -> int:
    m = _NPLURALS.search(plural_forms)
    return int(m.group(1)) if m else 2


def _forms_for(template: Entry, old: Entry, nplurals: int) -> tuple[list[str], bool]:
    """``msgstr_plural`` for ``template``'s shape from ``old``'s translation; True if it must be reviewed.

    A plural entry keeps all its forms; when the template turns a singular entry into a
    plural one (or back), the translation is carried over and marked fuzzy, as msgmerge does.
    """
    if template.msgid_plural is None:
        return [], old.msgid_plural is not None
    if old.msgid_plural is not None:
        return list(old.forms), False
    return [old.msgstr] + [""] * (nplurals - 1), True


def merge(template: Catalog, existing: Catalog | None, *, language: str, plural_forms: str,
          threshold: float = FUZZY_THRESHOLD, search: Search = search_each
          ) -> tuple[Catalog, MergeReport]:
    """Merge ``existing`` translations into ``template``.

    Args:
        template: the POT content (msgstrs ignored).
        existing: the current PO file, or None to create a new catalog.
        language: gettext language code for the ``Language`` header.
        plural_forms: the ``Plural-Forms`` header value for the language.
        threshold: minimum rapidfuzz ratio for a fuzzy match.
        search: how the new msgids' candidates are found (:data:`Search`).
    """
    report = MergeReport()
    old_entries = existing.entries if existing else []
    active = {e.key: e for e in old_entries if not e.obsolete}
    obsolete = {e.key: e for e in old_entries if e.obsolete}
    used: set[tuple[str | None, str]] = set()
    merged: list[Entry] = []
    pending: list[int] = []
    nplurals = _nplurals(plural_forms)
    for t in template.entries:
        if t.obsolete:
            continue
        flags = [f for f in t.flags if f != "fuzzy"]
        old = active.get(t.key)
        if old is None and t.key in obsolete and obsolete[t.key].msgstr:
            old = obsolete[t.key]
            report.resurrected += 1
        if old is None:
            merged.append(Entry(msgid=t.msgid, msgctxt=t.msgctxt, references=list(t.references),
                                extracted_comments=list(t.extracted_comments), flags=flags,
                                msgid_plural=t.msgid_plural, msgstr_plural=[""] * nplurals
                                if t.msgid_plural is not None else []))
            pending.append(len(merged) - 1)
            continue
        used.add(old.key)
        forms, review = _forms_for(t, old, nplurals)
        flags = list(dict.fromkeys(flags + old.flags + (["fuzzy"] if review else [])))
        fuzzy = "fuzzy" in flags
        kept = Entry(msgid=t.msgid, msgctxt=t.msgctxt, references=list(t.references),
                     extracted_comments=list(t.extracted_comments), flags=flags,
                     msgid_plural=t.msgid_plural, msgstr=old.msgstr, msgstr_plural=forms,
                     translator_comments=list(old.translator_comments),
                     previous_msgctxt=old.previous_msgctxt if fuzzy else None,
                     previous_msgid=old.previous_msgid if fuzzy else None,
                     previous_msgid_plural=old.previous_msgid_plural if fuzzy else None)
        kept.carry_source(old)  # unchanged: written back as read, not wrapped again
        merged.append(kept)
        report.kept += 1

    # Fuzzy candidates: translated entries whose msgid vanished from the template.
    candidates = [e for e in old_entries if e.msgstr and e.key not in used
                  and (not e.obsolete or e.key not in active)]
    seen: set[tuple[str | None, str]] = set()
    candidates = [e for e in candidates if not (e.key in seen or seen.add(e.key))]
    index = FuzzyIndex([e.msgid for e in candidates])
    found = search(index, [merged[i].msgid for i in pending], threshold) if pending else []
    for i, best in zip(pending, found):
        entry = merged[i]
        if best is None:
            report.new += 1
            continue
        old = candidates[best[0]]
        forms, _ = _forms_for(entry, old, nplurals)
        merged[i] = replace(entry, msgstr=old.msgstr, msgstr_plural=forms,
                            flags=list(dict.fromkeys(entry.flags + ["fuzzy"])),
                            previous_msgctxt=old.msgctxt, previous_msgid=old.msgid,
                            previous_msgid_plural=old.msgid_plural,
                            translator_comments=list(old.translator_comments))
        merged[i].carry_source(old)  # its translation's lines, written as they were read
        report.fuzzy += 1
        report.fuzzy_pairs.append((old.msgid, entry.msgid))

    # Everything translated that is no longer in the template becomes obsolete.
    template_keys = {e.key for e in merged}
    out_obsolete: dict[tuple[str | None, str], Entry] = {}
    for e in old_entries:
        if e.key in template_keys or not e.msgstr:
            if not e.obsolete and not e.msgstr and e.key not in template_keys:
                report.dropped_untranslated += 1
            continue
        if e.obsolete:
            out_obsolete.setdefault(e.key, e)
        else:
            out_obsolete[e.key] = replace(e, obsolete=True, references=[],
                                          extracted_comments=[], line=0)
            report.obsoleted += 1
    header = merge_header(template.header, existing.header if existing else None,
                          language, plural_forms)
    catalog = Catalog(header=header, entries=merged + list(out_obsolete.values()),
                      header_comments=list(existing.header_comments) if existing
                      and existing.header_comments else list(template.header_comments),
                      header_flags=[f for f in (existing.header_flags if existing else [])
                                    if f != "fuzzy"],
                      path=existing.path if existing else None)
    return catalog, report

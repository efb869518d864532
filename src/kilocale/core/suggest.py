"""``kilocale glossary suggest``: candidate terms in the sources that the glossary misses.

Pure: texts in, candidates out.  German capitalises every noun, so "capitalised" alone says
nothing; the signals used are those that mark names in German running text:

* names with version numbers (``Qwen 2.5-Max``, ``Kimi k1.5``, ``GLM-4 plus``) and bare
  model codes (``R1``, ``V3``) — confidence 0.9 / 0.8;
* CamelCase words (``DeepSeek``, ``ByteDance``, ``WeChat``) — 0.9;
* acronyms (``KI``, ``LLMs``, ``BAAI``) — 0.85;
* multi-word proper names built with an organisation or place word (``Moonshot AI``,
  ``Alibaba Group``, ``Tsinghua University``, ``Beijing Academy of Artificial
  Intelligence``, ``Silicon Valley``) — 0.9;
* capitalised words that also occur in the genitive (``Baidu``/``Baidus``) or alone in
  parentheses (``(Alibaba)``) — 0.6, worth a look but not certain.

A candidate is covered when every occurrence lies inside a glossary match
(:func:`kilocale.core.glossary.source_matches`, inflections included); only uncovered
candidates are returned.  :data:`HIGH` is the confidence from which a candidate counts as
high-confidence (the shipped glossary must leave none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kilocale.core.glossary import Glossary, source_matches

__all__ = ["Candidate", "suggest_terms", "HIGH"]

HIGH = 0.8

_MARKERS = ("Group|Holdings|AI|University|Universität|Academy|Institute|Institut|Valley|Cloud|"
            "Labs?|Inc|Technologies|Technology|Corporation|Corp|Bank|Research|Foundation|"
            "Capital|Ventures|Systems")
_SUFFIX_WORDS = "Max|Pro|Plus|plus|Mini|Turbo|Ultra|Lite|Flash|Preview|Instruct|Chat"
_VERSION = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{2,})"
    r"(?P<sep>[ -])(?P<ver>[A-Za-z]{0,2}\d+(?:\.\d+)*)"
    rf"(?P<tail>-(?:{_SUFFIX_WORDS})| (?:{_SUFFIX_WORDS}))?(?![\w.]*\d)(?![A-Za-z])")
_CODE = re.compile(r"(?<![\w.-])[A-Z]\d{1,2}(?:\.\d+)?(?![\w.]*\d)(?![A-Za-z])")
_CAMEL = re.compile(r"(?<![\w-])[A-Z][a-z]+[A-Z][A-Za-z]*(?![A-Za-z])")
_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,}s?(?![A-Za-z0-9])")
_MULTI = re.compile(rf"(?<![\w-])[A-Z][A-Za-z]+ (?:{_MARKERS})(?: of(?: [A-Z][a-z]+)+)?(?![\w-])")
_PAREN = re.compile(r"\(([A-Z][a-z]{2,})\)")
_CAPWORD = re.compile(r"(?<![\w-])([A-Z][a-z]{2,}?)(s?)(?![\w-])")
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:des|eines|dieses|jenes|jedes|seines|ihres|keines|meines|"
                             r"unseres|unsres|eures|welches|manches)\s+(?:\w+\s+)?)$", re.I)
_INFLECTED_BEFORE = re.compile(r"\b[a-zäöüß]+(?:e|en|em|er|es)\s+$")
_STOP = {"Die", "Der", "Das", "Den", "Dem", "Ein", "Eine", "Einer", "Diese", "Dieser", "Dieses",
         "Jede", "Jeder", "Jene", "Alle", "Als", "Aber", "Wie", "Wenn", "Was", "Ihr", "Ihre",
         "Sein", "Seine", "Und", "Oder", "Bei", "Von", "Mit", "Aus", "Für", "Nach", "Des"}


@dataclass(frozen=True)
class Candidate:
    """A possible glossary term: how it is written, how often, how sure, and why."""

    text: str
    count: int
    confidence: float
    reason: str
    examples: tuple[str, ...] = field(default=(), compare=False)

    @property
    def high(self) -> bool:
        return self.confidence >= HIGH


def _version_ok(m: re.Match[str]) -> bool:
    ver = m.group("ver")
    return bool(m.group("sep") == "-" or "." in ver or any(c.isalpha() for c in ver)
                or m.group("tail"))


def _found(text: str) -> list[tuple[int, int, str, float, str]]:
    """``(start, end, display, confidence, reason)`` for every signal in ``text``."""
    out: list[tuple[int, int, str, float, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _VERSION.finditer(text):
        if _version_ok(m):
            out.append((m.start(), m.end(), m.group(0), 0.9, "name with a version number"))
            taken.append((m.start(), m.end()))
    for m in _MULTI.finditer(text):
        out.append((m.start(), m.end(), m.group(0), 0.9, "multi-word proper name"))
        taken.append((m.start(), m.end()))

    def inside(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in taken)

    for m in _CODE.finditer(text):
        if not inside(m.start(), m.end()):
            out.append((m.start(), m.end(), m.group(0), 0.8, "model code"))
    for m in _CAMEL.finditer(text):
        if not inside(m.start(), m.end()):
            out.append((m.start(), m.end(), m.group(0), 0.9, "CamelCase name"))
    for m in _ACRONYM.finditer(text):
        if not inside(m.start(), m.end()):
            out.append((m.start(), m.end(), m.group(0), 0.85, "acronym"))
    return out


def _covered(start: int, end: int, spans: list[tuple[int, int]], text: str) -> bool:
    return all(text[i].isspace() or any(s <= i < e for s, e in spans) for i in range(start, end))


def suggest_terms(texts: Iterable[str], glossary: Glossary) -> list[Candidate]:
    """Candidate terms in ``texts`` that ``glossary`` does not cover yet.

    Args:
        texts: source documents or segments (German).
        glossary: the current glossary.

    Returns:
        Uncovered candidates, most confident and most frequent first.
    """
    seen: dict[str, dict] = {}
    capwords: dict[str, list[tuple[str, bool, str]]] = {}
    for text in texts:
        spans = [(m.start, m.end) for m in source_matches(glossary, text)]
        for start, end, display, confidence, reason in _found(text):
            key = display
            if reason in ("CamelCase name", "acronym") and key.endswith("s") and len(key) > 2:
                key = key[:-1]  # German genitive or plural: DeepSeeks, LLMs
            rec = seen.setdefault(key, {"count": 0, "confidence": confidence, "reason": reason,
                                        "covered": True, "examples": []})
            rec["count"] += 1
            rec["confidence"] = max(rec["confidence"], confidence)
            if not _covered(start, end, spans, text):
                rec["covered"] = False
                if len(rec["examples"]) < 3:
                    rec["examples"].append(text[max(0, start - 30):end + 30].replace("\n", " "))
        for m in _CAPWORD.finditer(text):
            if m.group(1) in _STOP or (m.group(2) and (
                    _ARTICLE_BEFORE.search(text, max(0, m.start() - 60), m.start())
                    or _INFLECTED_BEFORE.search(text, max(0, m.start() - 30), m.start()))):
                continue  # a function word, or a common noun's genitive/plural after an article
                #           or an inflected adjective ("des Wettbewerbs", "unbegrenzten Budgets")
            covered = _covered(m.start(), m.end(), spans, text)
            capwords.setdefault(m.group(1), []).append(
                (m.group(2), covered, text[max(0, m.start() - 30):m.end() + 30]))
        for m in _PAREN.finditer(text):
            covered = _covered(m.start(1), m.end(1), spans, text)
            capwords.setdefault(m.group(1), []).append(("()", covered, m.group(0)))
    for word, uses in capwords.items():
        if word in seen:
            continue
        kinds = {u[0] for u in uses}
        if ("" in kinds and "s" in kinds) or "()" in kinds:
            if any(not covered for _k, covered, _ex in uses):
                seen[word] = {"count": len(uses), "confidence": 0.6,
                              "reason": "capitalised name used in the genitive or in parentheses",
                              "covered": False,
                              "examples": [ex for _k, c, ex in uses if not c][:3]}
    out = [Candidate(text=k, count=v["count"], confidence=v["confidence"], reason=v["reason"],
                     examples=tuple(v["examples"]))
           for k, v in seen.items() if not v["covered"]]
    return sorted(out, key=lambda c: (-c.confidence, -c.count, c.text))

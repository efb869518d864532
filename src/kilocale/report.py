"""Presentation: findings, statistics and the check list as text, JSON or GitHub annotations.

The one place that decides how a report looks; :mod:`kilocale.cli` prints what these
functions return, and library code never prints.  Every renderer is a pure function of
report records (:class:`kilocale.model.Finding`, :class:`kilocale.pipeline.StatsRow`,
:class:`kilocale.core.checks.Check`) and returns a string that ends with a newline unless
it is empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from kilocale.model import Finding, Severity

__all__ = ["FORMATS", "STATS_FORMATS", "format_findings", "format_stats", "format_check_list"]

FORMATS = ("text", "json", "github")
STATS_FORMATS = ("text", "json")


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_findings(findings: Iterable[Finding], fmt: str = "text") -> str:
    """Render findings: ``text`` (``path:line: [code] message``), ``json`` or ``github``.

    ``json`` is a list of objects with ``path``, ``line``, ``code``, ``severity``,
    ``message`` and ``msgid``; ``github`` is one workflow-command annotation per finding.
    """
    items = sorted(findings)
    if fmt == "json":
        return json.dumps([{"path": f.path, "line": f.line, "code": f.code,
                            "severity": Severity(f.severity).value, "message": f.message,
                            "msgid": f.msgid} for f in items],
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        lines = []
        for f in items:
            level = "error" if Severity(f.severity) is Severity.ERROR else "warning"
            lines.append(f"::{level} file={_gh_escape(f.path, True)},line={f.line},"
                         f"title={_gh_escape(f.code, True)}::{_gh_escape(f.message)}")
        return "".join(line + "\n" for line in lines)
    if fmt == "text":
        return "".join(str(f) + "\n" for f in items)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")


class _Stats(Protocol):
    translated: int
    fuzzy: int
    machine: int
    untranslated: int
    obsolete: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int
    obsolete_words: int
    percent: float


class _Row(Protocol):
    language: str
    doc: str
    stats: _Stats
    stale: str  # why the figures may be out of date ("" when the template is current)
    language_percent: float  # the language-wide figure build --min-complete judges
    has_template: bool


def format_stats(rows: Sequence[_Row], fmt: str = "text") -> str:
    """Render ``stats`` rows: an aligned ``text`` table, or ``json`` (one object per row)."""
    if fmt == "json":
        data: list[dict[str, Any]] = [
            {"language": r.language, "doc": r.doc,
             "translated": r.stats.translated, "fuzzy": r.stats.fuzzy,
             "machine_drafts": r.stats.machine,
             "untranslated": r.stats.untranslated,
             "obsolete": r.stats.obsolete,
             "translated_words": r.stats.translated_words,
             "fuzzy_words": r.stats.fuzzy_words,
             "untranslated_words": r.stats.untranslated_words,
             "obsolete_words": r.stats.obsolete_words,
             "percent": round(r.stats.percent, 1),
             "language_percent": round(r.language_percent, 1),
             "stale": r.stale, "has_template": r.has_template} for r in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(STATS_FORMATS)})")
    lines = [f"{'language':<9}{'document':<16}{'translated':>12}{'fuzzy':>8}{'(MT)':>6}"
             f"{'untransl.':>11}{'obsolete':>10}{'words done/all':>16}{'complete':>10}"]
    for r in rows:
        s = r.stats
        words = f"{s.translated_words}/{s.translated_words + s.fuzzy_words + s.untranslated_words}"
        complete = (f"{s.percent:>9.1f}%" if r.has_template
                    else f"{'no POT':>10}")  # never extracted: empty, not complete
        lines.append(f"{r.language:<9}{r.doc:<16}{s.translated:>12}{s.fuzzy:>8}{s.machine:>6}"
                     f"{s.untranslated:>11}{s.obsolete:>10}{words:>16}{complete}")
    overall = {r.language: r.language_percent for r in rows}
    if overall:
        lines.append("reviewed, all documents (what build --min-complete judges): "
                     + ", ".join(f"{lang} {pct:.1f}%" for lang, pct in overall.items()))
    return "".join(line + "\n" for line in lines)


def format_check_list(checks: Iterable[tuple[str, Severity, str, str]]) -> str:
    """Render ``(code, severity, category, title)`` rows as an aligned table, one per line."""
    rows = sorted(checks)
    if not rows:
        return ""
    width = max(len(code) for code, *_ in rows) + 2
    cat_width = max(len(category) for _c, _s, category, _t in rows) + 2
    return "".join(f"{code:<{width}}{Severity(severity).value:<9}{category:<{cat_width}}{title}\n"
                   for code, severity, category, title in rows)

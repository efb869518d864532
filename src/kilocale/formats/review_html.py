"""The reviewer's page: one standalone HTML file per language, written with lxml.

One row per entry: where it is (file and line), the source, the translation, its state
(reviewed, fuzzy, machine draft with its engine, memory match with its origin,
untranslated), the ``check`` findings for it and, for a fuzzy entry that carries its
previous msgid, a word-level diff of the previous source against the current one.

The filters ("needs review", "has findings") are radio buttons and a CSS ``:has()`` rule:
they work without JavaScript.  At phone width the table becomes one card per entry, each
cell labelled.  The page uses the editions' stylesheet (``edition.css``) plus its own
``review.css``, both inlined, so the file can be mailed or attached to a ticket.

Like the editions, the page is deterministic (no clock) and safe by construction: text
from PO files only ever becomes element text, which lxml escapes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

from lxml import etree
from lxml import html as lxml_html

from kilocale.formats.html import bcp47, stylesheet, text_direction

__all__ = ["ReviewEntry", "ReviewPage", "STATES", "word_diff", "render_review"]

# state → (label shown, whether it needs review, label of several)
STATES: dict[str, tuple[str, bool, str]] = {
    "reviewed": ("reviewed", False, "reviewed"),
    "fuzzy": ("fuzzy", True, "fuzzy"),
    "machine": ("machine draft", True, "machine drafts"),
    "memory": ("memory match", True, "memory matches"),
    "untranslated": ("untranslated", True, "untranslated"),
}


@dataclass(frozen=True)
class ReviewEntry:
    """One catalog entry as the reviewer sees it."""

    doc: str
    path: str
    line: int
    msgid: str
    msgstr: str
    state: str  # a key of STATES
    detail: str = ""  # the engine of a machine draft, the origin of a memory match
    previous_msgid: str | None = None
    findings: tuple[tuple[str, str, str], ...] = ()  # (code, severity, message)

    @property
    def needs_review(self) -> bool:
        return STATES[self.state][1]


@dataclass(frozen=True)
class ReviewPage:
    """Everything one language's page shows."""

    language: str
    source_language: str
    entries: tuple[ReviewEntry, ...]
    documents: tuple[tuple[str, str], ...] = ()  # (doc, PO path), in page order
    glossary_notes: tuple[str, ...] = ()  # findings about the glossary itself
    since: str | None = None
    total: int = 0  # entries before --since filtered them
    language_name: str = ""  # e.g. "Brazilian Portuguese", shown beside the code
    extra: dict[str, str] = field(default_factory=dict)


_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` pieces turning ``old`` into ``new`` word by word: op is ``=``, ``-``, ``+``.

    Words, runs of punctuation and runs of spaces are the units, so a changed number or a
    dropped negation shows as exactly that word.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            out.append(("-", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(("+", "".join(b[j1:j2])))
    return out


# Characters XML cannot carry (controls, lone surrogates) become U+FFFD, as in the editions.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _review_css() -> str:
    return resources.files("kilocale.formats").joinpath("review.css").read_text(encoding="utf-8")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        el.text = _xml_safe(text)
    return el


def _anchor(entry: ReviewEntry) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", entry.doc) + f"-{entry.line}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(page: ReviewPage) -> str:
    counts = {state: 0 for state in STATES}
    for e in page.entries:
        counts[e.state] += 1
    parts = [f"{counts[s]} {STATES[s][0] if counts[s] == 1 else STATES[s][2]}"
             for s in STATES if counts[s]]
    flagged = sum(1 for e in page.entries if e.findings)
    docs = _plural(len(page.documents), "document", "documents")
    head = _plural(len(page.entries), "entry", "entries")
    if page.since is not None:
        head += f" changed since {page.since} (of {page.total})"
    return (f"{head} in {docs}: {', '.join(parts) or 'none'}; "
            f"{_plural(flagged, 'entry has', 'entries have')} findings.")


def _filters(parent: etree._Element, page: ReviewPage) -> None:
    needs = sum(1 for e in page.entries if e.needs_review)
    flagged = sum(1 for e in page.entries if e.findings)
    form = _sub(parent, "form", **{"class": "review-filters", "aria-label": "Filter entries"})
    fieldset = _sub(form, "fieldset")
    _sub(fieldset, "legend", "Show")
    for ident, label, checked in (("show-all", f"All entries ({len(page.entries)})", True),
                                  ("show-review", f"Needs review ({needs})", False),
                                  ("show-findings", f"Has findings ({flagged})", False)):
        wrap = _sub(fieldset, "span", **{"class": "review-filter"})
        radio = _sub(wrap, "input", type="radio", name="show", id=ident, value=ident[5:])
        if checked:
            radio.set("checked", "checked")
        _sub(wrap, "label", label, **{"for": ident})


def _state_cell(row: etree._Element, entry: ReviewEntry) -> None:
    cell = _sub(row, "td", **{"class": "review-state", "data-label": "State"})
    _sub(cell, "span", STATES[entry.state][0], **{"class": f"badge badge-{entry.state}"})
    if entry.detail:
        _sub(cell, "span", entry.detail, **{"class": "review-detail"})


def _source_cell(row: etree._Element, entry: ReviewEntry, source_lang: str) -> None:
    cell = _sub(row, "td", **{"class": "review-source", "data-label": "Source",
                              "lang": bcp47(source_lang)})
    _sub(cell, "p", entry.msgid)
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        details = _sub(cell, "div", **{"class": "review-diff"})
        _sub(details, "p", "Changed from the previous source:", **{"class": "review-diff-label",
                                                                    "lang": "en"})
        para = _sub(details, "p")
        for op, text in word_diff(entry.previous_msgid, entry.msgid):
            if op == "=":
                _sub(para, "span", text)
                continue
            # Screen readers rarely announce <del>/<ins>: a hidden word says which it is.
            _sub(para, "span", "removed: " if op == "-" else "added: ",
                 **{"class": "visually-hidden", "lang": "en"})
            _sub(para, "del" if op == "-" else "ins", text)


def _findings_cell(row: etree._Element, entry: ReviewEntry) -> None:
    cell = _sub(row, "td", **{"class": "review-findings", "data-label": "Findings"})
    if not entry.findings:
        _sub(cell, "span", "none", **{"class": "review-none"})
        return
    ul = _sub(cell, "ul")
    for code, severity, message in entry.findings:
        li = _sub(ul, "li", **{"class": f"finding finding-{severity}"})
        _sub(li, "code", code)
        _sub(li, "span", f" {message}")


def render_review(page: ReviewPage) -> bytes:
    """The standalone review page for ``page.language``."""
    lang = page.language
    root = etree.Element("html", lang="en", dir="ltr")
    head = _sub(root, "head")
    _sub(head, "meta", charset="utf-8")
    _sub(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    name = f" — {page.language_name}" if page.language_name else ""
    _sub(head, "title", f"Review: {lang}{name}")
    _sub(head, "style").text = "\n" + stylesheet() + _review_css()
    body = _sub(root, "body", **{"class": "review"})
    main = _sub(body, "main")
    h1 = _sub(main, "h1", "Review: ")
    code = _sub(h1, "span", lang)
    code.tail = name or None
    _sub(main, "p", _summary(page), **{"class": "review-summary"})
    if page.glossary_notes:
        section = _sub(main, "section", **{"class": "review-glossary",
                                           "aria-labelledby": "glossary-gaps"})
        _sub(section, "h2", f"Glossary ({len(page.glossary_notes)})", id="glossary-gaps")
        details = _sub(section, "details")
        _sub(details, "summary", f"{_plural(len(page.glossary_notes), 'note', 'notes')} "
                                 f"about the glossary for {lang}")
        ul = _sub(details, "ul")
        for note in page.glossary_notes:
            _sub(ul, "li", note)
    _filters(main, page)
    by_doc: dict[str, list[ReviewEntry]] = {}
    for e in page.entries:
        by_doc.setdefault(e.doc, []).append(e)
    for doc, po_path in page.documents:
        entries = by_doc.get(doc, [])
        section = _sub(main, "section", **{"class": "review-doc"})
        heading = _sub(section, "h2", doc)
        _sub(heading, "span", f" {po_path}", **{"class": "review-path"})
        if not entries:
            _sub(section, "p", "No entries to review.", **{"class": "review-none"})
            continue
        wrap = _sub(section, "div", **{"class": "table-wrap"})
        table = _sub(wrap, "table", **{"class": "review-table"})
        _sub(table, "caption", f"{doc}: {_plural(len(entries), 'entry', 'entries')}",
             **{"class": "visually-hidden"})
        row = _sub(_sub(table, "thead"), "tr")
        for label in ("Line", f"Source ({page.source_language})", f"Translation ({lang})",
                      "State", "Findings"):
            _sub(row, "th", label, scope="col")
        tbody = _sub(table, "tbody")
        for e in entries:
            classes = ["entry", f"state-{e.state}"]
            if e.needs_review:
                classes.append("needs-review")
            if e.findings:
                classes.append("has-findings")
            row = _sub(tbody, "tr", id=_anchor(e), **{"class": " ".join(classes)})
            cell = _sub(row, "td", **{"class": "review-line", "data-label": "Line"})
            _sub(cell, "a", str(e.line), href=f"#{_anchor(e)}",
                 **{"aria-label": f"{po_path} line {e.line}"})
            _source_cell(row, e, page.source_language)
            cell = _sub(row, "td", **{"class": "review-target", "data-label": "Translation",
                                      "lang": bcp47(lang), "dir": text_direction(lang)})
            if e.msgstr:
                _sub(cell, "p", e.msgstr)
            else:
                _sub(cell, "p", "(empty)", lang="en", **{"class": "review-none"})
            _state_cell(row, e)
            _findings_cell(row, e)
    _sub(main, "p", "No entry matches this filter.", **{"class": "review-empty", "lang": "en"})
    return lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html",
                              pretty_print=True)


def documents_of(entries: Sequence[ReviewEntry]) -> tuple[tuple[str, str], ...]:
    """(doc, path) pairs in the order the entries name them."""
    return tuple(dict.fromkeys((e.doc, e.path) for e in entries))

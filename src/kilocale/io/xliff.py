"""XLIFF 1.2 ↔ catalog entries, for CAT tools (Trados, memoQ, Phrase, OmegaT, Weblate).

One ``<file>`` per catalog (language × document), one ``<trans-unit>`` per active entry:

* ``id`` is :func:`unit_id`: ``u`` + the first 16 hex digits of the SHA-256 of the
  entry's gettext key (``msgctxt + "\\x04" + msgid``, or the msgid alone).  It depends on
  nothing but the key, so it is the same in every export and every language, and an
  entry whose msgid changed has a new id (its old unit is then reported on import);
* ``<source>`` is the msgid, ``<target>`` the msgstr; inline Markdown that must survive
  (code spans, link and image markup with their destinations, autolinks, URLs, HTML
  tags, emphasis markers, backslash escapes) becomes ``<ph id="N">native code</ph>``,
  found by :func:`kilocale.core.protect.protect` (without glossary terms), so a CAT tool
  shows them as locked tags.  A target's tags get the ids of the source tags with the same
  code, so tag checks in the CAT tool pair them;
* the state goes on ``<target>``, both ways (:data:`STATES`): untranslated → ``new``,
  fuzzy → ``needs-review-translation``, unreviewed machine draft → the same with
  ``state-qualifier="mt-suggestion"``, reviewed → ``translated`` with ``approved="yes"``
  (Translate Toolkit counts a unit as fuzzy unless it is approved);
* ``#.`` comments (the block kind and the paragraph context) become
  ``<note from="developer">``, translator comments ``<note from="translator">``;
  references become ``<context-group purpose="location">``; a msgctxt becomes a
  ``<context-group name="x-gettext-msgctxt">``.

Reading back (:func:`parse_xliff`) turns ``<ph>``/``<x/>`` (and ``<bpt>``, ``<ept>``,
``<it>``, ``<g>``, ``<mrk>``, which other tools may write) into text again; a tag
without content takes the native code of the source tag with its id.
:func:`merge_units` applies the targets to a catalog by unit id.

Only lxml parses and writes XML; the parser never resolves entities or loads anything.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from kilocale.core.protect import protect
from kilocale.errors import KilocaleError
from kilocale.io.xml import parse_xml
from kilocale.model import Catalog, Entry

NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = "{%s}" % NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MT_QUALIFIER = "mt-suggestion"
MSGCTXT_GROUP = "x-gettext-msgctxt"

# kilocale state → XLIFF target state.
STATES = {"untranslated": "new", "fuzzy": "needs-review-translation",
          "machine": "needs-review-translation", "reviewed": "translated"}
# XLIFF 1.2 target states a translator's work has reached (kilocale: reviewed, not fuzzy).
_DONE = frozenset({"translated", "signed-off", "final"})
_KNOWN = frozenset({"new", "needs-translation", "needs-adaptation", "needs-l10n",
                    "needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}) | _DONE


class XliffError(KilocaleError):
    """An XLIFF file is not well-formed or not one kilocale can apply."""


def unit_id(entry: Entry) -> str:
    """The stable trans-unit id of an entry: a hash of its gettext key (msgctxt, msgid)."""
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def entry_state(entry: Entry) -> str:
    """``untranslated``, ``machine`` (unreviewed draft), ``fuzzy`` or ``reviewed``."""
    if not entry.msgstr:
        return "untranslated"
    if entry.machine_draft:
        return "machine"
    return "fuzzy" if entry.fuzzy else "reviewed"


def _kind(state: str) -> str:
    """A kilocale state as what it means for the PO file (machine drafts are fuzzy)."""
    return "fuzzy" if state == "machine" else state


# --- writing ---------------------------------------------------------------------------


def _segments(text: str, ids: dict[str, list[str]] | None = None,
              start: int = 1) -> list[tuple[str, str | None, str]]:
    """``text`` cut into ``(text, None, "")`` and ``(code, id, kind)`` pieces.

    With ``ids`` (native code → source ids, consumed in order), tags reuse the source's ids;
    others are numbered from ``start``.
    """
    prot = protect(text)
    pieces: list[tuple[str, str | None, str]] = []
    pos = 0
    next_id = start
    for ph in prot.placeholders:
        marker = "{" + str(ph.index) + "}"
        at = prot.text.find(marker, pos)
        if at > pos:
            pieces.append((prot.text[pos:at], None, ""))
        if ids is None:
            tag_id = str(ph.index + 1)
        elif ids.get(ph.original):
            tag_id = ids[ph.original].pop(0)
        else:
            tag_id = str(next_id)
            next_id += 1
        pieces.append((ph.original, tag_id, ph.kind))
        pos = at + len(marker)
    if pos < len(prot.text):
        pieces.append((prot.text[pos:], None, ""))
    return pieces


def _fill(element: etree._Element, pieces: Sequence[tuple[str, str | None, str]]) -> None:
    last: etree._Element | None = None
    for text, tag_id, kind in pieces:
        if tag_id is None:
            if last is None:
                element.text = (element.text or "") + text
            else:
                last.tail = (last.tail or "") + text
            continue
        last = etree.SubElement(element, _X + "ph", id=tag_id, ctype=f"x-markdown-{kind}")
        last.text = text


def _units(entry: Entry) -> etree._Element:
    """A trans-unit, or for a plural entry a ``<group restype="x-gettext-plurals">`` holding
    one trans-unit per form, ids ``<id>[0]``, ``<id>[1]``, … (as Translate Toolkit's po2xliff)."""
    if entry.msgid_plural is None:
        return _unit(entry, unit_id(entry), entry.msgid, entry.msgstr)
    group = etree.Element(_X + "group", id=unit_id(entry), restype="x-gettext-plurals")
    for n, form in enumerate(entry.forms):
        group.append(_unit(entry, f"{unit_id(entry)}[{n}]",
                           entry.msgid if n == 0 else entry.msgid_plural, form))
    return group


def _unit(entry: Entry, uid: str, source_text: str, target_text: str) -> etree._Element:
    unit = etree.Element(_X + "trans-unit", id=uid)
    unit.set(XML_SPACE, "preserve")
    state = entry_state(entry)
    if state == "reviewed":
        unit.set("approved", "yes")
    source = etree.SubElement(unit, _X + "source")
    src_pieces = _segments(source_text)
    _fill(source, src_pieces)
    target = etree.SubElement(unit, _X + "target", state=STATES[state])
    if state == "machine":
        target.set("state-qualifier", MT_QUALIFIER)
    ids: dict[str, list[str]] = {}
    for text, tag_id, _ in src_pieces:
        if tag_id is not None:
            ids.setdefault(text, []).append(tag_id)
    n_source = sum(1 for _, tag_id, _ in src_pieces if tag_id is not None)
    _fill(target, _segments(target_text, ids, start=n_source + 1))
    for comment in entry.extracted_comments:
        etree.SubElement(unit, _X + "note", attrib={"from": "developer"}).text = comment
    for comment in entry.translator_comments:
        etree.SubElement(unit, _X + "note", attrib={"from": "translator"}).text = comment
    if entry.msgctxt is not None:
        group = etree.SubElement(unit, _X + "context-group", name=MSGCTXT_GROUP,
                                 purpose="information")
        etree.SubElement(group, _X + "context", attrib={"context-type": MSGCTXT_GROUP}).text = entry.msgctxt
    for ref in entry.references:
        group = etree.SubElement(unit, _X + "context-group", purpose="location")
        path, _, line = ref.rpartition(":")
        if not path or not line.isdigit():
            path, line = ref, ""
        etree.SubElement(group, _X + "context", attrib={"context-type": "sourcefile"}).text = path
        if line:
            etree.SubElement(group, _X + "context", attrib={"context-type": "linenumber"}).text = line
    return unit


def dumps_xliff(catalog: Catalog, source_language: str, target_language: str,
                original: str, tool_version: str = "") -> bytes:
    """The XLIFF 1.2 document of ``catalog``'s active entries, UTF-8 with a declaration.

    Args:
        catalog: the target-language catalog.
        source_language: e.g. ``de``; written as a BCP 47 tag.
        target_language: gettext code (``zh_CN``), written as ``zh-CN``.
        original: the catalog's path relative to the project, used to find it on import.
        tool_version: written in the header's ``<tool>``.

    Raises:
        XliffError: a text holds a character XML cannot carry, or two keys share an id.
    """
    root = etree.Element(_X + "xliff", nsmap={None: NS}, version="1.2")
    file_ = etree.SubElement(root, _X + "file", original=original, datatype="po",
                             attrib={"source-language": bcp47(source_language),
                                     "target-language": bcp47(target_language)})
    header = etree.SubElement(file_, _X + "header")
    etree.SubElement(header, _X + "tool", attrib={"tool-id": "kilocale", "tool-name": "kilocale",
                                                  "tool-version": tool_version})
    body = etree.SubElement(file_, _X + "body")
    seen: dict[str, Entry] = {}
    for entry in catalog.entries:
        if entry.obsolete or not entry.msgid:
            continue
        uid = unit_id(entry)
        if uid in seen:
            raise XliffError(f"unit id {uid} is shared by two entries", catalog.path, entry.line)
        seen[uid] = entry
        try:
            body.append(_units(entry))
        except ValueError as exc:  # lxml: control characters XML 1.0 cannot hold
            raise XliffError(f"cannot write this entry as XML: {exc}", catalog.path, entry.line) from None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def bcp47(code: str) -> str:
    """A gettext code as a BCP 47 language tag: ``zh_CN`` → ``zh-CN``."""
    return code.replace("_", "-")


# --- reading ---------------------------------------------------------------------------


@dataclass
class XliffUnit:
    """One trans-unit as read: texts with inline tags turned back into native code."""

    id: str
    source: str
    target: str | None          # None when the unit has no <target>
    state: str | None           # the target's state attribute
    approved: bool | None       # the approved attribute (None when absent)
    line: int = 0


@dataclass
class XliffFile:
    """One ``<file>`` of an XLIFF document."""

    original: str
    source_language: str
    target_language: str
    units: list[XliffUnit] = field(default_factory=list)
    path: str = ""
    line: int = 0


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _text(element: etree._Element, codes: dict[str, str], path: str) -> str:
    """The text of a <source>/<target>, inline tags replaced by their native code."""
    out = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in ("ph", "bpt", "ept", "it", "x", "bx", "ex"):
            content = "".join(child.itertext())
            if not content:
                tag_id = child.get("id", "")
                if tag_id not in codes:
                    raise XliffError(f"<{name} id={tag_id!r}> has no content and no source tag "
                                     f"with that id", path, child.sourceline)
                content = codes[tag_id]
            out.append(content)
        elif name in ("g", "mrk", "sub"):
            out.append(_text(child, codes, path))
        elif name:
            raise XliffError(f"unexpected <{name}> inside <{_local(element.tag)}>", path, child.sourceline)
        out.append(child.tail or "")
    return "".join(out)


def _codes(element: etree._Element) -> dict[str, str]:
    return {child.get("id", ""): "".join(child.itertext())
            for child in element.iter(_X + "ph", _X + "bpt", _X + "ept", _X + "it")}


def parse_xliff(data: bytes, path: str) -> list[XliffFile]:
    """Read an XLIFF 1.2 document.

    Raises:
        XliffError: not well-formed XML (with its line), not XLIFF 1.2, or a unit without id.
    """
    root = parse_xml(data, path, XliffError)
    if root.tag != _X + "xliff":
        raise XliffError(f"not an XLIFF 1.2 document (root element <{_local(root.tag) or root.tag}>, "
                         f"expected <xliff xmlns=\"{NS}\">)", path, root.sourceline)
    files = []
    for file_ in root.iter(_X + "file"):
        xf = XliffFile(original=file_.get("original", ""),
                       source_language=file_.get("source-language", ""),
                       target_language=file_.get("target-language", ""),
                       path=path, line=file_.sourceline or 0)
        for unit in file_.iter(_X + "trans-unit"):
            uid = unit.get("id")
            if not uid:
                raise XliffError("<trans-unit> without an id", path, unit.sourceline)
            source = unit.find(_X + "source")
            if source is None:
                raise XliffError(f"unit {uid} has no <source>", path, unit.sourceline)
            codes = _codes(source)
            target = unit.find(_X + "target")
            approved = unit.get("approved")
            xf.units.append(XliffUnit(
                id=uid, source=_text(source, {}, path),
                target=None if target is None else _text(target, codes, path),
                state=None if target is None else target.get("state"),
                approved=None if approved is None else approved == "yes",
                line=unit.sourceline or 0))
        files.append(xf)
    if not files:
        raise XliffError("no <file> element", path, root.sourceline)
    return files


# --- merging ---------------------------------------------------------------------------


def unit_kind(unit: XliffUnit) -> str:
    """What a unit means for the PO entry: ``untranslated``, ``fuzzy`` or ``reviewed``.

    The target's ``state`` decides; without one, ``approved="yes"`` means reviewed.  A
    ``new`` unit with a target text is treated as fuzzy (a translation nobody confirmed).
    """
    text = unit.target or ""
    if not text:
        return "untranslated"
    if unit.state in _DONE:
        return "reviewed"
    if unit.state is None:
        return "reviewed" if unit.approved else "fuzzy"
    return "fuzzy"


@dataclass
class MergeProblem:
    """A unit that was not applied, and why."""

    path: str
    line: int
    unit: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: unit {self.unit}: {self.message}"


@dataclass
class MergeResult:
    catalog: Catalog
    applied: int = 0          # entries whose msgstr or state changed
    unchanged: int = 0
    problems: list[MergeProblem] = field(default_factory=list)


def merge_units(catalog: Catalog, units: Iterable[XliffUnit], path: str) -> MergeResult:
    """Apply XLIFF targets to a copy of ``catalog``, matching units by :func:`unit_id`.

    A unit whose target text or state differs from its entry replaces the msgstr and sets
    or clears ``fuzzy`` by :func:`unit_kind`; nothing else in the catalog changes.  A unit
    whose id names no active entry, or whose source is not the entry's msgid, or with an
    unknown state, is not applied and is reported.
    """
    new = copy.deepcopy(catalog)
    by_id = {unit_id(e): e for e in new.entries if not e.obsolete and e.msgid}
    result = MergeResult(new)
    singular: list[XliffUnit] = []
    plural: dict[str, dict[int, XliffUnit]] = {}
    for unit in units:
        m = _PLURAL_ID.fullmatch(unit.id)
        if m and (entry := by_id.get(m.group(1))) is not None and entry.msgid_plural is not None:
            plural.setdefault(m.group(1), {})[int(m.group(2))] = unit
        else:
            singular.append(unit)
    for uid, forms in plural.items():
        _merge_plural(by_id[uid], forms, path, result)
    for unit in singular:
        entry = by_id.get(unit.id)
        if entry is None:
            result.problems.append(MergeProblem(path, unit.line, unit.id,
                                                "no entry with this id (its source changed or "
                                                "was removed); not applied"))
            continue
        if unit.source != entry.msgid:
            result.problems.append(MergeProblem(path, unit.line, unit.id,
                                                "source no longer matches the current msgid; "
                                                "not applied"))
            continue
        if unit.state is not None and unit.state not in _KNOWN and not unit.state.startswith("x-"):
            result.problems.append(MergeProblem(path, unit.line, unit.id,
                                                f"unknown state {unit.state!r}; not applied"))
            continue
        if entry.msgid_plural is not None:
            result.problems.append(MergeProblem(path, unit.line, unit.id,
                                                "the entry has plural forms; expected units "
                                                f"{unit.id}[0], {unit.id}[1], …; not applied"))
            continue
        if unit.target is None:  # no <target>: nothing to apply
            result.unchanged += 1
            continue
        kind = unit_kind(unit)
        if unit.target == entry.msgstr and kind == _kind(entry_state(entry)):
            result.unchanged += 1
            continue
        entry.msgstr = unit.target
        if kind == "fuzzy" and not entry.fuzzy:
            entry.flags = ["fuzzy", *entry.flags]
        elif kind != "fuzzy" and entry.fuzzy:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        result.applied += 1
    return result


_PLURAL_ID = re.compile(r"(u[0-9a-f]{16})\[(\d+)\]")


def _merge_plural(entry: Entry, forms: dict[int, XliffUnit], path: str, result: MergeResult) -> None:
    """Apply the units ``<id>[N]`` of a plural entry: all forms at once, or none."""
    current = entry.forms
    for n, unit in sorted(forms.items()):
        expected = entry.msgid if n == 0 else entry.msgid_plural
        problem = None
        if n >= len(current):
            problem = f"the entry has {len(current)} plural forms, not {n + 1}"
        elif unit.source != expected:
            problem = "source no longer matches the current msgid"
        elif unit.state is not None and unit.state not in _KNOWN and not unit.state.startswith("x-"):
            problem = f"unknown state {unit.state!r}"
        if problem:
            result.problems.append(MergeProblem(path, unit.line, unit.id, problem + "; not applied"))
            return
    targets = list(current)
    for n, unit in forms.items():
        if unit.target is not None:
            targets[n] = unit.target
    kinds = {unit_kind(u) for u in forms.values() if u.target is not None}
    if not kinds:
        result.unchanged += 1
        return
    kind = "fuzzy" if "fuzzy" in kinds or len(kinds) > 1 else kinds.pop()
    if targets == current and kind == _kind(entry_state(entry)):
        result.unchanged += 1
        return
    entry.msgstr = targets[0]
    entry.msgstr_plural = targets
    if kind == "fuzzy" and not entry.fuzzy:
        entry.flags = ["fuzzy", *entry.flags]
    elif kind != "fuzzy" and entry.fuzzy:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    result.applied += 1


__all__ = ["XliffError", "XliffFile", "XliffUnit", "dumps_xliff",
           "entry_state", "merge_units", "parse_xliff", "unit_id", "unit_kind"]

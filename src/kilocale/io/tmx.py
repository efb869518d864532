"""TMX 1.4b translation memories: write reviewed translations, read any memory back.

:func:`dumps_tmx` writes one ``<tu>`` per source text (msgctxt + msgid) with a ``<tuv>``
for the source and one per language that has a reviewed (non-fuzzy) translation of it;
sources nobody has translated yet are left out.  Segments are plain text: the inline
Markdown is the text a PO catalog holds, so a compendium built from the memory gives back
exactly what a translator wrote.  :func:`read_tmx` reads memories written by kilocale or
by other tools (inline ``<ph>``/``<bpt>``/``<ept>``/``<hi>`` elements are flattened to
their text) as ``(source, language, target)`` records; it is the reader behind
``kilocale update --compendium FILE.tmx``.

No ``creationdate`` is written, so exporting the same catalogs twice gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kilocale.errors import ConfigError, KilocaleError
from kilocale.io.xml import parse_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PROP = "x-gettext-msgctxt"


class TmxError(KilocaleError):
    """A TMX file cannot be read."""


@dataclass(frozen=True)
class TmxUnit:
    """One source text and its translations, for writing: ``translations`` maps language → text."""

    source: str
    translations: tuple[tuple[str, str], ...]
    context: str | None = None


@dataclass(frozen=True)
class TmxRecord:
    """One translation read from a memory; ``language`` is a gettext code (``zh_CN``)."""

    source: str
    language: str
    target: str
    context: str | None = None
    line: int = 0


def _tag(code: str) -> str:
    return code.replace("_", "-")


def gettext_code(tag: str) -> str:
    """``zh-CN`` → ``zh_CN`` through the one canonical spelling; unknown tags keep theirs."""
    from kilocale.config import normalize_language

    try:
        return normalize_language(tag)
    except ConfigError:
        return tag.replace("-", "_")


def dumps_tmx(units: Sequence[TmxUnit], source_language: str, tool_version: str = "") -> bytes:
    """A TMX 1.4b document of ``units``, UTF-8 with an XML declaration."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="kilocale", creationtoolversion=tool_version,
                     segtype="sentence", adminlang="en", srclang=_tag(source_language),
                     datatype="plaintext", attrib={"o-tmf": "kilocale"})
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.context is not None:
            etree.SubElement(tu, "prop", type=CONTEXT_PROP).text = unit.context
        for language, text in ((source_language, unit.source), *unit.translations):
            tuv = etree.SubElement(tu, "tuv", attrib={XML_LANG: _tag(language)})
            try:
                etree.SubElement(tuv, "seg").text = text
            except ValueError as exc:
                raise TmxError(f"cannot write {unit.source[:40]!r} as XML: {exc}") from None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse_tmx(data: bytes, path: str = "<string>") -> list[TmxRecord]:
    """Records of a TMX document: one per non-source ``<tuv>`` of every ``<tu>``.

    The source of a ``<tu>`` is its ``<tuv>`` in the header's ``srclang`` (or the ``<tu>``'s
    own ``srclang``); a ``<tu>`` without one is skipped.

    Raises:
        TmxError: not well-formed XML (with its line) or not a TMX document.
    """
    root = parse_xml(data, path, TmxError)
    if root.tag != "tmx":
        raise TmxError(f"not a TMX document (root element <{root.tag}>)", path, root.sourceline)
    header = root.find("header")
    default_src = header.get("srclang", "") if header is not None else ""
    records: list[TmxRecord] = []
    for tu in root.iter("tu"):
        src = (tu.get("srclang") or default_src).lower()
        context = None
        for prop in tu.findall("prop"):
            if prop.get("type") == CONTEXT_PROP:
                context = prop.text or ""
        tuvs = []
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if seg is None:
                raise TmxError("<tuv> without <seg>", path, tuv.sourceline)
            tuvs.append((lang, "".join(seg.itertext()), tuv.sourceline or 0))
        source = next((text for lang, text, _ in tuvs if lang.lower() == src), None)
        if source is None or src == "*all*":
            continue
        for lang, text, line in tuvs:
            if lang.lower() != src and text:
                records.append(TmxRecord(source, gettext_code(lang), text, context, line))
    return records


def read_tmx(path: Path | str) -> list[TmxRecord]:
    """Read a TMX file as ``(source, language, target)`` records (see :func:`parse_tmx`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TmxError("file not found", str(path)) from None
    return parse_tmx(data, str(path))

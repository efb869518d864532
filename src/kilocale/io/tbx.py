"""glossary terms ↔ TBX-Basic (TBX v2, ``<martif type="TBX-Basic">``), for CAT-tool term bases.

One ``<termEntry>`` per :class:`~kilocale.model.Term`, one ``<langSet>`` per language,
one ``<tig>`` per form, its role in ``<termNote type="administrativeStatus">``:

=====================================  ==================================================
glossary.yaml                          TBX
=====================================  ==================================================
``term``                               source langSet, ``preferredTerm-admn-sts``
``forms`` (other German wordings)      source langSet, ``admittedTerm-admn-sts``
``translations`` (first = preferred)   target langSet: first ``preferredTerm-admn-sts``,
                                       the others ``admittedTerm-admn-sts``
``dnt: true``                          every target langSet holds the term itself as its
                                       only form, ``admittedTerm-admn-sts`` (never
                                       preferred: that is how a reader tells it from a
                                       translation that happens to be spelled the same)
``forbidden`` (per language or ``*``)  ``deprecatedTerm-admn-sts`` in the target langSet
                                       of each language it applies to
``note``                               ``<note>`` of the termEntry
``case_sensitive`` (when not the       a ``<note>kilocale: case-sensitive</note>`` (or
default, which is ``dnt``)             ``case-insensitive``): TBX-Basic has no such field
=====================================  ==================================================

Reading (:func:`parse_tbx`) reverses the table; variants forbidden in every target
language become ``*`` again.  It also accepts TBX from other tools: ``supersededTerm``
counts as deprecated, a form without a status as admitted, a langSet without a preferred
form takes its first one.  :func:`dumps_glossary_yaml` writes terms as glossary.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml
from lxml import etree

from kilocale.core.lang import base_language
from kilocale.errors import KilocaleError
from kilocale.io.xml import parse_xml
from kilocale.io.tmx import gettext_code
from kilocale.model import Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = "administrativeStatus"
PREFERRED, ADMITTED, DEPRECATED = ("preferredTerm-admn-sts", "admittedTerm-admn-sts",
                                   "deprecatedTerm-admn-sts")
CASE_NOTE = "kilocale: "


class TbxError(KilocaleError):
    """A TBX file cannot be read as a glossary."""


def _tag(code: str) -> str:
    return code.replace("_", "-")


def _tig(lang_set: etree._Element, text: str, status: str) -> None:
    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = text
    etree.SubElement(tig, "termNote", type=STATUS).text = status


def dumps_tbx(terms: Sequence[Term], source_language: str, languages: Sequence[str]) -> bytes:
    """The TBX-Basic document of ``terms``; ``languages`` are the target languages."""
    root = etree.Element("martif", type="TBX-Basic", attrib={XML_LANG: _tag(source_language)})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = "kilocale glossary"
    etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p").text = "glossary.yaml"
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = \
        "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for n, term in enumerate(terms, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{n}")
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        if term.case_sensitive != term.dnt:
            etree.SubElement(entry, "note").text = CASE_NOTE + (
                "case-sensitive" if term.case_sensitive else "case-insensitive")
        source = etree.SubElement(entry, "langSet", attrib={XML_LANG: _tag(source_language)})
        _tig(source, term.term, PREFERRED)
        for form in term.forms:
            _tig(source, form, ADMITTED)
        targets = list(dict.fromkeys([*languages, *term.translations]))
        for language in targets:
            forms = term.approved(language)
            forbidden = term.forbidden_in(language)
            if not forms and not forbidden:
                continue
            lang_set = etree.SubElement(entry, "langSet", attrib={XML_LANG: _tag(language)})
            for i, form in enumerate(forms):
                _tig(lang_set, form, ADMITTED if term.dnt or i else PREFERRED)
            for variant in dict.fromkeys(forbidden):
                _tig(lang_set, variant, DEPRECATED)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _status(tig: etree._Element) -> str:
    for note in tig.iter("termNote"):
        if note.get("type") == STATUS:
            value = (note.text or "").strip()
            if value.startswith(("deprecated", "superseded")):
                return DEPRECATED
            if value.startswith("preferred"):
                return PREFERRED
    return ADMITTED


def _forms(lang_set: etree._Element, path: str) -> list[tuple[str, str]]:
    out = []
    for tig in lang_set:
        if tig.tag not in ("tig", "ntig"):
            continue
        term = next(tig.iter("term"), None)
        text = "".join(term.itertext()).strip() if term is not None else ""
        if not text:
            raise TbxError("a <tig> without a term", path, tig.sourceline)
        out.append((text, _status(tig)))
    return out


def parse_tbx(data: bytes, source_language: str, path: str = "<string>") -> list[Term]:
    """The terms of a TBX-Basic (v2) document, in file order.

    Raises:
        TbxError: not well-formed XML (with its line), not TBX, or an entry without a
            source-language term.
    """
    root = parse_xml(data, path, TbxError)
    if root.tag != "martif":
        raise TbxError(f"not a TBX v2 document (root element <{root.tag}>, expected <martif>)",
                       path, root.sourceline)
    terms = []
    for entry in root.iter("termEntry"):
        notes = ["".join(n.itertext()).strip() for n in entry if n.tag == "note"]
        case = [n for n in notes if n.startswith(CASE_NOTE)]
        note = "\n".join(n for n in notes if not n.startswith(CASE_NOTE))
        source_forms: list[tuple[str, str]] = []
        targets: dict[str, list[tuple[str, str]]] = {}
        for lang_set in entry.iter("langSet"):
            lang = gettext_code(lang_set.get(XML_LANG) or "")
            forms = _forms(lang_set, path)
            if base_language(lang) == base_language(source_language):
                source_forms += forms
            else:
                targets.setdefault(lang, []).extend(forms)
        usable = [f for f in source_forms if f[1] != DEPRECATED]
        if not usable:
            raise TbxError(f"termEntry {entry.get('id', '')!r} has no {source_language} term",
                           path, entry.sourceline)
        preferred = [t for t, s in usable if s == PREFERRED]
        name = preferred[0] if preferred else usable[0][0]
        forms = tuple(t for t, _ in usable if t != name)
        allowed = {lang: [(t, s) for t, s in fs if s != DEPRECATED] for lang, fs in targets.items()}
        dnt = bool(targets) and all(fs == [(name, ADMITTED)] for fs in allowed.values())
        translations: dict[str, tuple[str, ...]] = {}
        if not dnt:
            for lang, fs in targets.items():
                ordered = [t for t, s in fs if s == PREFERRED] + [t for t, s in fs if s == ADMITTED]
                if ordered:
                    translations[lang] = tuple(dict.fromkeys(ordered))
        banned = {lang: [t for t, s in fs if s == DEPRECATED] for lang, fs in targets.items()}
        everywhere = [v for v in next(iter(banned.values()), [])
                      if all(v in vs for vs in banned.values())] if banned else []
        forbidden: dict[str, tuple[str, ...]] = {}
        if everywhere:
            forbidden["*"] = tuple(dict.fromkeys(everywhere))
        for lang, vs in banned.items():
            rest = tuple(dict.fromkeys(v for v in vs if v not in everywhere))
            if rest:
                forbidden[lang] = rest
        case_sensitive = dnt
        if case:
            case_sensitive = case[-1] == CASE_NOTE + "case-sensitive"
        terms.append(Term(term=name, dnt=dnt, translations=translations, forms=forms,
                          forbidden=forbidden, case_sensitive=case_sensitive, note=note,
                          line=entry.sourceline or 0))
    return terms


def _one_or_list(values: Sequence[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else list(values)


def dumps_glossary_yaml(terms: Sequence[Term]) -> str:
    """``terms`` as a glossary.yaml document (``version: 1``), keys in the loader's order."""
    items = []
    for term in terms:
        item: dict[str, object] = {"term": term.term}
        if term.dnt:
            item["dnt"] = True
        if term.translations:
            item["translations"] = {lang: _one_or_list(forms) for lang, forms in term.translations.items()}
        if term.forms:
            item["forms"] = list(term.forms)
        if term.forbidden:
            if set(term.forbidden) == {"*"}:
                item["forbidden"] = list(term.forbidden["*"])
            else:
                item["forbidden"] = {lang: list(v) for lang, v in term.forbidden.items()}
        if term.case_sensitive != term.dnt:
            item["case_sensitive"] = term.case_sensitive
        if term.note:
            item["note"] = term.note
        items.append(item)
    return yaml.safe_dump({"version": 1, "terms": items}, allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=88)

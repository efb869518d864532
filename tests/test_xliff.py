"""XLIFF 1.2 export and import: lossless round trip, Translate Toolkit reads and edits it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import snapshot
from kilocale.cli import cli
from kilocale.io.po import load_po
from kilocale.io.xliff import dumps_xliff, parse_xliff, unit_id
from kilocale.model import Catalog, Entry

xliff_storage = pytest.importorskip("translate.storage.xliff")

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
LANGS = ["en", "fr", "es", "zh_CN"]


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)


def po(project: Path, lang: str) -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / "article.po"


def xlf(project: Path, lang: str) -> Path:
    return project / "build" / "exchange" / lang / "article.xlf"


def test_export_is_read_by_translate_toolkit_with_the_same_units(project):
    result = run(project, "export")
    assert result.exit_code == 0, result.output
    for lang in LANGS:
        catalog = load_po(po(project, lang))
        store = xliff_storage.xlifffile(xlf(project, lang).read_bytes())
        units = [u for u in store.units if not u.isheader()]
        active = catalog.active
        assert len(units) == len(active) == 91
        assert store.gettargetlanguage() == lang.replace("_", "-")
        for unit, entry in zip(units, active):
            assert unit.source == entry.msgid
            assert unit.target == entry.msgstr
            assert unit.isfuzzy() == entry.fuzzy
            assert unit.getlocations() == entry.references
            assert unit.getnotes("developer").split("\n") == entry.extracted_comments
        assert len({u.getid() for u in units}) == len(units)


def test_import_of_an_unedited_export_leaves_every_catalog_byte_identical(project):
    assert run(project, "export").exit_code == 0
    locales = snapshot(project / "locales")
    result = run(project, "import", *(str(xlf(project, lang)) for lang in LANGS))
    assert result.exit_code == 0, result.output
    assert "0 unit(s) applied, 364 unchanged, 0 not applied" in result.output
    assert snapshot(project / "locales") == locales
    # and not only because nothing was written: every unit carries its entry exactly
    for lang in LANGS:
        (parsed,) = parse_xliff(xlf(project, lang).read_bytes(), "x")
        catalog = load_po(po(project, lang))
        assert [(u.source, u.target) for u in parsed.units] == \
            [(e.msgid, e.msgstr) for e in catalog.active]


def test_edits_made_with_translate_toolkit_are_applied_and_nothing_else(project):
    assert run(project, "export", "--lang", "fr").exit_code == 0
    before = load_po(po(project, "fr"))
    store = xliff_storage.xlifffile(xlf(project, "fr").read_bytes())
    units = [u for u in store.units if not u.isheader()]
    units[3].target = "Une phrase retraduite."            # a new translation, confirmed
    units[7].target = "Brouillon à relire."                # a new translation, still to review
    units[7].markfuzzy(True)
    units[10].markfuzzy(True)                              # state only: back to review
    xlf(project, "fr").write_bytes(bytes(store))

    result = run(project, "import", str(xlf(project, "fr")))
    assert result.exit_code == 0, result.output
    assert "3 unit(s) applied, 88 unchanged, 0 not applied" in result.output
    after = load_po(po(project, "fr"))
    changed = {i for i, (a, b) in enumerate(zip(before.active, after.active))
               if (a.msgstr, a.flags) != (b.msgstr, b.flags)}
    assert changed == {3, 7, 10}
    assert (after.active[3].msgstr, after.active[3].fuzzy) == ("Une phrase retraduite.", False)
    assert (after.active[7].msgstr, after.active[7].fuzzy) == ("Brouillon à relire.", True)
    assert after.active[10].msgstr == before.active[10].msgstr and after.active[10].fuzzy
    for a, b in zip(before.entries, after.entries):  # comments, references, order: untouched
        assert (a.msgid, a.references, a.extracted_comments, a.translator_comments) == \
            (b.msgid, b.references, b.extracted_comments, b.translator_comments)
    # The file differs from the original only in those three entries.
    old, new = po(project, "fr").read_text(encoding="utf-8"), None
    assert run(project, "import", str(xlf(project, "fr"))).output.startswith("0 unit(s) applied")
    new = po(project, "fr").read_text(encoding="utf-8")
    assert old == new  # importing the same file again changes nothing


def test_a_unit_whose_source_changed_is_reported_and_not_applied(project):
    assert run(project, "export", "--lang", "en").exit_code == 0
    tree = etree.parse(str(xlf(project, "en")))
    units = tree.findall(".//x:trans-unit", NS)
    units[0].find("x:source", NS).text = "Eine andere Überschrift"
    units[0].find("x:target", NS).text = "Another heading"
    units[1].find("x:target", NS).text = "Applied."
    tree.write(str(xlf(project, "en")), xml_declaration=True, encoding="UTF-8")
    before = load_po(po(project, "en"))

    result = run(project, "import", str(xlf(project, "en")))
    assert result.exit_code == 1
    assert "1 unit(s) applied, 89 unchanged, 1 not applied" in result.output
    assert f"unit {units[0].get('id')}: source no longer matches the current msgid" in result.output
    after = load_po(po(project, "en"))
    assert after.active[0].msgstr == before.active[0].msgstr
    assert after.active[1].msgstr == "Applied."


def test_bad_xml_is_a_located_error_and_nothing_is_written(project):
    assert run(project, "export", "--lang", "es", "--lang", "en").exit_code == 0
    good = xlf(project, "en")
    tree = etree.parse(str(good))
    tree.findall(".//x:target", NS)[0].text = "Changed."
    tree.write(str(good), xml_declaration=True, encoding="UTF-8")
    bad = xlf(project, "es")
    lines = bad.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "</target>" in line)
    lines[at] = lines[at].replace("</target>", "</targt>")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = snapshot(project / "locales")

    result = run(project, "import", str(good), str(bad))
    assert result.exit_code == 2
    assert f"kilocale: build/exchange/es/article.xlf:{at + 1}: not well-formed XML" in result.output
    assert snapshot(project / "locales") == files


def test_a_file_for_another_catalog_is_refused(project):
    assert run(project, "export", "--lang", "en").exit_code == 0
    path = xlf(project, "en")
    path.write_text(path.read_text(encoding="utf-8").replace('target-language="en"', 'target-language="fr"'),
                    encoding="utf-8")
    result = run(project, "import", str(path))
    assert result.exit_code == 2 and "does not match locales/en/LC_MESSAGES/article.po" in result.output


# --- the format itself, on entries with inline Markdown ----------------------------------

MARKED = Entry('Führe `pip install` aus, lies [die Doku](https://x.example/a "Titel") '
               'und <abbr>KI</abbr> **jetzt**.',
               'Read [the docs](https://x.example/a "Titel") and run `pip install`: <abbr>AI</abbr> '
               '**now**.', references=["source/de/a.md:3"], extracted_comments=["paragraph"])


def units_of(*entries: Entry) -> list[etree._Element]:
    data = dumps_xliff(Catalog(entries=list(entries), path="x.po"), "de", "en", "x.po")
    return etree.fromstring(data).findall(".//x:trans-unit", NS)


def test_inline_markdown_becomes_locked_tags_with_matching_ids():
    (unit,) = units_of(MARKED)
    source, target = unit.find("x:source", NS), unit.find("x:target", NS)
    src_tags: dict[str, list[str]] = {}
    for ph in source.findall("x:ph", NS):
        src_tags.setdefault(ph.text, []).append(ph.get("id"))
    assert {"`pip install`", "[", '](https://x.example/a "Titel")', "<abbr>", "</abbr>", "**"} <= set(src_tags)
    # nothing a translator could break is left as plain text
    plain = (source.text or "") + "".join(ph.tail or "" for ph in source)
    assert "`" not in plain and "https" not in plain and "<" not in plain and "*" not in plain
    target_ids = [ph.get("id") for ph in target.findall("x:ph", NS)]
    for ph in target.findall("x:ph", NS):  # same code, same id, though the order changed
        assert ph.get("id") in src_tags[ph.text]
    assert sorted(target_ids) == sorted(i for ids in src_tags.values() for i in ids)
    (parsed,) = parse_xliff(etree.tostring(unit.getroottree()), "x")
    assert (parsed.units[0].source, parsed.units[0].target) == (MARKED.msgid, MARKED.msgstr)


def test_states_are_mapped_as_cat_tools_expect():
    entries = [Entry("A."), Entry("B.", "b.", flags=["fuzzy"]),
               Entry("C.", "c.", flags=["fuzzy"], translator_comments=["kilocale-mt: argos de→en 1.9"]),
               Entry("D.", "d."), Entry("E.", "e.", translator_comments=["kilocale-mt: reviewed since"])]
    got = [(u.find("x:target", NS).get("state"), u.find("x:target", NS).get("state-qualifier"),
            u.get("approved")) for u in units_of(*entries)]
    assert got == [("new", None, None), ("needs-review-translation", None, None),
                   ("needs-review-translation", "mt-suggestion", None), ("translated", None, "yes"),
                   ("translated", None, "yes")]


def test_unit_ids_name_the_key_not_the_position():
    a, b = Entry("Satz."), Entry("Satz.", msgctxt="Tabelle")
    assert unit_id(a) == unit_id(Entry("Satz.", "Sentence.", references=["x.md:9"]))
    assert unit_id(a) != unit_id(b)
    assert [u.get("id") for u in units_of(Entry("Vorher."), a)][1] == unit_id(a)


def test_an_empty_tag_takes_the_code_of_the_source_tag_with_its_id():
    (unit,) = units_of(Entry("Nimm `x`.", "Take `x`."))
    target = unit.find("x:target", NS)
    for ph in target.findall("x:ph", NS):
        target.remove(ph)
    target.text = "Use "
    etree.SubElement(target, "{%s}x" % NS["x"], id="1").tail = " now."
    (parsed,) = parse_xliff(etree.tostring(unit.getroottree()), "x")
    assert parsed.units[0].target == "Use `x` now."


def test_plural_entries_are_a_group_of_one_unit_per_form():
    from kilocale.io.po import dumps, loads
    from kilocale.io.xliff import merge_units

    text = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
            'msgid "ein Modell"\nmsgid_plural "%d Modelle"\nmsgstr[0] "un modèle"\nmsgstr[1] "%d modèles"\n')
    catalog = loads(text, "fr.po")
    data = dumps_xliff(catalog, "de", "fr", "fr.po")
    group = etree.fromstring(data).find(".//x:group", NS)
    uid = unit_id(catalog.entries[0])
    assert group.get("restype") == "x-gettext-plurals"
    assert [(u.get("id"), u.findtext("x:source", namespaces=NS), u.findtext("x:target", namespaces=NS))
            for u in group.findall("x:trans-unit", NS)] == \
        [(f"{uid}[0]", "ein Modell", "un modèle"), (f"{uid}[1]", "%d Modelle", "%d modèles")]
    (parsed,) = parse_xliff(data, "x")
    assert dumps(merge_units(catalog, parsed.units, "x").catalog) == text
    parsed.units[1].target = "%d modèles d’IA"
    merged = merge_units(catalog, parsed.units, "x")
    assert merged.applied == 1
    assert dumps(merged.catalog).endswith('msgstr[0] "un modèle"\nmsgstr[1] "%d modèles d’IA"\n')


def test_a_unit_whose_msgid_changed_in_the_catalog_since_the_export_is_reported():
    from kilocale.io.xliff import merge_units

    old = Catalog(entries=[Entry("Alter Satz.", "Old sentence."), Entry("Bleibt.", "Stays.")])
    (parsed,) = parse_xliff(dumps_xliff(old, "de", "en", "x.po"), "x")
    for unit in parsed.units:
        unit.target = unit.target.upper()
    now = Catalog(entries=[Entry("Neuer Satz.", "Old sentence.", flags=["fuzzy"],
                                 previous_msgid="Alter Satz."), Entry("Bleibt.", "Stays.")])
    result = merge_units(now, parsed.units, "x.xlf")
    assert [e.msgstr for e in result.catalog.entries] == ["Old sentence.", "STAYS."]
    assert [(p.unit, p.message.split(";")[0]) for p in result.problems] == \
        [(unit_id(old.entries[0]), "no entry with this id (its source changed or was removed)")]

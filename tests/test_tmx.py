"""TMX 1.4b export: reviewed translations only, read back by Translate Toolkit and read_tmx."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kilocale.cli import cli
from kilocale.io.po import dumps, load_po
from kilocale.io.tmx import TmxError, parse_tmx, read_tmx

tmx_storage = pytest.importorskip("translate.storage.tmx")

LANGS = ["en", "fr", "es", "zh_CN"]


def export(project: Path) -> Path:
    result = CliRunner().invoke(cli, ["-C", str(project), "export", "--format", "tmx"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return project / "build" / "exchange" / "translation-memory.tmx"


def make_one_fuzzy_and_one_empty(project: Path) -> tuple[str, str]:
    path = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(path)
    fuzzy, empty = catalog.active[2], catalog.active[5]
    fuzzy.flags = ["fuzzy"]
    empty.msgstr = ""
    path.write_text(dumps(catalog), encoding="utf-8")
    return fuzzy.msgid, empty.msgid


def test_translate_toolkit_reads_the_same_units_in_every_language(project):
    fuzzy, empty = make_one_fuzzy_and_one_empty(project)
    data = export(project).read_bytes()
    catalogs = {lang: {e.msgid: e.msgstr for e in load_po(project / f"locales/{lang}/LC_MESSAGES/article.po").active}
                for lang in LANGS}
    for lang in LANGS:
        store = tmx_storage.tmxfile(data, sourcelanguage="de", targetlanguage=lang.replace("_", "-"))
        assert len(store.units) == 91
        for unit in store.units:
            expected = "" if lang == "fr" and unit.source in (fuzzy, empty) else catalogs[lang][unit.source]
            node = unit.getlanguageNode(lang=lang.replace("_", "-"))
            assert (unit.getNodeText(node) if node is not None else "") == expected
        assert [u.source for u in store.units] == list(catalogs["en"])


def test_read_tmx_gives_source_language_target_records(project):
    fuzzy, _ = make_one_fuzzy_and_one_empty(project)
    records = read_tmx(export(project))
    assert len(records) == 4 * 91 - 2
    en = load_po(project / "locales/en/LC_MESSAGES/article.po").active[0]
    assert (en.msgid, "en", en.msgstr) in {(r.source, r.language, r.target) for r in records}
    assert {r.language for r in records} == set(LANGS)  # zh-CN in the file, zh_CN here
    assert not [r for r in records if r.language == "fr" and r.source == fuzzy]


def test_read_tmx_reads_other_tools_inline_markup_and_reports_bad_xml(tmp_path):
    foreign = (b'<?xml version="1.0"?><tmx version="1.4"><header srclang="de-DE" segtype="sentence" '
               b'o-tmf="x" adminlang="en" datatype="html" creationtool="t" creationtoolversion="1"/><body>'
               b'<tu><tuv xml:lang="de-DE"><seg>Nimm <bpt i="1">&lt;b&gt;</bpt>das<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>'
               b'<tuv xml:lang="en-US"><seg>Take <bpt i="1">&lt;b&gt;</bpt>it<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>'
               b'</body></tmx>')
    (record,) = parse_tmx(foreign)
    assert (record.source, record.language, record.target) == ("Nimm <b>das</b>.", "en_US", "Take <b>it</b>.")
    bad = tmp_path / "bad.tmx"
    bad.write_bytes(b"<tmx>\n<body>\n<tu>\n</body></tmx>")
    with pytest.raises(TmxError) as err:
        read_tmx(bad)
    assert str(err.value).startswith(f"{bad}:4: not well-formed XML")


def test_the_export_is_deterministic(project):
    first = export(project).read_bytes()
    assert export(project).read_bytes() == first

"""The reviewers' revision of the shipped catalogs (issue 15): corrections, one Spanish
rendering of "kosteneffektiv", the editor's source queries, the glossary's Ant Group note.

The expected wordings are written out by hand here; they are the reviewers' decisions.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import ROOT
from kilocale.cli import cli
from kilocale.io.po import load_po

LANGS = ("en", "fr", "es", "zh_CN")

# msgid start → the query an editor must rule on (the German stays as written)
QUERIES = {
    "Die Enthüllung seines bemerkenswert leistungsstarken": "“im Januar 2024”",
    "DeepSeek selbst ruhte sich nicht auf seinen Lorbeeren aus":
        "“kündigte schnell Iterationen an, die zu seinem V3-Modell führten”",
    "Beschleunigte Innovationszyklen:": "“(R1 bis V3)”",
    "Ein Innovationskaskade: Chinas Tech-Giganten reagieren": "“Ein Innovationskaskade”",
}


def catalog(root: Path, lang: str):
    return load_po(root / "locales" / lang / "LC_MESSAGES" / "article.po")


def queries(root: Path, lang: str) -> dict[str, list[str]]:
    out = {}
    for e in catalog(root, lang).entries:
        found = [c for c in e.translator_comments if c.startswith("Query for the editor: ")]
        if found:
            out[e.msgid] = found
    return out


def test_every_catalog_carries_the_three_source_queries() -> None:
    source = (ROOT / "source/de/article.md").read_text(encoding="utf-8")
    for lang in LANGS:
        found = queries(ROOT, lang)
        assert len(found) == 4, lang
        for start, quoted in QUERIES.items():
            [msgid] = [m for m in found if m.startswith(start)]
            [comment] = found[msgid]
            assert quoted in comment, (lang, comment)
            # the German is kept exactly as written, also in the query's quotation
            assert quoted.strip("“”") in msgid and quoted.strip("“”") in source


def test_update_keeps_the_queries(project: Path) -> None:
    before = {lang: queries(project, lang) for lang in LANGS}
    for args in (["extract"], ["update"]):
        result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    for lang in LANGS:
        assert queries(project, lang) == before[lang]
        assert len(before[lang]) == 4


def _msgstr(lang: str, start: str) -> str:
    [entry] = [e for e in catalog(ROOT, lang).entries if e.msgid.startswith(start)]
    return entry.msgstr


def test_spanish_renders_kosteneffektiv_one_way() -> None:
    entries = [e for e in catalog(ROOT, "es").entries
               if re.search(r"kosteneffektiv", e.msgid, re.I)]
    assert len(entries) == 4
    for e in entries:
        assert re.search(r"\beficien(te|tes|cia) en costos\b", e.msgstr), e.msgstr
        assert not re.search(r"bajo costo|económicos|costo-eficacia|rentable", e.msgstr)


def test_spanish_and_chinese_corrections() -> None:
    assert _msgstr("es", "DeepSeeks Erfolg hat dieses Paradigma nachweislich") == \
        "Está demostrado que el éxito de DeepSeek ha roto ese paradigma."
    assert "llevar sus planes a la práctica con rapidez" in \
        _msgstr("es", "Diese schnelle Reaktionsfolge")
    assert "servicios locales de ocio y vida cotidiana" in _msgstr("es", "Meituans KI-Investition")
    spanish = "\n".join(e.msgstr for e in catalog(ROOT, "es").entries)
    assert not re.search(r"de forma demostrable|\bejecutar\b|estilo de vida", spanish)
    assert "力求在快速演进的大语言模型性能基准测试中保持领先" in _msgstr("zh_CN", "Die Ernie-Modellfamilie")
    assert "蚂蚁集团加入竞争时重点明确" in _msgstr("zh_CN", "Ant Groups Kostenfokus")
    assert "可能具有决定性意义" in _msgstr("zh_CN", "Dieser Fokus auf die zugrunde liegende")
    chinese = "\n".join(e.msgstr for e in catalog(ROOT, "zh_CN").entries)
    assert not re.search(r"以明确的重心|被证明|旨在快速演进", chinese)


def test_revised_catalogs_carry_a_real_revision_date() -> None:
    for lang in ("es", "zh_CN"):
        date = catalog(ROOT, lang).header["PO-Revision-Date"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", date)
        assert date >= "2026-12-01"


def test_glossary_calls_ant_group_a_subsidiary_as_the_source_does() -> None:
    terms = yaml.safe_load((ROOT / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    [ant] = [t for t in terms if t["term"] == "Ant Group"]
    assert "subsidiary" in ant["note"] and "affiliate" not in ant["note"]
    assert "ein Tochterunternehmen von Alibaba" in \
        (ROOT / "source/de/article.md").read_text(encoding="utf-8")

"""Translation memory: a second document reuses the reviewed translations of the first."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from conftest import snapshot
from kilocale.cli import cli
from kilocale.core.memory import Memory, TMRecord, fill_from_memory
from kilocale.io.po import load_po, save_po
from kilocale.model import Catalog, Entry

REPEATED = "Dies war nicht nur eine weitere Produkteinführung; es war eine Erklärung."
EDITED = "Dies war nicht nur eine weitere Produkteinführung, es war eine Erklärung!"
HEADING = "Ein Innovationskaskade: Chinas Tech-Giganten reagieren"
SECOND = (f"# Ein zweiter Text\n\n{REPEATED} {EDITED} Ganz neuer Satz ohne Vorbild.\n\n"
          f"## {HEADING}\n")


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def reviewed(project: Path, language: str, msgid: str) -> str:
    [entry] = [e for e in load_po(project / f"locales/{language}/LC_MESSAGES/article.po").entries
               if e.msgid == msgid]
    assert entry.translated
    return entry.msgstr


def by_msgid(path: Path) -> dict[str, Entry]:
    return {e.msgid: e for e in load_po(path).active}


def test_fill_takes_exact_and_similar_and_never_overwrites() -> None:
    memory = Memory([TMRecord("Ein Satz.", "A sentence.", "a"),
                     TMRecord("Noch ein Satz hier.", "One more sentence here.", "b")])
    catalog = Catalog(entries=[Entry("Ein Satz."), Entry("Noch ein Satz dort."),
                               Entry("Völlig anders, gar nichts gleich."),
                               Entry("Ein Satz.", msgstr="Mine.", msgctxt="x")])
    filled, counts = fill_from_memory(catalog, memory)
    assert catalog.entries[0].msgstr == ""  # the input is not modified
    exact, similar, other, mine = filled.entries
    assert (exact.msgstr, exact.flags, exact.translator_comments) == (
        "A sentence.", ["fuzzy"], ["kilocale-tm: a"])
    assert similar.msgstr == "One more sentence here." and similar.fuzzy
    assert similar.previous_msgid == "Noch ein Satz hier."
    assert re.fullmatch(r"kilocale-tm: b; \d\d% similar", similar.translator_comments[0])
    assert other.msgstr == "" and mine.msgstr == "Mine."
    assert (counts.exact, counts.fuzzy) == (1, 1)
    translated, _ = fill_from_memory(catalog, memory, exact_state="translated")
    assert translated.entries[0].translated and translated.entries[1].fuzzy


def test_a_document_never_fills_itself_and_the_first_other_record_wins() -> None:
    """One memory serves every document of a language: lookups leave out the asking one."""
    memory = Memory([TMRecord("Ein Satz.", "From one.", "one"),
                     TMRecord("Ein Satz.", "From two.", "two"),
                     TMRecord("Zwei Sätze hier.", "Two sentences here.", "one"),
                     TMRecord("Zwei Sätze dort.", "Two sentences there.", "two")])
    assert memory.lookup("Ein Satz.", exclude="one").record.target == "From two."
    assert memory.lookup("Ein Satz.", exclude="two").record.target == "From one."
    assert memory.lookup("Ein Satz.").record.target == "From one."
    # "Zwei Sätze xxxx." is as similar to "hier" as to "dort": the record seen first wins,
    # unless it is the asking document's own.
    assert memory.lookup("Zwei Sätze xxxx.").record.target == "Two sentences here."
    assert memory.lookup("Zwei Sätze xxxx.", exclude="one").record.target == \
        "Two sentences there."
    only = Memory([TMRecord("Ein Satz.", "Mine.", "one")])
    assert only.lookup("Ein Satz.", exclude="one") is None
    filled, counts = fill_from_memory(Catalog(entries=[Entry("Ein Satz.")]), only,
                                      exclude="one")
    assert counts.total == 0 and filled.entries[0].msgstr == ""


def test_a_second_document_gets_the_reviewed_translations(project: Path) -> None:
    (project / "source/de/second.md").write_text(SECOND, encoding="utf-8")
    articles = {p: p.read_bytes() for p in project.glob("locales/*/LC_MESSAGES/article.po")}
    assert run(project, "extract")[0] == 0
    code, out, _ = run(project, "update")
    assert code == 0
    assert ("locales/fr/LC_MESSAGES/second.po: 0 kept, 0 fuzzy, 5 new, 0 obsolete, "
            "3 from memory (2 exact, 1 similar)") in out.splitlines()
    assert {p: p.read_bytes() for p in articles} == articles
    for language in ("en", "fr", "es", "zh_CN"):
        entries = by_msgid(project / f"locales/{language}/LC_MESSAGES/second.po")
        for msgid in (REPEATED, HEADING):
            assert entries[msgid].msgstr == reviewed(project, language, msgid)
            assert entries[msgid].fuzzy and entries[msgid].previous_msgid is None
            assert entries[msgid].translator_comments == ["kilocale-tm: article"]
        similar = entries[EDITED]
        assert similar.msgstr == reviewed(project, language, REPEATED) and similar.fuzzy
        assert similar.previous_msgid == REPEATED
        assert entries["Ganz neuer Satz ohne Vorbild."].msgstr == ""
    text = (project / "locales/fr/LC_MESSAGES/second.po").read_text(encoding="utf-8")
    assert "# kilocale-tm: article\n" in text and '#| msgid ""\n#| "Dies war nicht nur' in text
    before = snapshot(project)
    code, out, _ = run(project, "update")
    assert code == 0 and snapshot(project) == before  # a second run changes nothing


def test_tm_exact_translated_publishes_exact_matches(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        "wrap = 76", 'wrap = 76\ntm_exact = "translated"'), encoding="utf-8")
    (project / "source/de/second.md").write_text(SECOND, encoding="utf-8")
    for command in ("extract", "update", "build"):
        assert run(project, command)[0] == 0
    entries = by_msgid(project / "locales/en/LC_MESSAGES/second.po")
    assert entries[REPEATED].translated and entries[EDITED].fuzzy
    built = (project / "build/en/second.md").read_text(encoding="utf-8")
    assert reviewed(project, "en", HEADING) in built
    assert reviewed(project, "en", REPEATED) in built


def test_memory_never_overwrites_and_skips_unreviewed(project: Path) -> None:
    (project / "source/de/second.md").write_text(SECOND, encoding="utf-8")
    run(project, "extract")
    run(project, "update", "-l", "en")
    second = project / "locales/en/LC_MESSAGES/second.po"
    catalog = load_po(second)
    for e in catalog.entries:
        if e.msgid == REPEATED:
            e.msgstr, e.flags, e.translator_comments = "My own wording.", ["fuzzy"], []
        if e.msgid == HEADING:
            e.msgstr, e.flags, e.translator_comments = "", [], []
    save_po(catalog, second)
    # the article's heading is now only a fuzzy draft: not a reviewed translation
    article = project / "locales/en/LC_MESSAGES/article.po"
    cat = load_po(article)
    for e in cat.entries:
        if e.msgid == HEADING:
            e.flags = ["fuzzy"]
    save_po(cat, article)
    run(project, "update", "-l", "en")
    entries = by_msgid(second)
    assert entries[REPEATED].msgstr == "My own wording."
    assert entries[HEADING].msgstr == ""


def test_a_po_compendium(project: Path, tmp_path: Path) -> None:
    (project / "source/de/second.md").write_text(SECOND, encoding="utf-8")
    run(project, "extract")
    compendium = tmp_path / "old-project.po"
    compendium.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; '
                          'charset=UTF-8\\n"\n\nmsgid "Ganz neuer Satz ohne Vorbild."\n'
                          'msgstr "Une phrase toute neuve."\n\nmsgid "Ein zweiter Text"\n'
                          'msgstr "Brouillon"\n#, fuzzy\n', encoding="utf-8")
    code, out, err = run(project, "update", "--compendium", str(compendium))
    assert code == 0, err
    fr = by_msgid(project / "locales/fr/LC_MESSAGES/second.po")
    assert fr["Ganz neuer Satz ohne Vorbild."].msgstr == "Une phrase toute neuve."
    assert fr["Ganz neuer Satz ohne Vorbild."].translator_comments == ["kilocale-tm: old-project.po"]
    en = by_msgid(project / "locales/en/LC_MESSAGES/second.po")
    assert en["Ganz neuer Satz ohne Vorbild."].msgstr == ""  # the compendium is French


def test_a_broken_compendium_writes_nothing(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    before = snapshot(project)
    code, _, err = run(project, "update", "--compendium", str(bad))
    assert code == 2 and "bad.po:" in err
    assert snapshot(project) == before


def test_a_tmx_compendium_feeds_each_language_its_own_translations(project: Path,
                                                                   tmp_path: Path) -> None:
    (project / "source/de/second.md").write_text(SECOND, encoding="utf-8")
    run(project, "extract")
    tmx = tmp_path / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
        'creationtoolversion="1"/><body>\n'
        '<tu><tuv xml:lang="de"><seg>Ganz neuer Satz ohne Vorbild.</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Une phrase toute neuve.</seg></tuv>'
        '<tuv xml:lang="es"><seg>Una frase <ph>nueva</ph>.</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="de"><seg>Ein zweiter Text</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>第二篇文章</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8")
    code, out, err = run(project, "update", "--compendium", str(tmx))
    assert code == 0, err
    def entry(language: str, msgid: str) -> Entry:
        return by_msgid(project / f"locales/{language}/LC_MESSAGES/second.po")[msgid]
    assert entry("fr", "Ganz neuer Satz ohne Vorbild.").msgstr == "Une phrase toute neuve."
    assert entry("es", "Ganz neuer Satz ohne Vorbild.").msgstr == "Una frase nueva."
    assert entry("zh_CN", "Ein zweiter Text").msgstr == "第二篇文章"
    assert entry("zh_CN", "Ein zweiter Text").translator_comments == ["kilocale-tm: agency.tmx"]
    assert entry("en", "Ganz neuer Satz ohne Vorbild.").msgstr == ""
    assert entry("fr", "Ein zweiter Text").msgstr == ""


def test_a_broken_tmx_writes_nothing(project: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "memory.tmx"
    tmx.write_text("<tmx><body><tu>", encoding="utf-8")
    before = snapshot(project)
    code, _, err = run(project, "update", "--compendium", str(tmx))
    assert code == 2 and "memory.tmx" in err
    assert snapshot(project) == before

"""TBX-Basic export and import of the glossary: every term, form, status and note survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from kilocale.cli import cli
from kilocale.io.glossary_file import load_glossary, parse_glossary

tbx_storage = pytest.importorskip("translate.storage.tbx")

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["en", "fr", "es", "zh_CN"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)


@pytest.fixture
def tbx_file(project: Path) -> Path:
    out = project / "glossary.tbx"
    result = run(project, "glossary", "export", "--format", "tbx", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def semantic(term):
    return (term.term, term.dnt, term.forms, dict(term.translations), term.case_sensitive, term.note,
            {lang: set(term.forbidden_in(lang)) for lang in LANGS})


def test_yaml_to_tbx_to_yaml_keeps_every_term_form_status_and_note(project, tbx_file):
    result = run(project, "glossary", "import", str(tbx_file))
    assert result.exit_code == 0, result.output
    original = load_glossary(project / "glossary.yaml", LANGS)
    back = parse_glossary(result.output, LANGS)
    assert [semantic(t) for t in back.terms] == [semantic(t) for t in original.terms]
    assert [t.forbidden for t in back.terms] == [t.forbidden for t in original.terms]
    assert back.digest() == original.digest()  # what the MT provenance hashes, too


def test_the_tbx_marks_statuses_as_tbx_basic_does(tbx_file):
    root = etree.parse(str(tbx_file)).getroot()
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")

    def forms(term: str, lang: str) -> list[tuple[str, str]]:
        for entry in root.iter("termEntry"):
            source = entry.find(f"langSet[@{{{XML_LANG[1:].split('}')[0]}}}lang='de']")
            if source is not None and source.findtext("tig/term") == term:
                lang_set = next(ls for ls in entry.iter("langSet") if ls.get(XML_LANG) == lang)
                return [(tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']"))
                        for tig in lang_set.iter("tig")]
        raise AssertionError(term)

    # glossary.yaml: DeepSeek is dnt with forbidden spellings; Nvidia has zh_CN: [英伟达, NVIDIA,
    # Nvidia] and forbidden "*": [NVidia, nVidia], zh_CN: [辉达]; Open Source has forms: [Open-Source].
    assert forms("DeepSeek", "en")[:2] == [("DeepSeek", "admittedTerm-admn-sts"),
                                           ("Deepseek", "deprecatedTerm-admn-sts")]
    assert forms("Nvidia", "zh-CN") == [("英伟达", "preferredTerm-admn-sts"), ("NVIDIA", "admittedTerm-admn-sts"),
                                        ("Nvidia", "admittedTerm-admn-sts"), ("NVidia", "deprecatedTerm-admn-sts"),
                                        ("nVidia", "deprecatedTerm-admn-sts"), ("辉达", "deprecatedTerm-admn-sts")]
    assert forms("Open Source", "de") == [("Open Source", "preferredTerm-admn-sts"),
                                          ("Open-Source", "admittedTerm-admn-sts")]


def test_translate_toolkit_reads_the_same_terms(project, tbx_file):
    original = load_glossary(project / "glossary.yaml", LANGS)
    for lang in LANGS:
        store = tbx_storage.tbxfile(tbx_file.read_bytes(), sourcelanguage="de",
                                    targetlanguage=lang.replace("_", "-"))
        # a case sensitivity other than the default is a note TBX-Basic readers show too
        assert [(u.source, u.target, u.getnotes()) for u in store.units] == \
            [(t.term, t.approved(lang)[0],
              t.note + ("\nkilocale: case-sensitive" if t.case_sensitive and not t.dnt else ""))
             for t in original.terms]


def test_import_never_replaces_an_existing_file_without_force(project, tbx_file):
    before = (project / "glossary.yaml").read_bytes()
    result = run(project, "glossary", "import", str(tbx_file), "-o", str(project / "glossary.yaml"))
    assert result.exit_code == 2 and "exists; use --force" in result.output
    assert (project / "glossary.yaml").read_bytes() == before
    fresh = project / "new.yaml"
    assert run(project, "glossary", "import", str(tbx_file), "-o", str(fresh)).exit_code == 0
    assert len(load_glossary(fresh, LANGS).terms) == len(load_glossary(project / "glossary.yaml", LANGS).terms)


def test_a_case_sensitivity_other_than_the_default_survives(tmp_path, project):
    (project / "glossary.yaml").write_text(
        "version: 1\nterms:\n  - term: Kimi\n    dnt: true\n    case_sensitive: false\n"
        "  - term: LLM\n    case_sensitive: true\n    translations: {en: LLM, fr: LLM, es: LLM, zh_CN: LLM}\n",
        encoding="utf-8")
    out = tmp_path / "g.tbx"
    assert run(project, "glossary", "export", "-o", str(out)).exit_code == 0
    back = parse_glossary(run(project, "glossary", "import", str(out)).output, LANGS)
    assert [(t.term, t.dnt, t.case_sensitive) for t in back.terms] == [("Kimi", True, False), ("LLM", False, True)]


def test_bad_tbx_is_a_located_error(project, tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n", encoding="utf-8")
    result = run(project, "glossary", "import", str(bad))
    assert result.exit_code == 2 and f"{bad}:4: not well-formed XML" in result.output

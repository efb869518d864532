"""A language the glossary does not cover yet (pt_BR): findings, not a blocked project."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from kilocale.cli import cli
from kilocale.core.glossary_gaps import as_dnt
from kilocale.core.glossary import source_matches
from kilocale.io.glossary_file import parse_glossary
from kilocale.io.po import load_po

GLOSSARY = """version: 1
terms:
  - term: DeepSeek
    dnt: true
  - term: Baidu
    translations:
      en: Baidu
      zh_CN: 百度
  - term: Rechenleistung
    translations:
      en: computing power
      pt_BR: poder computacional
"""


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def add_pt_br(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text, n = re.subn(r'languages = \[(.*?)\]', r'languages = [\1, "pt_BR"]', text, count=1)
    assert n == 1
    pyproject.write_text(text, encoding="utf-8")


def test_a_term_without_a_form_loads_and_is_kept() -> None:
    glossary = parse_glossary(GLOSSARY, ["en", "zh_CN", "pt_BR"])
    baidu = glossary.find("Baidu")
    assert baidu is not None and baidu.translations == {"en": ("Baidu",), "zh_CN": ("百度",)}


def test_pretranslation_keeps_a_term_without_a_form_as_written() -> None:
    glossary = parse_glossary(GLOSSARY, ["en", "zh_CN", "pt_BR"])
    matches, kept = as_dnt(source_matches(glossary, "Baidus Rechenleistung und Baidu"), "pt_BR")
    assert kept == ["Baidu"]
    assert [(m.surface, m.term.dnt) for m in matches] == [
        ("Baidus", True), ("Rechenleistung", False), ("Baidu", True)]


def test_adding_pt_br_leaves_every_command_working(project: Path) -> None:
    add_pt_br(project)
    code, out, _ = run(project, "update")
    assert code == 0 and "locales/pt_BR/LC_MESSAGES/article.po: 0 kept, 0 fuzzy, 91 new" in out

    code, out, err = run(project, "check")
    assert code == 1
    lines = out.splitlines()
    gaps = [line for line in lines if "[glossary-untranslated-term]" in line]
    assert gaps == lines  # the shipped translations are clean: the gaps are all there is
    # once per term, each at the term's line in glossary.yaml
    glossary_lines = (project / "glossary.yaml").read_text(encoding="utf-8").splitlines()
    assert len(gaps) == 37
    named = set()
    for line in gaps:
        found = re.match(r"glossary\.yaml:(\d+): \[glossary-untranslated-term\] term '([^']+)' "
                         r"has no pt_BR form", line)
        assert found, line
        assert glossary_lines[int(found.group(1)) - 1].strip() == f"- term: {found.group(2)}"
        named.add(found.group(2))
    assert len(named) == 37 and "Nvidia" in named and "DeepSeek" not in named  # dnt needs no form
    assert run(project, "check", "-l", "en")[0] == 0  # other languages are unaffected
    assert run(project, "check", "--ignore", "glossary-untranslated-term")[0] == 0
    code, out, _ = run(project, "check", "--list")
    assert code == 0 and "glossary-untranslated-term" in out

    code, out, err = run(project, "pretranslate", "-l", "pt_BR", "--engine", "pseudo")
    assert code == 0 and "91 of 91 empty entries translated" in out
    assert "kept as written (the glossary has no pt_BR form): " in err and "Nvidia" in err
    po = load_po(project / "locales/pt_BR/LC_MESSAGES/article.po")
    nvidia = [e for e in po.active if "Nvidia" in e.msgid]
    assert nvidia and all("Nvidia" in e.msgstr for e in nvidia)  # not pseudo-accented

    code, out, _ = run(project, "pretranslate", "-l", "en", "--engine", "pseudo", "--dry-run")
    assert code == 0
    assert run(project, "glossary", "suggest")[0] == 0
    code, out, _ = run(project, "stats")
    assert code == 0 and "pt_BR" in out
    assert run(project, "build")[0] == 0

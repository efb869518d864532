"""pretranslate: machine drafts for empty entries only, glossary locked, verified, retried."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import tinyargos
from kilocale.cli import cli
from kilocale.config import load_config
from kilocale.core.protect import SENTINEL_RE
from kilocale.io.glossary_file import load_glossary
from kilocale.io.po import load_po
from kilocale.model import Catalog, Entry
from kilocale.pretranslate import MT_COMMENT_PREFIX, PROBLEM_PREFIX, pretranslate_catalog

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["en", "fr", "es", "zh_CN"]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(ROOT / "glossary.yaml", LANGS)


class Scripted:
    """A fake engine: ``first`` transforms texts on the first call, ``later`` afterwards."""

    name = "scripted"

    def __init__(self, first, later=lambda t: t.upper()):
        self.calls: list[list[str]] = []
        self.first, self.later = first, later

    def check(self, source, target):
        return None

    def translate_batch(self, texts, source, target):
        fn = self.first if not self.calls else self.later
        self.calls.append(list(texts))
        return [fn(t) for t in texts]

    def provenance(self, source, target):
        return "scripted 1.0"


def catalog(*entries: Entry) -> Catalog:
    return Catalog(header={"Language": "en"}, entries=list(entries), path="en.po")


def test_only_empty_entries_are_filled_and_marked(glossary):
    cat = catalog(Entry("DeepSeeks Erfolg."), Entry("Alt.", "Old.", flags=["fuzzy"]),
                  Entry("Fertig.", "Done."), Entry("Weg.", obsolete=True),
                  Entry("Neu.", translator_comments=["ask Anna"]))
    new, report = pretranslate_catalog(cat, Scripted(str.upper), "de", "en", glossary)
    assert [e.msgstr for e in new.entries] == ["DeepSeek's ERFOLG.", "Old.", "Done.", "", "NEU."]
    assert [e.msgstr for e in cat.entries] == ["", "Old.", "Done.", "", ""]  # input untouched
    first, _, done, _, neu = new.entries
    assert first.flags == ["fuzzy"] and not done.fuzzy
    stamp = f"{MT_COMMENT_PREFIX} scripted 1.0; glossary {glossary.digest()}"
    assert first.translator_comments == [stamp]
    assert neu.translator_comments == ["ask Anna", stamp]
    assert (report.candidates, report.translated, report.sentinels, report.sentinels_restored,
            report.retries, report.failures) == (2, 2, 1, 1, 0, 0)


def test_lost_sentinel_is_retried_in_the_safer_mode():
    engine = Scripted(first=lambda t: SENTINEL_RE.sub("", t))  # a model that drops them all
    new, report = pretranslate_catalog(catalog(Entry("Führe `a` aus, dann **los**!")),
                                       engine, "de", "en")
    assert new.entries[0].msgstr == "FÜHRE `a` AUS, DANN **LOS**!"
    assert engine.calls[1] == ["Führe", "aus, dann", "los"]
    assert (report.sentinels, report.sentinels_restored, report.retries, report.failures) == (3, 0, 1, 0)


def test_final_failure_keeps_the_draft_with_a_comment_naming_the_problem():
    engine = Scripted(first=lambda t: "{0} {0}", later=lambda t: t + " {7}")
    new, report = pretranslate_catalog(catalog(Entry("Führe `a` aus.")), engine, "de", "en")
    entry = new.entries[0]
    assert entry.fuzzy and entry.msgstr == "Führe {7} `a` aus. {7}"
    assert entry.translator_comments[-1] == f"{PROBLEM_PREFIX} unexpected sentinel {{7}}"
    assert report.failures == 1 and report.problems == [("Führe `a` aus.", "unexpected sentinel {7}")]


def test_multiline_msgids_are_translated_line_by_line():
    engine = Scripted(str.upper)
    new, _ = pretranslate_catalog(catalog(Entry("Zeile eins\nZeile `zwei`")), engine, "de", "en")
    assert new.entries[0].msgstr == "ZEILE EINS\nZEILE `zwei`"
    assert engine.calls == [["Zeile eins", "Zeile {0}"]]


# --- end to end on the article: a fresh catalog made by extract + update ---------------


@pytest.fixture
def project(tmp_path):
    dest = tmp_path / "proj"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".git", ".venv", "build", "locales",
                                                              "tests", "*.egg-info", ".ci"))
    runner = CliRunner()
    for args in (["extract"], ["update"]):
        result = runner.invoke(cli, ["-C", str(dest), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return dest


GERMAN_ENDING = r"(?:s|es|e|en|n|er|ern|ns|'|’)?(?![^\W_])"


def glossary_expectations(language: str) -> list[tuple[re.Pattern[str], str, str]]:
    """From glossary.yaml alone: (German source pattern, term, preferred target form).

    A do-not-translate term keeps its own spelling; any other term is written in the first
    form listed for ``language``; a term without one is not locked.  The source pattern is
    the term between word boundaries with a German case ending (the file's header: "German
    inflections (DeepSeeks, Baidus, Chinas, KI-Modells, Ant-Group-Tochter)"), matching the
    first letter in either case for terms that are not case-sensitive.
    """
    data = yaml.safe_load((ROOT / "glossary.yaml").read_text(encoding="utf-8"))
    out = []
    for item in data["terms"]:
        if item.get("dnt"):
            preferred = item["term"]
        else:
            forms = (item.get("translations") or {}).get(language)
            if not forms:
                continue
            preferred = forms if isinstance(forms, str) else forms[0]
        sensitive = item.get("case_sensitive", bool(item.get("dnt")))
        for german in [item["term"], *item.get("forms", [])]:
            first = german[0]
            head = re.escape(first) if sensitive or first.lower() == first.upper() else \
                f"[{re.escape(first.upper())}{re.escape(first.lower())}]"
            pattern = re.compile(r"(?<![^\W_])" + head + re.escape(german[1:]) + GERMAN_ENDING)
            out.append((pattern, item["term"], preferred))
    return out


def term_spans(msgid: str, expectations) -> list[tuple[int, int, str, str]]:
    """(start, end, term, preferred form) of each glossary term in ``msgid``; a term inside
    a longer term's occurrence (Alibaba inside Alibaba Cloud) is the longer one's."""
    spans = [(m.start(), m.end(), term, form) for pattern, term, form in expectations
             for m in pattern.finditer(msgid)]
    return [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                        for o in spans)]


MARKUP = re.compile(r"`[^`]+`|\]\([^)\s]+\)|\*\*")


def assert_locked(project: Path, languages, copy: bool) -> int:
    """Every entry is a fuzzy draft with every glossary term in its preferred target form
    and every piece of inline markup of its source (expectations from glossary.yaml and
    the msgid alone, never from the code under test)."""
    config = load_config(project)
    n = 0
    for language in languages:
        expectations = glossary_expectations(language)
        cat = load_po(config.po_path(language, "article"))
        for entry in cat.active:
            assert entry.msgstr and entry.fuzzy, entry.msgid
            assert entry.translator_comments[-1].startswith(MT_COMMENT_PREFIX)
            spans = term_spans(entry.msgid, expectations)
            for _start, _end, term, form in spans:
                assert form in entry.msgstr, (language, term, form, entry.msgstr)
            for markup in MARKUP.findall(entry.msgid):
                assert entry.msgstr.count(markup) == entry.msgid.count(markup), \
                    (language, markup, entry.msgstr)
            if copy:  # the copy model: the source again, with the terms in their target form
                rest = list(entry.msgid)
                for start, end, _term, _form in spans:
                    rest[start:end] = " " * (end - start)
                for word in re.findall(r"\w+", "".join(rest)):
                    assert word.upper() in entry.msgstr.upper(), (word, entry.msgstr)
            n += 1
    return n


def test_pretranslate_pseudo_keeps_every_term_and_markup(project):
    result = CliRunner().invoke(cli, ["-C", str(project), "pretranslate", "--engine", "pseudo"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "91 of 91 empty entries translated" in result.output
    assert assert_locked(project, LANGS, copy=False) == 4 * 91
    again = CliRunner().invoke(cli, ["-C", str(project), "pretranslate", "--engine", "pseudo"])
    assert "0 of 0 empty entries translated" in again.output  # drafts are never overwritten


def test_dry_run_writes_nothing(project):
    po = project / "locales/en/LC_MESSAGES/article.po"
    before = po.read_bytes()
    result = CliRunner().invoke(cli, ["-C", str(project), "pretranslate", "--engine", "pseudo",
                                      "--lang", "en", "--dry-run"], catch_exceptions=False)
    assert result.exit_code == 0 and "(dry run)" in result.output
    assert po.read_bytes() == before


def test_pretranslate_argos_copy_model_end_to_end(project):
    tinyargos.require_argos()
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(project), "pretranslate", "--lang", "en"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ", 0 retried, 0 failed" in result.output
    assert assert_locked(project, ["en"], copy=True) == 91
    check = runner.invoke(cli, ["-C", str(project), "check", "--lang", "en", "--include-fuzzy"],
                          catch_exceptions=False)
    assert check.exit_code == 0, check.output


def test_pretranslate_argos_pivot_with_visible_translation(project):
    tinyargos.require_argos()
    result = CliRunner().invoke(cli, ["-C", str(project), "pretranslate", "--lang", "es"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert assert_locked(project, ["es"], copy=True) == 91
    entry = load_po(project / "locales/es/LC_MESSAGES/article.po").active[0]
    assert "argos de→en 0.1 + en→es 0.1" in entry.translator_comments[-1]


def test_missing_model_exits_2_with_the_install_command(project):
    tinyargos.require_argos()
    po = project / "locales/zh_CN/LC_MESSAGES/article.po"
    before = po.read_bytes()
    result = CliRunner().invoke(cli, ["-C", str(project), "pretranslate", "--lang", "zh_CN"])
    assert result.exit_code == 2
    assert "install one with: kilocale models install de zh" in result.output
    assert po.read_bytes() == before

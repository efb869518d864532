"""kilocale review: the page an editor signs off from."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from conftest import snapshot
from kilocale.cli import cli
from kilocale.formats.review_html import word_diff
from kilocale.io.po import load_po, save_po

CHANGED_FROM = "Dies war nicht nur eine weitere Produkteinführung; es war eine Erklärung."
CHANGED_TO = "Dies war keine weitere Produkteinführung; es war eine Kampfansage."
SECOND = ("# Ein zweiter Text\n\nDie Auswirkungen von DeepSeeks strategischem Manöver waren "
          "unmittelbar und tiefgreifend. Ganz neuer Satz.\n")


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rows(page: Path, doc: str = "article") -> dict[str, lxml_html.HtmlElement]:
    """The rows of one document's table, by source sentence."""
    tree = lxml_html.fromstring(page.read_bytes())
    return {r.xpath("normalize-space(td[2]/p[1])"): r for r in tree.xpath("//tr[contains(@class,'entry')]")
            if r.get("id").rsplit("-", 1)[0] == doc}


def test_word_diff_marks_exactly_the_changed_words() -> None:
    assert word_diff(CHANGED_FROM, CHANGED_TO) == [
        ("=", "Dies war "), ("-", "nicht nur eine"), ("+", "keine"),
        ("=", " weitere Produkteinführung; es war eine "), ("-", "Erklärung"),
        ("+", "Kampfansage"), ("=", ".")]
    assert word_diff("Um 2,5 Prozent.", "Um 3,5 Prozent.") == [
        ("=", "Um "), ("-", "2"), ("+", "3"), ("=", ",5 Prozent.")]


@pytest.fixture
def reviewed_project(project: Path) -> Path:
    """The shipped project with one changed sentence, one finding, a memory match, drafts."""
    source = project / "source/de/article.md"
    source.write_text(source.read_text(encoding="utf-8").replace(CHANGED_FROM, CHANGED_TO),
                      encoding="utf-8")
    (project / "source/de/second.md").write_text(SECOND, encoding="utf-8")
    fr = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = load_po(fr)
    for e in catalog.entries:
        if "Ernie X1" in e.msgstr:
            e.msgstr = e.msgstr.replace("Ernie X1", "Ernie X2")
            break
    save_po(catalog, fr)
    for args in (["extract"], ["update"], ["pretranslate", "-l", "en", "--engine", "pseudo"]):
        assert run(project, *args)[0] == 0
    return project


def test_review_page_shows_states_findings_and_diffs(reviewed_project: Path) -> None:
    project = reviewed_project
    before = {k: v for k, v in snapshot(project).items() if not k.startswith("build/")}
    code, out, err = run(project, "review")
    assert code == 0, err
    assert "build/review/fr.html: 94 entries, 4 need review, 1 with findings" in out.splitlines()
    after = {k: v for k, v in snapshot(project).items() if not k.startswith("build/")}
    assert after == before  # review writes only its pages

    fr = rows(project / "build/review/fr.html")
    second = rows(project / "build/review/fr.html", "second")
    assert (len(fr), len(second)) == (91, 3)
    changed = fr[CHANGED_TO]
    assert "needs-review" in changed.get("class") and changed.xpath("normalize-space(td[4])") == "fuzzy"
    assert [d.text for d in changed.xpath(".//del")] == ["nicht nur eine", "Erklärung"]
    assert [i.text for i in changed.xpath(".//ins")] == ["keine", "Kampfansage"]
    memory = second["Die Auswirkungen von DeepSeeks strategischem Manöver waren unmittelbar und "
                "tiefgreifend."]
    assert [memory.xpath(f"normalize-space(td[4]/span[{i}])") for i in (1, 2)] == [
        "memory match", "from article"]
    flagged = [r for r in [*fr.values(), *second.values()] if "has-findings" in r.get("class")]
    assert len(flagged) == 1 and "Ernie X2" in flagged[0].xpath("normalize-space(td[3])")
    assert flagged[0].xpath("normalize-space(td[5]//code)") == "glossary-missing"
    assert flagged[0].xpath("normalize-space(td[3]/@lang)") == "fr"
    reviewed = [r for r in fr.values() if r.xpath("normalize-space(td[4])") == "reviewed"]
    assert len(reviewed) == 90 and all("needs-review" not in r.get("class") for r in reviewed)

    en = rows(project / "build/review/en.html", "second")
    drafts = [r for r in en.values() if r.xpath("normalize-space(td[4]/span[1])") == "machine draft"]
    assert len(drafts) == 2 and all("pseudo" in r.xpath("normalize-space(td[4]/span[2])") for r in drafts)

    page = (project / "build/review/fr.html").read_text(encoding="utf-8")
    for ident in ("show-all", "show-review", "show-findings"):
        assert re.search(rf'<input type="radio" name="show" id="{ident}"', page)
        assert f'<label for="{ident}">' in page
    assert ".review:has(#show-review:checked) .entry:not(.needs-review)" in page
    assert "<script" not in page  # the filters need no JavaScript
    code, out, _ = run(project, "review", "-l", "fr")
    assert out == "build/review/fr.html: 94 entries, 4 need review, 1 with findings (unchanged)\n"


def test_review_escapes_translations(project: Path) -> None:
    en = project / "locales/en/LC_MESSAGES/article.po"
    catalog = load_po(en)
    catalog.entries[0].msgstr = "<script>alert(1)</script> & more"
    save_po(catalog, en)
    assert run(project, "review", "-l", "en")[0] == 0
    page = (project / "build/review/en.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_review_lists_glossary_gaps_of_a_new_language(project: Path) -> None:
    assert run(project, "add-language", "pt_BR")[0] == 0
    assert run(project, "review", "-l", "pt_BR")[0] == 0
    doc = lxml_html.fromstring((project / "build/review/pt_BR.html").read_bytes())
    notes = doc.xpath("//section[contains(@class,'review-glossary')]//li/text()")
    assert len(notes) == 37 and notes[0].startswith("glossary.yaml:28: term 'Nvidia' has no pt_BR")


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_since_limits_the_page_to_entries_changed_since_a_revision(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "reviewed")
    es = project / "locales/es/LC_MESSAGES/article.po"
    catalog = load_po(es)
    catalog.entries[3].msgstr += " (revisado)"
    catalog.entries[5].flags = ["fuzzy"]
    save_po(catalog, es)
    code, out, err = run(project, "review", "-l", "es", "-l", "fr", "--since", "HEAD")
    assert code == 0, err
    assert out.splitlines() == [
        "build/review/es.html: 2 entries changed since HEAD (of 91), 1 need review, 0 with findings",
        "build/review/fr.html: 0 entries changed since HEAD (of 91), 0 need review, 0 with findings"]
    es_rows = rows(project / "build/review/es.html")
    assert set(es_rows) == {catalog.entries[3].msgid, catalog.entries[5].msgid}
    code, _, err = run(project, "review", "--since", "no-such-rev")
    assert code == 2 and "'no-such-rev' is not a git revision" in err


def test_since_outside_git_is_a_clear_error(project: Path) -> None:
    before = snapshot(project)
    code, _, err = run(project, "review", "--since", "HEAD~1")
    assert code == 2 and "--since needs a git repository" in err
    assert snapshot(project) == before

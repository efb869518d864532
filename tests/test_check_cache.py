"""`kilocale check` replays the findings of unchanged catalogs from .kilocale/check.json.

The reference is always `kilocale --no-cache check`, the full check: a cached run must print
the same bytes on stdout and stderr, in every format, with the same exit status, and see
every edit of an input (catalog, glossary, configuration, options).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kilocale.cli import cli
from kilocale.io.po import load_po, save_po

CACHE = Path(".kilocale/check.json")


def run(project: Path, *args: str, cache: bool = True):
    flags = [] if cache else ["--no-cache"]
    return CliRunner().invoke(cli, ["-C", str(project), *flags, *args], catch_exceptions=False)


def same_as_full(project: Path, *args: str) -> str:
    """Run `check ARGS` cached (twice: the run that records, then the one that replays)
    and in full; assert all three agree byte for byte; return the full run's stdout."""
    full = run(project, "check", *args, cache=False)
    for _ in range(2):
        cached = run(project, "check", *args)
        assert (cached.stdout, cached.stderr, cached.exit_code) == \
            (full.stdout, full.stderr, full.exit_code), args
    return full.stdout


def set_msgstr(project: Path, language: str, starts: str, msgstr: str) -> None:
    po_path = project / f"locales/{language}/LC_MESSAGES/article.po"
    catalog = load_po(po_path)
    entry = next(e for e in catalog.entries if e.msgid.startswith(starts))
    entry.msgstr = msgstr
    save_po(catalog, po_path)


def break_project(project: Path) -> None:
    """Findings of many kinds: typography, forbidden and altered terms, an untranslated
    entry, a syntax error, a missing catalog and glossary gaps."""
    set_msgstr(project, "fr", "DeepSeeks Erfolg hat",
               'Le succès de Deepseek a "manifestement" brisé ce paradigme.')
    set_msgstr(project, "en", "DeepSeeks Erfolg hat",
               "Deepseek's success has demonstrably broken this paradigm.")
    catalog = load_po(project / "locales/en/LC_MESSAGES/article.po")
    catalog.entries[3].msgstr = ""
    save_po(catalog, project / "locales/en/LC_MESSAGES/article.po")
    es = project / "locales/es/LC_MESSAGES/article.po"
    es.write_text(es.read_text(encoding="utf-8") + '\nmsgid "x"\nbroken\n', encoding="utf-8")
    (project / "locales/zh_CN/LC_MESSAGES/article.po").unlink()
    glossary = project / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + "  - term: Wettlauf\n    translations:\n      en: race\n",
                        encoding="utf-8")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("options", [(), ("--strict",), ("--include-fuzzy", "--ignore", "typo"),
                                     ("--lang", "en", "--select", "glossary")])
def test_replayed_findings_print_exactly_what_a_full_check_prints(
        project: Path, fmt: str, options: tuple[str, ...]) -> None:
    break_project(project)
    out = same_as_full(project, "--format", fmt, *options)
    assert out  # there is something to replay
    assert (project / CACHE).is_file()


def test_clean_project_replays_exit_0(project: Path) -> None:
    assert same_as_full(project) == ""
    assert run(project, "check").exit_code == 0


def test_every_edited_input_is_seen(project: Path) -> None:
    same_as_full(project)  # recorded: no findings
    set_msgstr(project, "fr", "DeepSeeks Erfolg hat",
               'Le succès de Deepseek a "manifestement" brisé ce paradigme.')
    assert "[typo-fr-quotes]" in same_as_full(project)  # a catalog
    glossary = project / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "forbidden: [Open AI, OpenAi, Open-AI]", "forbidden: [Open AI, OpenAi, Open-AI, paradigme]"),
        encoding="utf-8")
    assert "'paradigme'" in same_as_full(project)  # the glossary
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8")
                         + '\n[tool.kilocale.check]\nignore = ["typo"]\n', encoding="utf-8")
    out = same_as_full(project)  # the configuration
    assert "[typo-fr-quotes]" not in out and "[glossary-forbidden]" in out
    assert "[typo-fr-quotes]" in same_as_full(project, "--ignore", "glossary")  # options
    assert "[glossary-forbidden]" not in same_as_full(project, "--select", "typo")
    assert "[glossary-forbidden]" in same_as_full(project, "--select", "glossary")
    set_msgstr(project, "en", "DeepSeeks Erfolg hat", "")
    assert "[untranslated]" not in same_as_full(project)
    assert "[untranslated]" in same_as_full(project, "--strict")
    (project / "locales/fr/LC_MESSAGES/article.po").unlink()
    assert "[missing-catalog]" in same_as_full(project)  # a catalog removed


def test_a_cache_that_cannot_be_written_changes_nothing_but_time(project: Path) -> None:
    break_project(project)
    (project / ".kilocale").write_text("not a directory\n", encoding="utf-8")
    for fmt in ("text", "json", "github"):
        same_as_full(project, "--format", fmt)
    assert (project / ".kilocale").read_text(encoding="utf-8") == "not a directory\n"


def test_a_corrupt_or_hand_edited_cache_means_a_full_check(project: Path) -> None:
    break_project(project)
    reference = same_as_full(project, "--format", "json")
    cache = project / CACHE
    data = json.loads(cache.read_text(encoding="utf-8"))
    for _key, _outputs, info, _extras in data["units"].values():
        if info.get("findings"):
            info["findings"][0][1] = "not a line"
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert run(project, "check", "--format", "json").stdout == reference
    cache.write_text("{not json", encoding="utf-8")
    assert run(project, "check", "--format", "json").stdout == reference


def test_no_cache_checks_every_catalog_whatever_the_cache_says(project: Path) -> None:
    same_as_full(project)
    cache = project / CACHE
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["units"]["en/article"][2]["findings"] = [  # [key, outputs, info, extras]
        ["locales/en/LC_MESSAGES/article.po", 7, "number", "recorded", "warning", "m"]]
    cache.write_text(json.dumps(data), encoding="utf-8")
    replayed = run(project, "check")  # the record is replayed field by field
    assert replayed.stdout == "locales/en/LC_MESSAGES/article.po:7: [number] recorded\n"
    assert replayed.exit_code == 1
    full = run(project, "check", cache=False)
    assert full.stdout == "" and full.exit_code == 0

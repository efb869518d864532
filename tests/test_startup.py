"""Start-up: `--help` and `--version` import none of the heavy libraries, and `check`
imports only what checking needs (timings are in benchmarks/startup.py, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("lxml", "markdown_it", "babel", "rapidfuzz", "yaml", "polib")


def imported_after(args: list[str], cwd: Path, full: bool = False) -> set[str]:
    """Top-level packages in sys.modules after `kilocale ARGS` ran in a fresh interpreter
    (with ``full``, every module name)."""
    code = ("import sys\n"
            "from kilocale.cli import cli\n"
            "try:\n"
            f"    cli({args!r}, prog_name='kilocale')\n"
            "except SystemExit:\n"
            "    pass\n"
            "sys.stdout.flush()\n"
            "print('\\nMODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES ")]
    assert line, proc.stderr
    names = set(line[-1].split()[1:])
    return names if full else {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"],
                                  ["build", "--help"]])
def test_help_and_version_import_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    loaded = imported_after(args, tmp_path)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


# What `kilocale check` must leave alone: the document formats (markdown-it, lxml), the
# merge and memory (rapidfuzz), babel's message catalogs and the MT stack; and the
# pipeline module, which imports them for the other commands.
NOT_FOR_CHECK = ("lxml", "markdown_it", "rapidfuzz", "polib", "argostranslate", "ctranslate2",
                 "sentencepiece", "kilocale.pipeline", "kilocale.formats", "kilocale.core.merge",
                 "kilocale.core.memory", "babel.messages")


@pytest.mark.parametrize("args", [["check"], ["check", "--strict", "--format", "json"]])
def test_check_imports_only_what_checking_needs(args: list[str], project: Path) -> None:
    loaded = imported_after(["-C", str(project), *args], project, full=True)
    assert "kilocale.checking" in loaded  # it did run the check
    assert not {m for m in loaded if m in NOT_FOR_CHECK or m.startswith(
        tuple(n + "." for n in NOT_FOR_CHECK))}, sorted(loaded)


# A pre-commit hook checks a project whose catalogs did not change: the findings come from
# .kilocale/check.json, so neither the PO reader, yaml (the glossary) nor the checks are needed.
NOT_FOR_UNCHANGED_CHECK = ("yaml", "polib", "kilocale.io.po", "kilocale.io.po_read",
                           "kilocale.io.glossary_file", "kilocale.project", "kilocale.core.checks")


def test_check_of_an_unchanged_project_reads_no_catalog_or_glossary(project: Path) -> None:
    first = imported_after(["-C", str(project), "check"], project, full=True)
    assert "kilocale.io.po" in first  # the first run checked the catalogs
    again = imported_after(["-C", str(project), "check"], project, full=True)
    assert "kilocale.checking" in again
    assert not again & set(NOT_FOR_UNCHANGED_CHECK), sorted(again & set(NOT_FOR_UNCHANGED_CHECK))
    (project / "locales/fr/LC_MESSAGES/article.po").write_bytes(
        (project / "locales/fr/LC_MESSAGES/article.po").read_bytes() + b"\n")
    assert "kilocale.io.po" in imported_after(["-C", str(project), "check"], project, full=True)


# `kilocale --help` and `--version` are answered by kilocale.entry without click; the text
# must be what click itself prints for the same command line.
CLICK_MAIN = ("import sys; sys.argv[0] = 'kilocale'\n"
              "from kilocale.cli import main\n"
              "main()\n")


def _run(argv: list[str], columns: str | None = None, encoding: str | None = None
         ) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "PYTHONIOENCODING")}
    if columns is not None:
        env["COLUMNS"] = columns
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run([sys.executable, *argv], capture_output=True, env=env)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
@pytest.mark.parametrize("columns", [None, "80", "200", "79", "60"])
def test_help_and_version_print_what_click_prints(args: list[str], columns: str | None) -> None:
    fast = _run(["-m", "kilocale", *args], columns)
    click_run = _run(["-c", CLICK_MAIN, *args], columns)
    assert fast.returncode == click_run.returncode == 0, fast.stderr
    assert fast.stdout == click_run.stdout and fast.stdout.startswith(
        b"Usage: kilocale [OPTIONS] COMMAND" if args != ["--version"] else b"kilocale, version ")
    assert fast.stderr == click_run.stderr == b""


def test_help_on_a_stdout_that_cannot_encode_it_is_clicks() -> None:
    fast = _run(["-m", "kilocale", "--help"], "100", "ascii")
    assert fast.returncode == 0 and fast.stdout == _run(["-c", CLICK_MAIN, "--help"], "100",
                                                        "ascii").stdout
    assert "→".encode() in fast.stdout  # click writes UTF-8 to a misconfigured stream


def test_kept_help_text_is_current() -> None:
    """src/kilocale/cli_help.py must be click's rendering of the CLI as it is now."""
    from kilocale.cli import top_level_help
    from kilocale.cli_help import TOP_LEVEL_HELP

    assert TOP_LEVEL_HELP == top_level_help(80), \
        "the CLI's help changed: run `python scripts/update-cli-help.py`"
    assert "  update " in TOP_LEVEL_HELP and "  -C DIR " in TOP_LEVEL_HELP


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_do_not_import_click(args: list[str]) -> None:
    code = ("import sys\n"
            f"sys.argv = ['kilocale', *{args!r}]\n"
            "from kilocale.entry import main\n"
            "main()\n"
            "print('\\nMODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    names = {n.split(".")[0] for n in proc.stderr.split("MODULES", 1)[1].split()}
    assert "click" not in names and "typing" not in names, sorted(names)


@pytest.mark.parametrize("args", [["--help", "extra"], ["extract", "--help"], ["--versio"],
                                  ["--version", "--help"], []])
def test_other_command_lines_go_to_click(args: list[str]) -> None:
    fast = _run(["-m", "kilocale", *args], "100")
    click_run = _run(["-c", CLICK_MAIN, *args], "100")
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        click_run.returncode, click_run.stdout, click_run.stderr)
    assert fast.stdout or fast.stderr


def test_version_to_a_closed_or_full_stdout() -> None:
    """No stdout at all: what click does (nothing, exit 0); a full device: one line on
    stderr and exit 1, not a traceback."""
    closed = subprocess.run([sys.executable, "-m", "kilocale", "--version"], capture_output=False,
                            stdout=None, stderr=subprocess.PIPE, close_fds=True,
                            preexec_fn=lambda: __import__("os").close(1))
    assert closed.returncode == 0 and closed.stderr == b""
    if Path("/dev/full").exists():
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([sys.executable, "-m", "kilocale", "--help"], stdout=full,
                                  stderr=subprocess.PIPE)
        assert proc.returncode == 1
        assert proc.stderr == b"kilocale: cannot write to standard output: No space left on device\n"

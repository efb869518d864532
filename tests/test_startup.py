"""Start-up: `--help` and `--version` import none of the heavy libraries (timings are in
benchmarks/startup.py, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("lxml", "markdown_it", "babel", "rapidfuzz", "yaml", "polib")


def imported_after(args: list[str], cwd: Path) -> set[str]:
    """Top-level packages in sys.modules after `kilocale ARGS` ran in a fresh interpreter."""
    code = ("import sys\n"
            "from kilocale.cli import cli\n"
            "try:\n"
            f"    cli({args!r}, prog_name='kilocale')\n"
            "except SystemExit:\n"
            "    pass\n"
            "sys.stdout.flush()\n"
            "print('\\nMODULES', ' '.join(sorted({m.split('.')[0] for m in sys.modules})),"
            " file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES ")]
    assert line, proc.stderr
    return set(line[-1].split()[1:])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"],
                                  ["build", "--help"]])
def test_help_and_version_import_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    loaded = imported_after(args, tmp_path)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))

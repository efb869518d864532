"""Write src/kilocale/cli_help.py: `kilocale --help` as click renders it (80 columns).

Run it after changing a command's name or help, or an option of the top-level group;
tests/test_startup.py fails until then.  kilocale.entry prints that text for
`kilocale --help` without importing click.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kilocale.cli import top_level_help

TARGET = Path(__file__).resolve().parent.parent / "src" / "kilocale" / "cli_help.py"


def module_text() -> str:
    """The module's source for the help click renders now."""
    return ('"""`kilocale --help` at 80 columns or more, as click renders it: written by\n'
            "scripts/update-cli-help.py (do not edit), printed by kilocale.entry.\"\"\"\n\n"
            "TOP_LEVEL_HELP = (\n"
            + "".join(f"    {line!r}\n" for line in top_level_help(80).splitlines(keepends=True))
            + ")\n")


if __name__ == "__main__":
    TARGET.write_text(module_text(), encoding="utf-8")
    print(f"wrote {TARGET}", file=sys.stderr)

"""The ``kilocale`` console entry point (and ``python -m kilocale``).

``kilocale --version`` and ``kilocale --help`` are answered here without importing click:
click and :mod:`typing`, which it needs, are three times the interpreter's own start-up,
and both calls are made by scripts, shells completing a command line and people finding
their way.  The top-level help is click's own rendering, kept in :mod:`kilocale.cli_help`
(``python scripts/update-cli-help.py`` writes it; a test fails when it differs from what
click renders now).  It is used where click would render it exactly so: a terminal (or
``COLUMNS``) of 80 columns or more, and standard output able to encode it.  Every other
command line goes to :func:`kilocale.cli.main`.
"""

from __future__ import annotations

import os
import sys

from kilocale import __version__

#: What click's ``version_option`` prints for ``--version``.
VERSION_LINE = f"kilocale, version {__version__}\n"

#: The help is rendered for this many columns or more (click caps its width at 80 - 2).
HELP_COLUMNS = 80


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` finds it (``COLUMNS``, then the
    terminal on stdout, else 80), without importing shutil: it pulls in zlib, bz2 and lzma,
    a few per cent of `--help`."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _answer(args: list[str]) -> str | None:
    """The text for a command line answered without click, or None."""
    if args == ["--version"]:
        return VERSION_LINE
    if args in (["--help"], ["-h"]) and terminal_columns() >= HELP_COLUMNS:
        from kilocale.cli_help import TOP_LEVEL_HELP

        return TOP_LEVEL_HELP
    return None


def _write(text: str) -> bool:
    """Write ``text`` to stdout; False (nothing written) if there is no stdout (closed) or
    it cannot encode the text: click copes with both."""
    if sys.stdout is None:
        return False
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `kilocale --help | head -1`: as click does, quietly, exit 1
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (no flush error at exit)
        sys.exit(1)
    except OSError as exc:  # a full disk: said in one line, where click shows a traceback
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        print(f"kilocale: cannot write to standard output: {exc.strerror}", file=sys.stderr)
        sys.exit(1)
    return True


def main() -> None:
    """Console-script entry point."""
    text = _answer(sys.argv[1:])
    if text is not None and _write(text):
        return
    from kilocale.cli import main as click_main

    click_main()

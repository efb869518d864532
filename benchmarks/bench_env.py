"""Byte-code for timed runs as an installed package has it.

Where ``PYTHONDONTWRITEBYTECODE`` is set (or the source tree's ``__pycache__`` is stale),
every timed ``python -m kilocale`` would compile every kilocale module again, a fixed
cost of a few hundred milliseconds that no installed copy pays.  :func:`cached_env`
returns an environment whose byte-code goes to a cache outside the repository, filled
once, untimed, by importing every command module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MODULES = ("kilocale.cli", "kilocale.pipeline", "kilocale.checking", "kilocale.incremental",
           "kilocale.formats.html", "kilocale.formats.markdown", "kilocale.formats.cjk")


def cached_env(directory: Path) -> dict[str, str]:
    """``os.environ`` with byte-code cached under ``directory``, already compiled."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(directory) / "pycache")
    subprocess.run([sys.executable, "-c", "import " + ", ".join(MODULES)], env=env, check=True)
    return env

"""Timed runs as a user's would be: byte-code as an installed package has it, and peak
memory that is the command's own.

Where ``PYTHONDONTWRITEBYTECODE`` is set (or the source tree's ``__pycache__`` is stale),
every timed ``python -m kilocale`` would compile every kilocale module again, a fixed
cost of a few hundred milliseconds that no installed copy pays.  :func:`cached_env`
returns an environment whose byte-code goes to a cache outside the repository, filled
once, untimed, by importing every command module.

A child's ``ru_maxrss`` starts at its parent's resident size (the kernel carries the
high-water mark over fork and exec): a benchmark that holds 190 MiB of documents would
report 190 MiB for every command it runs, however small.  :class:`Launcher` starts the
timed commands from a small process of its own, started before the benchmark grows.
"""

from __future__ import annotations

import json
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


# The launcher: one command per line of JSON [argv, cwd, env] on stdin; per command one
# line [wall seconds, peak RSS KiB, CPU seconds, exit code, stderr's tail] on stdout.
_LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    cmd, cwd, env = json.loads(line)
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
    except OSError as exc:  # no such program: say so, as a shell would (exit code 127)
        print(json.dumps([0.0, 0, 0.0, 127, str(exc)]), flush=True)
        continue
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    print(json.dumps([wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
                      os.waitstatus_to_exitcode(status), err.decode(errors="replace")[-2000:]]),
          flush=True)
"""


class Launcher:
    """Runs commands from a small process, so that their peak RSS is their own."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)

    def run(self, cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> tuple[float, int, float, int, str]:
        """(wall seconds, peak RSS in KiB, CPU seconds of it and the workers it waited for,
        exit code, the end of its stderr) of one run of ``cmd``."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps([cmd, None if cwd is None else str(cwd), env]) + "\n")
        self._proc.stdin.flush()
        wall, rss, cpu, code, err = json.loads(self._proc.stdout.readline())
        return wall, rss, cpu, code, err

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait()

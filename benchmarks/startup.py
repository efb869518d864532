"""kilocale's start-up: ``--help``, ``check``, ``stats`` and ``build`` against ``python -c pass``.

    python benchmarks/startup.py [--runs 11] [--project DIR]

Each command runs ``--runs`` times as ``python -m kilocale -C DIR …`` (``--help`` as
``python -m kilocale --help``, the command line kilocale.entry answers without click, and
``-C DIR --help``, which click renders) on the same interpreter as the reference ``python -c pass``; the script prints the median wall time of
each, the ratio to bare Python, the targets (``--help`` ≤ 4× ``python -c pass``, ``check`` ≤
150 ms), and the peak RSS of one run of each.  ``check`` runs on an unchanged project, as a
pre-commit hook does: after the untimed first run its findings come from
.kilocale/check.json; ``check --no-cache`` is the cold, full check, timed alongside.
``build`` writes into a copy of the project (a temporary directory), never into the
repository.  Beside the wall times, the median CPU time (user + system) of each command
and its ratio: on a shared, loaded machine the wall clock also counts waiting for a core.  Runs are interleaved (one of each in
turn), so a load spike on a shared machine hits every command alike.  Byte-code is cached
in the temporary directory (``PYTHONPYCACHEPREFIX``), as an installed package has it, even
where ``PYTHONDONTWRITEBYTECODE`` is set.  Where the ``kilocale`` console script is
installed next to the interpreter, ``kilocale --help (script)`` times it too (no ``runpy``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench_env import Launcher, cached_env

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pyproject.toml", "glossary.yaml", "source", "locales")


def run(launcher: Launcher, cmd: list[str], cwd: Path, env: dict[str, str]
        ) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds) of one run of ``cmd``; exit status 0 or 1
    expected."""
    elapsed, rss, cpu, code, err = launcher.run(cmd, cwd, env)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    return elapsed, rss, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--project", type=Path, default=REPO,
                        help="the project to run on (copied first); default: the shipped one")
    args = parser.parse_args()
    launcher = Launcher()  # one process starts every timed command (bench_env)
    with tempfile.TemporaryDirectory(prefix="kilocale-startup-") as tmp:
        proj = Path(tmp) / "project"
        proj.mkdir()
        for name in PROJECT_FILES:
            src = args.project / name
            if src.is_dir():
                shutil.copytree(src, proj / name)
            elif src.is_file():
                shutil.copy2(src, proj / name)
        kilocale = [sys.executable, "-m", "kilocale", "-C", str(proj)]
        env = cached_env(Path(tmp))  # byte-code as an installed package has it
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "kilocale --help": [sys.executable, "-m", "kilocale", "--help"],
            "kilocale -C DIR --help": kilocale + ["--help"],  # not the fast path: click's
            "kilocale check": kilocale + ["check"],
            "kilocale check --no-cache": kilocale + ["--no-cache", "check"],
            "kilocale stats": kilocale + ["stats"],
            "kilocale build": kilocale + ["build"],
        }
        script = Path(sys.executable).with_name("kilocale")  # the console script, if installed
        if script.is_file():
            commands["kilocale --help (script)"] = [str(script), "--help"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        rss: dict[str, int] = {}
        for name, cmd in commands.items():  # warm the page cache and .pyc files, untimed
            _, rss[name], _ = run(launcher, cmd, proj, env)
        for _ in range(args.runs):
            for name, cmd in commands.items():
                wall, _, used = run(launcher, cmd, proj, env)
                times[name].append(wall)
                cpu[name].append(used)
    launcher.close()
    median = {name: statistics.median(t) for name, t in times.items()}
    median_cpu = {name: statistics.median(t) for name, t in cpu.items()}
    base = median["python -c pass"]
    base_cpu = median_cpu["python -c pass"]
    print(f"start-up, median of {args.runs} interleaved runs, {os.cpu_count()} CPUs, "
          f"{sys.executable} (Python {sys.version.split()[0]})")
    print()
    print(f"| {'command':<25} | {'median ms':>9} | {'x python -c pass':>16} | {'CPU ms':>6} | "
          f"{'CPU x':>5} | {'peak RSS MiB':>12} |")
    print(f"|{'-' * 27}|{'-' * 11}|{'-' * 18}|{'-' * 8}|{'-' * 7}|{'-' * 14}|")
    for name in commands:
        print(f"| {name:<25} | {1000 * median[name]:>9.1f} | {median[name] / base:>16.2f} | "
              f"{1000 * median_cpu[name]:>6.1f} | {median_cpu[name] / base_cpu:>5.2f} | "
              f"{rss[name] / 1024:>12.0f} |")
    print()
    help_ratio = median["kilocale --help"] / base
    check_ms = 1000 * median["kilocale check"]
    ok = help_ratio <= 4 and check_ms <= 150
    cold_ms = 1000 * median["kilocale check --no-cache"]
    print(f"targets: --help <= 4x python -c pass ({help_ratio:.2f}x), "
          f"check <= 150 ms ({check_ms:.0f} ms; {cold_ms:.0f} ms cold): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""``kilocale check`` against Translate Toolkit's ``pofilter`` on the same 100,000-entry PO set.

    python benchmarks/check.py [--entries 100000] [--pofilter PATH] [--keep DIR]

Setup (untimed), in a temporary directory: a copy of the project (config for en, fr, es,
zh_CN, the German source, glossary.yaml, the template) whose four catalogs hold
``--entries`` entries in all, a quarter per language: the shipped translations of the
article repeated, each copy under its own ``msgctxt`` so every entry is distinct.  The
catalogs are written by :mod:`kilocale.io.po`, so both tools read identical files.

Timed, each once, wall clock, interpreter start-up included:

- ``kilocale -C DIR --no-cache check`` (glossary with inflections, markup, numbers,
  whitespace, HTML, unchanged, typography), the full check whatever .kilocale/ holds;
- ``pofilter -i DIR/po -o OUT`` with its default test set (47 tests, no glossary) over the
  same four files.

pofilter is not a project dependency: pass ``--pofilter``, or have it on PATH, or the script
creates a throwaway virtualenv under the system temp directory and installs
translate-toolkit there with pip.  Prints both times, the ratio pofilter / kilocale, the
peak RSS of each (``ru_maxrss`` of the process; kilocale's workers are not added) and the
CPU seconds of each (kilocale's workers included), whose ratio a load that changes between
the two timed runs does not skew.  Then, for information, ``kilocale check`` twice with its
cache: the run that records the findings in .kilocale/check.json, and the run on the
unchanged catalogs that replays them (both must print what the full check printed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_env import cached_env
from kilocale.io.po import load_po, save_po
from kilocale.model import Catalog, Entry

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "es", "zh_CN")
CONFIG = """[tool.kilocale]
source_language = "de"
languages = ["en", "fr", "es", "zh_CN"]
glossary = "glossary.yaml"
"""


def find_pofilter(explicit: str | None) -> str:
    """An executable pofilter: the given one, one on PATH, or one installed into a temp venv."""
    if explicit:
        return explicit
    found = shutil.which("pofilter")
    if found:
        return found
    venv = Path(tempfile.gettempdir()) / "kilocale-bench-translate-toolkit"
    exe = venv / "bin" / "pofilter"
    if not exe.exists():
        print(f"installing translate-toolkit into {venv} (throwaway) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "translate-toolkit"],
                       check=True)
    return str(exe)


def build_project(root: Path, entries: int) -> int:
    """Write the synthetic project; returns the number of entries written."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copy2(REPO / "glossary.yaml", root / "glossary.yaml")
    shutil.copytree(REPO / "source", root / "source")
    (root / "locales" / "templates").mkdir(parents=True)
    shutil.copy2(REPO / "locales" / "templates" / "article.pot",
                 root / "locales" / "templates" / "article.pot")
    per_language = entries // len(LANGUAGES)
    total = 0
    for language in LANGUAGES:
        shipped = load_po(REPO / "locales" / language / "LC_MESSAGES" / "article.po")
        base = [e for e in shipped.entries if e.msgid and e.msgstr and not e.obsolete]
        out = Catalog(header=dict(shipped.header), header_comments=list(shipped.header_comments))
        i = 0
        while len(out.entries) < per_language:
            e = base[i % len(base)]
            out.entries.append(Entry(msgid=e.msgid, msgstr=e.msgstr, msgctxt=f"copy {i}",
                                     references=list(e.references), flags=list(e.flags)))
            i += 1
        path = root / "locales" / language / "LC_MESSAGES" / "article.po"
        path.parent.mkdir(parents=True)
        save_po(out, path)
        copy = root / "po" / language / "article.po"
        copy.parent.mkdir(parents=True)
        shutil.copy2(path, copy)
        total += len(out.entries)
    return total


def timed(cmd: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``cmd``: (wall seconds, result); ``result.rss`` is its peak RSS in KiB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, **kwargs)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(cmd, os.waitstatus_to_exitcode(status),
                                             out.read().decode(), err.read().decode())
    result.rss = usage.ru_maxrss  # type: ignore[attr-defined]
    # CPU seconds of the process and the workers it waited for: on a shared, loaded
    # machine the wall times of two tools run one after the other see different loads.
    result.cpu = usage.ru_utime + usage.ru_stime  # type: ignore[attr-defined]
    return elapsed, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--pofilter", help="path of the pofilter executable")
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    args = parser.parse_args()

    pofilter = find_pofilter(args.pofilter)
    tmp = None if args.keep else tempfile.TemporaryDirectory(prefix="kilocale-bench-check-")
    root = args.keep if args.keep else Path(tmp.name) / "project"  # type: ignore[union-attr]
    try:
        n = build_project(root, args.entries)
        print(f"PO set: {n} entries in {len(LANGUAGES)} catalogs ({', '.join(LANGUAGES)})")

        pycache = tempfile.TemporaryDirectory(prefix="kilocale-bench-pyc-")
        env = cached_env(Path(pycache.name))  # byte-code as an installed package has it
        kilocale = [sys.executable, "-m", "kilocale", "-C", str(root)]
        k_time, k = timed(kilocale + ["--no-cache", "check"], env=env)
        if k.returncode not in (0, 1):
            print(k.stderr, file=sys.stderr)
            return 2
        k_findings = len(k.stdout.splitlines())
        p_time, p = timed([pofilter, "--progress=none", "-i", str(root / "po"),
                           "-o", str(root / "pofilter-out")])
        if p.returncode != 0:
            print(p.stderr, file=sys.stderr)
            return 2
        p_findings = sum(
            sum(1 for line in f.read_text(encoding="utf-8").splitlines()
                if line.startswith("# (pofilter)"))
            for f in (root / "pofilter-out").rglob("*.po"))

        print(f"kilocale check : {k_time:8.2f} s  ({k_findings} findings, "
              f"{n / k_time:,.0f} entries/s)")
        print(f"pofilter       : {p_time:8.2f} s  ({p_findings} findings, "
              f"{n / p_time:,.0f} entries/s)")
        print(f"peak RSS (MiB, largest process): kilocale {k.rss / 1024:.0f}, "
              f"pofilter {p.rss / 1024:.0f}")
        ratio = p_time / k_time
        verdict = "faster" if ratio > 1 else "slower"
        print(f"ratio pofilter/kilocale = {ratio:.2f}  (kilocale is {max(ratio, 1 / ratio):.2f}x "
              f"{verdict})")
        print(f"CPU seconds (workers included): kilocale {k.cpu:.2f}, pofilter {p.cpu:.2f}, "  # type: ignore[attr-defined]
              f"ratio {p.cpu / k.cpu:.2f}")  # type: ignore[attr-defined]
        for label in ("records the cache", "unchanged, replayed"):
            c_time, c = timed(kilocale + ["check"], env=env)
            if (c.returncode, c.stdout) != (k.returncode, k.stdout):
                print(f"kilocale check ({label}) differs from the full check", file=sys.stderr)
                return 2
            print(f"kilocale check ({label}): {c_time:.2f} s, CPU {c.cpu:.2f} s")  # type: ignore[attr-defined]
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

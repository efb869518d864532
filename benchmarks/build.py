"""Time ``kilocale build`` against ``po4a-translate`` producing the same Markdown editions.

    python benchmarks/build.py [--runs 10] [--project .]

Works on a copy of the project in a temporary directory (the repository is never written).
po4a segments by paragraph, kilocale by sentence, so the two cannot read the same PO files
as they are.  The setup step therefore gives po4a the same translations in its own
segmentation: ``po4a-gettextize`` aligns the German source with each edition kilocale built,
and the fuzzy flags it sets are removed.  Then both tools produce the four Markdown files
from their catalogs, ``--runs`` times each; the medians and their ratio are printed, and
the outputs are compared.

``kilocale build`` is one process for all languages (and also writes HTML once the build
does); po4a-translate is one process per edition, which is how it is used.  Both timings
include interpreter start-up.  Needs the Debian package po4a.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kilocale.config import load_config

PO4A_OPTS = ["-f", "text", "-o", "markdown", "-o", "neverwrap", "-M", "UTF-8", "-L", "UTF-8"]


def run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def strip_fuzzy(po: Path) -> None:
    lines = []
    for line in po.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("#, "):
            flags = [f.strip() for f in line[3:].split(",") if f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags) + "\n"
        lines.append(line)
    po.write_text("".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    for tool in ("po4a-translate", "po4a-gettextize"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: apt-get install po4a", file=sys.stderr)
            return 2
    config = load_config(args.project)
    kilocale = [sys.executable, "-m", "kilocale", "build"]

    with tempfile.TemporaryDirectory(prefix="kilocale-bench-") as tmp:
        work = Path(tmp) / "project"
        work.mkdir()
        for name in ("pyproject.toml", "kilocale.toml"):
            if (config.root / name).is_file():
                shutil.copy2(config.root / name, work / name)
        for path in (config.source_dir, config.locales_dir, config.glossary):
            if path.is_dir():
                shutil.copytree(path, work / config.rel(path))
            elif path.is_file():
                shutil.copy2(path, work / config.rel(path))
        wconf = load_config(work)
        docs = wconf.documents()
        pairs = [(lang, doc) for lang in wconf.languages for doc in docs]

        # Setup (not timed): kilocale's editions, and po4a catalogs holding the same translations.
        run(kilocale, work)
        po4a_dir = Path(tmp) / "po4a"
        out_dir = Path(tmp) / "po4a-out"
        jobs = []
        for lang, doc in pairs:
            edition = wconf.build_dir / lang / f"{doc}.md"
            po = po4a_dir / lang / f"{doc}.po"
            out = out_dir / lang / f"{doc}.md"
            po.parent.mkdir(parents=True, exist_ok=True)
            out.parent.mkdir(parents=True, exist_ok=True)
            run(["po4a-gettextize", *PO4A_OPTS, "-m", str(wconf.source_path(doc)),
                 "-l", str(edition), "-p", str(po)], work)
            strip_fuzzy(po)
            jobs.append(["po4a-translate", *PO4A_OPTS, "-k", "0", "-m", str(wconf.source_path(doc)),
                         "-p", str(po), "-l", str(out)])

        def po4a_build() -> None:
            for job in jobs:
                run(job, work)

        kilo_times = timed(lambda: run(kilocale, work), args.runs)
        po4a_times = timed(po4a_build, args.runs)

        identical = same_text = 0
        for lang, doc in pairs:
            ours = (wconf.build_dir / lang / f"{doc}.md").read_bytes()
            theirs = (out_dir / lang / f"{doc}.md").read_bytes()
            identical += ours == theirs
            same_text += [ln for ln in ours.splitlines() if ln.strip()] == \
                         [ln for ln in theirs.splitlines() if ln.strip()]

    k, p = statistics.median(kilo_times), statistics.median(po4a_times)
    n = len(pairs)
    print(f"{n} Markdown editions ({', '.join(wconf.languages)}; {', '.join(docs)}), "
          f"median of {args.runs} runs, interpreter start-up included")
    print(f"  kilocale build         {k * 1000:8.1f} ms  (min {min(kilo_times) * 1000:.1f})")
    print(f"  po4a-translate x{n:<2}     {p * 1000:8.1f} ms  (min {min(po4a_times) * 1000:.1f})")
    print(f"  ratio po4a / kilocale  {p / k:8.2f}x")
    print(f"  outputs byte-identical: {identical}/{n}; identical but for blank lines "
          f"(po4a separates list items with blank lines): {same_text}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""kilocale extract/update/build against msgmerge and po4a on a synthetic 1,000-document project.

    python benchmarks/scale.py [--docs 1000] [--edit-rate 0.05] [--keep DIR]

Setup (untimed), in a temporary directory:

1. ``source/de/docNNNN.md``: copies of ``source/de/article.md`` with a per-document marker
   word (``DnnnnS``) inserted after the first word of every sentence, so no sentence is
   shared between documents (91 sentences per document, 91,000 for 1,000 documents).
   ``kilocale.toml`` sets ``languages = ["en"]``.
2. ``kilocale extract`` + ``kilocale update``, then every msgstr is filled with a
   deterministic fake translation (``[en] `` + msgid) through ``kilocale.io.po``: the
   translated "before" state.  po4a's own POTs of the same sources are made and filled the
   same way, for po4a-translate.
3. ``--edit-rate`` of all sentences (chosen with a fixed seed) get one word replaced by
   another word of the article; the old → new msgid of each is recorded.

Timed, on the edited sources, each once, wall clock, interpreter start-up included:

- ``kilocale extract`` (one process, all documents) vs ``po4a-updatepo -f text -o markdown``
  per document (po4a's pure extraction: master document → POT, one process per file).
  po4a segments by paragraph, kilocale by sentence.
- ``kilocale update`` (fuzzy matching) vs ``msgmerge --previous`` and
  ``msgmerge --previous --no-fuzzy-matching``, one process per document on the same
  before-PO / new-POT pairs.
- ``kilocale build`` (Markdown and HTML) vs ``po4a-translate`` per document (Markdown only).

Then for every edited sentence: does the merged entry carry the old msgid as previous
msgid, the old translation and the fuzzy flag?  Counted for kilocale and both msgmerge
runs.

Two more cases (skip them with ``--no-big`` / ``--no-incremental``):

- **one big catalog**: the documents concatenated into one source (``all.md``, about
  91,000 entries), its translated "before" PO and the template of the edited
  concatenation; ``kilocale update`` vs ``msgmerge --previous`` with and without fuzzy
  matching on that one pair, the same matches required.  As in the per-document case,
  ``kilocale update`` runs in a project without ``.kilocale/`` right after ``kilocale
  extract`` (untimed); it is run once more from the same catalog with ``--no-cache``
  (every line's layout checked, none vouched for by extract's cache), for comparison.
- **incremental**: after the full runs above (each started without a cache, so they do
  all the work), one word of one sentence of one document is changed and ``kilocale
  extract``, ``update`` and ``build`` run again; their total is compared with the total
  of the full runs (target ≤ 5 %).  Their CPU seconds (user + system, workers included)
  are printed too: on a shared machine a few hundred milliseconds of wall clock are
  mostly noise.  Then a new sentence is added to one document, then to another (extract
  and update each time, not part of the target): an entry the translation memory can
  fill, so update builds the memory of all the language's catalogs, reading them all
  the first time and only those changed since the second.

After the update runs, the file work alone of an update in place is timed (read each
template and catalog, replace the catalog atomically with the bytes it holds: temporary
file, fsync, rename; no parsing), on msgmerge's output catalogs: msgmerge's time divided
by it is the most any tool that replaces the catalogs atomically can reach here.

The full runs start from a project without ``.kilocale/`` (a full run); ``-j`` is the
default (every core).  The update runs also print CPU seconds (user + system, worker and
msgmerge processes included), a fairer measure than wall clock on a shared machine.
Peak RSS is the ``ru_maxrss`` of the kilocale process from ``os.wait4``: the largest
single process, i.e. the main process or one worker.  The timed commands are started by
a small launcher process (``bench_env.Launcher``): a child's ``ru_maxrss`` starts at its
parent's size, and this script holds ~190 MiB by the time it runs them.
Needs the Debian packages gettext and po4a.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_env import Launcher, cached_env
from kilocale.formats import markdown
from kilocale.io.po import load_po, save_po

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "source" / "de" / "article.md"
PO4A_OPTS = ["-f", "text", "-o", "markdown", "-o", "neverwrap", "-M", "UTF-8", "-L", "UTF-8"]
SEED = 20240601
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")


def fake(msgid: str) -> str:
    return "[en] " + msgid


ENV: dict[str, str] | None = None  # byte-code cached outside the repository (see main)
LAUNCHER: Launcher | None = None  # starts the timed commands (see bench_env.Launcher)
# CPU seconds (user + system, child processes included) of the last run_timed or run_many:
# the machine may be shared, and wall-clock ratios then say little.
LAST_CPU = 0.0


def run_timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run ``cmd``; (wall seconds, peak RSS in KiB of that child).  Fails loudly."""
    return run_measured(cmd, cwd)[:2]


def run_measured(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """:func:`run_timed` and the CPU seconds (user + system) of the child and of the
    workers it waited for: steadier than wall clock on a shared machine.  Run from
    :data:`LAUNCHER`, so that the peak RSS is the command's, not this process's."""
    global LAST_CPU
    assert LAUNCHER is not None
    elapsed, rss, LAST_CPU, code, err = LAUNCHER.run(cmd, cwd, ENV)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    return elapsed, rss, LAST_CPU


def run_many(cmds: list[list[str]], cwd: Path | None = None) -> float:
    global LAST_CPU
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for cmd in cmds:
        r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr.decode(errors='replace')[-2000:]}")
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed


def io_floor(pairs: list[tuple[Path, Path]]) -> float:
    """Wall seconds of the file work alone that an update in place does: read each
    (template, catalog) pair and replace the catalog atomically (a temporary file beside
    it, fsync, rename) with the bytes it holds, on one thread per CPU; no parsing at all.
    msgmerge's time divided by this is the most any tool that replaces the catalogs
    atomically can reach on this machine."""
    from concurrent.futures import ThreadPoolExecutor

    def replace(pair: tuple[Path, Path]) -> None:
        template, catalog = pair
        template.read_bytes()
        data = catalog.read_bytes()
        tmp = catalog.with_name(f".{catalog.name}.floor.tmp")
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, catalog)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(replace, pairs))
    return time.perf_counter() - start

def mark(msgid: str, marker: str) -> str:
    first, sep, rest = msgid.partition(" ")
    return f"{first} {marker} {rest}" if sep else f"{msgid} {marker}"


def splice(text: str, mapping: dict[str, str]) -> str:
    return markdown.render(text, mapping.get, " ").text


def fill(path: Path, translate=fake) -> int:
    catalog = load_po(path)
    n = 0
    for e in catalog.entries:
        if not e.obsolete:
            e.msgstr = translate(e.msgid)
            n += 1
    save_po(catalog, path)
    return n


def fill_po4a(path: Path) -> None:
    """Fill a po4a POT (msgid ends with a newline under no-wrap) and drop its fuzzy header flag."""
    catalog = load_po(path)
    for e in catalog.entries:
        if not e.obsolete:
            e.msgstr = fake(e.msgid[:-1]) + "\n" if e.msgid.endswith("\n") else fake(e.msgid)
    catalog.header_flags = [f for f in catalog.header_flags if f != "fuzzy"]
    catalog.header["Language"] = "en"
    save_po(catalog, path, 0)


def check_matches(po_dir: Path, edits: dict[str, list[tuple[str, str]]], suffix: str,
                  misses: list | None = None) -> tuple[int, int]:
    """(intended matches, fuzzy entries in total) over all documents; misses appended."""
    good = fuzzy_total = 0
    for doc, pairs in edits.items():
        catalog = load_po(po_dir / f"{doc}{suffix}")
        by_id = {e.msgid: e for e in catalog.entries if not e.obsolete}
        for old, new in pairs:
            e = by_id.get(new)
            if (e is not None and "fuzzy" in e.flags and e.previous_msgid == old
                    and e.msgstr == fake(old)):
                good += 1
            elif misses is not None:
                misses.append((doc, old, new, e))
        fuzzy_total += sum(1 for e in catalog.entries if not e.obsolete and "fuzzy" in e.flags)
    return good, fuzzy_total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--edit-rate", type=float, default=0.05)
    parser.add_argument("--keep", type=Path, help="build the project in DIR and keep it")
    parser.add_argument("--profile", action="store_true",
                        help="also run kilocale update under cProfile and print the top functions")
    parser.add_argument("--no-big", dest="big", action="store_false",
                        help="skip the one-catalog case")
    parser.add_argument("--no-incremental", dest="incremental", action="store_false",
                        help="skip the one-edited-document case")
    args = parser.parse_args()
    for tool in ("msgmerge", "po4a-updatepo", "po4a-translate"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: apt-get install -y gettext po4a", file=sys.stderr)
            return 2
    kilocale = [sys.executable, "-m", "kilocale"]

    tmp = None
    if args.keep:
        root = args.keep.resolve()
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="kilocale-scale-")
        root = Path(tmp.name)
    global ENV, LAUNCHER
    LAUNCHER = Launcher()  # while this process is still small
    try:
        ENV = cached_env(root)
        return bench(args, root, kilocale)
    finally:
        LAUNCHER.close()
        if tmp is not None:
            tmp.cleanup()


def bench(args, root: Path, kilocale: list[str]) -> int:
    proj = root / "project"
    src = proj / "source" / "de"
    src.mkdir(parents=True)
    (proj / "kilocale.toml").write_text('source_language = "de"\nlanguages = ["en"]\n',
                                        encoding="utf-8")
    article = ARTICLE.read_text(encoding="utf-8")
    msgids = [s.msgid for s in markdown.find_spans(article)]
    docs = [f"doc{i:04d}" for i in range(args.docs)]
    print(f"setup: {len(docs)} documents x {len(msgids)} segments in {root}", flush=True)
    t0 = time.perf_counter()
    marked: dict[str, list[str]] = {}
    for i, doc in enumerate(docs):
        mapping = {m: mark(m, f"D{i:04d}S") for m in msgids}
        marked[doc] = [mapping[m] for m in msgids]
        (src / f"{doc}.md").write_text(splice(article, mapping), encoding="utf-8")

    run_timed(kilocale + ["-C", str(proj), "extract"])
    run_timed(kilocale + ["-C", str(proj), "update"])
    po_dir = proj / "locales" / "en" / "LC_MESSAGES"
    n_sent = sum(fill(po_dir / f"{doc}.po") for doc in docs)
    before = root / "before"
    shutil.copytree(po_dir, before)

    # Edits: one word of edit_rate of all sentences, replaced by another word of the article.
    rng = random.Random(SEED)
    vocab = sorted({w for m in msgids for w in WORD.findall(m)})
    pool = [(doc, k) for doc in docs for k in range(len(msgids))]
    chosen = sorted(rng.sample(pool, round(len(pool) * args.edit_rate)))
    edits: dict[str, list[tuple[str, str]]] = {}
    for doc, k in chosen:
        old = marked[doc][k]
        # Not the first word: a lower-case replacement there would join two sentences.
        words = list(WORD.finditer(old))[1:]
        if not words:
            continue
        w = rng.choice(words)
        repl = rng.choice([v for v in vocab if v != w.group()])
        new = old[:w.start()] + repl + old[w.end():]
        edits.setdefault(doc, []).append((old, new))
    for doc, pairs in edits.items():
        path = src / f"{doc}.md"
        text = splice(path.read_text(encoding="utf-8"), dict(pairs))
        expected = [dict(pairs).get(m, m) for m in marked[doc]]
        if [s.msgid for s in markdown.find_spans(text)] != expected:
            raise SystemExit(f"{doc}: an edit changed the segmentation")
        path.write_text(text, encoding="utf-8")
    n_edits = sum(len(p) for p in edits.values())
    print(f"setup: {n_sent} sentences translated, {n_edits} edited "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)

    results: dict[str, float] = {}
    rss: dict[str, int] = {}
    shutil.rmtree(proj / ".kilocale", ignore_errors=True)  # the timed runs do all the work

    # --- extract -------------------------------------------------------------------------
    results["kilocale extract"], rss["extract"] = run_timed(kilocale + ["-C", str(proj), "extract"])
    p4 = root / "po4a"
    p4.mkdir()
    results["po4a-updatepo (per doc)"] = run_many(
        [["po4a-updatepo", *PO4A_OPTS[:6], "-M", "UTF-8", "-m", str(src / f"{doc}.md"),
          "-p", str(p4 / f"{doc}.pot")] for doc in docs])
    print(f"extract: kilocale {results['kilocale extract']:.2f} s, "
          f"po4a {results['po4a-updatepo (per doc)']:.2f} s", flush=True)

    # --- update --------------------------------------------------------------------------
    pots = proj / "locales" / "templates"
    mm = {}
    cpu: dict[str, float] = {}  # CPU seconds of the update runs
    for name, extra in (("msgmerge --previous", []),
                        ("msgmerge --previous --no-fuzzy-matching", ["--no-fuzzy-matching"])):
        out = root / ("mm-nofuzzy" if extra else "mm-fuzzy")
        out.mkdir()
        mm[name] = out
        results[name] = run_many(
            [["msgmerge", "--quiet", "--previous", *extra, "-o", str(out / f"{doc}.po"),
              str(before / f"{doc}.po"), str(pots / f"{doc}.pot")] for doc in docs])
        cpu[name] = LAST_CPU
        print(f"update: {name} {results[name]:.2f} s ({cpu[name]:.2f} s CPU)", flush=True)
    results["kilocale update"], rss["update"] = run_timed(kilocale + ["-C", str(proj), "update"])
    cpu["kilocale update"] = LAST_CPU
    print(f"update: kilocale {results['kilocale update']:.2f} s ({cpu['kilocale update']:.2f} s CPU)",
          flush=True)
    # msgmerge's own output, which nothing reads again but for its content: the same sizes
    # as kilocale's catalogs, on the same disk.
    floor = io_floor([(pots / f"{doc}.pot", mm["msgmerge --previous"] / f"{doc}.po")
                      for doc in docs])
    print(f"update: I/O floor {floor:.2f} s", flush=True)

    # --- build ---------------------------------------------------------------------------
    results["kilocale build"], rss["build"] = run_timed(kilocale + ["-C", str(proj), "build"])
    # po4a: its own (paragraph) catalogs of the edited sources, filled the same way.
    for doc in docs:
        fill_po4a(p4 / f"{doc}.pot")
    out4 = root / "po4a-out"
    out4.mkdir()
    results["po4a-translate (per doc)"] = run_many(
        [["po4a-translate", *PO4A_OPTS, "-k", "0", "-m", str(src / f"{doc}.md"),
          "-p", str(p4 / f"{doc}.pot"), "-l", str(out4 / f"{doc}.md")] for doc in docs])
    print(f"build: kilocale {results['kilocale build']:.2f} s, "
          f"po4a-translate {results['po4a-translate (per doc)']:.2f} s", flush=True)

    # --- matches (before anything else touches the catalogs) -----------------------------
    k_miss: list = []
    f_miss: list = []
    k_good, k_fuzzy = check_matches(po_dir, edits, ".po", k_miss)
    f_good, f_fuzzy = check_matches(mm["msgmerge --previous"], edits, ".po", f_miss)
    n_good, n_fuzzy = check_matches(mm["msgmerge --previous --no-fuzzy-matching"], edits, ".po")

    # --- incremental: one word of one sentence of one document ------------------------------
    incremental: dict[str, float] = {}
    incremental_cpu: dict[str, float] = {}
    sentence: dict[str, tuple[float, float]] = {}
    if args.incremental:
        doc = docs[len(docs) // 2]
        path = src / f"{doc}.md"
        old = marked[doc][len(msgids) // 2]
        old = dict(edits.get(doc, [])).get(old, old)
        word = list(WORD.finditer(old))[-1]
        new = old[:word.start()] + "Weltraum" + old[word.end():]
        path.write_text(splice(path.read_text(encoding="utf-8"), {old: new}), encoding="utf-8")
        for step in ("extract", "update", "build"):
            incremental[step], rss[f"{step} (1 doc)"], incremental_cpu[step] = run_measured(
                kilocale + ["-C", str(proj), step])
        print(f"incremental: {', '.join(f'{k} {v:.2f} s' for k, v in incremental.items())}",
              flush=True)
        # A new sentence: an open entry, so update makes the translation memory of every
        # catalog (the first time it reads them all; then only those changed since).
        for n, doc in enumerate((docs[len(docs) // 3], docs[2 * len(docs) // 3])):
            path = src / f"{doc}.md"
            path.write_text(path.read_text(encoding="utf-8")
                            + f"\nEin ganz neuer Satz {n} steht hier.\n", encoding="utf-8")
            for step in ("extract", "update"):
                sec, _, seconds_cpu = run_measured(kilocale + ["-C", str(proj), step])
                sentence[f"{step} + sentence, memory {('made', 'cached')[n]}"] = sec, seconds_cpu

    # --- one big catalog ----------------------------------------------------------------
    big: dict[str, float] = {}
    big_cpu: dict[str, float] = {}
    big_matches: dict[str, tuple[int, int]] = {}
    n_big = 0
    if args.big:
        big_dir = root / "big"
        bsrc = big_dir / "source" / "de"
        bsrc.mkdir(parents=True)
        (big_dir / "kilocale.toml").write_text(
            'source_language = "de"\nlanguages = ["en"]\n', encoding="utf-8")
        originals = [splice(article, {m: mark(m, f"D{i:04d}S") for m in msgids})
                     for i in range(len(docs))]
        (bsrc / "all.md").write_text("\n".join(originals), encoding="utf-8")
        run_timed(kilocale + ["-C", str(big_dir), "--no-cache", "extract"])
        run_timed(kilocale + ["-C", str(big_dir), "--no-cache", "update"])
        bpo = big_dir / "locales" / "en" / "LC_MESSAGES" / "all.po"
        n_big = fill(bpo)
        bbefore = root / "big-before.po"
        shutil.copy2(bpo, bbefore)
        edited = [(src / f"{doc}.md").read_text(encoding="utf-8") for doc in docs]
        (bsrc / "all.md").write_text("\n".join(edited), encoding="utf-8")
        # As in the per-document case: a project without .kilocale/, extract (untimed),
        # then the timed update, which has no record of its own to skip by but trusts the
        # template extract just wrote (its cache vouches for the layout).
        shutil.rmtree(big_dir / ".kilocale", ignore_errors=True)
        run_timed(kilocale + ["-C", str(big_dir), "extract"])
        bpot = big_dir / "locales" / "templates" / "all.pot"
        all_edits = {"all": [pair for doc in docs for pair in edits.get(doc, [])]}
        for name, extra in (("msgmerge --previous", []),
                            ("msgmerge --previous --no-fuzzy-matching",
                             ["--no-fuzzy-matching"])):
            out = root / ("big-mm-nofuzzy" if extra else "big-mm-fuzzy")
            out.mkdir()
            big[name], rss[f"{name} (big)"] = run_timed(
                ["msgmerge", "--quiet", "--previous", *extra, "-o", str(out / "all.po"),
                 str(bbefore), str(bpot)])
            big_cpu[name] = LAST_CPU
            big_matches[name] = check_matches(out, all_edits, ".po")
            print(f"big catalog: {name} {big[name]:.2f} s", flush=True)
        big["kilocale update"], rss["update (big)"] = run_timed(
            kilocale + ["-C", str(big_dir), "update"])
        big_cpu["kilocale update"] = LAST_CPU
        big_matches["kilocale update"] = check_matches(bpo.parent, all_edits, ".po")
        print(f"big catalog: kilocale update {big['kilocale update']:.2f} s", flush=True)
        # Again from the same catalog with --no-cache: nothing vouches for any line, so
        # the layout of every entry written back is checked in full.
        shutil.copy2(bbefore, bpo)
        name = "kilocale --no-cache update"
        big[name], rss["update --no-cache (big)"] = run_timed(
            kilocale + ["-C", str(big_dir), "--no-cache", "update"])
        big_cpu[name] = LAST_CPU
        big_matches[name] = check_matches(bpo.parent, all_edits, ".po")
        print(f"big catalog: {name} {big[name]:.2f} s", flush=True)

    # --- report --------------------------------------------------------------------------
    print()
    print(f"{len(docs)} documents, {n_sent} sentences, {n_edits} edited by one word "
          f"({100 * args.edit_rate:g} %); {os.cpu_count()} CPUs; one run each, wall clock")
    print()
    print(f"| {'step':<42} | {'seconds':>8} |")
    print(f"|{'-' * 44}|{'-' * 10}|")
    for name, sec in results.items():
        print(f"| {name:<42} | {sec:>8.2f} |")
    print()
    ratios = [
        ("po4a-updatepo / kilocale extract", "po4a-updatepo (per doc)", "kilocale extract"),
        ("msgmerge fuzzy / kilocale update", "msgmerge --previous", "kilocale update"),
        ("msgmerge no-fuzzy / kilocale update", "msgmerge --previous --no-fuzzy-matching",
         "kilocale update"),
        ("po4a-translate / kilocale build", "po4a-translate (per doc)", "kilocale build"),
    ]
    print(f"| {'ratio':<42} | {'x':>8} |")
    print(f"|{'-' * 44}|{'-' * 10}|")
    for label, a, b in ratios:
        print(f"| {label:<42} | {results[a] / results[b]:>8.2f} |")
    print()
    print(f"update's I/O floor (read template and catalog, replace the catalog atomically, "
          f"no parsing): {floor:.2f} s; msgmerge --previous / floor = "
          f"{results['msgmerge --previous'] / floor:.1f}x, the most an update in place "
          f"can reach here")
    print()
    print(f"| {'update, CPU seconds (user + system)':<42} | {'seconds':>8} | {'x kilocale':>10} |")
    print(f"|{'-' * 44}|{'-' * 10}|{'-' * 12}|")
    for name, sec in cpu.items():
        print(f"| {name:<42} | {sec:>8.2f} | {sec / cpu['kilocale update']:>10.2f} |")
    print()
    print(f"| {'intended fuzzy matches (old msgid + translation)':<50} | {'found':>7} | {'fuzzy total':>11} |")
    print(f"|{'-' * 52}|{'-' * 9}|{'-' * 13}|")
    for label, good, tot in (("kilocale update", k_good, k_fuzzy),
                             ("msgmerge --previous", f_good, f_fuzzy),
                             ("msgmerge --previous --no-fuzzy-matching", n_good, n_fuzzy)):
        print(f"| {label:<50} | {good:>3}/{n_edits:<3} | {tot:>11} |")
    print()
    from rapidfuzz import fuzz
    for label, misses in (("kilocale", k_miss), ("msgmerge --previous", f_miss)):
        for doc, old, new, e in misses[:10]:
            got = "no entry" if e is None else (
                f"flags={e.flags} previous={e.previous_msgid!r}")
            print(f"missed by {label}: {doc}: {old!r} -> {new!r} "
                  f"(ratio {fuzz.ratio(old, new):.1f}; {got})")
    print()
    if big:
        print(f"one catalog of {n_big} entries, {sum(len(p) for p in edits.values())} edited")
        print()
        print(f"| {'one big catalog':<42} | {'seconds':>8} | {'x kilocale':>10} | "
              f"{'CPU s':>7} | {'x kilocale':>10} | {'intended matches':>16} | "
              f"{'fuzzy total':>11} |")
        print(f"|{'-' * 44}|{'-' * 10}|{'-' * 12}|{'-' * 9}|{'-' * 12}|{'-' * 18}|{'-' * 13}|")
        for name, sec in big.items():
            good, tot = big_matches[name]
            print(f"| {name:<42} | {sec:>8.2f} | {sec / big['kilocale update']:>10.2f} | "
                  f"{big_cpu[name]:>7.2f} | {big_cpu[name] / big_cpu['kilocale update']:>10.2f} | "
                  f"{good:>7}/{n_edits:<8} | {tot:>11} |")
        print()
    if incremental:
        full = results["kilocale extract"] + results["kilocale update"] + results["kilocale build"]
        part = sum(incremental.values())
        print(f"| {'one edited document':<42} | {'seconds':>8} | {'CPU s':>8} | {'full run':>8} "
              f"| {'share':>7} |")
        print(f"|{'-' * 44}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 9}|")
        for step, sec in incremental.items():
            print(f"| kilocale {step:<33} | {sec:>8.2f} | {incremental_cpu[step]:>8.2f} | "
                  f"{results[f'kilocale {step}']:>8.2f} | "
                  f"{100 * sec / results[f'kilocale {step}']:>6.1f}% |")
        print(f"| {'extract + update + build':<42} | {part:>8.2f} | "
              f"{sum(incremental_cpu.values()):>8.2f} | {full:>8.2f} | {100 * part / full:>6.1f}% |")
        for name, (sec, sentence_cpu) in sentence.items():
            print(f"| kilocale {name:<33} | {sec:>8.2f} | {sentence_cpu:>8.2f} | {'':>8} | {'':>7} |")
        print()
    print("peak RSS of the largest process (MiB): "
          + ", ".join(f"{k} {v / 1024:.0f}" for k, v in rss.items()))
    targets = [
        ("update >= 10x msgmerge --previous (per doc), all matches, < 1 GB",
         results["msgmerge --previous"] / results["kilocale update"] >= 10
         and k_good == f_good == n_edits and max(rss.values()) < 1024 * 1024),
        ("extract >= 20x po4a-updatepo",
         results["po4a-updatepo (per doc)"] / results["kilocale extract"] >= 20),
        ("build >= 10x po4a-translate",
         results["po4a-translate (per doc)"] / results["kilocale build"] >= 10),
    ]
    if big:
        targets.append(("one catalog: update >= 10x msgmerge --previous, same matches",
                        big["msgmerge --previous"] / big["kilocale update"] >= 10
                        and big_matches["kilocale update"][0]
                        == big_matches["msgmerge --previous"][0]))
    if incremental:
        targets.append(("one edited document: extract + update + build <= 5 % of the full run",
                        sum(incremental.values()) <= 0.05 * (
                            results["kilocale extract"] + results["kilocale update"]
                            + results["kilocale build"])))
    for label, met in targets:
        print(f"target {label}: {'met' if met else 'NOT met'}")
    ok = all(met for _, met in targets)

    if args.profile:
        shutil.rmtree(po_dir)
        shutil.copytree(before, po_dir)
        prof = root / "update.prof"
        run_timed([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "kilocale",
                   "-C", str(proj), "update"])
        import pstats
        print()
        pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(25)
        pstats.Stats(str(prof)).sort_stats("tottime").print_stats(15)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

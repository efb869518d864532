"""Does kilocale stay linear on very large inputs?  extract, update, check, build timed.

    python benchmarks/large.py [--cases paragraph,links,sentences] [--scale 1.0]
                               [--profile COMMAND:CASE:SIZE]

Each case is timed at two or three sizes, each size double the one before, in a fresh
temporary project (``languages = ["en"]``):

- ``paragraph``: one paragraph of 1, 2 and 4 MB: German sentences of about 60 characters,
  soft-wrapped at 76 columns.
- ``links``: one paragraph holding 20,000 and 40,000 inline links
  (``Siehe [Quelle 17](https://example.org/q/17) dazu.``).
- ``sentences``: 100,000 and 200,000 short sentences, twenty per paragraph.

Per size, in-process and single-threaded: ``pipeline.extract``, then ``pipeline.update``
(a new catalog), then every msgstr is filled (untimed) with a fake translation that keeps
the markup (``Satz`` → ``Sentence``), then ``pipeline.check`` and ``pipeline.build``.
Reported: CPU seconds of this process (``time.process_time``: on a shared, loaded machine
wall-clock time mostly measures the neighbours), seconds per MB of source, and the growth ratio time(2n) / time(n),
which must stay near 2 for linear behaviour (``ok`` up to 2.6: small sizes carry fixed
costs, large ones cache misses).  There is no reference tool for this: the ratio is
against kilocale itself at half the size.  ``--scale 0.25`` runs every size at a quarter,
for a quick look; ``--profile build:links:20000`` prints cProfile's top functions for one
command instead.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kilocale import pipeline
from kilocale.config import load_config
from kilocale.io.po import load_po, save_po

WORDS = ("Die Entwicklung der künstlichen Intelligenz verändert Märkte und Gesellschaften "
         "schneller als erwartet, und viele Unternehmen investieren Milliarden in neue "
         "Rechenzentren, Modelle und Fachkräfte").split()


def _wrap(text: str, width: int = 76) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def paragraph(megabytes: float) -> str:
    """One soft-wrapped paragraph of about ``megabytes`` MB of distinct sentences."""
    out: list[str] = []
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(8)]
        sentence = f"Satz {i} sagt: {' '.join(words)}."
        out.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
        i += 1
    return "# Titel\n\n" + _wrap(" ".join(out)) + "\n"


def links(count: int) -> str:
    """One paragraph with ``count`` inline links, several per sentence."""
    parts = [f"Siehe [Quelle {i}](https://example.org/q/{i}) dazu"
             + ("." if i % 3 == 2 else ",") for i in range(count)]
    return "# Titel\n\n" + _wrap(" ".join(parts)) + "\n"


def sentences(count: int) -> str:
    """``count`` short sentences, twenty per paragraph."""
    paras = []
    for start in range(0, count, 20):
        paras.append(_wrap(" ".join(f"Satz {i} ist kurz." for i in range(start,
                                                                         min(count, start + 20)))))
    return "# Titel\n\n" + "\n\n".join(paras) + "\n"


CASES: dict[str, tuple[Callable[[float], str], tuple[float, ...], str]] = {
    "paragraph": (paragraph, (1, 2, 4), "MB"),
    "links": (lambda n: links(int(n)), (20_000, 40_000), "links"),
    "sentences": (lambda n: sentences(int(n)), (100_000, 200_000), "sentences"),
}
COMMANDS = ("extract", "update", "check", "build")


def fill(config) -> None:  # type: ignore[no-untyped-def]
    """A reviewed fake translation for every entry, markup kept."""
    for path in sorted(config.locales_dir.glob("*/LC_MESSAGES/*.po")):
        catalog = load_po(path)
        for entry in catalog.entries:
            if entry.msgid:
                entry.msgstr = entry.msgid.replace("Satz", "Sentence").replace("Siehe", "See")
                entry.flags = []
        save_po(catalog, path)


def run_size(text: str, profile: str | None = None) -> dict[str, float]:
    """Seconds per command on a fresh project holding ``text``."""
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="kilocale-large-") as tmp:
        root = Path(tmp)
        (root / "kilocale.toml").write_text('languages = ["en"]\n', encoding="utf-8")
        (root / "source/de").mkdir(parents=True)
        (root / "source/de/big.md").write_text(text, encoding="utf-8")
        config = load_config(root)
        steps: dict[str, Callable[[], object]] = {
            "extract": lambda: pipeline.extract(config),
            "update": lambda: pipeline.update(config, config.languages),
            "check": lambda: pipeline.check(config, config.languages),
            "build": lambda: pipeline.build(config, config.languages),
        }
        for command in COMMANDS:
            if command == "check":
                fill(config)
            if profile == command:
                prof = cProfile.Profile()
                prof.enable()
                steps[command]()
                prof.disable()
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
                print(out.getvalue())
                return {}
            start = time.process_time()
            steps[command]()
            times[command] = time.process_time() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--profile", metavar="COMMAND:CASE:SIZE")
    args = parser.parse_args(argv)
    if args.profile:
        command, case, size = args.profile.split(":")
        run_size(CASES[case][0](float(size)), profile=command)
        return 0
    worst = 0.0
    print(f"{'case':<24}{'MB':>7}" + "".join(f"{c:>10}" for c in COMMANDS)
          + "   s/MB (extract update check build)")
    for name in args.cases.split(","):
        make, sizes, unit = CASES[name]
        previous: dict[str, float] | None = None
        for size in sizes:
            size = size * args.scale
            text = make(size)
            mb = len(text.encode("utf-8")) / 1e6
            times = run_size(text)
            label = f"{name} {size:g} {unit}"
            per_mb = " ".join(f"{times[c] / mb:.2f}" for c in COMMANDS)
            print(f"{label:<24}{mb:>7.2f}" + "".join(f"{times[c]:>9.2f}s" for c in COMMANDS)
                  + f"   {per_mb}", flush=True)
            if previous is not None:
                ratios = {c: times[c] / max(previous[c], 1e-6) for c in COMMANDS}
                worst = max(worst, *ratios.values())
                print(f"{'  growth ×2 input':<31}" + "".join(
                    f"{ratios[c]:>9.2f}{'' if ratios[c] <= 2.6 else '!'}" for c in COMMANDS),
                    flush=True)
            previous = times
    print(f"worst growth ratio for a doubled input: {worst:.2f} (linear ≈ 2)")
    return 0 if worst <= 2.6 else 1


if __name__ == "__main__":
    sys.exit(main())

"""PO reading speed: kilocale's strict reader against polib (and rspolib when installed).

    python benchmarks/po_read.py [--copies 50] [--repeat 5]

Reads, from bytes in memory (no disk time), two inputs:

- the shipped French article catalog (``locales/fr/LC_MESSAGES/article.po``);
- a large catalog: every shipped catalog concatenated ``--copies`` times, each copy's
  entries under their own ``msgctxt`` so that every entry is distinct.

Each parser reads each input ``--repeat`` times; the best time counts.  kilocale's time
includes decoding and all of msgfmt's ``--check`` rules; polib and rspolib only parse.
Prints the times and the ratios polib / kilocale and rspolib / kilocale (above 1 means
kilocale is faster).  polib and rspolib are not project dependencies:
``pip install polib rspolib`` to compare.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from kilocale.io.po import load_bytes

REPO = Path(__file__).resolve().parent.parent


def _large(copies: int) -> bytes:
    parts = []
    header = None
    for path in sorted((REPO / "locales").rglob("*.po")):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n\n")
        header = header or head
        body = re.sub(r"^msgctxt .*\n", "", body, flags=re.M)
        for i in range(copies):
            parts.append(re.sub(r'^(#~ )?msgid "', lambda m: f'{m.group(1) or ""}msgctxt '
                                f'"{path.parent.parent.name} {i}"\n{m.group(1) or ""}msgid "',
                                body, flags=re.M))
    return (f"{header}\n\n" + "\n\n".join(p.strip("\n") for p in parts) + "\n").encode()


def _best(func, data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(data)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    article = (REPO / "locales/fr/LC_MESSAGES/article.po").read_bytes()
    large = _large(args.copies)
    readers = {"kilocale": lambda data: load_bytes(data, "bench.po")}
    try:
        import polib

        readers["polib"] = lambda data: polib.pofile(data.decode("utf-8"))
    except ImportError:
        print("polib not installed: pip install polib")
    try:
        import rspolib

        readers["rspolib"] = lambda data: rspolib.pofile(data.decode("utf-8"))
    except ImportError:
        print("rspolib not installed: pip install rspolib")
    for name, data in (("article catalog", article), ("large catalog", large)):
        entries = len(load_bytes(data, "bench.po").entries)
        times = {r: _best(f, data, args.repeat) for r, f in readers.items()}
        print(f"{name}: {entries} entries, {len(data) / 1e6:.2f} MB")
        for r, t in times.items():
            print(f"  {r:9s} {t * 1000:9.1f} ms")
        for r in times:
            if r != "kilocale":
                print(f"  {r} / kilocale = {times[r] / times['kilocale']:.2f}")


if __name__ == "__main__":
    main()

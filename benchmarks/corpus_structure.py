"""Round trip and structure parity of kilocale editions on a corpus of real Markdown files.

    python benchmarks/corpus_structure.py CORPUS_DIR [--show]

For every ``*.md`` under CORPUS_DIR (e.g. the German Rust book, ``rust-lang-de/rustbook-de``
``src/``; the corpus is not shipped), two builds:

- **identity**: every msgid translated as itself; the edition must equal the source byte
  for byte;
- **marker**: every msgid translated as :func:`marker` (prose upper-cased and lengthened,
  markup kept, each hard line break kept); the edition's HTML must have the same block
  structure as the source's (``kilocale.formats.html.structure_signature``: the element
  tree with text ignored), and so must CommonMark's own HTML with raw HTML passed
  through (``kilocale.formats.html.raw_structure_signature``), which also sees HTML blocks.

The reference tool is po4a (``po4a-gettextize`` + ``po4a-translate``), which keeps the
identity round trip on about half of such a corpus; it is not run here.  Prints one line
per failing file and the totals.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lxml import etree

from kilocale.formats.html import (markdown_to_elements, raw_structure_signature,
                                   structure_signature)
from kilocale.formats.markdown import find_spans, render

_MARKUP = re.compile(r"(`+[^`]*`+|<[^<>]*>|\]\([^()]*\)|\[\^[^\]]*\]|&[#\w]+;|https?://\S+)")


def marker(msgid: str) -> str:
    """A translation that shares no prose with the source: upper case, markup where it was (a sentence that starts with a tag still does);
    code, tags, link targets, footnote references and hard breaks are kept as they are.

    Upper case, not longer words, because reference links (``[Text][label]``, ``[Text]``)
    match their definitions case-insensitively: any other change to a label breaks the
    link in the source's own terms, not kilocale's.
    """
    parts = _MARKUP.split(msgid)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        else:
            out.append(part.upper())
    return "".join(out)


def signature(markdown: str) -> list[tuple]:
    """The block structure of the edition page kilocale builds (raw HTML shown as text)."""
    article = etree.Element("article")
    markdown_to_elements(markdown, article)
    return structure_signature(etree.tostring(article, method="html"))


def check(path: Path) -> tuple[bool, bool, int, str]:
    """(identity ok, structure ok, spans, first difference) for one file."""
    text = path.read_text(encoding="utf-8")
    spans = find_spans(text, str(path))
    identity = render(text, lambda m: m, spans=spans).text == text
    edition = render(text, marker, spans=spans).text
    want = signature(text) + [("raw",)] + raw_structure_signature(text)
    got = signature(edition) + [("raw",)] + raw_structure_signature(edition)
    detail = ""
    if want != got:
        i = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        detail = f"element {i}: source {want[i:i + 3]} edition {got[i:i + 3]}"
    return identity, want == got, len(spans), detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", action="store_true", help="print each difference")
    args = parser.parse_args()
    files = sorted(args.corpus.rglob("*.md"))
    ident = struct = total_spans = 0
    for path in files:
        identity, same, n, detail = check(path)
        ident += identity
        struct += same
        total_spans += n
        if not identity or not same:
            print(f"{path.relative_to(args.corpus)}: identity {'ok' if identity else 'DIFFERS'}, "
                  f"structure {'ok' if same else 'DIFFERS'}"
                  + (f" ({detail})" if args.show and detail else ""))
    print(f"{len(files)} files, {total_spans} segments: identity round trip byte-exact on "
          f"{ident}/{len(files)}, marker-translation structure parity on {struct}/{len(files)}")
    return 0 if ident == struct == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())

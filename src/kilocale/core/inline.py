"""Inline Markdown that is not prose: code spans, link destinations, autolinks, URLs, tags.

Segmentation must not split inside them, checks must compare them verbatim, and
typography rules must not judge their punctuation.  One set of patterns serves all three,
so they agree on what counts as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# ](destination "title") of links and images.
LINK_DEST = re.compile(r"\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"
                       r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]（）。，、]+|\bwww\.[^\s<>()\[\]（）。，、]+")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)

NOT_PROSE = (CODE_SPAN, LINK_DEST, AUTOLINK, BARE_URL, HTML_TAG)


def mask(text: str, patterns: Iterable[re.Pattern[str]] = NOT_PROSE, fill: str = " ",
         keep: Callable[[re.Match[str]], str] | None = None) -> str:
    """``text`` with every match of ``patterns`` replaced by ``fill``, same length.

    ``keep`` may return a prefix of the match to leave visible (a link's ``]``).
    Offsets stay valid, so positions found in the masked text apply to the original.
    """
    for regex in patterns:
        def blank(m: re.Match[str]) -> str:
            kept = keep(m) if keep else ""
            return kept + fill * (len(m.group(0)) - len(kept))
        text = regex.sub(blank, text)
    return text

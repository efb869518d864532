"""Masking a source token in a translation: the str.find scan against the regex it replaces."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kilocale.core.typography import MASK, mask_whole_token

_PIECES = st.sampled_from(["a.b", "a", ".b", "Node.js", " ", "\u00a0", "\u3000", "\n", "x",
                           "Yahoo!", "!", "\u2028", "\x1c", "\x85"])


def _by_regex(text: str, token: str) -> str:
    return re.sub(r"(?<!\S)" + re.escape(token) + r"(?!\S)",
                  lambda m: MASK * len(m.group(0)), text)


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=10).map("".join),
       st.sampled_from(["a.b", "a", "Node.js", "Yahoo!", ".b", "a.ba"]))
def test_masking_a_token_is_what_the_whole_token_regex_does(text: str, token: str) -> None:
    assert mask_whole_token(text, token) == _by_regex(text, token)


def test_only_whole_tokens_are_masked() -> None:
    text = "Node.js und Node.jsx, (Node.js) Node.js\u00a0ok Node.js"
    masked = mask_whole_token(text, "Node.js")
    assert masked == f"{MASK * 7} und Node.jsx, (Node.js) {MASK * 7}\u00a0ok {MASK * 7}"

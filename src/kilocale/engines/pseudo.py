"""Deterministic pseudo-localisation, for layout QA and tests (like Translate Toolkit's podebug).

``Die Botschaft`` becomes ``[Ðíé Ƀöţšçĥåfţ ····]``: accented letters show text that was
not run through translation, the padding (about a third longer, as German → French
can be) shows truncation, and the brackets show where a segment starts and ends.
Sentinels (``{0}``) pass through untouched, so the glossary lock can be tested without
any model.
"""

from __future__ import annotations

from kilocale.core.protect import SENTINEL_RE

_ACCENTS = str.maketrans(
    "AaBbCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåɃƀÇçÐðÉéĜĝĤĥÍíĴĵĶķĻļÑñÖöŘřŠšŢţÜüŴŵÝýŽž",
)


def pseudo(text: str) -> str:
    """Accent, pad and bracket ``text``, leaving sentinels as they are."""
    out, last = [], 0
    for m in SENTINEL_RE.finditer(text):
        out.append(text[last:m.start()].translate(_ACCENTS))
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].translate(_ACCENTS))
    body = "".join(out)
    pad = "·" * max(1, len(text) // 3)
    return f"[{body} {pad}]"


class PseudoEngine:
    """The ``pseudo`` engine: no model, any language pair."""

    name = "pseudo"

    def check(self, source: str, target: str) -> None:
        return None

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        return [pseudo(t) for t in texts]

    def provenance(self, source: str, target: str) -> str:
        return "pseudo (kilocale pseudo-localisation)"

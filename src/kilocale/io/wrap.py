"""PO string escaping and line wrapping in the style of GNU gettext's msgcat.

Provisional version: escapes and splits at embedded newlines only; it is being replaced
by a msgcat-compatible wrapper.
"""

from __future__ import annotations

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape(value: str) -> str:
    """Escape a Python string for a PO file's double-quoted string."""
    return "".join(_ESCAPES.get(ch, ch) for ch in value)


def po_lines(keyword: str, value: str, width: int, prefix: str = "") -> list[str]:
    """The lines gettext writes for one field, e.g. ``msgid "..."``, without line ends.

    ``prefix`` is ``"#~ "`` for obsolete entries or ``"#| "`` for previous msgids.
    ``width`` 0 means no wrapping (only embedded newlines split lines).
    """
    parts = value.split("\n")
    pieces = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    if len(pieces) <= 1:
        return [f'{prefix}{keyword} "{escape(value)}"']
    return [f'{prefix}{keyword} ""'] + [f'{prefix}"{escape(p)}"' for p in pieces]


def reference_lines(references: list[str], width: int) -> list[str]:
    """``#:`` comment lines for file references, filled up to ``width`` like msgcat."""
    if not references:
        return []
    return ["#: " + " ".join(references)]

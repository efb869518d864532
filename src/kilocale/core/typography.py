"""Typography of a translation, per target language.

Pure functions: a msgid, a msgstr and the target language in, ``(code, message)`` pairs
out.  Each rule is a :class:`Rule` in :data:`RULES`; :mod:`kilocale.core.checks` registers
every one under its code.  The rules are those of
professional typesetting for each language:

* French (``typo-fr-space``, ``typo-fr-quotes``): a non-breaking space (U+00A0, or the
  narrow U+202F) before ``: ; ! ?`` and ``»`` and after ``«``; « » as quotation marks, with
  “ ” only for quotes nested inside « ».
* Spanish (``typo-es-inverted``): a question or exclamation that ends with ``?`` or ``!``
  opens with ``¿`` or ``¡`` in the same sentence.
* Chinese (``typo-zh-punct``, ``typo-zh-space``): full-width punctuation next to Chinese
  characters (no ASCII ``, . : ; ? ! ( ) "`` touching a Han character), and no spaces
  between sentences or around full-width punctuation.

What is not prose is masked before any rule runs: inline code spans, link and image
destinations (with their titles), autolinks, bare URLs, the ``!`` of image syntax, and
tokens the source itself spells with that punctuation (a product name like ``Yahoo!``).
Latin runs inside Chinese text (``Qwen 2.5-Max``, ``GLM-4 plus``) keep their ASCII
punctuation: only punctuation touching a Han character is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kilocale.core.lang import NO_BREAK_SPACES, base_language, conventions, has_han
from kilocale.core import inline

__all__ = ["typography_findings", "mask_non_prose", "Rule", "RULES", "CODES"]

MASK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: neither a letter, a Han character nor punctuation
NBSP = NO_BREAK_SPACES

_IMAGE_BANG = re.compile(r"!(?=\[)")


def mask_non_prose(text: str, source: str = "") -> str:
    """``text`` with everything that is not prose replaced by :data:`MASK`, same length.

    Masked: inline code, link destinations and titles (``](url "title")``, keeping the
    ``]``), autolinks, bare URLs, the ``!`` that opens an image, and whitespace-delimited
    tokens that appear verbatim in ``source`` and contain punctuation (``Yahoo!``,
    ``Node.js``), since the source spelled them that way.
    """
    text = inline.mask(text, (inline.CODE_SPAN, inline.LINK_DEST, inline.AUTOLINK,
                              inline.BARE_URL, _IMAGE_BANG), fill=MASK,
                       keep=lambda m: "]" if m.re is inline.LINK_DEST else "")
    if source:
        for token in set(source.split()):
            if token not in text:  # the common case: nothing to mask, no pattern to compile
                continue
            if (re.search(r"[A-Za-z]", token) and re.search(r"[!?:;.,()]", token[1:])
                    and not has_han(token)):
                text = mask_whole_token(text, token)
    return text


def mask_whole_token(text: str, token: str) -> str:
    r"""``text`` with each occurrence of ``token`` (not empty) that has whitespace or an end of the
    text on both sides replaced by :data:`MASK`, same length.

    What ``re.sub(r"(?<!\S)" + re.escape(token) + r"(?!\S)", …)`` does (``\S`` is
    ``not str.isspace()``), with ``str.find`` instead of a regex compiled per token: a
    cold ``kilocale check`` compiled a score of them.
    """
    n = len(token)
    end = len(text)
    out: list[str] = []
    done = 0
    i = text.find(token) if n else -1
    while i >= 0:
        if (i == 0 or text[i - 1].isspace()) and (i + n == end or text[i + n].isspace()):
            out += (text[done:i], MASK * n)
            done = i + n
            i = text.find(token, done)
        else:
            i = text.find(token, i + 1)
    return "".join(out) + text[done:] if out else text


def _excerpt(text: str, start: int, end: int, width: int = 12) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = text[left:right].replace("\n", " ")
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


# ------------------------------------------------------------------------------- French

_FR = conventions("fr")
_FR_BEFORE = re.compile("[" + re.escape(_FR.space_before) + "]")
_FR_AFTER = re.compile("[" + re.escape(_FR.space_after) + "]")
_FR_OPEN, _FR_CLOSE = _FR.quotes
_FR_STRAY = '"‘'  # never right in French
_FR_NESTED = "".join(_FR.nested_quotes) + "„"  # right only inside « »


def _french_space(text: str, masked: str) -> list[tuple[str, str]]:
    """French: no-break space missing before : ; ! ? » or after «."""
    out: list[tuple[str, str]] = []
    for m in _FR_BEFORE.finditer(masked):
        i, mark = m.start(), m.group(0)
        prev = masked[i - 1] if i else ""
        nxt = masked[i + 1] if i + 1 < len(masked) else ""
        if not prev or prev in NBSP or prev == MASK or prev == "\n":
            continue
        if mark == ":" and prev.isdigit() and nxt.isdigit():  # 14:30, 1:5
            continue
        if mark in "!?" and prev in "!?":  # ?! and !!: the space goes before the first mark
            continue
        if prev == " ":
            what = f"a non-breaking space, not a normal one, goes before '{mark}'"
        else:
            what = f"a non-breaking space goes before '{mark}'"
        out.append(("typo-fr-space", f"{what}: {_excerpt(text, i, i + 1)!r}"))
    for m in _FR_AFTER.finditer(masked):
        i = m.start()
        nxt = masked[i + 1] if i + 1 < len(masked) else ""
        if nxt and nxt not in NBSP:
            what = ("a non-breaking space, not a normal one, goes after '«'" if nxt == " "
                    else "a non-breaking space goes after '«'")
            out.append(("typo-fr-space", f"{what}: {_excerpt(text, i, i + 1)!r}"))
    return out


def _french_quotes(text: str, masked: str) -> list[tuple[str, str]]:
    """French: quotation marks other than « ».

    Straight and English quotes are reported, except “ ” nested inside « ».
    """
    out: list[tuple[str, str]] = []
    if not any(c in masked for c in _FR_STRAY + _FR_NESTED):
        return out  # only these are ever reported; « » alone cannot be wrong here
    depth = 0
    for i, ch in enumerate(masked):
        if ch == _FR_OPEN:
            depth += 1
        elif ch == _FR_CLOSE:
            depth = max(0, depth - 1)
        elif ch in _FR_STRAY or (depth == 0 and ch in _FR_NESTED):
            out.append(("typo-fr-quotes",
                        f"French quotations use « » (with non-breaking spaces), not {ch}: "
                        f"{_excerpt(text, i, i + 1)!r}"))
    return out


# ------------------------------------------------------------------------------ Spanish

_INVERTED = conventions("es").inverted  # closing mark → opening mark
_CLOSING = {opening: closing for closing, opening in _INVERTED.items()}


def _spanish(text: str, masked: str) -> list[tuple[str, str]]:
    """Spanish: opening ¿ or ¡ missing."""
    out: list[tuple[str, str]] = []
    if "?" not in masked and "!" not in masked:
        return out  # only a closing ? or ! is ever reported
    open_marks = {"?": 0, "!": 0}
    for i, ch in enumerate(masked):
        if ch in _CLOSING:
            open_marks[_CLOSING[ch]] += 1
        elif ch in "?!":
            if open_marks[ch]:
                open_marks[ch] -= 1
            elif open_marks["!" if ch == "?" else "?"]:
                open_marks["!" if ch == "?" else "?"] -= 1  # ¿…! and ¡…? are both correct
            elif i and masked[i - 1] in "?!":
                continue  # the second mark of ?! or !!!
            else:
                opening = _INVERTED[ch]
                out.append(("typo-es-inverted",
                            f"'{ch}' without its opening '{opening}' in the same sentence: "
                            f"{_excerpt(text, i, i + 1)!r}"))
        elif ch in ".…\n":
            # A sentence ends: an opening mark cannot be closed after it.
            if ch != "." or i + 1 >= len(masked) or masked[i + 1] in " \n\u00a0":
                open_marks = {"?": 0, "!": 0}
    return out


# ------------------------------------------------------------------------------ Chinese

_FULLWIDTH = conventions("zh").full_width
_ZH_ASCII = "".join(_FULLWIDTH)
_ZH_PUNCT = conventions("zh").full_width_marks
_ZH_SPACE = re.compile(r"([" + re.escape(_ZH_PUNCT) + r"])([ \t\u3000\u00a0]+)(?=\S)"
                       r"|(?<=\S)([ \t\u3000\u00a0]+)([" + re.escape(_ZH_PUNCT) + r"])")


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \t\u3000\u00a0":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _chinese_punct(text: str, masked: str) -> list[tuple[str, str]]:
    """Chinese: ASCII punctuation next to Chinese characters."""
    out: list[tuple[str, str]] = []
    for i, ch in enumerate(masked):
        if ch not in _ZH_ASCII:
            continue
        if ch == "." and (masked[i - 1:i] == "." or masked[i + 1:i + 2] == "."):
            # an ASCII ellipsis "..." next to Chinese: report its first dot only
            if masked[i - 1:i] == ".":
                continue
        left, right = _neighbour(masked, i, -1), _neighbour(masked, i, 1)
        if has_han(left) or has_han(right):  # single characters, or ""
            out.append(("typo-zh-punct",
                        f"ASCII '{ch}' next to Chinese characters; use full-width "
                        f"'{_FULLWIDTH[ch]}': {_excerpt(text, i, i + 1)!r}"))
    return out


def _chinese_space(text: str, masked: str) -> list[tuple[str, str]]:
    """Chinese: space between sentences or around full-width punctuation."""
    out: list[tuple[str, str]] = []
    for m in _ZH_SPACE.finditer(masked):
        start = m.start(2) if m.group(2) else m.start(3)
        end = m.end(2) if m.group(2) else m.end(3)
        mark = m.group(1) or m.group(4)
        if m.group(2) and "\n" in masked[end:end + 1]:
            continue
        out.append(("typo-zh-space",
                    f"no space around full-width '{mark}' or between sentences: "
                    f"{_excerpt(text, start, end)!r}"))
    return out


RuleFunc = Callable[[str, str], list[tuple[str, str]]]


@dataclass(frozen=True)
class Rule:
    """One typography rule: its finding code, the base language it applies to, its function.

    The function takes the translation and its masked copy (:func:`mask_non_prose`) and
    returns ``(code, message)`` pairs; the first line of its docstring is the title.
    """

    code: str
    language: str
    func: RuleFunc

    @property
    def title(self) -> str:
        return (self.func.__doc__ or self.code).strip().splitlines()[0]

    def findings(self, msgstr: str, masked: str) -> list[tuple[str, str]]:
        return self.func(msgstr, masked)


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("typo-fr-space", "fr", _french_space),
    Rule("typo-fr-quotes", "fr", _french_quotes),
    Rule("typo-es-inverted", "es", _spanish),
    Rule("typo-zh-punct", "zh", _chinese_punct),
    Rule("typo-zh-space", "zh", _chinese_space),
)}
CODES = {code: rule.title for code, rule in RULES.items()}


def typography_findings(msgid: str, msgstr: str, language: str) -> list[tuple[str, str]]:
    """Typography problems of one translation, as ``(code, message)`` pairs.

    Args:
        msgid: the source text; tokens it spells with punctuation are not judged.
        msgstr: the translation.
        language: gettext code of the translation (``fr``, ``es``, ``zh_CN``, ``fr_CA``).

    Returns:
        Findings in text order, without duplicates; empty for languages without rules.
    """
    lang = base_language(language)
    rules = [r for r in RULES.values() if r.language == lang]
    if not rules or not msgstr:
        return []
    masked = mask_non_prose(msgstr, msgid)
    return list(dict.fromkeys(f for r in rules for f in r.findings(msgstr, masked)))

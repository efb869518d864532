"""A strict PO reader: bytes or text → :class:`kilocale.model.Catalog`, as GNU msgfmt reads it.

Responsibility: accept exactly the PO files that ``msgfmt --check`` accepts, read them to
exactly the values gettext reads, and reject everything else with a located
:class:`~kilocale.errors.CatalogError` (``path:line: message``, the first problem in the
file, worded like msgfmt).

Principles:

* Follow gettext's own lexer and grammar (``po-lex.c``, ``po-gram.y``): a
  backslash-newline is removed anywhere; ``#~`` and ``#|`` switch the rest of a line to
  obsolete or previous tokens; keywords, ``[N]`` and strings are tokens, comments run to
  the end of the line; an entry is ``[msgctxt S+] msgid S+`` followed by ``msgstr S+`` or
  ``msgid_plural S+ (msgstr[N] S+)+``, optionally preceded by its previous fields.
* Escapes as ``po-lex.c``'s ``control_sequence``: ``\\n \\t \\b \\r \\f \\v \\a \\\\ \\"``,
  one to three octal digits, ``\\x`` with any number of hex digits (the value taken
  modulo 256); anything else is an error.  A NUL ends a string for gettext, so it does
  here; an escape that makes a string invalid UTF-8 is an error (gettext's own
  ``msgunfmt`` cannot read such a catalog back either).
* After the grammar, the checks ``msgfmt --check`` adds: duplicate definitions (live or
  obsolete, msgctxt included), a header entry with content, a valid ``Plural-Forms``
  when plural entries exist, plural form counts and indexes, and leading/trailing
  newline consistency of translated entries.  Format-string checks (``c-format`` and
  similar flags) are not done: kilocale's catalogs carry no such flags.
* Fast: lines are classified with ``str`` methods and a few compiled regexes; most lines
  of a real catalog take one regex match.  Each entry keeps its original lines, so the
  writer can reuse them when nothing changed.
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
from dataclasses import dataclass

from kilocale.errors import CatalogError
from kilocale.model import Catalog, Entry

__all__ = ["Prefixes", "block_prefixes", "decode", "parse", "parse_header"]

# Token kinds.
_KEYWORDS = {"msgid": "MSGID", "msgid_plural": "MSGID_PLURAL", "msgstr": "MSGSTR",
             "msgctxt": "MSGCTXT", "domain": "DOMAIN"}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v",
                   "a": "\a", "\\": "\\", '"': '"'}
# The common line shapes, tried before the general lexer.
_FAST_STRING = re.compile(r'[ \t]*"([^"\\\n]*)"[ \t\r]*\Z')
_FAST_KEYWORD = re.compile(r'(msgid|msgstr|msgctxt|msgid_plural|msgstr\[([0-9]+)\])[ \t]+"([^"\\\n]*)"[ \t\r]*\Z')
_STRING_BODY = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)("?)', re.S)
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]*|[0-7]{1,3}|.?)", re.S)
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(r"[0-9]+")
_SPACE = " \t\r\f\v"
_CHARSET = re.compile(rb"charset=([^\s\\\"]+)")
_RAW_BYTE = re.compile("[\udc80-\udcff]")
# Strings left with undecodable bytes during the current parse (per thread).
_raw_bytes_seen = threading.local()


@dataclass(slots=True)
class _Token:
    kind: str          # MSGID, …, STRING, PREV_MSGID, …, PREV_STRING, COMMENT, "[", "]", NUMBER
    value: str
    line: int
    column: int
    obsolete: bool
    raw: int           # index of the physical line the token starts on (0-based)


def _error(message: str, path: str, line: int | None, column: int | None = None) -> CatalogError:
    """A located error; ``column`` (msgfmt's) is accepted but not shown: ``path:line: message``."""
    del column
    return CatalogError(message, path, line)


def _unescape(body: str, path: str, line: int, column: int) -> str:
    """The value of a string's inside, as gettext reads it; ``column`` is the opening quote's."""
    if "\\" not in body:
        value = body
    else:
        parts: list[str] = []
        raw_bytes = False
        pos = 0
        for m in _ESCAPE.finditer(body):
            parts.append(body[pos:m.start()])
            seq = m.group(1)
            first = seq[:1]
            if first in _SIMPLE_ESCAPES and len(seq) == 1:
                parts.append(_SIMPLE_ESCAPES[first])
            elif (first == "x" and len(seq) > 1) or ("0" <= first <= "7"):
                n = (int(seq[1:], 16) if first == "x" else int(seq, 8)) % 256
                # bytes ≥ 0x80 become surrogates until the string is decoded as UTF-8
                parts.append(chr(0xDC00 + n) if n >= 0x80 else chr(n))
                raw_bytes = True
            else:
                # msgfmt's column: the character after the backslash, 1-based.
                raise _error(f'invalid control sequence "\\{seq[:1]}"; gettext knows '
                             '\\n \\t \\" \\\\ \\a \\b \\f \\v \\r, octal and \\x escapes',
                             path, line, column + m.start() + 2)
            pos = m.end()
        parts.append(body[pos:])
        value = "".join(parts)
        if raw_bytes and _RAW_BYTE.search(value):
            # Bytes that form UTF-8 become characters; others stay surrogates, which
            # parse() rejects outside the header (see _reject_raw_bytes).
            value = value.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
            if _RAW_BYTE.search(value):
                _raw_bytes_seen.count += 1
    if "\x04" in value:
        _raw_bytes_seen.eot = True
    nul = value.find("\0")
    return value if nul < 0 else value[:nul]  # gettext's strings end at a NUL


def _tokenize(lines: list[str], path: str, line_of: list[int], at_eof_newline: bool) -> list[_Token]:
    """Tokens of every line; ``line_of[i]`` is the file line number of ``lines[i]``."""
    tokens: list[_Token] = []
    append = tokens.append
    last = len(lines) - 1
    carry = (False, False)
    for index, text in enumerate(lines):
        lineno = line_of[index]
        if carry != (False, False):
            carry = _lex_line(text, lineno, index, path, tokens,
                              index == last and not at_eof_newline, carry)
            continue
        # Fast paths for the shapes that make up nearly every real catalog.
        if not text:
            continue
        c0 = text[0]
        if c0 == "#":
            c1 = text[1:2]
            if c1 not in ("~", "|"):
                append(_Token("COMMENT", text[1:].rstrip("\r"), lineno, 1, False, index))
                continue
        elif c0 == '"':
            m = _FAST_STRING.match(text)
            if m:
                append(_Token("STRING", m.group(1), lineno, 1, False, index))
                continue
        elif c0 == "m":
            m = _FAST_KEYWORD.match(text)
            if m:
                kw = m.group(1)
                if m.group(2) is not None:
                    append(_Token("MSGSTR", "msgstr", lineno, 1, False, index))
                    append(_Token("[", "[", lineno, 7, False, index))
                    append(_Token("NUMBER", m.group(2), lineno, 8, False, index))
                    append(_Token("]", "]", lineno, 8 + len(m.group(2)), False, index))
                else:
                    append(_Token(_KEYWORDS[kw], kw, lineno, 1, False, index))
                append(_Token("STRING", m.group(3), lineno, len(kw) + 2, False, index))
                continue
        carry = _lex_line(text, lineno, index, path, tokens,
                          index == last and not at_eof_newline, carry)
    return tokens


def _lex_line(text: str, lineno: int, index: int, path: str, tokens: list[_Token],
              at_eof: bool, state: tuple[bool, bool]) -> tuple[bool, bool]:
    """The general lexer for one line (see ``po-lex.c``).

    ``state`` is (obsolete, previous) at the line's start.  Returns the state for the
    next line: gettext resets both at a newline, except that a newline ending a comment
    resets only the obsolete state (measured with msgfmt 0.21), so after ``#| # note``
    the next line's keywords and strings are previous ones.
    """
    obsolete, previous = state
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
            continue
        col = i + 1
        if c == "#":
            nxt = text[i + 1:i + 2]
            if nxt == "~":  # also a second "#~" on the line, as in po-lex.c
                obsolete = True
                i += 2
                if text[i:i + 1] == "|":
                    previous = True
                    i += 1
                continue
            if nxt == "|":
                previous = True
                i += 2
                continue
            tokens.append(_Token("COMMENT", text[i + 1:].rstrip("\r"), lineno, col, obsolete, index))
            return False, previous
        if c == '"':
            m = _STRING_BODY.match(text, i)
            assert m is not None
            if not m.group(2):
                if at_eof:
                    raise _error("end-of-file within string: the file ends inside a string "
                                 "(cut short while saving?)", path, lineno)
                if m.group(1).endswith('\\"'):
                    raise _error('end-of-line within string: the final \\" is an escaped quote, '
                                 "so the string is not closed", path, lineno)
                raise _error('end-of-line within string: the closing " is missing', path, lineno)
            value = _unescape(m.group(1), path, lineno, col)
            tokens.append(_Token("PREV_STRING" if previous else "STRING", value, lineno, col,
                                 obsolete, index))
            i = m.end()
            continue
        m = _IDENT.match(text, i)
        if m:
            word = m.group()
            kind = _KEYWORDS.get(word)
            if kind is None:
                raise _error(f'keyword "{word}" unknown', path, lineno, col)
            if previous:
                if kind == "DOMAIN" or kind == "MSGSTR":
                    raise _error("syntax error", path, lineno, col)
                kind = "PREV_" + kind
            tokens.append(_Token(kind, word, lineno, col, obsolete, index))
            i = m.end()
            continue
        m = _NUMBER.match(text, i)
        if m:
            tokens.append(_Token("NUMBER", m.group(), lineno, col, obsolete, index))
            i = m.end()
            continue
        if c in "[]":
            tokens.append(_Token(c, c, lineno, col, obsolete, index))
            i += 1
            continue
        raise _error("syntax error", path, lineno, col)
    return False, False


class _Parser:
    """``po-gram.y`` over the token list; builds entries with their original lines."""

    def __init__(self, tokens: list[_Token], lines: list[str], path: str) -> None:
        self.tokens = tokens
        self.lines = lines
        self.path = path
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def syntax_error(self, tok: _Token | None) -> CatalogError:
        if tok is None:
            last = self.tokens[-1] if self.tokens else None
            return _error("syntax error: the file ends inside an entry", self.path,
                          last.line if last else 1)
        return _error("syntax error", self.path, tok.line, tok.column)

    def strings(self, kind: str, obsolete: bool) -> str:
        """One or more STRING (or PREV_STRING) tokens, concatenated."""
        parts = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind != kind:
                break
            if tok.obsolete != obsolete:
                raise _error("inconsistent use of #~", self.path, tok.line)
            parts.append(tok.value)
            self.pos += 1
        if not parts:
            raise self.syntax_error(self.peek())
        return "".join(parts)

    def expect(self, kind: str, obsolete: bool) -> _Token:
        tok = self.peek()
        if tok is None or tok.kind != kind:
            raise self.syntax_error(tok)
        if tok.obsolete != obsolete:
            raise _error("inconsistent use of #~", self.path, tok.line)
        self.pos += 1
        return tok

    def entry(self, comments: list[_Token]) -> Entry:
        tok = self.peek()
        assert tok is not None
        obsolete = tok.obsolete
        start_raw = comments[0].raw if comments else tok.raw
        prev_ctxt = prev_id = prev_plural = None
        if tok.kind in ("PREV_MSGCTXT", "PREV_MSGID"):
            if tok.kind == "PREV_MSGCTXT":
                self.pos += 1
                prev_ctxt = self.strings("PREV_STRING", obsolete)
            self.expect("PREV_MSGID", obsolete)
            prev_id = self.strings("PREV_STRING", obsolete)
            nxt = self.peek()
            if nxt is not None and nxt.kind == "PREV_MSGID_PLURAL":
                self.expect("PREV_MSGID_PLURAL", obsolete)
                prev_plural = self.strings("PREV_STRING", obsolete)
            tok = self.peek()
            if tok is None or tok.kind not in ("MSGCTXT", "MSGID"):
                raise self.syntax_error(tok)
        msgctxt = None
        if tok.kind == "MSGCTXT":
            self.expect("MSGCTXT", obsolete)
            msgctxt = self.strings("STRING", obsolete)
        id_tok = self.expect("MSGID", obsolete)
        msgid = self.strings("STRING", obsolete)
        msgid_plural = None
        forms: list[str] = []
        nxt = self.peek()
        if nxt is not None and nxt.kind == "MSGID_PLURAL":
            self.expect("MSGID_PLURAL", obsolete)
            msgid_plural = self.strings("STRING", obsolete)
            nxt = self.peek()
            if nxt is None or nxt.kind != "MSGSTR" or self._next_kind() != "[":
                if nxt is not None and nxt.kind == "MSGSTR":
                    raise self.syntax_error(self.tokens[self.pos + 1]
                                            if self.pos + 1 < len(self.tokens) else None)
                raise _error("missing 'msgstr[]' section", self.path, id_tok.line)
            while True:
                nxt = self.peek()
                if nxt is None or nxt.kind != "MSGSTR" or self._next_kind() != "[":
                    break
                self.expect("MSGSTR", obsolete)
                self.expect("[", obsolete)
                number = self.expect("NUMBER", obsolete)
                self.expect("]", obsolete)
                index = int(number.value)
                if index != len(forms):
                    if not forms:
                        raise _error("first plural form has nonzero index", self.path, number.line)
                    raise _error("plural form has wrong index", self.path, number.line)
                forms.append(self.strings("STRING", obsolete))
            msgstr = forms[0]
        elif nxt is not None and nxt.kind == "MSGSTR":
            if self._next_kind() == "[":
                raise _error("missing 'msgid_plural' section", self.path, id_tok.line)
            self.expect("MSGSTR", obsolete)
            msgstr = self.strings("STRING", obsolete)
        else:
            raise _error("missing 'msgstr' section", self.path, id_tok.line)
        end_raw = self.tokens[self.pos - 1].raw
        entry = Entry(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, obsolete=obsolete,
                      line=id_tok.line, msgid_plural=msgid_plural, msgstr_plural=forms,
                      previous_msgctxt=prev_ctxt, previous_msgid=prev_id,
                      previous_msgid_plural=prev_plural)
        _apply_comments(entry, comments)
        entry.remember_source("\n".join(self.lines[start_raw:end_raw + 1]))
        return entry

    def _next_kind(self) -> str | None:
        return self.tokens[self.pos + 1].kind if self.pos + 1 < len(self.tokens) else None

    def parse(self) -> list[tuple[Entry, list[_Token]]]:
        entries: list[tuple[Entry, list[_Token]]] = []
        comments: list[_Token] = []
        while True:
            tok = self.peek()
            if tok is None:
                return entries
            kind = tok.kind
            if kind == "COMMENT":
                comments.append(tok)
                self.pos += 1
            elif kind in ("MSGID", "MSGCTXT", "PREV_MSGID", "PREV_MSGCTXT"):
                entries.append((self.entry(comments), comments))
                comments = []
            elif kind == "DOMAIN":
                raise _error("'domain' directives are not supported", self.path, tok.line)
            elif kind == "STRING" or kind == "PREV_STRING":
                raise _error("syntax error: a string outside any entry", self.path, tok.line,
                             tok.column)
            elif kind == "MSGSTR" or kind == "MSGID_PLURAL" or kind == "PREV_MSGID_PLURAL":
                raise _error(f"syntax error: {tok.value} without msgid", self.path, tok.line,
                             tok.column)
            else:
                raise self.syntax_error(tok)


def _apply_comments(entry: Entry, comments: list[_Token]) -> None:
    _apply_comment_texts(entry, [c.value for c in comments])


def parse_header(msgstr: str) -> dict[str, str]:
    """The header's ``Key: value`` fields, in order."""
    header: dict[str, str] = {}
    for line in msgstr.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if sep:
            header.setdefault(key.strip(), value.strip())
    return header


def decode(data: bytes, path: str) -> tuple[str, str]:
    """The text of a PO file's bytes and the codec used: the charset its header declares.

    UTF-8 when it declares none, an unknown one or ``CHARSET`` (a fresh template).

    A BOM is an error (msgfmt rejects it), as are bytes invalid in the declared charset.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        raise _error("the file starts with a byte order mark (BOM), which gettext rejects; "
                     "save it as UTF-8 without BOM", path, 1)
    charset = "utf-8"
    m = _CHARSET.search(data)
    if m:
        declared = m.group(1).decode("ascii", "replace")
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = "utf-8"  # "CHARSET" in a fresh template: msgfmt takes the bytes as they are
        if name != "utf-8" and name not in ("ascii",):
            charset = name
    try:
        return data.decode(charset), charset
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        name = "UTF-8" if charset == "utf-8" else charset
        raise _error(f"invalid multibyte sequence: not valid {name} (byte {exc.start})",
                     path, line, column) from None


_PLURAL_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]
_OPS = {"||": lambda a, b: int(bool(a) or bool(b)), "&&": lambda a, b: int(bool(a) and bool(b)),
        "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
        "/": lambda a, b: a // b, "%": lambda a, b: a % b}


def plural_function(expr: str):  # type: ignore[no-untyped-def]
    """``expr`` (gettext's C subset in ``n``) as a function of n, or None if gettext rejects it.

    The expression ends at ``;``, a newline or the end, as in gettext's ``plural.y``.
    """
    end = min((i for i in (expr.find(";"), expr.find("\n")) if i >= 0), default=len(expr))
    expr = expr[:end].rstrip(" \t")
    tokens: list[str] = []
    pos = 0
    while pos < len(expr):
        m = _PLURAL_TOKEN.match(expr, pos)
        if not m:
            return None
        tokens.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    i = 0

    def peek() -> str | None:
        return tokens[i] if i < len(tokens) else None

    def primary():  # type: ignore[no-untyped-def]
        nonlocal i
        tok = peek()
        if tok == "!":
            i += 1
            inner = primary()
            return None if inner is None else (lambda n: int(not inner(n)))
        if tok == "n":
            i += 1
            return lambda n: n
        if tok is not None and tok.isdigit():
            i += 1
            value = int(tok)
            return lambda n: value
        if tok == "(":
            i += 1
            inner = ternary()
            if inner is None or peek() != ")":
                return None
            i += 1
            return inner
        return None

    def level(k: int):  # type: ignore[no-untyped-def]
        nonlocal i
        if k == len(_BINARY):
            return primary()
        left = level(k + 1)
        while left is not None and peek() in _BINARY[k]:
            op = _OPS[tokens[i]]
            i += 1
            right = level(k + 1)
            if right is None:
                return None
            left = (lambda f, a, b: lambda n: f(a(n), b(n)))(op, left, right)
        return left

    def ternary():  # type: ignore[no-untyped-def]
        nonlocal i
        cond = level(0)
        if cond is None or peek() != "?":
            return cond
        i += 1
        yes = ternary()
        if yes is None or peek() != ":":
            return None
        i += 1
        no = ternary()
        if no is None:
            return None
        return lambda n: yes(n) if cond(n) else no(n)

    func = ternary() if tokens else None
    return func if i == len(tokens) else None


@functools.lru_cache(maxsize=64)
def _largest_plural(expr: str) -> int | None:
    """The largest value of ``expr`` for n = 0…1000 (as msgfmt checks); None if invalid, -1
    if it divides by zero.  Cached: every catalog of a language has the same expression."""
    func = plural_function(expr)
    if func is None:
        return None
    try:
        return max(func(n) for n in range(1001))
    except ZeroDivisionError:
        return -1


def _check_plural_header(msgstr: str, path: str, line: int) -> int | None:
    """nplurals of a header with ``plural=`` and ``nplurals=``, checked like msgfmt; else None."""
    plural_at = msgstr.find("plural=")
    nplurals_at = msgstr.find("nplurals=")
    if plural_at < 0 or nplurals_at < 0:
        return None
    m = re.match(r"\s*(\d+)", msgstr[nplurals_at + 9:])
    if not m:
        raise _error("invalid nplurals value in the Plural-Forms header", path, line)
    nplurals = int(m.group(1))
    expr = msgstr[plural_at + 7:]
    end = min((i for i in (expr.find(";"), expr.find("\n")) if i >= 0), default=len(expr))
    largest = _largest_plural(expr[:end])
    if largest is None:
        raise _error("invalid plural expression in the Plural-Forms header", path, line)
    if largest < 0:
        raise _error("the plural expression can divide by zero", path, line)
    if largest >= nplurals:
        raise _error(f"nplurals = {nplurals} but the plural expression can produce values "
                     f"as large as {largest}", path, line)
    return nplurals


def _strings(e: Entry) -> list[str]:
    return [e.msgid, e.msgstr, e.msgctxt or "", e.msgid_plural or "", *e.msgstr_plural,
            e.previous_msgid or "", e.previous_msgctxt or "", e.previous_msgid_plural or ""]


def _reject_eot(entries: list[Entry], path: str) -> None:
    """U+0004 separates msgctxt from msgid in compiled catalogs; msgfmt rejects it in strings."""
    for e in entries:
        if any("\x04" in v for v in _strings(e)):
            raise _error("context separator <EOT> (\\004) within string", path, e.line)


def _reject_raw_bytes(entries: list[Entry], path: str) -> None:
    """An escape that leaves a string invalid UTF-8 is an error, except in the header.

    gettext accepts such bytes anywhere (``msgunfmt`` then reports an invalid multibyte
    sequence), but a translation that cannot be decoded cannot be published.  In the
    header gettext's own tools (msgcat, msgconv) accept them too, so kilocale keeps them
    and writes them back as octal escapes.
    """
    for e in entries:
        values = [e.msgid, e.msgstr, e.msgctxt or "", e.msgid_plural or "", *e.msgstr_plural,
                  e.previous_msgid or "", e.previous_msgctxt or "", e.previous_msgid_plural or ""]
        if any(_RAW_BYTE.search(v) for v in values):
            raise _error("an octal or hex escape makes this string invalid UTF-8", path, e.line)


def _check(entries: list[Entry], path: str, header_entry: Entry | None) -> None:
    """The checks ``msgfmt --check`` makes after reading (see module docstring)."""
    if header_entry is None or not header_entry.msgstr:
        raise _error("no header entry (msgid \"\" with the Content-Type and other fields); "
                     "gettext requires one", path, entries[0].line if entries else 1)
    nplurals = _check_plural_header(header_entry.msgstr, path, header_entry.line)
    for e in entries:
        if e.obsolete or e.fuzzy or not e.msgid or not e.msgstr:
            continue
        if e.msgid_plural is not None:
            if nplurals is None:
                raise _error("message catalog has plural form translations, but the header "
                             "lacks a Plural-Forms with nplurals and plural", path, e.line)
            if len(e.msgstr_plural) != nplurals:
                many = "only one plural form" if len(e.msgstr_plural) == 1 else \
                    f"{len(e.msgstr_plural)} plural forms"
                raise _error(f"nplurals = {nplurals} in the header, but this entry has {many}",
                             path, e.line)
            pairs = [("msgid_plural", e.msgid_plural)] + [
                (f"msgstr[{i}]", s) for i, s in enumerate(e.msgstr_plural)]
        else:
            pairs = [("msgstr", e.msgstr)]
        begins = e.msgid.startswith("\n")
        ends = e.msgid.endswith("\n")
        for name, value in pairs:
            if value.startswith("\n") != begins:
                raise _error(f"'msgid' and '{name}' entries do not both begin with '\\n'",
                             path, e.line)
        for name, value in pairs:
            if value.endswith("\n") != ends:
                raise _error(f"'msgid' and '{name}' entries do not both end with '\\n'",
                             path, e.line)


class _Fallback(Exception):
    """The fast path met something unusual; the general lexer and parser take over."""


# Keyword ranks for the fast path's order check (see _fast_entries).
_RANK = {"msgctxt": 3, "msgid": 4, "msgid_plural": 5, "msgstr": 6}
# Strings as the "unrolled loop" [^"\\]*(?:\\.[^"\\]*)*: no backtracking per character.
_FAST_LINE = re.compile(r'(msgid|msgstr|msgctxt|msgid_plural|msgstr\[([0-9]+)\])[ \t]+'
                        r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r]*\Z')
_FAST_CONT = re.compile(r'[ \t]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r]*\Z')


def _value(parts: list[str], path: str, line: int) -> str:
    joined = parts[0] if len(parts) == 1 else "".join(parts)
    if "\\" not in joined:  # no escape in any part: the parts are the value
        return joined
    return "".join(p if "\\" not in p else _unescape(p, path, line, 1) for p in parts)


def _fast_entries(lines: list[str], path: str, keep_source: bool = True,
                  first_line: int = 1, whole: bool = True) -> list[Entry]:
    """Entries of a well-formed file in one pass over its lines; raises _Fallback otherwise.

    Handles the line shapes gettext tools write (one keyword and one string per line,
    continuation strings, ``#~``/``#|``/``#~|`` prefixes, comments between entries).
    Anything else, including every error, is left to the general parser, which finds
    and words the error.  ``first_line`` is the file line of ``lines[0]``; with ``whole``
    false, ``lines`` are one blank-line separated block of a file (see _block_entries),
    and comments left without an entry at its end (they belong to the next block's) are
    a _Fallback too.
    """
    entries: list[Entry] = []
    comments: list[str] = []
    start = -1          # index of the entry's first line
    fields: dict[int, list[str]] = {}
    lines_of: dict[int, int] = {}
    forms: list[list[str]] = []
    rank = -1           # last keyword's rank in the current entry; -1 before any
    current: list[str] | None = None
    obsolete = False
    last = -1           # index of the current entry's last line

    def finish(end: int) -> None:
        ident = lines_of[4]
        msgid_plural = _value(fields[5], path, lines_of[5]) if 5 in fields else None
        values = [_value(f, path, ident) for f in forms]
        entry = Entry(
            msgid=_value(fields[4], path, ident),
            msgstr=values[0] if forms else _value(fields[6], path, lines_of[6]),
            msgctxt=_value(fields[3], path, lines_of[3]) if 3 in fields else None,
            obsolete=obsolete, line=ident, msgid_plural=msgid_plural, msgstr_plural=values,
            previous_msgctxt=_value(fields[0], path, ident) if 0 in fields else None,
            previous_msgid=_value(fields[1], path, ident) if 1 in fields else None,
            previous_msgid_plural=_value(fields[2], path, ident) if 2 in fields else None)
        if comments:
            _apply_comment_texts(entry, comments)
        if keep_source:
            entry.remember_source("\n".join(lines[start:end]))
        entries.append(entry)

    for index, text in enumerate(lines):
        if not text:
            continue
        c0 = text[0]
        prev = False
        line_obsolete = False
        body = text
        if c0 == '"':
            m = _FAST_CONT.match(text)
            if m is None or current is None or obsolete or rank <= 2:
                raise _Fallback
            current.append(m.group(1))
            last = index
            continue
        if c0 == "#":
            c1 = text[1:2]
            if c1 == "~":
                line_obsolete = True
                if text[2:3] == "|":
                    prev = True
                    body = text[3:].lstrip(" \t")
                else:
                    body = text[2:].lstrip(" \t")
            elif c1 == "|":
                prev = True
                body = text[2:].lstrip(" \t")
            else:
                if rank >= 0:
                    if rank < 6:
                        raise _Fallback
                    finish(last + 1)
                    rank = -1
                    current = None
                    comments = []
                if not comments:
                    start = index
                comments.append(text[1:].rstrip("\r"))
                continue
            if body.startswith('"'):
                m = _FAST_CONT.match(body)
                if (m is None or current is None or line_obsolete != obsolete
                        or prev != (rank <= 2)):
                    raise _Fallback
                current.append(m.group(1))
                last = index
                continue
        elif c0 != "m":
            raise _Fallback
        m = _FAST_LINE.match(body)
        if m is None:
            raise _Fallback
        keyword = m.group(1)
        if m.group(2) is not None:
            if prev:
                raise _Fallback
            r = 7
        else:
            r = _RANK[keyword] - (3 if prev else 0)
            if prev and r > 2 or keyword == "msgstr" and prev:
                raise _Fallback
        # Order: [#| msgctxt] [#| msgid [#| msgid_plural]] [msgctxt] msgid
        #        (msgstr | msgid_plural msgstr[0] msgstr[1] …)
        if rank >= 6 and r in (0, 1, 3, 4):
            finish(last + 1)
            rank = -1
            comments = []
        if rank < 0:
            if r not in (0, 1, 3, 4):
                raise _Fallback
            obsolete = line_obsolete
            fields = {}
            lines_of = {}
            forms = []
            if not comments:
                start = index
        else:
            if line_obsolete != obsolete:
                raise _Fallback
            ok = (r == 1 and rank == 0) or (r == 2 and rank == 1) or \
                 (r == 3 and rank in (1, 2)) or (r == 4 and rank in (1, 2, 3)) or \
                 (r in (5, 6) and rank == 4) or (r == 7 and rank in (5, 7))
            if not ok:
                raise _Fallback
        if r == 7:
            if int(m.group(2)) != len(forms):
                raise _Fallback
            current = [m.group(3)]
            forms.append(current)
        else:
            current = [m.group(3)]
            fields[r] = current
            lines_of[r] = index + first_line
        rank = r
        last = index
    if rank >= 0:
        if rank < 6:
            raise _Fallback
        finish(last + 1)
    elif comments and not whole:
        raise _Fallback
    return entries


# The entry shape nearly every block of a real catalog has, as one regex over the block:
# comments, then [msgctxt] msgid msgstr, each a string with its continuation strings.
_S = r'[^"\\\n]*(?:\\.[^"\\\n]*)*'
_CONTINUED = r'"(' + _S + r')"[ \t\r]*((?:\n[ \t]*"' + _S + r'"[ \t\r]*)*)'
_BLOCK = re.compile(r'((?:#(?![~|])[^\n]*\n)*)(?:msgctxt[ \t]+' + _CONTINUED + r'\n)?'
                    r'msgid[ \t]+' + _CONTINUED + r'\nmsgstr[ \t]+' + _CONTINUED + r'\Z')
_PART = re.compile(r'"(' + _S + r')"')
# The msgstr of such a block, from its keyword to the end.
_MSGSTR = re.compile(r'msgstr[ \t]+' + _CONTINUED + r'\Z')

#: The lines before the msgstr of entries read from a file → (the entry, the number of
#: those lines before its msgid keyword): see :func:`block_prefixes`.
Prefixes = dict[str, tuple[Entry, int]]


def block_prefixes(catalog: Catalog) -> Prefixes:
    """For reading a file against ``catalog``: the lines each of its entries was read from,
    up to its ``msgstr``, with the entry.

    For ``update``, which reads a catalog after its template: most entries of the catalog
    begin with the very lines of the template entry they translate (comments, context,
    msgid), and reading those lines again would give that entry's fields again.  With
    these prefixes as ``known`` (:func:`parse`), such a block is read by one dictionary
    lookup and one match of its msgstr; the values and checks are those of a full read.
    Only live singular entries read from a file count, so the lines end with a msgid
    string and nothing in them depends on what follows.
    """
    prefixes: Prefixes = {}
    for e in catalog.entries:
        source = e.unchanged_source()
        if source is None or e.obsolete or e.msgid_plural is not None:
            continue
        cut = source.rfind("\nmsgstr ") + 1
        if not cut:
            continue
        if source.startswith("msgid "):
            msgid = 0
        else:
            msgid = source.find("\nmsgid ", 0, cut) + 1
            if not msgid:
                continue
        prefixes[source[:cut]] = (e, source.count("\n", 0, msgid))
    return prefixes


def _field(first: str, more: str, path: str, line: int) -> str:
    """The value of a string and its continuation lines ``more`` (as _BLOCK matched them)."""
    if not more:
        return first if "\\" not in first else _unescape(first, path, line, 1)
    # Lines as gettext writes them, '\n"…"' with no space around: every newline but the
    # first sits between two quotes, so removing those three characters leaves the parts.
    if more[1] == '"' and more[-1] == '"' and more.count('"\n"') == more.count("\n") - 1:
        rest = more[2:-1].replace('"\n"', "")
        if "\\" not in first and "\\" not in rest:
            return first + rest
    return _value([first, *_PART.findall(more)], path, line)


def _blocks(text: str, at_eof_newline: bool) -> list[str]:
    """``text`` split at blank lines, without its final newline if ``at_eof_newline``.

    The newline is cut from the last piece, not from the text first: a catalog of 90 MB
    is a 180 MB string when it holds any character beyond Latin-1 (German quotation
    marks), and slicing would copy it.  (When the text ends with a blank line the pieces
    differ from those of the sliced text: the last entry's block lacks its trailing
    newline and an empty block follows, which reads as the same entries.)
    """
    blocks = text.split("\n\n")
    if at_eof_newline:
        blocks[-1] = blocks[-1][:-1]
    return blocks


def _block_entries(text: str, path: str, keep_source: bool = True,
                   known: Prefixes | None = None, at_eof_newline: bool = False
                   ) -> list[Entry]:
    """Entries of a well-formed file, block by block; raises _Fallback otherwise.

    ``text`` has no backslash-newline; its final newline, if ``at_eof_newline``, is not
    part of the last block.  A block (the text between blank lines) of the common shape
    is read with one :data:`_BLOCK` match, without a Python step per line; any other
    block goes to :func:`_fast_entries`, which must read it as whole entries.  A block
    whose lines before its ``msgstr`` are one of ``known`` (see :func:`block_prefixes`)
    has that entry's fields; only its msgstr is read.  The result equals _fast_entries'
    over the whole file.
    """
    entries: list[Entry] = []
    append = entries.append
    match = _BLOCK.match
    msgstr_match = _MSGSTR.match
    lineno = 1
    for block in _blocks(text, at_eof_newline):
        start = lineno
        lineno += block.count("\n") + 2
        if not block:
            continue
        if block[0] == "\n":
            stripped = block.lstrip("\n")
            start += len(block) - len(stripped)
            block = stripped
        if known is not None:
            cut = block.rfind("\nmsgstr ") + 1
            same = known.get(block[:cut]) if cut else None
            if same is not None:
                m = msgstr_match(block, cut)
                if m is not None:
                    t, offset = same
                    line = start + offset
                    entry = Entry(t.msgid, _field(m.group(1), m.group(2), path, line),
                                  t.msgctxt, list(t.references), list(t.extracted_comments),
                                  list(t.translator_comments), list(t.flags),
                                  t.previous_msgid, line=line,
                                  previous_msgctxt=t.previous_msgctxt,
                                  previous_msgid_plural=t.previous_msgid_plural)
                    if keep_source:
                        entry.remember_source(block)
                    append(entry)
                    continue
        m = match(block)
        if m is None:
            entries += _fast_entries(block.split("\n"), path, keep_source, start, whole=False)
            continue
        comments, ctxt, ctxt_more, msgid, msgid_more, msgstr, msgstr_more = m.groups()
        line = start
        if comments:
            line += comments.count("\n")
        if ctxt is not None:
            line += 1 + ctxt_more.count("\n")
            ctxt = _field(ctxt, ctxt_more, path, line)
        entry = Entry(_field(msgid, msgid_more, path, line),
                      _field(msgstr, msgstr_more, path, line), ctxt, line=line)
        if comments:  # every line starts with "#": one split gives the texts
            texts = comments[1:-1].split("\n#")
            _apply_comment_texts(entry, texts if "\r" not in comments
                                 else [t.rstrip("\r") for t in texts])
        if keep_source:
            entry.remember_source(block)
        append(entry)
    return entries


def _apply_comment_texts(entry: Entry, comments: list[str]) -> None:
    for text in comments:
        first = text[:1]
        if first == ".":
            entry.extracted_comments.append(text[2:] if text[1:2] == " " else text[1:])
        elif first == ":":
            entry.references.extend(text[1:].split())
        elif first == ",":
            entry.flags.extend(f.strip() for f in text[1:].split(",") if f.strip())
        else:
            entry.translator_comments.append(text[1:] if first == " " else text)



def _logical_lines(text: str, at_eof_newline: bool) -> tuple[list[str], list[int]]:
    """The lines of ``text`` with every backslash-newline removed (as gettext's lexer
    does), and the file line number each starts on."""
    lines = text.split("\n")
    if at_eof_newline:
        lines.pop()
    if "\\\n" not in text:
        return lines, list(range(1, len(lines) + 1))
    joined: list[str] = []
    line_of: list[int] = []
    buf = ""
    start = 0
    for i, line in enumerate(lines):
        if not buf:
            start = i + 1
        if line.endswith("\\") and (i + 1 < len(lines) or at_eof_newline):
            buf += line[:-1]
            continue
        joined.append(buf + line)
        line_of.append(start)
        buf = ""
    if buf:  # a backslash-newline ends the file
        joined.append(buf)
        line_of.append(start)
    return joined, line_of


def parse(text: str, path: str = "<string>", *, keep_source: bool = True,
          known: Prefixes | None = None, _force_general: bool = False) -> Catalog:
    """Parse PO text (already decoded, see :func:`decode`) strictly into a Catalog.

    Entry ``line`` is the line of its ``msgid`` keyword; obsolete entries are included
    in file order.  Raises :class:`CatalogError` at the first problem.  With
    ``keep_source`` false the entries may not remember their original lines (see
    :meth:`kilocale.model.Entry.remember_source`): for a catalog that is read, not
    written back, such as the template ``update`` merges from.  ``known``: the lines of
    another catalog's entries (:func:`block_prefixes`), a shortcut that changes nothing
    in the result.
    """
    if text.startswith("\ufeff"):
        raise _error("the file starts with a byte order mark (BOM), which gettext rejects; "
                     "save it as UTF-8 without BOM", path, 1)
    if not text or text.isspace():  # (what strip() would empty, without a copy)
        raise _error("empty PO file", path, 1)
    _raw_bytes_seen.count = 0
    _raw_bytes_seen.eot = "\x04" in text
    at_eof_newline = text.endswith("\n")
    entries_read: list[Entry] | None = None
    if "\\\n" not in text and not _force_general:
        try:
            entries_read = _block_entries(text, path, keep_source, known, at_eof_newline)
        except (_Fallback, CatalogError):
            entries_read = None
    if entries_read is None:
        lines, line_of = _logical_lines(text, at_eof_newline)
        if line_of[-1] == len(line_of) and not _force_general:
            try:
                entries_read = _fast_entries(lines, path, keep_source)
            except (_Fallback, CatalogError):
                entries_read = None
        if entries_read is None:
            tokens = _tokenize(lines, path, line_of, at_eof_newline)
            entries_read = [e for e, _ in _Parser(tokens, lines, path).parse()]
    seen: dict[tuple[str | None, str], int] = {}
    header_entry: Entry | None = None
    entries: list[Entry] = []
    header_comments: list[str] = []
    header_flags: list[str] = []
    for entry in entries_read:
        key = entry.key
        if key in seen:
            raise _error(f"duplicate message definition (first defined at line {seen[key]})",
                         path, entry.line)
        seen[key] = entry.line
        if header_entry is None and entry.msgid == "" and entry.msgctxt is None \
                and not entry.obsolete:
            header_entry = entry
            header_comments = entry.translator_comments
            header_flags = entry.flags
            continue
        entries.append(entry)
    if _raw_bytes_seen.count:
        _reject_raw_bytes(entries, path)
    if _raw_bytes_seen.eot:
        _reject_eot(entries_read, path)
    _check(entries, path, header_entry)
    assert header_entry is not None
    catalog = Catalog(header=parse_header(header_entry.msgstr), entries=entries,
                      header_comments=list(header_comments), header_flags=list(header_flags),
                      path=path)
    catalog.remember_header(header_entry.msgstr)
    return catalog

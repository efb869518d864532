"""PO and POT files ↔ :class:`kilocale.model.Catalog`, strictly read and losslessly written.

Reading is :mod:`kilocale.io.po_read`, a strict reader with msgfmt's rules and values;
every problem is a located :class:`CatalogError`.  Writing is done here, line by line in
msgcat's layout and wrapping (:mod:`kilocale.io.wrap`), so that files round-trip through
msgcat, Poedit and Weblate without spurious diffs.  An entry (and the header) that did
not change since it was read is written back from its original lines when those lines
are what msgcat would write, so saving an unchanged canonical catalog reproduces it
byte for byte and skips the costly line breaking.
"""

from __future__ import annotations

import re
from pathlib import Path

from kilocale.errors import CatalogError, KilocaleError
from kilocale.io.fs import ANY, WritePlan, digest, read_bytes, write_all
from kilocale.io.po_read import Prefixes, decode, parse
from kilocale.io.wrap import comment_lines, lines_are_canonical, po_lines, reference_lines
from kilocale.model import Catalog, Entry

_CHARSET_FIELD = re.compile(r"charset=[^\s;]+")


def loads(text: str, path: str = "<string>") -> Catalog:
    """Parse PO text strictly; entry ``line`` is the line of its msgid keyword."""
    return parse(text, path)


def load_bytes(data: bytes, path: str, *, writable: bool = True,
               known: Prefixes | None = None) -> Catalog:
    """Parse a PO file's bytes, decoded by its declared charset; written back as UTF-8.

    ``writable=False`` is for a catalog that will not be saved: it skips what only saving
    uses, the entries' original lines and the digest of the bytes, so saving it anyway
    wraps every string and overwrites any file.  ``known``: the entries of a catalog read
    before, whose lines many of this one's entries begin with (``update`` reads a catalog
    against its template: :func:`kilocale.io.po_read.block_prefixes`); it makes reading
    faster and changes nothing in the result.
    """
    text, charset = decode(data, path)
    catalog = parse(text, path, keep_source=writable, known=known)
    content_type = catalog.header.get("Content-Type", "")
    m = _CHARSET_FIELD.search(content_type)
    if charset != "utf-8" and m:
        catalog.header["Content-Type"] = content_type.replace(m.group(), "charset=UTF-8")
    if writable:
        catalog.source_digest = digest(data)
    return catalog


def load_po(path: Path, display: str | None = None, *, writable: bool = True,
            known: Prefixes | None = None) -> Catalog:
    """Read a PO or POT file; raises :class:`CatalogError` with path and line on bad input.

    ``display`` is the path errors show (default: ``path`` as given); the catalog's
    ``path`` is always ``str(path)``.  ``writable`` and ``known``: see :func:`load_bytes`.
    """
    path = Path(path)
    shown = display or str(path)
    try:
        data = read_bytes(path, shown)
    except KilocaleError as exc:
        raise CatalogError(exc.message, shown) from None
    try:
        catalog = load_bytes(data, shown, writable=writable, known=known)
    except CatalogError as exc:
        raise CatalogError(exc.message, shown, exc.line) from None
    catalog.path = str(path)
    return catalog


def _header_msgstr(catalog: Catalog) -> str:
    unchanged = catalog.unchanged_header()
    if unchanged is not None:
        return unchanged
    return "".join(f"{k}: {v}\n" for k, v in catalog.header.items())


def dumps(catalog: Catalog, width: int = 76) -> str:
    """Serialize a Catalog as msgcat does (header first, obsolete entries last)."""
    out: list[str] = []
    for c in catalog.header_comments:
        out += comment_lines("#", c)
    if catalog.header_flags:
        out.append("#, " + ", ".join(catalog.header_flags))
    out += po_lines("msgid", "", width)
    out += po_lines("msgstr", _header_msgstr(catalog), width)
    active = [e for e in catalog.entries if not e.obsolete]
    obsolete = [e for e in catalog.entries if e.obsolete]
    for e in active + obsolete:
        out.append("")
        out.append(entry_text(e, width))
    out.append("")  # the final newline, joined in: no second copy of a long text
    return "\n".join(out)


def entry_text(e: Entry, width: int) -> str:
    """The lines of one entry as msgcat writes them, joined, without a final newline.

    An entry unchanged since it was read is written from its original lines when they
    are canonical for ``width``; the verdict is remembered on the entry.
    """
    source = e.unchanged_source()
    if source is not None:
        verdict = e._canonical
        if verdict is None or verdict[0] != width:
            verdict = (width, _is_canonical(e, source, width))
            e._canonical = verdict
        if verdict[1]:
            return source
    return "\n".join(_entry_lines(e, width))


def _head_lines(e: Entry, width: int) -> list[str]:
    """Comments, references and flags: the lines before the strings."""
    lines: list[str] = []
    for c in e.translator_comments:
        lines += comment_lines("#", c)
    for c in e.extracted_comments:
        lines += comment_lines("#.", c)
    lines += reference_lines(e.references, width)
    if e.flags:
        lines.append("#, " + ", ".join(e.flags))
    return lines


def _string_fields(e: Entry, width: int) -> list[tuple[str, str, int, str]]:
    """(keyword, value, wrap width, prefix) of each string of ``e``, in msgcat's order."""
    wrap = 0 if "no-wrap" in e.flags else width
    prefix = "#~ " if e.obsolete else ""
    previous = "#~| " if e.obsolete else "#| "
    fields = []
    if e.previous_msgctxt is not None:
        fields.append(("msgctxt", e.previous_msgctxt, wrap, previous))
    if e.previous_msgid is not None:
        fields.append(("msgid", e.previous_msgid, wrap, previous))
    if e.previous_msgid_plural is not None:
        fields.append(("msgid_plural", e.previous_msgid_plural, wrap, previous))
    if e.msgctxt is not None:
        fields.append(("msgctxt", e.msgctxt, wrap, prefix))
    fields.append(("msgid", e.msgid, wrap, prefix))
    if e.msgid_plural is None:
        fields.append(("msgstr", e.msgstr, wrap, prefix))
    else:
        fields.append(("msgid_plural", e.msgid_plural, wrap, prefix))
        fields += [(f"msgstr[{i}]", form, wrap, prefix) for i, form in enumerate(e.forms)]
    return fields


def _entry_lines(e: Entry, width: int) -> list[str]:
    """The lines of ``e``; a string field read from a file in msgcat's layout keeps its lines.

    An entry that changed since it was read often changed in one field only (``update``
    gives a sentence a new ``#.`` context when another sentence of its paragraph changed,
    a translator fills in a msgstr); its other strings are checked, not wrapped again.
    """
    source = e.source_text()
    if source is None:
        return _wrapped_lines(e, width)
    lines = _head_lines(e, width)
    chunks = _field_chunks(source)
    for keyword, value, wrap, prefix in _string_fields(e, width):
        old = chunks.get(prefix + keyword)
        if old is not None and lines_are_canonical(keyword, value, wrap, prefix, old):
            lines += old
        else:
            lines += po_lines(keyword, value, wrap, prefix)
    return lines


def _wrapped_lines(e: Entry, width: int) -> list[str]:
    """The lines of ``e`` with every string wrapped: the reference :func:`_entry_lines`
    and :func:`_is_canonical` must agree with."""
    lines = _head_lines(e, width)
    for keyword, value, wrap, prefix in _string_fields(e, width):
        lines += po_lines(keyword, value, wrap, prefix)
    return lines


_FIELD_START = re.compile(r'(#~\| |#~ |#\| |)(msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?) "')


def _field_chunks(source: str) -> dict[str, list[str]]:
    """The lines of each string field in ``source``, by prefix and keyword (``#| msgid``)."""
    chunks: dict[str, list[str]] = {}
    current: list[str] | None = None
    continuation = ""
    for line in source.split("\n"):
        if current is not None and line.startswith(continuation):
            current.append(line)
            continue
        m = _FIELD_START.match(line)
        if m is None:
            current = None
            continue
        current = [line]
        continuation = m.group(1) + '"'
        chunks.setdefault(m.group(1) + m.group(2), current)
    return chunks


def _is_canonical(e: Entry, source: str, width: int) -> bool:
    """Whether ``source`` (the entry's lines as read) is what :func:`_wrapped_lines` gives.

    Field by field, with :func:`kilocale.io.wrap.lines_are_canonical`, which for most
    strings checks the layout without wrapping them again.
    """
    lines = source.split("\n")
    head = _head_lines(e, width)
    pos = len(head)
    if lines[:pos] != head:
        return False
    for keyword, value, wrap, prefix in _string_fields(e, width):
        end = pos + 1
        continuation = prefix + '"'
        while end < len(lines) and lines[end].startswith(continuation):
            end += 1
        if not lines_are_canonical(keyword, value, wrap, prefix, lines[pos:end]):
            return False
        pos = end
    return pos == len(lines)


def vouch_written(catalog: Catalog, width: int) -> None:
    """Take every entry of ``catalog`` to be in msgcat's layout at ``width``.

    For a catalog read from a file kilocale itself wrote at ``width`` (``update``'s cache
    records the hash of each catalog it wrote; the caller checked the bytes it read
    against it): :func:`dumps` writes each entry either from lines it checked or wrapped
    anew, and reading such lines back gives an entry they are the layout of.  So the file
    is verified once, when written, and not again at each update.
    """
    for e in catalog.entries:
        if e.source_text() is not None:
            e._canonical = (width, True)


def vouch_layout(catalog: Catalog, template: Prefixes, width: int) -> None:
    """Judge the layout of ``catalog``'s unchanged entries against a template's lines.

    For ``update``, when the template (``template``: its :func:`block_prefixes
    <kilocale.io.po_read.block_prefixes>`) was read from a file that kilocale itself wrote
    at ``width`` (extract's cache vouches for the file; the caller checked its digest):
    every line of it is msgcat's layout.  A catalog entry read from lines that begin with
    a template entry's lines up to its ``msgstr`` has, line for line, the same comments,
    references, flags, context and msgid, laid out as msgcat would; only its msgstr lines
    are left to check.  The verdict is remembered on the entry for :func:`entry_text`, which
    skips its own check of the whole entry.  Entries this cannot judge keep no verdict
    (plural ones, those whose lines begin differently, or that changed since read).
    """
    for e in catalog.entries:
        if e.obsolete or e.msgid_plural is not None or e._canonical is not None:
            continue
        source = e.unchanged_source()
        if source is None:
            continue
        cut = source.rfind("\nmsgstr ") + 1
        if not cut or source[:cut] not in template:
            continue
        wrap = 0 if "no-wrap" in e.flags else width
        e._canonical = (width, lines_are_canonical("msgstr", e.msgstr, wrap, "",
                                                   source[cut:].split("\n")))


def plan_po(catalog: Catalog, path: Path, width: int = 76, display: str | None = None,
            expected: str | None = ANY) -> WritePlan:
    """A :class:`WritePlan` for saving ``catalog`` at ``path``.

    ``expected`` defaults to the digest of the file the catalog was read from when that
    file is ``path``, so a save made by someone else in between is never overwritten.
    """
    if expected == ANY and catalog.source_digest is not None and catalog.path == str(path):
        expected = catalog.source_digest
    return WritePlan(Path(path), dumps(catalog, width).encode("utf-8"), expected, display)


def save_po(catalog: Catalog, path: Path, width: int = 76, display: str | None = None) -> bool:
    """Write a catalog atomically; returns whether the file changed (see :func:`plan_po`)."""
    return write_all([plan_po(catalog, path, width, display)])[0]

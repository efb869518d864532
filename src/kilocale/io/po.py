"""PO and POT files ↔ :class:`kilocale.model.Catalog`; the only module that imports polib.

Reading uses polib, with its errors turned into located :class:`CatalogError`.  Writing
is done here, line by line in gettext's own layout and msgcat's wrapping
(:mod:`kilocale.io.wrap`), so that files round-trip through msgcat, Poedit and Weblate
without spurious diffs.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from kilocale.errors import CatalogError
from kilocale.io.fs import atomic_write_text, read_text
from kilocale.io.wrap import comment_lines, po_lines, reference_lines
from kilocale.model import Catalog, Entry

HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms", "X-Generator",
)
_MSGID_LINE = re.compile(r"^(?:#~\s*)?msgid\s")


def _msgid_lines(text: str) -> list[int]:
    """1-based line numbers of every ``msgid`` keyword (obsolete ones included)."""
    return [i for i, line in enumerate(text.splitlines(), 1) if _MSGID_LINE.match(line)]


def loads(text: str, path: str = "<string>") -> Catalog:
    """Parse PO text into a Catalog; entry ``line`` is the line of its msgid keyword."""
    if not text.strip():
        raise CatalogError("empty PO file", path, 1)
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, UnicodeError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(?line \d+\)?:?\s*", " ", str(exc)).strip()
        message = message.replace("Syntax error in po file None", "syntax error")
        message = message.replace("Syntax error in po file", "syntax error").strip(" :")
        raise CatalogError(message or "syntax error", path, int(m.group(1)) if m else None) from None
    starts = _msgid_lines(text)

    def line_after(linenum: int) -> int:
        import bisect

        i = bisect.bisect_left(starts, linenum)
        return starts[i] if i < len(starts) else linenum

    entries = [_entry(e, line_after(e.linenum)) for e in po]  # obsolete ones included
    entries.sort(key=lambda x: x.line)
    header_comments = po.header.split("\n") if po.header else []
    header_flags = []
    first = text.lstrip("\ufeff").splitlines()
    for line in first:
        if line.startswith("msgid"):
            break
        if line.startswith("#,"):
            header_flags = [f.strip() for f in line[2:].split(",") if f.strip()]
    return Catalog(header=dict(po.metadata), entries=entries, header_comments=header_comments,
                   header_flags=header_flags, path=path)


def _entry(e: polib.POEntry, line: int) -> Entry:
    if e.msgid_plural:
        msgstr = e.msgstr_plural.get(0, "") if e.msgstr_plural else ""
    else:
        msgstr = e.msgstr
    refs = [f"{f}:{n}" if n else f for f, n in e.occurrences]
    return Entry(
        msgid=e.msgid, msgstr=msgstr, msgctxt=e.msgctxt,
        references=refs,
        extracted_comments=e.comment.split("\n") if e.comment else [],
        translator_comments=e.tcomment.split("\n") if e.tcomment else [],
        flags=list(e.flags), previous_msgid=e.previous_msgid,
        obsolete=bool(e.obsolete), line=line,
    )


def load_po(path: Path) -> Catalog:
    """Read a PO or POT file; raises :class:`CatalogError` with path and line on bad input."""
    path = Path(path)
    try:
        text = read_text(path)
    except CatalogError:
        raise
    except FileNotFoundError:
        raise CatalogError("file not found", str(path)) from None
    except Exception as exc:  # undecodable bytes come as KilocaleError from read_text
        if hasattr(exc, "message"):
            raise CatalogError(exc.message, str(path), getattr(exc, "line", None)) from None
        raise
    return loads(text, str(path))


def _header_msgstr(header: dict[str, str]) -> str:
    keys = [k for k in HEADER_ORDER if k in header] + [k for k in header if k not in HEADER_ORDER]
    return "".join(f"{k}: {header[k]}\n" for k in keys)


def dumps(catalog: Catalog, width: int = 76) -> str:
    """Serialize a Catalog as gettext does (header first, obsolete entries last)."""
    out: list[str] = []
    for c in catalog.header_comments:
        out.append(f"# {c}".rstrip() if c else "#")
    if catalog.header_flags:
        out.append("#, " + ", ".join(catalog.header_flags))
    out += po_lines("msgid", "", width)
    out += po_lines("msgstr", _header_msgstr(catalog.header), width)
    active = [e for e in catalog.entries if not e.obsolete]
    obsolete = [e for e in catalog.entries if e.obsolete]
    for e in active + obsolete:
        out.append("")
        out += _entry_lines(e, width)
    return "\n".join(out) + "\n"


def _entry_lines(e: Entry, width: int) -> list[str]:
    lines: list[str] = []
    for c in e.translator_comments:
        lines += comment_lines("#", c)
    if not e.obsolete:
        for c in e.extracted_comments:
            lines += comment_lines("#.", c)
        lines += reference_lines(e.references, width)
    if e.flags:
        lines.append("#, " + ", ".join(e.flags))
    prefix = "#~ " if e.obsolete else ""
    if e.previous_msgid is not None:
        lines += po_lines("msgid", e.previous_msgid, width, prefix="#~| " if e.obsolete else "#| ")
    if e.msgctxt is not None:
        lines += po_lines("msgctxt", e.msgctxt, width, prefix)
    lines += po_lines("msgid", e.msgid, width, prefix)
    lines += po_lines("msgstr", e.msgstr, width, prefix)
    return lines


def save_po(catalog: Catalog, path: Path, width: int = 76) -> bool:
    """Write a catalog atomically; returns whether the file changed."""
    return atomic_write_text(Path(path), dumps(catalog, width))

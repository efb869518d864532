"""Records that flow through the pipeline: source segments, catalog entries, findings.

They are plain dataclasses so that the pure core can be tested without files, and so
that no module but :mod:`kilocale.io.po` needs to know the PO syntax.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kilocale.core.lang import locale_chain


@dataclass(frozen=True)
class Segment:
    """One translatable unit of a source document.

    ``text`` is the msgid: the source wording with inline Markdown kept as written.
    ``line`` is the 1-based line where the segment starts in the source file.
    ``block`` names the kind of block it comes from ("heading", "paragraph", "list item",
    "block quote", "table cell", "image alt", "title").  ``context`` is the whole block
    text when the block was split into several sentences, so translators see the paragraph.
    """

    text: str
    line: int
    block: str
    context: str | None = None


# Translator-comment prefix that marks a machine draft and its provenance (engine, model
# package and version, glossary hash); written by pretranslate, read by stats.
MT_COMMENT_PREFIX = "kilocale-mt:"


@dataclass(slots=True)
class Entry:
    """A catalog entry, independent of the PO syntax, holding everything a PO entry can.

    ``msgstr`` is the translation, for a plural entry its first form (``msgstr[0]``);
    ``msgstr_plural`` holds every form of a plural entry (``msgid_plural`` set), and the
    writer takes form 0 from ``msgstr``, so code that only knows singular entries keeps
    working.  ``previous_*`` are the ``#|`` fields msgmerge writes for fuzzy entries.
    ``references``, ``extracted_comments``, ``translator_comments`` and ``flags`` keep their
    order.  An entry read from a file remembers its original lines (see
    :meth:`remember_source`), so an unchanged entry can be written back as it was.
    Slots: a catalog holds thousands of entries, and update reads two and builds a third.
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    references: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgid: str | None = None
    obsolete: bool = False
    line: int = 0  # line of the msgid keyword in the file it was read from; 0 if new
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid_plural: str | None = None
    # Original text and the field values it was read with; not copied by replace().
    _source: tuple[tuple[object, ...], str] | None = field(
        default=None, init=False, repr=False, compare=False)
    # (width, whether the original lines are msgcat's layout at that width): the writer's
    # verdict, kept so that writing the entry again does not check again.
    _canonical: tuple[int, bool] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def machine_draft(self) -> bool:
        """A fuzzy machine translation nobody has reviewed yet."""
        return self.fuzzy and any(c.startswith(MT_COMMENT_PREFIX)
                                  for c in self.translator_comments)

    @property
    def translated(self) -> bool:
        """Translated and reviewed: what a build may publish."""
        return bool(self.msgstr) and not self.fuzzy and not self.obsolete

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def forms(self) -> list[str]:
        """The translations as written: ``[msgstr]``, or every ``msgstr[N]`` of a plural entry."""
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr, *self.msgstr_plural[1:]]

    def _fields(self) -> tuple[object, ...]:
        return (self.msgid, self.msgstr, self.msgctxt, tuple(self.references),
                tuple(self.extracted_comments), tuple(self.translator_comments),
                tuple(self.flags), self.previous_msgid, self.obsolete, self.msgid_plural,
                tuple(self.msgstr_plural), self.previous_msgctxt, self.previous_msgid_plural)

    def remember_source(self, text: str) -> None:
        """Record the lines this entry was read from, with its current field values."""
        self._source = (self._fields(), text)

    def carry_source(self, other: Entry) -> None:
        """Take over ``other``'s original lines (and what is known of their canonicity).

        For an entry rebuilt from one read from a file (``update`` rebuilds every entry
        from the template): while its fields equal what ``other`` was read with, it is
        written back from those lines without wrapping its strings again; otherwise each
        string still laid out in them keeps its lines (see :func:`kilocale.io.po.entry_text`),
        such as the translation a fuzzy match takes over.
        """
        if other._source is not None:
            self._source = other._source
            self._canonical = other._canonical

    def source_text(self) -> str | None:
        """The lines this entry was read from, changed since or not (None if not read)."""
        return None if self._source is None else self._source[1]

    def unchanged_source(self) -> str | None:
        """The original lines if no field changed since :meth:`remember_source`, else None."""
        if self._source is None or self._source[0] != self._fields():
            return None
        return self._source[1]


@dataclass
class Catalog:
    """A PO or POT file's content: ordered header fields and entries."""

    header: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    path: str | None = None
    #: SHA-256 of the file's bytes when it was read (see kilocale.io.fs.write_all); None if
    #: the catalog was not read from a file.
    source_digest: str | None = field(default=None, repr=False, compare=False)
    # The header msgstr as read, with the fields it parsed to (lines without a colon and
    # repeated keys survive an unchanged header).
    _header_source: tuple[tuple[tuple[str, str], ...], str] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def remember_header(self, msgstr: str) -> None:
        """Record the header msgstr as read, with the fields it parsed to."""
        self._header_source = (tuple(self.header.items()), msgstr)

    def unchanged_header(self) -> str | None:
        """The header msgstr as read if no header field changed since, else None."""
        if self._header_source is None or self._header_source[0] != tuple(self.header.items()):
            return None
        return self._header_source[1]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem reported by ``kilocale check``; ordered for stable, sorted output."""

    path: str
    line: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    msgid: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.code}] {self.message}"


@dataclass(frozen=True)
class Term:
    """A glossary entry (see glossary.yaml).

    ``translations`` maps a target language to its accepted forms, preferred first.
    ``forbidden`` maps a language ("*" for every language) to variants that must not appear.
    """

    term: str
    dnt: bool = False
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    forms: tuple[str, ...] = ()
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    case_sensitive: bool = True
    note: str = ""
    line: int = 0

    def approved(self, language: str) -> tuple[str, ...]:
        """Accepted target forms in ``language``: the term itself for do-not-translate terms."""
        if self.dnt:
            return (self.term,)
        return self.translations.get(language, ())

    def forbidden_in(self, language: str) -> tuple[str, ...]:
        """Variants that must not appear in ``language``: those for every language, for the
        locale and for its base language (:func:`kilocale.core.lang.locale_chain`)."""
        return tuple(dict.fromkeys(v for key in locale_chain(language)
                                   for v in self.forbidden.get(key, ())))


@dataclass(frozen=True)
class TermMatch:
    """Where a glossary term occurs in a text: ``text[start:end] == surface``.

    ``genitive`` is true when the surface is a German genitive (``DeepSeeks``), so a
    target form can be given its possessive (``DeepSeek's``).  ``compound`` is true when
    the term is part of a hyphenated compound (``KI-Modell``).
    """

    start: int
    end: int
    term: Term
    surface: str
    genitive: bool = False
    compound: bool = False

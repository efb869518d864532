"""Compendia for the translation memory: ``kilocale update --compendium FILE``.

* A PO compendium (as for ``msgmerge -C``) gives its reviewed entries, for the language
  its ``Language`` header names, or for every language being updated when it has none.
* A TMX memory (:func:`kilocale.io.tmx.read_tmx`) gives each translation for its own
  language (``xml:lang`` as a gettext code, matched exactly: a ``pt`` memory does not
  feed ``pt_BR``).

Entries and units with a context (msgctxt) are left out, as for the project's own
catalogs.  The origin recorded in ``# kilocale-tm:`` is the file name.
"""

from __future__ import annotations

from pathlib import Path

from kilocale.core.memory import TMRecord, reviewed_records
from kilocale.errors import CatalogError, KilocaleError
from kilocale.io.po import load_po

__all__ = ["Compendium", "load_compendium"]


def _key(language: str) -> str:
    return language.replace("-", "_").lower()


class Compendium:
    """Records of one compendium file by language (``None``: for any language)."""

    def __init__(self, path: Path, records: dict[str | None, list[TMRecord]]) -> None:
        self.path = path
        self.records = {(_key(k) if k else None): v for k, v in records.items()}

    def for_language(self, language: str) -> list[TMRecord]:
        return self.records.get(None, []) + self.records.get(_key(language), [])


def load_compendium(path: Path, display: str | None = None) -> Compendium:
    """Read a ``.po`` or ``.tmx`` compendium; errors name ``display`` (default: the path)."""
    path = Path(path)
    where = display or str(path)
    if not path.is_file():
        raise KilocaleError("compendium not found", where)
    if path.suffix.lower() == ".tmx":
        from kilocale.io.tmx import read_tmx  # lxml-based; only needed for TMX compendia

        records: dict[str | None, list[TMRecord]] = {}
        try:
            found = read_tmx(path)
        except KilocaleError as exc:
            raise type(exc)(exc.message, where, exc.line) from None
        for r in found:
            if r.context is None and r.source and r.target:
                records.setdefault(r.language, []).append(TMRecord(r.source, r.target, path.name))
        return Compendium(path, records)
    try:
        catalog = load_po(path)
    except CatalogError as exc:
        raise CatalogError(exc.message, where, exc.line) from None
    language = catalog.header.get("Language") or None
    return Compendium(path, {language: reviewed_records(catalog, path.name)})

"""Compendia for the translation memory: ``kilocale update --compendium FILE``.

A PO compendium (as for ``msgmerge -C``) gives its reviewed entries, for the language its
``Language`` header names (or for every language being updated when it has none).  TMX
files are read by :mod:`kilocale.io.tmx` once that reader exists; until then a ``.tmx``
compendium is a clear error rather than a silent no-op.
"""

from __future__ import annotations

from pathlib import Path

from kilocale.core.memory import TMRecord, reviewed_records
from kilocale.errors import CatalogError, KilocaleError
from kilocale.io.po import load_po

__all__ = ["Compendium", "load_compendium"]


class Compendium:
    """Records of one compendium file and the language they are for (None: any)."""

    def __init__(self, path: Path, language: str | None, records: list[TMRecord]) -> None:
        self.path = path
        self.language = language
        self.records = records

    def for_language(self, language: str) -> list[TMRecord]:
        if self.language is None or self.language.replace("-", "_").lower() == language.lower():
            return self.records
        return []


def load_compendium(path: Path, display: str | None = None) -> Compendium:
    """Read a ``.po`` compendium (its reviewed entries, origin = the file name)."""
    where = display or str(path)
    if not Path(path).is_file():
        raise KilocaleError("compendium not found", where)
    if path.suffix.lower() == ".tmx":
        try:
            from kilocale.io.tmx import read_tmx  # type: ignore[import-not-found]  # noqa: F401
        except ImportError:
            raise KilocaleError("TMX compendia are not supported yet; convert it to PO "
                                "(e.g. with Translate Toolkit's tmx2po)", where) from None
        raise KilocaleError("TMX compendia are not wired yet", where)
    try:
        catalog = load_po(path)
    except CatalogError as exc:
        raise CatalogError(exc.message, where, exc.line) from None
    language = catalog.header.get("Language") or None
    return Compendium(Path(path), language, reviewed_records(catalog, Path(path).name))

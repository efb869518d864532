"""The project: the one place that knows where sources, templates, catalogs and the glossary are.

Every command works on a :class:`Project` made from the validated
:class:`~kilocale.config.Config`: it lists the documents, reads a source, loads a
template or catalog, and loads the glossary once.  Errors from loading name the file by
its display path, relative to the project root (``locales/fr/LC_MESSAGES/article.po:12``),
so commands never re-wrap them.  ``pipeline`` and ``pretranslate`` both use it, and
neither imports the other.

Reading only: writing is the commands' business (:mod:`kilocale.io.fs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kilocale.config import Config
from kilocale.io.fs import read_text
from kilocale.io.po import load_po
from kilocale.model import Catalog

if TYPE_CHECKING:  # the glossary (yaml) is loaded by the commands that use it, on first use
    from kilocale.core.glossary import Glossary

__all__ = ["Project"]


@dataclass
class Project:
    """A project's files as the commands see them; the glossary is loaded at most once."""

    config: Config
    _glossary: list[Glossary | None] = field(default_factory=list, repr=False)

    def rel(self, path: Path) -> str:
        """The display path of ``path``: relative to the project root, forward slashes."""
        return self.config.rel(path)

    def documents(self) -> list[str]:
        """The source documents (paths under the source directory without ``.md``)."""
        return self.config.documents()

    def template_docs(self) -> list[str]:
        """Documents that have a template under ``locales/templates``."""
        return self.config.template_docs()

    def source_text(self, doc: str) -> str:
        """The text of source document ``doc``; errors name it by its display path."""
        path = self.config.source_path(doc)
        # keep the BOM: editions start with the source's
        return read_text(path, keep_bom=True, display=self.rel(path))

    def load_catalog(self, path: Path, *, writable: bool = True) -> Catalog:
        """A PO/POT file of the project; errors name it by its display path.

        ``writable=False`` for a catalog that is only read (checked, counted, rendered):
        it is read about a fifth faster, and must not be saved (see :func:`load_po`).
        """
        return load_po(path, self.rel(path), writable=writable)

    def catalog(self, language: str, doc: str, *, writable: bool = True) -> Catalog | None:
        """The catalog of ``doc`` in ``language``, or None when it does not exist yet."""
        path = self.config.po_path(language, doc)
        return self.load_catalog(path, writable=writable) if path.exists() else None

    def template(self, doc: str) -> Catalog | None:
        """The template of ``doc``, or None when it was not extracted yet."""
        path = self.config.template_path(doc)
        return self.load_catalog(path) if path.exists() else None

    @property
    def glossary(self) -> Glossary | None:
        """The project's glossary (loaded on first use), or None when the file does not exist."""
        if not self._glossary:
            from kilocale.io.glossary_file import load_glossary

            config = self.config
            self._glossary.append(
                load_glossary(config.glossary, config.languages, display=self.rel(config.glossary))
                if config.glossary.is_file() else None)
        return self._glossary[0]

"""Exceptions that carry where a problem is, so the CLI can print `path:line: message`.

Library code raises; only :mod:`kilocale.cli` prints and chooses exit codes.
"""

from __future__ import annotations


class KilocaleError(Exception):
    """A problem the user can fix, located in a file when that is known."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


class ConfigError(KilocaleError):
    """Configuration is unreadable or invalid (bad TOML, unknown key, bad language code)."""


class SourceError(KilocaleError):
    """A source document cannot be parsed or segmented."""


class CatalogError(KilocaleError):
    """A PO/POT file cannot be parsed."""


class GlossaryError(KilocaleError):
    """glossary.yaml is malformed."""


class EngineError(KilocaleError):
    """A machine-translation engine or model is missing or failed."""

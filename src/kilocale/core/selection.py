"""Which finding codes ``kilocale check`` reports: ``--select`` and ``--ignore``.

A pattern is a code (``number``) or a family (``typo`` = every ``typo-*`` code), the way
Translate Toolkit's include/exclude filters work.  Kept apart from the registry of checks
(:mod:`kilocale.core.checks`, which imports every check and its patterns) so that a
``kilocale check`` whose findings all come from the cache (:mod:`kilocale.checking`)
imports no check: the registry is consulted only when there is a pattern to validate or
the checks to run are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kilocale.errors import KilocaleError

if TYPE_CHECKING:
    from kilocale.core.checks import Check

__all__ = ["ALWAYS", "Selection"]

ALWAYS = frozenset({"po-syntax", "missing-catalog"})  # never filtered out


def _matches(code: str, pattern: str) -> bool:
    return code == pattern or code.startswith(pattern + "-")


@dataclass(frozen=True)
class Selection:
    """Which finding codes to report: ``select`` (empty = all) minus ``ignore``.

    A pattern is a code (``number``) or a family (``typo`` = every ``typo-*`` code).
    ``po-syntax`` and ``missing-catalog`` are always reported.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.select or self.ignore):
            return  # nothing to validate: the registry is not needed
        from kilocale.core.checks import CATALOG_CODES, REGISTRY

        known = list(REGISTRY) + list(CATALOG_CODES)
        for pattern in (*self.select, *self.ignore):
            if not any(_matches(code, pattern) for code in known):
                raise KilocaleError(f"unknown check code {pattern!r} "
                                    "(see `kilocale check --list`)")

    def wants(self, code: str) -> bool:
        if code in ALWAYS:
            return True
        if self.select and not any(_matches(code, p) for p in self.select):
            return False
        return not any(_matches(code, p) for p in self.ignore)

    def checks(self) -> list[Check]:
        from kilocale.core.checks import REGISTRY

        return [c for c in REGISTRY.values() if self.wants(c.code)]

"""Machine-translation engines behind one small Protocol, chosen by name from a registry.

An engine translates a batch of already-protected sentences (glossary terms, code, URLs
and inline Markdown replaced by sentinels, see :mod:`kilocale.core.protect`); it knows
nothing about catalogs, glossaries or PO files.  Adding an engine is one new module plus
one line in :data:`ENGINES`.

Importing this package is cheap: the Argos engine imports argostranslate, CTranslate2
and SentencePiece only when it first needs them, so ``check``, ``stats`` and ``build``
never load the MT stack.
"""

from __future__ import annotations

from typing import Any, Callable, Protocol, runtime_checkable

from kilocale.errors import EngineError


@runtime_checkable
class Engine(Protocol):
    """What :func:`kilocale.pretranslate.pretranslate` needs from an MT engine."""

    name: str

    def check(self, source: str, target: str) -> None:
        """Raise :class:`~kilocale.errors.EngineError` if ``source`` → ``target`` cannot be
        translated, with a message naming the command that fixes it."""

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text (one sentence each, sentinels included); same length and order."""

    def provenance(self, source: str, target: str) -> str:
        """Engine, model package(s) and version(s), for the translator comment."""


def _argos(**options: Any) -> Engine:
    # Imported on use: the CLI imports this registry for the names (`--engine` choices),
    # and `kilocale --help` should not pay for the Argos module (argostranslate itself is
    # imported later still, when a model is first needed).
    from kilocale.engines.argos import ArgosEngine

    return ArgosEngine(**options)


def _libretranslate(**options: Any) -> Engine:
    # urllib and json load only when a server is really used (``--help`` stays light).
    from kilocale.engines.libretranslate import LibreTranslateEngine

    return LibreTranslateEngine(**options)


def _pseudo(**options: Any) -> Engine:
    # Imported on use: it pulls in kilocale.core.protect, which `kilocale --help` must not pay for.
    from kilocale.engines.pseudo import PseudoEngine

    return PseudoEngine(**options)


# name → factory; engines that take settings (a server URL) accept them as keyword arguments.
ENGINES: dict[str, Callable[..., Engine]] = {
    "argos": _argos,
    "libretranslate": _libretranslate,
    "pseudo": _pseudo,
}
DEFAULT_ENGINE = "argos"


def get_engine(name: str, **options: Any) -> Engine:
    """Create the engine registered as ``name``, with ``options`` for engines that take them."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r} (known: {', '.join(sorted(ENGINES))})") from None
    return factory(**options)


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "get_engine"]

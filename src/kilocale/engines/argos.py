"""The ``argos`` engine: offline Argos Translate packages, translated in batches.

kilocale already has sentences, so instead of one ``argostranslate.translate`` call per
segment (sentence splitting, then a CTranslate2 call per paragraph) it loads the
installed package through ``argostranslate.package`` (metadata, SentencePiece tokenizer,
target prefix) and sends all sentences of a language to CTranslate2's
``translate_batch`` at once, with Argos's own decoding settings (beam 4, length
penalty 0.2, ``replace_unknowns``) and its detokenisation, so the output is what Argos
would give for that sentence.  Argos's sentence splitter (MiniSBD, which downloads an
ONNX file on first use, and Stanza, which needs torch) is never needed, and
``argostranslate.translate`` is never imported.  A pair without a direct package
pivots through English, as Argos does.

All of argostranslate, ctranslate2 and sentencepiece are imported inside functions:
they are an optional extra (``pip install kilocale[mt]``), heavy to import, and
argostranslate reads its settings from the environment and creates directories when
first imported; ``check``, ``stats`` and ``build`` must never pay for any of that.
"""

from __future__ import annotations

import os
from typing import Any

from kilocale.errors import EngineError

# Argos package codes that are not the locale's ISO 639 language (after babel's aliases):
# Brazilian Portuguese and Traditional Chinese have packages of their own; Argos names
# Norwegian Bokmål and Filipino by their older codes.
ARGOS_LANGUAGES = {"no": "nb", "fil": "tl"}
PIVOT = "en"
INSTALL_HINT = "pip install 'kilocale[mt]' (see README: Machine translation)"

# Loaded CTranslate2 translators, by model directory: loading a model costs far more
# than translating a sentence, and argostranslate caches its models process-wide too.
_TRANSLATORS: dict[str, Any] = {}


def argos_code(language: str) -> str:
    """The Argos Translate code of a gettext locale code: ``zh_CN`` → ``zh``, ``pt_BR`` → ``pb``.

    ``zh`` written in Traditional characters (``zh_TW``, ``zh_HK``, ``zh_Hant``) is ``zt``;
    babel resolves aliases and likely scripts (``iw`` → ``he``, ``zh_TW`` → Hant).
    """
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        # Imported here: the CLI imports this module for the engine names, and core.lang's
        # dataclasses and patterns would be a third of `kilocale --help`.
        from kilocale.core.lang import base_language

        return base_language(language)
    if locale.language == "zh" and (locale.script == "Hant"
                                    or (locale.script is None
                                        and locale.territory in ("TW", "HK", "MO"))):
        return "zt"
    if locale.language == "pt" and locale.territory == "BR":
        return "pb"
    return ARGOS_LANGUAGES.get(locale.language, locale.language)


def import_argos_package() -> Any:
    """Import ``argostranslate.package`` with quiet, CPU-only defaults for its settings.

    argostranslate reads ``ARGOS_*`` variables once, at import; a user's own settings win.
    """
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
    try:
        import argostranslate.package as package  # heavy optional import, see module docstring
    except ImportError as exc:
        raise EngineError(f"the argos engine needs the MT extra ({exc.name} is missing): "
                          f"{INSTALL_HINT}") from None
    return package


def installed_packages() -> list[Any]:
    """The installed Argos translation packages (``argostranslate.package.Package``)."""
    package = import_argos_package()
    return [p for p in package.get_installed_packages() if getattr(p, "type", "translate") == "translate"]


def _threads() -> int:
    """CTranslate2 intra-op threads: ``ARGOS_INTRA_THREADS`` if set, else 1.

    Measured on two shared cores with a model of real size (``benchmarks/mt.py``): two
    threads made the batched path no faster and Argos's per-sentence path 45 % slower, so
    one thread is the default; set ``ARGOS_INTRA_THREADS`` on a machine with idle cores.
    """
    value = os.environ.get("ARGOS_INTRA_THREADS", "")
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    return 1


class ArgosEngine:
    """Argos Translate packages behind the :class:`kilocale.engines.Engine` Protocol.

    Args:
        beam_size: beam width (Argos uses 4).
        max_batch_size: sentences per CTranslate2 batch.
    """

    name = "argos"

    def __init__(self, beam_size: int = 4, max_batch_size: int = 32) -> None:
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        # (src, tgt) Argos codes → packages; installed packages are scanned once per pair
        # for the engine's lifetime, not once per batch.
        self._routes: dict[tuple[str, str], list[Any]] = {}

    def route(self, source: str, target: str) -> list[Any]:
        """The packages that translate ``source`` → ``target``: direct, or through English.

        Decided once per language pair for this engine; a missing route is not remembered,
        so installing a package and asking again finds it.
        """
        key = (argos_code(source), argos_code(target))
        found = self._routes.get(key)
        if found is None:
            found = self._routes[key] = self._find_route(*key, source, target)
        return list(found)

    def _find_route(self, src: str, tgt: str, source: str, target: str) -> list[Any]:
        """Packages for the Argos codes ``src`` → ``tgt``; errors name ``source`` → ``target``,
        the codes as configured."""
        pkgs = installed_packages()
        by_pair = {(p.from_code, p.to_code): p for p in pkgs}
        if (src, tgt) in by_pair:
            return [by_pair[(src, tgt)]]
        if (src, PIVOT) in by_pair and (PIVOT, tgt) in by_pair:
            return [by_pair[(src, PIVOT)], by_pair[(PIVOT, tgt)]]
        # Messages name the configured codes; Argos's own codes only in parentheses.
        codes = "" if (src, tgt) == (source, target) else f" (Argos codes {src} → {tgt})"
        pivot = "" if PIVOT in (src, tgt) else f", nor through {PIVOT}"
        raise EngineError(f"no Argos Translate package for {source} → {target}{codes}{pivot}; "
                          f"install one with: kilocale models install {source} {target}")

    def check(self, source: str, target: str) -> None:
        self.route(source, target)

    def provenance(self, source: str, target: str) -> str:
        hops = [f"{p.from_code}→{p.to_code} {p.package_version or '?'}"
                for p in self.route(source, target)]
        return "argos " + " + ".join(hops)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        for pkg in self.route(source, target):
            texts = self._translate_package(pkg, texts)
        return texts

    def _translator(self, pkg: Any) -> Any:
        import ctranslate2  # heavy optional import, see module docstring

        path = str(pkg.package_path / "model")
        if path not in _TRANSLATORS:
            try:
                _TRANSLATORS[path] = ctranslate2.Translator(
                    path, device=os.environ.get("ARGOS_DEVICE_TYPE", "cpu"),
                    inter_threads=1, intra_threads=_threads(),
                    compute_type=os.environ.get("ARGOS_COMPUTE_TYPE", "auto"))
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"cannot load the CTranslate2 model: {exc}", path) from None
        return _TRANSLATORS[path]

    def _translate_package(self, pkg: Any, texts: list[str]) -> list[str]:
        """One hop: tokenize all texts, one ``translate_batch``, detokenize as Argos does."""
        if not texts:
            return []
        if pkg.tokenizer is None:
            raise EngineError(f"Argos package {pkg.package_path.name} has no tokenizer model")
        translator = self._translator(pkg)
        tokenized = [pkg.tokenizer.encode(t) for t in texts]
        prefix = [[pkg.target_prefix]] * len(tokenized) if pkg.target_prefix else None
        results = translator.translate_batch(
            tokenized, target_prefix=prefix, replace_unknowns=True,
            max_batch_size=self.max_batch_size, batch_type="examples",
            beam_size=self.beam_size, num_hypotheses=1, length_penalty=0.2)
        out = []
        for res in results:
            value = pkg.tokenizer.decode(res.hypotheses[0])
            if pkg.target_prefix and value.startswith(pkg.target_prefix):
                value = value[len(pkg.target_prefix):]
            if value.startswith(" "):
                value = value[1:]
            out.append(value)
        return out

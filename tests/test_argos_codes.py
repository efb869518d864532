"""Locale codes → Argos Translate package codes, for every locale babel knows.

The Argos package codes below are written by hand from the Argos Translate package index
(argospm-index ``index.json``, as listed by LibreTranslate's languages page): each
language Argos has a model for, with ``pb`` for Brazilian Portuguese, ``zt`` for Chinese
in Traditional characters, ``nb`` for Norwegian and ``tl`` for Filipino/Tagalog.
"""

from __future__ import annotations

import pytest
from babel import Locale
from babel.localedata import locale_identifiers

from kilocale.engines.argos import argos_code

ARGOS_PACKAGE_CODES = {
    "ar", "az", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "eo", "es", "et", "eu",
    "fa", "fi", "fr", "ga", "gl", "he", "hi", "hu", "id", "it", "ja", "ko", "ky", "lt",
    "lv", "ms", "nb", "nl", "pb", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv",
    "th", "tl", "tr", "uk", "ur", "vi", "zh", "zt",
}
# ISO 639 language (as babel spells it) → the Argos code when it is not the same.
RENAMED = {"no": "nb", "fil": "tl"}


def expected(identifier: str) -> str | None:
    """The Argos code a locale must map to, written out rule by rule (None: no package)."""
    locale = Locale.parse(identifier)
    if locale.language == "zh":
        traditional = locale.script == "Hant" or (locale.script is None
                                                  and locale.territory in ("TW", "HK", "MO"))
        return "zt" if traditional else "zh"
    if locale.language == "pt":
        return "pb" if locale.territory == "BR" else "pt"
    code = RENAMED.get(locale.language, locale.language)
    return code if code in ARGOS_PACKAGE_CODES else None


COVERED = sorted(i for i in locale_identifiers() if expected(i) is not None)


def test_the_table_covers_many_locales() -> None:
    assert len(COVERED) > 200  # every regional variant of each Argos language
    assert {expected(i) for i in COVERED} == ARGOS_PACKAGE_CODES


@pytest.mark.parametrize("identifier", COVERED)
def test_every_babel_locale_with_an_argos_package_maps_to_it(identifier: str) -> None:
    assert argos_code(identifier) == expected(identifier)


@pytest.mark.parametrize("code, argos", [
    ("pt_BR", "pb"), ("pt-br", "pb"), ("pt", "pt"), ("pt_PT", "pt"), ("zh_CN", "zh"),
    ("zh_TW", "zt"), ("zh_HK", "zt"), ("zh_Hant", "zt"), ("zh_Hans_SG", "zh"),
    ("no", "nb"), ("nb_NO", "nb"), ("fil", "tl"), ("iw", "he"), ("in", "id"),
])
def test_gettext_spellings(code: str, argos: str) -> None:
    assert argos_code(code) == argos


def test_the_missing_model_message_names_the_configured_codes(monkeypatch) -> None:
    from kilocale.engines import argos
    from kilocale.errors import EngineError

    monkeypatch.setattr(argos, "installed_packages", lambda: [])
    with pytest.raises(EngineError) as info:
        argos.ArgosEngine().check("de", "pt_BR")
    message = str(info.value)
    assert "de → pt_BR" in message and "kilocale models install de pt_BR" in message
    assert "(Argos codes de → pb)" in message

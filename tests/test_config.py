"""Configuration: pyproject.toml or kilocale.toml, defaults, validation with babel."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kilocale import config as kconfig
from kilocale.config import load_config
from kilocale.errors import ConfigError


def test_no_configuration_says_how_to_start_one(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value) == (
        f"no kilocale configuration found in {tmp_path.resolve()} (pyproject.toml "
        "[tool.kilocale] or kilocale.toml); run `kilocale init` to start one")


def test_defaults_of_an_empty_configuration(tmp_path: Path) -> None:
    (tmp_path / "kilocale.toml").write_text("", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.source_language == "de"
    assert config.source_dir == tmp_path / "source/de"
    assert (config.locales_dir, config.build_dir) == (tmp_path / "locales", tmp_path / "build")
    assert (config.segmentation, config.wrap, config.languages) == ("sentence", 76, ())


def test_kilocale_toml_with_the_same_keys(tmp_path: Path) -> None:
    (tmp_path / "kilocale.toml").write_text(
        'languages = ["en", "zh-cn"]\nsource_dir = "docs"\nwrap = 0\n'
        'segmentation = "paragraph"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.languages == ("en", "zh_CN")
    assert config.source_dir == tmp_path / "docs"
    assert (config.wrap, config.segmentation) == (0, "paragraph")


def test_pyproject_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.kilocale]\nlanguages = ["fr"]\n', encoding="utf-8")
    assert load_config(tmp_path).languages == ("fr",)


@pytest.mark.parametrize("body,message", [
    ('languages = ["en", "xx"]', "unknown language code 'xx'"),
    ('languages = ["../../etc"]', "invalid language code"),
    ('languages = ["de"]', "source language de cannot also be a target"),
    ('segmentation = "word"', "'segmentation' must be one of"),
    ('wrap = 5', "'wrap' must be 0"),
    ('colour = "blue"', "unknown key(s) in [tool.kilocale]: colour"),
    ('languages = "en"', "'languages' must be a list"),
])
def test_invalid_settings_are_clear_errors(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "kilocale.toml").write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert message in str(info.value)
    assert str(tmp_path / "kilocale.toml") in str(info.value)


def test_toml_syntax_error_has_a_line(tmp_path: Path) -> None:
    (tmp_path / "kilocale.toml").write_text('languages = ["en"]\nwrap = = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2


def test_team_bugs_and_tm_exact(tmp_path: Path) -> None:
    (tmp_path / "kilocale.toml").write_text(
        'languages = ["fr", "pt-br"]\nbugs = "l10n@example.org"\ntm_exact = "translated"\n'
        '[team]\n"*" = "Translators <l10n@example.org>"\npt_BR = "Time <pt@example.org>"\n',
        encoding="utf-8")
    config = load_config(tmp_path)
    assert config.team("pt_BR") == "Time <pt@example.org>"
    assert config.team("fr") == "Translators <l10n@example.org>"
    assert (config.bugs, config.tm_exact) == ("l10n@example.org", "translated")
    (tmp_path / "kilocale.toml").write_text('languages = ["fr"]\nteam = "T <t@example.org>"\n',
                                            encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.team("fr"), config.bugs, config.tm_exact) == ("T <t@example.org>", "", "fuzzy")


@pytest.mark.parametrize("body,message", [
    ('languages = ["fr"]\nteam = 3', "'team' must be a string"),
    ('languages = ["fr"]\n[team]\nes = "E <e@x>"', "'team' names es, which is not in"),
    ('languages = ["fr"]\ntm_exact = "yes"', "'tm_exact' must be one of fuzzy, translated"),
])
def test_bad_team_settings(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "kilocale.toml").write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def _babel_accepts(canonical: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(canonical)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


_SHAPES = st.tuples(st.sampled_from(["de", "en", "zh", "sr", "pt", "xx", "fil", "yue", "con"]),
                    st.sampled_from(["", "_Hans", "_Hant", "_Latn", "_Cyrl", "_Zzzz"]),
                    st.sampled_from(["", "_CN", "_TW", "_DE", "_AT", "_419", "_ZZ", "_QQ"]))


@settings(max_examples=300)
@given(_SHAPES)
def test_language_codes_are_known_exactly_when_babel_knows_them(shape: tuple[str, ...]) -> None:
    canonical = "".join(shape)
    assert (kconfig._unknown_to_babel(canonical) is None) is _babel_accepts(canonical)


def test_every_locale_babel_ships_is_accepted_and_an_unknown_one_named() -> None:
    from babel.localedata import locale_identifiers

    assert all(kconfig._unknown_to_babel(code) is None for code in locale_identifiers())
    with pytest.raises(ConfigError, match=r"unknown language code 'qq_XX' \(unknown locale"):
        kconfig.validate_language_code("qq_XX")

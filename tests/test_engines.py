"""Engines: the registry, pseudo-localisation, and the argos engine on a tiny real package."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import tinyargos
from kilocale.cli import cli
from kilocale.engines import ENGINES, Engine, get_engine
from kilocale.engines.argos import argos_code
from kilocale.engines.pseudo import pseudo
from kilocale.errors import EngineError

HEAVY = ("argostranslate", "ctranslate2", "sentencepiece", "torch", "stanza", "spacy", "minisbd")


def test_registry_and_protocol():
    assert set(ENGINES) == {"argos", "libretranslate", "pseudo"}
    for name in ENGINES:
        assert isinstance(get_engine(name), Engine)
    with pytest.raises(EngineError, match="unknown engine 'deepl'"):
        get_engine("deepl")


def test_argos_without_the_mt_stack_says_how_to_install_it():
    code = ("import sys; sys.modules['argostranslate'] = None\n"
            "from kilocale.engines import get_engine\n"
            "from kilocale.errors import EngineError\n"
            "try:\n    get_engine('argos').check('de', 'en')\n"
            "except EngineError as exc:\n    print(exc)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout
    assert "the argos engine needs the MT extra" in out and "pip install 'kilocale[mt]'" in out


@pytest.mark.parametrize("code, expected", [("de", "de"), ("zh_CN", "zh"), ("zh_TW", "zt"),
                                            ("pt_BR", "pb"), ("fr_CA", "fr"), ("es", "es")])
def test_locale_codes_map_to_argos_codes(code, expected):
    assert argos_code(code) == expected


def test_pseudo_accents_expands_and_keeps_sentinels():
    out = pseudo("Die Botschaft von {0} war {12} klar.")
    assert out.startswith("[Ðíé Ƀöţšçĥåfţ ") and "{0}" in out and "{12}" in out
    assert len(out) > len("Die Botschaft von {0} war {12} klar.") * 1.3
    assert get_engine("pseudo").translate_batch(["a", "b"], "de", "fr") == [pseudo("a"), pseudo("b")]


# --- argos, with the tiny packages of tests/tinyargos.py --------------------------------


@pytest.fixture(scope="module")
def argos_base():
    return tinyargos.require_argos()


def test_copy_model_returns_its_input_through_the_batched_path(argos_base):
    engine = get_engine("argos")
    texts = tinyargos.CORPUS[::7] + ["DeepSeeks {0} sandte {1}Wellen{2} – „Kräuselungen“ 2024."]
    assert engine.translate_batch(texts, "en", "es") == texts
    # SentencePiece normalises its input (NFKC): what a real model sees, too.
    assert engine.translate_batch(["Und … ％"], "en", "es") == ["Und ... %"]
    assert engine.provenance("en", "es") == "argos en→es 0.1"


def test_pivot_through_english_and_upper_model(argos_base):
    engine = get_engine("argos")
    assert engine.provenance("de", "es") == "argos de→en 0.1 + en→es 0.1"
    [out] = engine.translate_batch(["Die Regierung {0} kritisierte das Budget."], "de", "es")
    assert "{0}" in out and out != "Die Regierung {0} kritisierte das Budget."
    assert out.upper() == "DIE REGIERUNG {0} KRITISIERTE DAS BUDGET."


def test_missing_model_names_the_install_command(argos_base):
    with pytest.raises(EngineError) as info:
        get_engine("argos").check("de", "zh_CN")
    assert "kilocale models install de zh" in str(info.value)


def test_models_list_and_offline_install(argos_base, tmp_path):
    archive = tinyargos.build_package(tmp_path, from_code="de", to_code="fr", version="2.5")
    runner = CliRunner()
    result = runner.invoke(cli, ["models", "install", str(archive)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "installed de → fr  2.5" in result.output
    listing = runner.invoke(cli, ["models", "list"], catch_exceptions=False).output
    assert "de → en  0.1" in listing and "de → fr  2.5" in listing
    bad = tmp_path / "bad.argosmodel"
    bad.write_text("not a zip")
    result = runner.invoke(cli, ["models", "install", str(bad)])
    assert result.exit_code == 2 and "not a zip archive" in result.output


def test_download_fails_cleanly_without_network(argos_base):
    """The index points at a closed local port in the tests: a clear error, no hang."""
    result = CliRunner().invoke(cli, ["models", "install", "de", "ja"])
    assert result.exit_code == 2
    assert "cannot fetch the Argos package index" in result.output


def test_batched_path_matches_argostranslate_translate(argos_base):
    """Same output as Argos's own per-segment path (needs the full argostranslate install)."""
    if any(__import__("importlib").util.find_spec(m) is None for m in ("stanza", "minisbd")):
        pytest.skip("argostranslate.translate needs stanza and minisbd (full install)")
    from argostranslate import translate
    from argostranslate.sbd import ISentenceBoundaryDetectionModel

    class Whole(ISentenceBoundaryDetectionModel):  # our texts are sentences already
        def split_sentences(self, text):
            return [text]

    translation = translate.get_translation_from_codes("de", "en")
    translation.underlying.sentencizer = Whole()
    texts = tinyargos.CORPUS[:20]
    assert get_engine("argos").translate_batch(texts, "de", "en") == [
        translation.translate(t) for t in texts]


def test_argos_routes_are_decided_once_per_language_pair(monkeypatch):
    from types import SimpleNamespace

    from kilocale.engines import argos

    scans = []
    pkgs = [SimpleNamespace(from_code="de", to_code="en", package_version="1"),
            SimpleNamespace(from_code="en", to_code="fr", package_version="1")]

    def installed():
        scans.append(1)
        return list(pkgs)

    monkeypatch.setattr(argos, "installed_packages", installed)
    engine = argos.ArgosEngine()
    for _ in range(3):
        assert [p.to_code for p in engine.route("de", "en")] == ["en"]
    assert len(scans) == 1
    assert [p.to_code for p in engine.route("de", "fr_CA")] == ["en", "fr"]
    assert [p.to_code for p in engine.route("de", "fr")] == ["en", "fr"]  # same Argos pair
    assert len(scans) == 2
    with pytest.raises(EngineError, match="no Argos Translate package for de → es"):
        engine.route("de", "es")
    pkgs.append(SimpleNamespace(from_code="en", to_code="es", package_version="1"))
    assert [p.to_code for p in engine.route("de", "es")] == ["en", "es"]  # not remembered

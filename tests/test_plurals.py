"""Plural-Forms of new catalogs are gettext's conventional ones, compared with msginit."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kilocale.core.plurals import GETTEXT_PLURAL_FORMS, plural_forms


def test_french_and_brazilian_portuguese_have_two_forms() -> None:
    assert plural_forms("fr") == plural_forms("fr_CA") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt_BR") == plural_forms("pt-br") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt") == plural_forms("pt_PT") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("zh_CN") == "nplurals=1; plural=0;"


def test_a_language_outside_gettexts_table_gets_cldr() -> None:
    assert "ar" not in GETTEXT_PLURAL_FORMS
    assert plural_forms("ar").startswith("nplurals=6;")


def msginit_plural_forms(language: str, tmp_path: Path) -> str | None:
    pot = tmp_path / "t.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   'msgid "a"\nmsgstr ""\n', encoding="utf-8")
    out = tmp_path / f"{language}.po"
    subprocess.run(["msginit", "--no-translator", "-l", language, "-i", str(pot), "-o", str(out)],
                   check=True, capture_output=True)
    # read with gettext itself, unwrapped, so the expectation owes nothing to kilocale's reader
    text = subprocess.run(["msgcat", "--no-wrap", str(out)], check=True, capture_output=True,
                          text=True).stdout
    found = re.search(r'^"Plural-Forms: (.*)\\n"$', text, re.M)
    return found.group(1) if found else None


@pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("language", sorted(GETTEXT_PLURAL_FORMS))
def test_the_table_is_what_msginit_writes(language: str, tmp_path: Path) -> None:
    expected = msginit_plural_forms(language, tmp_path)
    if expected is None:  # msginit 0.21 writes no Plural-Forms for zh; CLDR and we say one form
        assert GETTEXT_PLURAL_FORMS[language] == "nplurals=1; plural=0;"
        return
    assert plural_forms(language) == expected

"""glossary.yaml loading: the shipped file loads; every error names glossary.yaml:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from kilocale.errors import GlossaryError
from kilocale.io.glossary_file import load_glossary, parse_glossary

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["en", "fr"]


def test_shipped_glossary_loads() -> None:
    g = load_glossary(ROOT / "glossary.yaml", ["en", "fr", "es", "zh_CN"], "glossary.yaml")
    assert g.path == "glossary.yaml"
    assert len(g.terms) >= 40
    deepseek = g.find("DeepSeek")
    assert deepseek is not None and deepseek.dnt and deepseek.case_sensitive
    assert deepseek.forbidden["*"][:2] == ("Deepseek", "Deep Seek")
    ki = g.find("KI")
    assert ki is not None and not ki.case_sensitive
    assert ki.translations["zh_CN"][0] == "人工智能"
    assert ki.forbidden["fr"] == ("AI",)
    assert ki.line > 1


def test_minimal_file() -> None:
    g = parse_glossary("version: 1\nterms:\n  - term: KI\n    translations:\n      en: AI\n"
                       "      fr: [IA, intelligence artificielle]\n    note: x\n", LANGS)
    [ki] = g.terms
    assert ki.translations == {"en": ("AI",), "fr": ("IA", "intelligence artificielle")}
    assert ki.line == 3 and ki.note == "x" and not ki.dnt and not ki.case_sensitive


def test_empty_terms_list() -> None:
    assert parse_glossary("version: 1\nterms:\n", LANGS).terms == ()


BAD = [
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    colour: red\n", 5, "unknown key 'colour'"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n  - term: A\n    dnt: true\n", 5,
     "duplicate term 'A'"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n  - term: B\n    dnt: true\n    forms: [A]\n",
     5, "duplicate term 'A'"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    dnt: false\n", 5, "duplicate key 'dnt'"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    translations:\n      en: B\n", 5,
     "both 'dnt: true' and 'translations'"),
    ("version: 1\nterms:\n  - term: A\n    note: nothing\n", 3, "needs 'dnt: true' or 'translations'"),
    ("version: 1\nterms:\n  - dnt: true\n", 3, "needs a 'term' key"),
    ("version: 1\nterms: [\n", 3, "invalid YAML"),
    ("version: 1\nterms:\n  - term: A\n   dnt: true\n", 4, "invalid YAML"),
    ("version: 2\nterms: []\n", 1, "unsupported glossary version"),
    ("version: 1\nterm: []\n", 2, "unknown key 'term'"),
    ("version: 1\nterms:\n  - term: A\n    dnt: yes please\n", 4, "true or false"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    forms: [B, B]\n", 5, "duplicate form"),
    ("version: 1\nterms:\n  - term: A\n    translations:\n      en: [B, B]\n      fr: C\n", 5,
     "duplicate en translation"),
    ("version: 1\nterms:\n  - term: A\n    translations:\n      en: []\n      fr: C\n", 5,
     "empty list"),
    ("version: 1\nterms:\n  - term: ''\n    dnt: true\n", 3, "must not be empty"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    case_sensitive: maybe\n", 5,
     "true or false"),
    ("version: 1\nterms: {a: 1}\n", 2, "'terms' must be a list"),
    ("- just a list\n", 1, "must be a mapping"),
    ("", 1, "empty"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    forms: {a: b}\n", 5, "single value"),
    ("version: 1\nterms:\n  - term: A\n    dnt: true\n    forbidden: {en: [a], fr: [[b]]}\n", 5,
     "single value"),
    # Tags SafeLoader builds no value for: a message, not a traceback.
    ("version: 1\nterms:\n  - term: !foo Modell\n    dnt: true\n", 3, "YAML tag '!foo'"),
    ("version: 1\nterms:\n  - term: A\n    dnt: !!python/object:os.system true\n", 4,
     "YAML tag 'tag:yaml.org,2002:python/object:os.system'"),
    ("version: 1\nterms: !foo\n", 2, "YAML tag '!foo'"),
]


@pytest.mark.parametrize("text,line,fragment", BAD)
def test_errors_name_file_and_line(text: str, line: int, fragment: str | None,
                                   tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, LANGS, "glossary.yaml")
    err = info.value
    assert err.path == "glossary.yaml"
    assert err.line == line, str(err)
    assert str(err).startswith(f"glossary.yaml:{line}: ")
    if fragment:
        assert fragment in str(err)
    assert err.exit_code == 2


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="not found"):
        load_glossary(tmp_path / "nope.yaml", LANGS)
    bad = tmp_path / "glossary.yaml"
    bad.write_bytes(b"version: 1\nterms:\n  - term: \xff\n")
    with pytest.raises(GlossaryError, match="UTF-8"):
        load_glossary(bad, LANGS)


def test_safe_loader_refuses_python_tags(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("version: 1\nterms:\n  - term: !!python/object/apply:os.system [echo hi]\n"
                    "    dnt: true\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, LANGS, "glossary.yaml")
    assert info.value.line == 3


def test_default_display_is_the_path(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("version: 1\nterms:\n  - term: A\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, LANGS)
    assert str(info.value).startswith(f"{path}:3: ")


# libyaml (CSafeLoader) reads glossary.yaml where PyYAML has it; the pure-Python SafeLoader
# is the reference: the same terms, lines and error messages either way.
TRICKY = [
    (ROOT / "glossary.yaml").read_text(encoding="utf-8"),
    "\ufeffversion: 1\nterms:\n  - term: \"Ant Group\"\n    translations: &t\n"
    "      en: 'Ant Group'\n      fr: [Ant Group, \"groupe Ant\"]\n"
    "  - term: Alibaba\n    translations: *t\n    note: |\n      two\n      lines\n",
    "version: 1\r\nterms:\r\n- term: KI\r\n  translations: {en: AI, fr: IA}\r\n"
    "  forbidden:\r\n    '*': [K.I.]\r\n  note: >-\r\n    folded\r\n    text\r\n",
    "version: 1\nterms:\n  - term: 深度求索\n    dnt: true\n    forms: [\"Qwen\\u00a02.5\"]\n"
    "    case_sensitive: false\n    note: 12\n",
]


def _with_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from kilocale.io import glossary_file

    monkeypatch.setattr(glossary_file, "_FastLoader", glossary_file._Loader)


def test_fast_parser_is_libyaml_when_pyyaml_has_it() -> None:
    import yaml

    from kilocale.io import glossary_file

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml: SafeLoader is the only parser")
    assert issubclass(glossary_file._FastLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("text", TRICKY, ids=["shipped", "aliases", "crlf", "unicode"])
def test_libyaml_and_pure_parser_read_the_same_glossary(text: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_glossary(text, ["en", "fr", "es", "zh_CN"])
    _with_pure_parser(monkeypatch)
    pure = parse_glossary(text, ["en", "fr", "es", "zh_CN"])
    assert fast == pure
    assert [t.line for t in fast.terms] == [t.line for t in pure.terms]


SYNTAX = [text for text, _line, fragment in BAD if fragment == "invalid YAML"] + [
    "version: 1\nterms:\n  - term: \"open\n",
    "version: 1\nterms:\n  - term: A\n\tdnt: true\n",
    "version: 1\nterms:\n  - term: *nowhere\n",
    "version: 1\nterms:\n  - term: A\x07\n    dnt: true\n",
]


@pytest.mark.parametrize("text", [text for text, _l, _f in BAD] + SYNTAX)
def test_libyaml_and_pure_parser_report_the_same_error(text: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(GlossaryError) as fast:
        parse_glossary(text, LANGS)
    _with_pure_parser(monkeypatch)
    with pytest.raises(GlossaryError) as pure:
        parse_glossary(text, LANGS)
    assert str(fast.value) == str(pure.value)
    assert fast.value.line == pure.value.line

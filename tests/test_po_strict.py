"""A translator's mistakes in a PO file: located errors in every command, nothing written.

Each broken file under tests/data/po/ is put in place of the English catalog of a copy of
the project; every command that reads catalogs must stop with ``path:line: message``,
exit 2 and leave every file byte-identical, and ``check`` must report a ``po-syntax``
finding at that line.  The cases are the ones issue 8 lists under "Why".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from conftest import DATA, snapshot
from kilocale.cli import cli
from kilocale.io.po import dumps, load_po

PO = DATA / "po"
EN = "locales/en/LC_MESSAGES/article.po"

# file → (line, start of the message)
BROKEN = {
    "unterminated.po": (13, 'end-of-line within string: the closing " is missing'),
    "truncated.po": (17, "end-of-file within string"),
    "duplicate.po": (17, "duplicate message definition (first defined at line 11)"),
    "duplicate_obsolete.po": (14, "duplicate message definition (first defined at line 11)"),
    "duplicate_msgctxt.po": (19, "duplicate message definition (first defined at line 12)"),
    "plural_without_msgid_plural.po": (11, "missing 'msgid_plural' section"),
    "bad_escape.po": (12, 'invalid control sequence "\\q"'),
    "trailing_escaped_quote.po": (12, 'end-of-line within string: the final \\" is an escaped'),
    "missing_msgstr.po": (14, "missing 'msgstr' section"),
    "stray_text.po": (13, 'keyword "Yes" unknown'),
    "keyword_typo.po": (15, 'keyword "msgtsr" unknown'),
    "bom.po": (1, "the file starts with a byte order mark (BOM)"),
    "invalid_utf8.po": (12, "invalid multibyte sequence: not valid UTF-8"),
    "empty.po": (1, "empty PO file"),
}


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", sorted(BROKEN))
@pytest.mark.parametrize("command", [("update",), ("build",), ("stats",),
                                     ("pretranslate", "--engine", "pseudo")])
def test_broken_catalog_stops_every_command(project: Path, name: str,
                                            command: tuple[str, ...]) -> None:
    shutil.copyfile(PO / name, project / EN)
    before = snapshot(project)
    code, _, err = run(project, *command)
    line, message = BROKEN[name]
    assert code == 2
    assert err.startswith(f"kilocale: {EN}:{line}: {message}"), err
    assert "Traceback" not in err
    assert snapshot(project) == before


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_reports_broken_catalog_as_finding(project: Path, name: str) -> None:
    shutil.copyfile(PO / name, project / EN)
    before = snapshot(project)
    code, out, _ = run(project, "check", "--lang", "en")
    line, message = BROKEN[name]
    assert code == 1
    assert f"{EN}:{line}: [po-syntax] {message}" in out
    after = snapshot(project)
    after.pop(".kilocale/check.json")  # check records its findings there, and changes nothing else
    assert after == before


def test_escapes_read_as_gettext_reads_them() -> None:
    entry = load_po(PO / "escapes.po").entries[0]
    # msgunfmt of the compiled file prints "AA\a\b\f\v\t\r\\\"" for this msgstr.
    assert entry.msgstr == 'AA\a\b\f\v\t\r\\"'


def test_declared_charset_is_used_and_written_back_as_utf8() -> None:
    catalog = load_po(PO / "latin1.po")
    assert catalog.entries[0].msgid == "Käse"
    assert catalog.entries[0].msgstr == "Fromage à pâte molle"
    text = dumps(catalog)
    assert "charset=UTF-8" in text and 'msgid "Käse"' in text


def test_plural_msgctxt_previous_and_obsolete_fields_survive_load_save() -> None:
    text = (PO / "plural.po").read_text(encoding="utf-8")
    catalog = load_po(PO / "plural.po")
    plural, button, fuzzy, gone = catalog.entries
    assert (plural.msgid_plural, plural.forms) == ("%d Modelle", ["One model", "%d models"])
    assert (button.msgctxt, button.msgstr) == ("button", "Yes")
    assert (fuzzy.previous_msgctxt, fuzzy.previous_msgid, fuzzy.previous_msgid_plural) == (
        "old", "Alt", "Alte")
    assert gone.obsolete and gone.previous_msgid == "Ein altes Modell"
    assert gone.forms == ["A deleted model", "%d deleted models"]
    assert dumps(catalog) == text


def test_changed_plural_entry_is_rewritten_with_every_form() -> None:
    catalog = load_po(PO / "plural.po")
    catalog.entries[0].msgstr_plural[1] = "%d AI models"
    assert 'msgstr[0] "One model"\nmsgstr[1] "%d AI models"\n' in dumps(catalog)
    catalog.entries[0].msgstr = "A model"  # form 0 is msgstr, for code that knows no plurals
    assert 'msgstr[0] "A model"\nmsgstr[1] "%d AI models"\n' in dumps(catalog)


def test_plural_and_msgctxt_entries_survive_every_command(project: Path) -> None:
    """Entries kilocale never creates are kept by update (obsolete, as msgmerge does),
    pretranslate, build, stats and check, with all their forms."""
    po = project / EN
    extra = (PO / "plural.po").read_text(encoding="utf-8").split("\n\n", 1)[1]
    po.write_text(po.read_text(encoding="utf-8") + "\n" + extra.replace("#~ ", "")
                  .replace("#~| ", "#| ").replace("#| msgid \"Ein altes", "#| msgid \"Ein alt"),
                  encoding="utf-8")
    for command in (("update",), ("pretranslate", "--engine", "pseudo"), ("build",),
                    ("stats",), ("update",)):
        assert run(project, *command)[0] == 0, command
    entries = {e.key: e for e in load_po(po).entries}
    assert entries[None, "Ein Modell"].forms == ["One model", "%d models"]
    assert entries[None, "Ein Modell"].msgid_plural == "%d Modelle"
    assert entries["button", "Ja."].msgstr == "Yes"
    assert entries["new", "Neu"].forms == ["New", "News"]
    assert entries[None, "Ein gelöschtes Modell"].forms == ["A deleted model",
                                                           "%d deleted models"]
    before = snapshot(project)
    assert run(project, "update")[0] == 0
    assert snapshot(project) == before


def test_update_with_unchanged_template_changes_nothing(project: Path) -> None:
    before = snapshot(project)
    code, out, _ = run(project, "update")
    after = snapshot(project)
    after.pop(".kilocale/update.json")  # kilocale's own record of the work it did
    assert code == 0 and after == before


def test_edit_then_delete_leaves_an_update_that_changes_nothing(project: Path) -> None:
    """The issue's case: the obsolete entry's ``#~| msgid`` line must survive updates."""
    source = project / "source/de/article.md"
    original = "Das Tempo war schwindelerregend."
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(original, "Das Tempo war atemberaubend."), encoding="utf-8")
    assert run(project, "extract")[0] == 0 and run(project, "update")[0] == 0
    source.write_text(text.replace(original, ""), encoding="utf-8")
    assert run(project, "extract")[0] == 0 and run(project, "update")[0] == 0
    po = (project / EN).read_text(encoding="utf-8")
    assert f'#~| msgid "{original}"\n#~ msgid "Das Tempo war atemberaubend."' in po
    before = snapshot(project)
    assert run(project, "update")[0] == 0
    assert snapshot(project) == before


def test_fast_path_and_general_parser_agree_on_real_files() -> None:
    from kilocale.io.po_read import parse

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "locales").rglob("*.po*")) + [PO / "plural.po", PO / "escapes.po"]
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, general = parse(text, "x"), parse(text, "x", _force_general=True)
        assert fast == general, path
        assert [e.unchanged_source() for e in fast.entries] == \
            [e.unchanged_source() for e in general.entries], path



# Entries in the shapes the block reader takes in one match and in the ones it hands on
# (obsolete and previous fields, plurals, comments split off by blank lines, CRLF,
# escapes whose parts must be read apart), between blank-line runs, now and then with a
# mistake: the fast paths must read every such file exactly as the general parser does
# (values, lines, original text), or fail as it does.
_COMMENTS = ["#. note", "#: a.md:1 b.md:2", "#, fuzzy", "# who", "#", "#.x\r", "#, c-format, x"]
_STRINGS = ['"{}"', '""\n"{} \\"q\\""\n  "c"', '"\\1{}"\n"23"', '"{}\\n"\t\r',
            '""\n"{}"\n"z\\t"', '""\n"{}"\n""\n"w"', '"{}\\""\n"\\"x"']
_SEPARATORS = ["\n\n", "\n", "\n\n\n", "\n\n\n\n", "\r\n\r\n", "\n   \n"]
_MISTAKES = ["", "", "", "", 'junk\n', '"stray"\n', 'msgstr "again"\n', '#~ msgid "g"\n']


@st.composite
def _po_texts(draw: st.DrawFn) -> str:
    out = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n']
    for i in range(draw(st.integers(0, 6))):
        lines = draw(st.lists(st.sampled_from(_COMMENTS), max_size=3))
        if lines and draw(st.booleans()):  # comments a blank line away from their entry
            lines[-1] += "\n"
        kind = draw(st.sampled_from(["plain", "plain", "ctxt", "previous", "plural", "obsolete"]))
        msgid = draw(st.sampled_from(_STRINGS)).format(f"m{i}")
        msgstr = draw(st.sampled_from(_STRINGS)).format(f"t{i}")
        if kind == "previous":
            lines.append('#| msgid "old"')
        if kind == "ctxt":
            lines.append("msgctxt " + draw(st.sampled_from(_STRINGS)).format("c"))
        if kind == "plural":
            lines += [f"msgid {msgid}", 'msgid_plural "p"', f"msgstr[0] {msgstr}",
                      'msgstr[1] "s1"']
        elif kind == "obsolete":
            lines += [f'#~ msgid "o{i}"', '#~ msgstr "weg"']
        else:
            lines += [f"msgid {msgid}", f"msgstr {msgstr}"]
        out.append(draw(st.sampled_from(_SEPARATORS)) + draw(st.sampled_from(_MISTAKES))
                   + "\n".join(lines))
    return "".join(out) + draw(st.sampled_from(["", "\n", "\n\n", "\n\n\n", "\n \n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_po_texts())
def test_fast_paths_read_what_the_general_parser_reads(text: str) -> None:
    from kilocale.errors import CatalogError
    from kilocale.io.po_read import parse

    def read(**force: bool) -> object:
        try:
            catalog = parse(text, "x.po", **force)
        except CatalogError as exc:
            return ("error", exc.line, exc.message)
        return (catalog, [e.line for e in catalog.entries],
                [e.unchanged_source() for e in catalog.entries])

    assert read() == read(_force_general=True)

"""PO files: reading with located errors, writing in gettext's layout, atomic saves."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kilocale.errors import CatalogError
from kilocale.io.po import dumps, load_po, loads, save_po
from kilocale.io.po_read import block_prefixes, parse
from kilocale.model import Catalog, Entry

ROOT = Path(__file__).parent.parent

SAMPLE = '''# English translation of article.
msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. heading
#: source/de/article.md:1
msgid "Titel"
msgstr "Title"

# checked by Ann
#: source/de/article.md:3
#, fuzzy
#| msgid "Alter Satz."
msgid "Neuer Satz."
msgstr "Old sentence."

#~ msgid "Weg."
#~ msgstr "Gone."
'''


def test_read_entries_with_msgid_lines() -> None:
    cat = loads(SAMPLE, "x.po")
    assert [(e.msgid, e.line, e.obsolete) for e in cat.entries] == [
        ("Titel", 9, False), ("Neuer Satz.", 16, False), ("Weg.", 19, True)]
    fuzzy = cat.entries[1]
    assert fuzzy.fuzzy and fuzzy.previous_msgid == "Alter Satz."
    assert fuzzy.translator_comments == ["checked by Ann"]
    assert cat.entries[0].extracted_comments == ["heading"]
    assert cat.header["Language"] == "en"


def test_write_read_round_trip_is_exact() -> None:
    assert dumps(loads(SAMPLE)) == SAMPLE


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nfoo bar\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_po(bad)
    assert info.value.path == str(bad) and info.value.line == 6
    assert str(info.value).startswith(f"{bad}:6: ")


def test_undecodable_file_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.po"
    bad.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "K\xe4se"\nmsgstr ""\n')
    with pytest.raises(CatalogError) as info:
        load_po(bad)
    assert info.value.line == 4


def test_save_is_atomic_and_skips_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    cat = Catalog(header={"Language": "fr"}, entries=[Entry(msgid="Ja.", msgstr="Oui.")])
    assert save_po(cat, path) is True
    mtime = path.stat().st_mtime_ns
    assert save_po(cat, path) is False
    assert path.stat().st_mtime_ns == mtime
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
def test_a_catalog_read_for_merging_only_has_the_same_content(tmp_path: Path) -> None:
    """A template read without what saving needs reads to the same entries and header."""
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        full, light = load_po(path), load_po(path, writable=False)
        assert light == full and light.source_digest is None
        assert dumps(light, 76) == dumps(full, 76)


def test_a_catalog_read_against_its_template_reads_the_same(tmp_path: Path) -> None:
    """update reads each catalog against its template's lines (load_po's ``known``): every
    shipped catalog reads to the same entries, lines and original lines, and the entries
    own their lists (a change to one is not a change to the template's)."""
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        template = load_po(ROOT / "locales/templates" / (po.stem + ".pot"))
        known = block_prefixes(template)
        plain, against = load_po(po), load_po(po, known=known)
        assert against == plain and against.source_digest == plain.source_digest
        assert [(e.line, e.source_text()) for e in against.entries] \
            == [(e.line, e.source_text()) for e in plain.entries]
        assert dumps(against, 76) == po.read_text(encoding="utf-8")
    entry = against.entries[0]
    template_entry = next(t for t in template.entries if t.key == entry.key)
    entry.references.append("elsewhere.md:1")
    entry.flags.append("fuzzy")
    assert "elsewhere.md:1" not in template_entry.references and not template_entry.fuzzy



@pytest.mark.parametrize("change,line", [
    (lambda e: e.flags.append("fuzzy"), "#, fuzzy"),
    (lambda e: e.translator_comments.append("Bitte prüfen"), "# Bitte prüfen"),
    (lambda e: e.references.append("b.md:9"), "#: a.md:1 b.md:9"),
    (lambda e: e.extracted_comments.clear(), "msgid \"Ein Satz.\""),
])
def test_a_list_changed_in_place_is_written(change, line: str) -> None:
    """An entry is written back from its original lines only while nothing changed, a list
    changed in place (a flag appended by a script, say) included."""
    text = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#. Kontext\n#: a.md:1\nmsgid "Ein Satz."\nmsgstr "A sentence."\n')
    catalog = loads(text)
    assert dumps(catalog) == text
    change(catalog.entries[0])
    written = dumps(catalog)
    assert written != text and line in written.split("\n")
    assert dumps(loads(written)) == written

def test_previous_fields_are_kept_when_read_against_known_lines() -> None:
    """A singular entry whose previous fields (``#|``) include a msgid_plural, as msgmerge
    writes when a plural message became singular: read against the same lines, every
    field is there."""
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            '#, fuzzy\n#| msgctxt "alt"\n#| msgid "Eine Datei"\n#| msgid_plural "%d Dateien"\n'
            'msgid "Eine Datei"\nmsgstr "Un fichier"\n')
    plain = loads(text)
    against = parse(text.replace('"Un fichier"', '"Un seul fichier"'), "fr.po",
                    known=block_prefixes(plain))
    entry = against.entries[0]
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) \
        == ("alt", "Eine Datei", "%d Dateien")
    assert entry.msgstr == "Un seul fichier" and entry.fuzzy


def test_an_error_in_a_translation_read_against_the_template_is_located(tmp_path: Path) -> None:
    """A block that begins with its template entry's lines is still read strictly: a bad
    escape in its msgstr is an error at the entry's line, as without the template."""
    template_text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     '#: a.md:1\nmsgid "Eins"\nmsgstr ""\n\n#: a.md:2\nmsgid "Zwei"\nmsgstr ""\n')
    template = loads(template_text)
    bad = tmp_path / "fr.po"
    bad.write_text(template_text.replace('msgstr ""\n\n#: a.md:2', 'msgstr "Un"\n\n#: a.md:2')
                   .replace('"Zwei"\nmsgstr ""', '"Zwei"\nmsgstr "Deux \\q"'), encoding="utf-8")
    errors = []
    for known in (None, block_prefixes(template)):
        with pytest.raises(CatalogError) as info:
            load_po(bad, "fr.po", known=known)
        errors.append(str(info.value))
    assert errors[0] == errors[1]
    assert errors[0].startswith("fr.po:11: invalid control sequence")


def test_shipped_catalogs_pass_msgfmt_check() -> None:
    files = sorted((ROOT / "locales").rglob("*.po"))
    assert files
    for path in files:
        proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_shipped_catalogs_are_in_kilocale_layout() -> None:
    """A PO file edited elsewhere and committed unnormalised would make noisy diffs."""
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        text = path.read_text(encoding="utf-8")
        assert dumps(loads(text), 76) == text, path


@pytest.mark.parametrize("read_width,write_width", [(76, 76), (79, 76), (40, 76), (0, 76),
                                                    (76, 0), (76, 33)])
def test_unchanged_entries_are_reused_exactly_when_msgcat_would_write_them_so(
        read_width: int, write_width: int) -> None:
    """Saving keeps an entry's lines as read iff they are msgcat's layout for the width.

    Files laid out for one width are saved at another, some entries changed in one field
    (a new context comment, a new translation, a fuzzy flag): every entry must come out as
    a full re-wrap gives it (the reuse check never keeps a wrong layout, nor rewraps a
    right one needlessly, whole entries and single fields alike).
    """
    from kilocale.io.po import _wrapped_lines

    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "locales").rglob("*.po")) + sorted(
            (root / "tests" / "data" / "po").glob("plural.po")):
        laid_out = loads(dumps(load_po(path), read_width))
        for i, e in enumerate(laid_out.entries):
            if i % 3 == 0:
                e.extracted_comments = ["context: changed"]
            elif i % 3 == 1 and e.msgstr and e.msgid_plural is None:
                e.msgstr = e.msgstr + " (revised, with a few more words to wrap differently)"
            elif i % 5 == 2:
                e.flags = [*e.flags, "fuzzy"]
        saved = dumps(laid_out, write_width)
        rewrapped = loads(saved)
        for before, after in zip(laid_out.entries, rewrapped.entries, strict=True):
            full = "\n".join(_wrapped_lines(before, write_width))
            assert full in saved, before.msgid
        assert dumps(loads(saved), write_width) == saved

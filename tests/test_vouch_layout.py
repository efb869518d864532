"""``update`` judges a kept entry's layout from the template extract wrote (vouch_layout):
the catalog it writes must be byte for byte what the full check of every line writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilocale.core.merge import merge
from kilocale.io.po import dumps, loads, vouch_layout, vouch_written
from kilocale.io.po_read import block_prefixes
from kilocale.io.wrap import po_lines

WORDS = ["Wettlauf", "KI-Führerschaft", "um", "die", "(2024)", "Tech-Ökosystem,", "“Modell”",
         "sehr", "lange", "Nvidia.", "ein", "x", "Spitzen-Künstliche", "–", "und/oder", "3,5"]
HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n')

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)


@st.composite
def template_and_catalog(draw: st.DrawFn) -> tuple[str, str]:
    """A template in kilocale's layout and a catalog of the same msgids, each entry's
    lines either the template's or changed (a flag, a translator comment, another
    comment) and its msgstr laid out for width 76, 60, 79 or on one line."""
    msgids = draw(st.lists(sentence, min_size=1, max_size=8, unique=True))
    template_entries = []
    for i, msgid in enumerate(msgids):
        flags = draw(st.sampled_from([[], ["no-wrap"], ["c-format"]]))
        template_entries.append((msgid, flags, draw(sentence)))
    tpl_text = HEADER + "".join(
        f"\n#. context: {context}\n#: source/de/a.md:{i + 1}\n"
        + (f"#, {', '.join(flags)}\n" if flags else "")
        + "\n".join(po_lines("msgid", msgid, 0 if "no-wrap" in flags else 76)) + '\nmsgstr ""\n'
        for i, (msgid, flags, context) in enumerate(template_entries))
    template = dumps(loads(tpl_text), 76)  # kilocale's own layout, as extract writes it
    blocks = []
    for i, (msgid, flags, context) in enumerate(template_entries):
        change = draw(st.sampled_from(["none", "none", "fuzzy", "comment", "context"]))
        lines = []
        if change == "comment":
            lines.append("# translator's note")
        lines.append(f"#. context: {context + ' ' if change == 'context' else context}")
        lines.append(f"#: source/de/a.md:{i + 1}")
        all_flags = flags + (["fuzzy"] if change == "fuzzy" else [])
        if all_flags:
            lines.append(f"#, {', '.join(all_flags)}")
        msgid_width = 0 if "no-wrap" in flags else 76
        lines += po_lines("msgid", msgid, msgid_width)
        width = draw(st.sampled_from([76, 76, 60, 79, 0]))
        lines += po_lines("msgstr", draw(sentence), width)
        blocks.append("\n".join(lines) + "\n")
    return template, HEADER + "".join("\n" + b for b in blocks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template_and_catalog())
def test_vouched_layout_writes_what_the_full_check_writes(case: tuple[str, str]) -> None:
    template_text, catalog_text = case
    reference, _ = merge(loads(template_text), loads(catalog_text), language="fr",
                         plural_forms="nplurals=2; plural=(n > 1);")
    template = loads(template_text)
    vouched, _ = merge(template, loads(catalog_text), language="fr",
                       plural_forms="nplurals=2; plural=(n > 1);")
    vouch_layout(vouched, block_prefixes(template), 76)
    assert dumps(vouched, 76) == dumps(reference, 76)


def test_only_the_msgstr_of_a_matching_entry_is_judged() -> None:
    long = "Der komplexe Tanz um die globale Technologieführerschaft, lange dominiert " \
           "von den Titanen des Silicon Valley, erlebt eine dramatische Rhythmusänderung."
    template_text = dumps(loads(HEADER + "\n#: a.md:1\n" + "\n".join(po_lines("msgid", long, 76))
                                + '\nmsgstr ""\n'), 76)
    translation = "[fr] " + long
    catalog_text = HEADER + "\n#: a.md:1\n" + "\n".join(po_lines("msgid", long, 76)) + "\n"
    for width, canonical in ((76, True), (60, False)):
        template = loads(template_text)
        catalog, _ = merge(template, loads(catalog_text + "\n".join(
            po_lines("msgstr", translation, width)) + "\n"), language="fr",
            plural_forms="nplurals=2; plural=(n > 1);")
        vouch_layout(catalog, block_prefixes(template), 76)
        assert catalog.entries[0]._canonical == (76, canonical)
        assert dumps(catalog, 76).endswith("\n".join(po_lines("msgstr", translation, 76)) + "\n")
    template = loads(template_text)  # another flag: the template's lines are not its lines
    catalog, _ = merge(template, loads(catalog_text.replace("#: a.md:1\n", "#: a.md:1\n#, fuzzy\n")
                                       + "\n".join(po_lines("msgstr", translation, 76)) + "\n"),
                       language="fr", plural_forms="nplurals=2; plural=(n > 1);")
    vouch_layout(catalog, block_prefixes(template), 76)
    assert catalog.entries[0]._canonical is None


def _kilocale(project: Path, *args: str) -> None:
    # One date for every run: the twins' files are compared byte for byte, header included.
    subprocess.run([sys.executable, "-m", "kilocale", "-C", str(project), *args], check=True,
                   capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})


def test_update_with_extracts_templates_equals_a_full_run(project: Path, tmp_path: Path) -> None:
    """Catalogs laid out by another editor (msgstr wrapped at 60 columns, or not at all):
    update after extract (templates vouched for) writes what update --no-cache writes."""
    po = project / "locales/fr/LC_MESSAGES/article.po"
    catalog = loads(po.read_text(encoding="utf-8"))
    text = po.read_text(encoding="utf-8")
    # Re-lay out some translations as another tool would.
    blocks = text.split("\n\n")
    for i in range(1, len(blocks), 3):
        entry = loads(HEADER + "\n" + blocks[i] + "\n").entries
        if entry and entry[0].msgid_plural is None and not entry[0].obsolete and entry[0].msgstr:
            head, _, _ = blocks[i].partition("\nmsgstr ")
            blocks[i] = head + "\n" + "\n".join(po_lines("msgstr", entry[0].msgstr,
                                                         (60, 0)[i % 2]))
    po.write_text("\n\n".join(blocks), encoding="utf-8")
    assert [(e.msgid, e.msgstr, e.flags) for e in loads(po.read_text(encoding="utf-8")).entries] \
        == [(e.msgid, e.msgstr, e.flags) for e in catalog.entries]  # the same, laid out anew
    other = tmp_path / "copy"
    shutil.copytree(project, other)
    # A changed word, so that update merges: one entry fuzzy, the others kept (and no
    # empty entry, which would send the catalog to the translation memory instead).
    for root in (project, other):
        source = root / "source/de/article.md"
        text = source.read_text(encoding="utf-8")
        assert "Wettlauf" in text
        source.write_text(text.replace("Wettlauf", "Weltraum", 1), encoding="utf-8")
    _kilocale(project, "extract")
    _kilocale(project, "update")
    _kilocale(other, "--no-cache", "extract")
    _kilocale(other, "--no-cache", "update")
    for lang in ("en", "fr", "es", "zh_CN"):
        rel = f"locales/{lang}/LC_MESSAGES/article.po"
        assert (project / rel).read_bytes() == (other / rel).read_bytes(), rel
    assert po.read_text(encoding="utf-8") != "\n\n".join(blocks)  # it was laid out again


# A catalog update wrote itself (its hash as the cache recorded it): vouch_written.
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_a_file_kilocale_wrote_is_its_own_layout(data: st.DataObject) -> None:
    from test_po_roundtrip import catalogs

    width = data.draw(st.sampled_from([76, 79, 0]))
    written = dumps(loads(data.draw(catalogs())), width)  # any catalog, as kilocale writes it
    vouched = loads(written)
    vouch_written(vouched, width)
    assert dumps(vouched, width) == written
    # Merged with a template that keeps some of its msgids: as the full check writes it.
    active = [e for e in loads(written).entries if not e.obsolete]
    keep = data.draw(st.lists(st.booleans(), min_size=len(active), max_size=len(active)))
    template_text = HEADER + "".join(
        "\n" + "\n".join([*(f"#: {r}" for r in e.references[:1]),
                          *po_lines("msgid", e.msgid, 76), 'msgstr ""']) + "\n"
        for e, k in zip(active, keep) if k and e.msgid_plural is None and e.msgctxt is None)
    for_merge = loads(written)
    vouch_written(for_merge, width)
    args = {"language": "fr", "plural_forms": "nplurals=2; plural=(n > 1);"}
    assert dumps(merge(loads(template_text), for_merge, **args)[0], width) == \
        dumps(merge(loads(template_text), loads(written), **args)[0], width)


def test_update_trusts_only_the_catalog_it_wrote(project: Path, tmp_path: Path) -> None:
    """Two updates in a row (the second trusts the catalogs the first wrote), and a
    translator's re-laid-out save in between for one language: as update --no-cache."""
    other = tmp_path / "copy"
    shutil.copytree(project, other)
    for root, cache in ((project, ()), (other, ("--no-cache",))):
        _kilocale(root, *cache, "update")
    for step, word in enumerate(("Wettlauf", "Titanen")):
        for root, cache in ((project, ()), (other, ("--no-cache",))):
            source = root / "source/de/article.md"
            text = source.read_text(encoding="utf-8")
            source.write_text(text.replace(word, "Weltraum", 1), encoding="utf-8")
            if step == 1:  # a translator's editor saved fr with its msgstrs on one line
                po = root / "locales/fr/LC_MESSAGES/article.po"
                blocks = po.read_text(encoding="utf-8").split("\n\n")
                for i, block in enumerate(blocks[1:], 1):
                    entry = loads(HEADER + "\n" + block + "\n").entries[0]
                    head, sep, _ = block.partition("\nmsgstr ")
                    if sep and entry.msgid_plural is None and not entry.obsolete:
                        blocks[i] = head + "\n" + "\n".join(po_lines("msgstr", entry.msgstr, 0))
                po.write_text("\n\n".join(blocks), encoding="utf-8")
            _kilocale(root, *cache, "extract")
            _kilocale(root, *cache, "update")
        for lang in ("en", "fr", "es", "zh_CN"):
            rel = f"locales/{lang}/LC_MESSAGES/article.po"
            assert (project / rel).read_bytes() == (other / rel).read_bytes(), (step, rel)


def test_the_cache_hash_of_a_read_file_is_its_recorded_hash() -> None:
    """update compares the hash a catalog was read with to the cache's record of it."""
    from kilocale.incremental import digest_bytes, recorded_as
    from kilocale.io.fs import digest

    for data in (b"", b'msgid ""\nmsgstr ""\n', "ä".encode() * 1000):
        assert recorded_as(digest(data)) == digest_bytes(data)
    assert recorded_as(None) is None

"""Lossless load → save: any PO file in msgcat's canonical layout is reproduced byte for byte.

Hypothesis generates catalogs with every kind of field (msgctxt, plurals, previous
msgctxt/msgid/msgid_plural, the five comment kinds, flags including ``no-wrap``, obsolete
entries, escapes, long lines, CJK text); real ``msgcat --width=76`` puts them in canonical
layout; kilocale must read that and write exactly the same bytes.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilocale.io.po import dumps, loads
from kilocale.io.wrap import escape

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None,
                                reason="GNU gettext (msgcat) not installed")

HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"Language: en\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')
WORDS = ["Satz", "KI-Modell", "Wettlauf", "„Zitat“", 'say "hi"', "a\\b", "tab\there",
         "Zeile\n", "DeepSeek", "人工智能", "模型的", "—", "(Klammer)", "20 %", "x" * 30, ""]
text = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)
comment = st.lists(st.sampled_from(["note", "check this", "Ann:", "ok", "x" * 90]),
                   min_size=1, max_size=3).map(" ".join)


@st.composite
def entry(draw: st.DrawFn, key: str) -> str:
    obsolete = draw(st.booleans()) and draw(st.booleans())
    pre = "#~ " if obsolete else ""
    lines = [f"# {c}" for c in draw(st.lists(comment, max_size=2))]
    lines += [f"#. {c}" for c in draw(st.lists(comment, max_size=2))]
    refs = draw(st.lists(st.sampled_from(["source/de/article.md:3", "a.md:12", "b/c.md:100"]),
                         max_size=6, unique=True))
    if refs:
        lines.append("#: " + " ".join(refs))
    flags = draw(st.lists(st.sampled_from(["fuzzy", "no-wrap", "python-brace-format"]),
                          max_size=2, unique=True))
    if flags:
        lines.append("#, " + ", ".join(flags))
    prev = "#~| " if obsolete else "#| "
    if draw(st.booleans()):
        if draw(st.booleans()):
            lines.append(f'{prev}msgctxt "{escape(draw(text))}"')
        lines.append(f'{prev}msgid "{escape(draw(text))}"')
    if draw(st.booleans()):
        lines.append(f'{pre}msgctxt "{escape(draw(text))}"')
    lines.append(f'{pre}msgid "{escape(key)}"')

    def like_msgid(value: str) -> str:
        """msgfmt wants a translation to end with a newline exactly when the msgid does."""
        value = value.rstrip("\n")
        return value + "\n" if value and key.endswith("\n") else value

    if draw(st.booleans()):
        lines.append(f'{pre}msgid_plural "{escape(like_msgid(draw(text) or "x"))}"')
        forms = [like_msgid(draw(text)) for _ in range(2)]
        if key.endswith("\n") and forms[0]:  # a translated entry: every form ends like msgid
            forms = [form or "x\n" for form in forms]
        lines += [f'{pre}msgstr[{i}] "{escape(form)}"' for i, form in enumerate(forms)]
    else:
        lines.append(f'{pre}msgstr "{escape(like_msgid(draw(text)))}"')
    return "\n".join(lines)


@st.composite
def catalogs(draw: st.DrawFn) -> str:
    keys = draw(st.lists(text.filter(bool), min_size=1, max_size=8, unique=True))
    return HEADER + "".join("\n" + draw(entry(k)) + "\n" for k in keys)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(catalogs())
def test_load_save_of_msgcat_output_is_byte_identical(po: str) -> None:
    proc = subprocess.run(["msgcat", "--width=76", "-"], input=po.encode("utf-8"),
                          capture_output=True)
    assert proc.returncode == 0, proc.stderr
    canonical = proc.stdout.decode("utf-8")
    assert dumps(loads(canonical), 76) == canonical


def test_changed_entry_is_rewrapped_and_others_kept() -> None:
    po = HEADER + '\n#, no-wrap\nmsgid "' + "lang " * 30 + '"\nmsgstr ""\n\nmsgid "b"\nmsgstr "c"\n'
    canonical = subprocess.run(["msgcat", "--width=76", "-"], input=po.encode(),
                               capture_output=True).stdout.decode()
    catalog = loads(canonical)
    catalog.entries[1].msgstr = "Wort " * 20
    out = dumps(catalog, 76)
    assert out.split("\n\n")[1] == canonical.split("\n\n")[1]  # no-wrap entry: one line
    assert 'msgstr ""\n"Wort Wort' in out

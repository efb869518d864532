"""`-j N` and the incremental cache give the files and reports of a serial full run.

The project here has nine documents (the article under other names, some sentences
edited), so the pool really starts (kilocale.parallel runs fewer than eight documents
in-process) and one changed document is a small part of the work.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale import pipeline
from kilocale.cli import cli
from kilocale.io.po import load_po, save_po
from kilocale.parallel import map_documents

DOCS = [f"part{i:02d}" for i in range(8)]
LANGS = ("fr", "zh_CN")  # two scripts (sentence joiners) keep the test quick
SEQUENCE = (["extract"], ["update"], ["build"], ["check"], ["stats"])


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # New templates are dated (the clock is read in the main process).
    monkeypatch.setattr(pipeline, "po_date", lambda moment: "2026-01-02 03:04+0000")


@pytest.fixture
def many(project: Path) -> Path:
    """The shipped project plus eight documents (article copies, every third one edited)
    in two languages."""
    src = project / "source" / "de"
    article = (src / "article.md").read_text(encoding="utf-8")
    for i, doc in enumerate(DOCS):
        text = article if i % 3 else article.replace("DeepSeek", "DeepSeek-Team", 2)
        target = src / ("more" if i >= 5 else "") / f"{doc}.md"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        name = f"more/{doc}" if i >= 5 else doc
        for lang in LANGS:
            po = project / "locales" / lang / "LC_MESSAGES"
            (po / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(po / "article.po", po / f"{name}.po")
    cfg = project / "pyproject.toml"
    text = cfg.read_text(encoding="utf-8")
    assert 'languages = ["en", "fr", "es", "zh_CN"]' in text
    cfg.write_text(text.replace('languages = ["en", "fr", "es", "zh_CN"]',
                                'languages = ["fr", "zh_CN"]'), encoding="utf-8")
    return project


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(root).items() if not k.startswith(".kilocale/")}


def twin(project: Path, tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.copytree(project, copy)
    return copy


def test_map_documents_keeps_order_and_runs_serially_for_one_job() -> None:
    items = list(range(40))
    assert map_documents(abs, [-i for i in items], jobs=2) == items
    assert map_documents(abs, [-i for i in items], jobs=1) == items


def _fail_on_odd_multiples_of_seven(n: int) -> int:
    if n % 7 == 0 and n % 2:
        raise ValueError(f"item {n}")
    return n


def test_map_documents_raises_the_first_failing_item_in_order() -> None:
    with pytest.raises(ValueError, match="^item 7$"):
        map_documents(_fail_on_odd_multiples_of_seven, range(1, 60), jobs=2)


def test_parallel_run_equals_serial_run(many: Path, tmp_path: Path) -> None:
    other = twin(many, tmp_path, "other")
    for args in SEQUENCE:
        serial = run(many, "-j", "1", "--no-cache", *args)
        parallel = run(other, "-j", "2", "--no-cache", *args)
        assert parallel == serial, args
    assert serial[0] in (0, 1)
    assert files(other) == files(many)
    assert (many / "build" / "fr" / "more" / "part07.html").is_file()


def test_a_worker_error_is_reported_as_in_a_serial_run(many: Path, tmp_path: Path) -> None:
    run(many, "--no-cache", "extract")
    for doc in ("part04", "more/part06"):
        path = many / "locales" / "fr" / "LC_MESSAGES" / f"{doc}.po"
        path.write_text(path.read_text(encoding="utf-8") + "\nmsgid \"x\"\nbroken\n",
                        encoding="utf-8")
    other = twin(many, tmp_path, "other")
    before = files(many)
    serial = run(many, "-j", "1", "update")
    parallel = run(other, "-j", "2", "update")
    assert serial[0] == 2 and parallel == serial
    # Documents go in sorted order ("more/…" first): the first broken one is reported.
    assert serial[2].startswith("kilocale: locales/fr/LC_MESSAGES/more/part06.po:")
    assert files(many) == before and files(other) == before



def test_an_extract_error_after_a_changed_template_writes_nothing(many: Path,
                                                                  tmp_path: Path) -> None:
    """Extract hands each template to the writer as its worker finishes: a source that
    fails later in document order still leaves every template, the changed one too, as
    it was (serially and on two processes alike)."""
    run(many, "--no-cache", "extract")
    edit_one(many)  # more/part07: its template would change, and it comes first
    (many / "source" / "de" / "part04.md").write_bytes(b"Kaputt: \xff\n")
    other = twin(many, tmp_path, "other")
    before = files(many)
    serial = run(many, "--no-cache", "-j", "1", "extract")
    parallel = run(other, "--no-cache", "-j", "2", "extract")
    assert serial[0] == 2 and parallel == serial
    assert serial[2] == "kilocale: source/de/part04.md:1: not valid UTF-8 (byte 8)\n"
    assert files(many) == before and files(other) == before

def edit_one(project: Path) -> None:
    path = project / "source" / "de" / "more" / "part07.md"
    text = path.read_text(encoding="utf-8")
    assert "Wettlauf" in text
    path.write_text(text.replace("Wettlauf", "Wettrennen", 1), encoding="utf-8")


def test_incremental_runs_equal_full_runs(many: Path, tmp_path: Path) -> None:
    full = twin(many, tmp_path, "full")
    steps = (["extract"], ["update"], ["build"])
    for args in steps:  # both start from a complete run; only `many` keeps a cache
        run(many, *args)
        run(full, "--no-cache", *args)
    assert {p.name for p in (many / ".kilocale").iterdir()} == {
        "extract.json", "update.json", "build.json", "stats.json"}
    for change in (edit_one, lambda p: None):
        change(many)
        change(full)
        for args in steps:
            assert run(many, *args) == run(full, "--no-cache", *args), args
        assert files(many) == files(full)
    # Only the edited document was redone: one template and its catalogs changed.
    out = run(many, "extract")[1]
    assert out.count("(unchanged)") == len(DOCS) + 1


def test_translator_edit_output_loss_and_config_change_are_seen(many: Path,
                                                                 tmp_path: Path) -> None:
    full = twin(many, tmp_path, "full")
    for args in (["extract"], ["update"], ["build"]):
        run(many, *args)
        run(full, "--no-cache", *args)

    def translator_edit(p: Path) -> None:
        po = p / "locales" / "fr" / "LC_MESSAGES" / "part03.po"
        catalog = load_po(po)
        entry = next(e for e in catalog.entries if e.msgstr and not e.obsolete)
        entry.msgstr = ""  # the translator withdrew a translation: build falls back
        save_po(catalog, po)

    def lose_output(p: Path) -> None:
        (p / "build" / "fr" / "part01.md").unlink()
        (p / "build" / "zh_CN" / "more" / "part06.html").write_bytes(b"stale")

    def rewrap(p: Path) -> None:
        cfg = p / "pyproject.toml"
        cfg.write_text(cfg.read_text(encoding="utf-8").replace(
            "wrap = 76\n", "wrap = 60\n", 1), encoding="utf-8")

    def corrupt(p: Path) -> None:
        for name in ("extract", "update", "build"):
            (p / ".kilocale" / f"{name}.json").write_text("{not json", encoding="utf-8")
        edit_one(p)

    for change in (translator_edit, lose_output, rewrap, corrupt):
        change(many)
        if change is not corrupt:
            change(full)
        else:
            edit_one(full)
        for args in (["extract"], ["update"], ["build"]):
            assert run(many, *args) == run(full, "--no-cache", *args), (change, args)
        assert files(many) == files(full), change


def test_one_edited_document_is_the_only_one_redone(many: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for args in (["extract"], ["update"], ["build"]):
        run(many, *args)
    edit_one(many)
    seen: list[tuple[str, str]] = []
    for name in ("_template_for", "_merge_doc", "_build_doc", "_summarize"):
        real = getattr(pipeline, name)

        def spy(*args, real=real, name=name):  # noqa: ANN001, ANN002
            item = args[-1]  # the document's work item comes last
            doc = item if isinstance(item, str) else getattr(item, "doc", None) or (
                item[0] if name == "_merge_doc" else item[1])
            seen.append((name, doc))
            return real(*args)

        monkeypatch.setattr(pipeline, name, spy)
    for args in (["extract"], ["update"], ["build"]):
        assert run(many, "-j", "1", *args)[0] == 0
    # build trusts extract's cache for every template (stale_templates), so only extract
    # segments the edited document; merging, rendering and catalog reading are for that
    # one only.
    assert sorted(seen) == [("_build_doc", "more/part07"), ("_merge_doc", "more/part07"),
                            ("_summarize", "more/part07"), ("_summarize", "more/part07"),
                            ("_template_for", "more/part07")]


def test_the_index_renders_only_the_edited_documents_rows(many: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The other documents' sections come from the index the last build wrote; an index
    edited since is not trusted: either way the index is the one a full build writes."""
    from kilocale.formats import html

    full = twin(many, tmp_path, "full")
    for args in (["extract"], ["update"], ["build"]):
        run(many, *args)
        run(full, "--no-cache", *args)
    rows: list[str] = []
    real = html._index_row

    def spy(parent, ed, **kwargs):  # noqa: ANN001, ANN003, ANN202
        rows.append(ed.href)
        return real(parent, ed, **kwargs)

    monkeypatch.setattr(html, "_index_row", spy)
    for change in (edit_one, lambda p: None):
        change(many)
        change(full)
        for args in (["extract"], ["update"]):
            run(many, *args)
            run(full, "--no-cache", *args)
        rows.clear()
        incremental = run(many, "build")
        # the edited document's title changed: its three editions, and none the second time
        assert rows == (["de/more/part07.html", "fr/more/part07.html", "zh_CN/more/part07.html"]
                        if change is edit_one else [])
        assert incremental == run(full, "--no-cache", "build")
        assert files(many) == files(full)
    index = many / "build" / "index.html"
    page = index.read_bytes()
    assert b">part02<" in page or b"part02.html" in page
    index.write_bytes(page.replace(b"part02.html", b"part2.html"))  # a hand edit
    rows.clear()
    incremental = run(many, "build")
    assert len(rows) == 3 * (len(DOCS) + 1)  # every row rendered again
    assert incremental[0] == 0 and "build/index.html\n" in incremental[1]  # rewritten
    run(full, "--no-cache", "build")
    assert files(many) == files(full)


def test_a_catalog_left_open_is_filled_when_another_catalog_gains_the_sentence(
        many: Path, tmp_path: Path) -> None:
    """The translation memory is made of the language's catalogs: a catalog whose own
    files did not change is merged again when another catalog gains a translation it can
    reuse, and the incremental run still equals the full one."""
    new = "Ein völlig neuer Satz steht hier."
    full = twin(many, tmp_path, "full")

    def add_sentence(p: Path, doc: str) -> None:
        path = p / "source" / "de" / f"{doc}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{new}\n", encoding="utf-8")

    def translate(p: Path, doc: str) -> None:
        po = p / "locales" / "fr" / "LC_MESSAGES" / f"{doc}.po"
        catalog = load_po(po)
        [entry] = [e for e in catalog.entries if e.msgid == new]
        entry.msgstr, entry.flags = "Une toute nouvelle phrase se trouve ici.", []
        save_po(catalog, po)

    steps = (["extract"], ["update"])
    for change in (lambda p: add_sentence(p, "part03"), lambda p: add_sentence(p, "part04"),
                   lambda p: translate(p, "part04"), lambda p: None):
        for p in (many, full):
            change(p)
        for args in steps:
            assert run(many, *args) == run(full, "--no-cache", *args), args
        assert files(many) == files(full)
    filled = {e.msgid: e for e in load_po(many / "locales/fr/LC_MESSAGES/part03.po").entries}
    assert filled[new].msgstr == "Une toute nouvelle phrase se trouve ici."
    assert filled[new].fuzzy and filled[new].translator_comments == ["kilocale-tm: part04"]


def test_the_memory_reads_only_catalogs_changed_since_it_was_last_made(
        many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalog's reviewed entries are cached with its hash: when a new sentence asks for
    the memory again, only the catalogs changed since the last memory are read, and the
    result is still the full run's."""
    full = twin(many, tmp_path, "full")
    for args in (["extract"], ["update"]):
        run(many, *args)
        run(full, "--no-cache", *args)
    read: list[tuple[str, str]] = []
    real = pipeline._reviewed_pairs

    def spy(config, language, doc):  # noqa: ANN001, ANN202
        read.append((language, doc))
        return real(config, language, doc)

    monkeypatch.setattr(pipeline, "_reviewed_pairs", spy)

    def add_sentence(p: Path, doc: str, text: str) -> None:
        path = p / "source" / "de" / f"{doc}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")

    def translate(p: Path, doc: str, text: str) -> None:
        for lang in LANGS:
            po = p / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"
            catalog = load_po(po)
            [entry] = [e for e in catalog.entries if e.msgid == text]
            entry.msgstr, entry.flags = f"[{lang}] {text}", []
            save_po(catalog, po)

    first, second = "Ein ganz neuer Satz steht hier.", "Noch ein neuer Satz kommt dazu."
    steps = [lambda p: add_sentence(p, "part02", first),  # the memory is made: all read
             lambda p: translate(p, "part02", first),  # nothing left open: no memory
             lambda p: edit_one(p),  # more/part07 merged, no memory
             lambda p: add_sentence(p, "part03", second)]  # the memory again
    reads = []
    for change in steps:
        read.clear()
        for p in (many, full):
            change(p)
        for args in (["extract"], ["update"]):  # (the spy runs in this process only)
            assert run(many, "-j", "1", *args) == run(full, "--no-cache", *args), args
        assert files(many) == files(full)
        reads.append(sorted(read))
    names = ["article"] + [f"part{k:02d}" if k < 5 else f"more/part{k:02d}" for k in range(8)]
    assert reads[0] == sorted((lang, name) for lang in LANGS for name in names
                              if name != "part02")  # (the full runs merge, never read)
    assert reads[1] == reads[2] == []
    # Only the catalogs that changed since the first memory are read again.
    assert reads[3] == sorted((lang, name) for lang in LANGS
                              for name in ("part02", "more/part07"))


def test_a_single_catalogs_fuzzy_search_on_the_pool_finds_what_one_process_finds(
        project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One document merged in this process spreads its fuzzy search over the cores (for
    a big catalog; here the size limit is lowered): the same catalogs as with -j 1."""
    source = project / "source/de/article.md"
    text = source.read_text(encoding="utf-8")
    for word in ("Technologie", "Modell", "KI", "China", "Daten", "Nvidia"):
        text = text.replace(f" {word} ", f" neue {word} ")
    source.write_text(text, encoding="utf-8")
    serial = twin(project, tmp_path, "serial")
    assert run(serial, "-j", "1", "extract")[0] == 0
    assert run(serial, "-j", "1", "update")[0] == 0
    monkeypatch.setattr(pipeline, "_PARALLEL_FUZZY_PAIRS", 1)
    pools: list[tuple[int, int | None]] = []
    real = pipeline.map_documents

    def spy(func, items, jobs=None, min_items=None):  # noqa: ANN001, ANN202
        items = list(items)
        pools.append((len(items), jobs))
        return real(func, items, jobs, min_items)

    monkeypatch.setattr(pipeline, "map_documents", spy)
    assert run(project, "-j", "2", "extract")[0] == 0
    pools.clear()
    code, out, _ = run(project, "-j", "2", "update")
    assert code == 0 and " fuzzy" in out
    # one search per language's catalog, each in several slices on two processes
    assert len(pools) == 4 and all(n > 2 and jobs == 2 for n, jobs in pools)
    assert files(project) == files(serial)
    fuzzy = [e for e in load_po(project / "locales/fr/LC_MESSAGES/article.po").entries
             if e.fuzzy and e.previous_msgid]
    assert len(fuzzy) >= 5

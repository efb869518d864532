"""The incremental cache trusts a file's stat only where that is safe: an unchanged file
is not read again, every edit is seen (also one that restores the size and the
modification time), and a file that may have changed twice within one timestamp tick is
hashed again.  The trees of incremental and full runs are compared in test_parallel.py.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kilocale import incremental
from kilocale.config import Config, load_config
from kilocale.incremental import RACY_NS, Cache
from kilocale.project import Project

LATER = 3600 * 10**9  # a run an hour after the files were written: no timestamp is racy


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the cache reads to hash them, by name (not the configuration and the
    glossary, which every run hashes)."""
    seen: list[str] = []
    real = incremental._file_digest

    def spy(path: Path | str) -> str | None:
        name = Path(path).name  # commands pass paths as text
        if name not in ("pyproject.toml", "glossary.yaml"):
            seen.append(name)
        return real(path)

    monkeypatch.setattr(incremental, "_file_digest", spy)
    return seen


def run(config: Config, path: Path, clock_ns: int, output: bytes | None = None
        ) -> tuple[str | None, dict | None]:
    """One command run over one unit whose input is ``path``: its current hash, and the
    record the cache held for it (None: the unit is to be redone).  The unit is stored
    as done, with ``output`` written to ``out.bin`` beside the input if given."""
    cache = Cache.open(config, commands=("test",), clock=lambda: clock_ns)
    inputs = cache.inputs(path)
    known = cache.lookup("test", "unit", inputs)
    outputs = {}
    if output is not None:
        out = path.with_name("out.bin")
        out.write_bytes(output)
        outputs[out] = output
    cache.store("test", "unit", inputs, outputs, {"done": True})
    cache.save()
    # The cache file is newer than every file the run saw (a real run takes that long).
    stamp = time.time_ns() + 10**9
    os.utime(config.root / ".kilocale" / "test.json", ns=(stamp, stamp))
    return inputs[config.rel(path)], known


def rewrite_keeping_size_and_mtime(path: Path, data: bytes) -> None:
    """Write ``data`` (of the file's size) in place and set the modification time back;
    only the change time, which no program can set, moves (waiting for its tick)."""
    before = os.stat(path)
    assert len(data) == before.st_size
    while True:
        with open(path, "r+b") as f:
            f.write(data)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = os.stat(path)
        if after.st_ctime_ns != before.st_ctime_ns:
            break
        time.sleep(0.005)  # same clock tick: the next write gets a later change time
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)


def test_an_unchanged_file_is_not_read_again(project: Path, reads: list[str]) -> None:
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    later = time.time_ns() + LATER
    digest, known = run(config, source, later, output=b"built")
    assert known is None and reads == ["article.md"]
    reads.clear()
    assert run(config, source, later + 1) == (digest, {"done": True})
    assert reads == []  # neither the input nor the output was read: stat vouched for both


def test_an_edit_that_restores_size_and_mtime_is_seen(project: Path, reads: list[str]) -> None:
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    later = time.time_ns() + LATER
    digest, _ = run(config, source, later)
    text = source.read_bytes()
    rewrite_keeping_size_and_mtime(source, text.replace(b"DeepSeek", b"DeepSeeK", 1))
    reads.clear()
    new_digest, known = run(config, source, later + 1)
    assert reads == ["article.md"] and new_digest != digest and known is None


def test_a_change_to_kilocale_itself_redoes_every_unit(project: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Same version number, other code (a pulled checkout, an editable install): the
    # records of the old code must not be replayed.
    code = tmp_path / "code"
    (code / "core").mkdir(parents=True)
    (code / "core" / "merge.py").write_text("RULE = 1\n", encoding="utf-8")
    (code / "core" / "__pycache__").mkdir()
    monkeypatch.setattr(incremental, "_CODE", code)
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    later = time.time_ns() + LATER
    run(config, source, later)
    (code / "core" / "__pycache__" / "merge.cpython-311.pyc").write_bytes(b"compiled")
    assert run(config, source, later + 1)[1] == {"done": True}  # byte-code: no change
    (code / "core" / "merge.py").write_text("RULE = 22\n", encoding="utf-8")
    assert run(config, source, later + 2)[1] is None
    assert run(config, source, later + 3)[1] == {"done": True}


def test_an_edited_output_redoes_the_unit(project: Path) -> None:
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    later = time.time_ns() + LATER
    run(config, source, later, output=b"built")
    rewrite_keeping_size_and_mtime(source.with_name("out.bin"), b"stale")
    assert run(config, source, later + 1)[1] is None


def test_a_file_read_just_after_it_changed_is_hashed_again(project: Path,
                                                           reads: list[str]) -> None:
    """Racy: the run started less than RACY_NS after the file's last change, so the file
    may change again within the same tick, with the same stat; it is not trusted."""
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    changed = os.stat(source).st_ctime_ns
    run(config, source, changed + RACY_NS // 2)
    reads.clear()
    run(config, source, changed + LATER)
    assert reads == ["article.md"]
    reads.clear()
    run(config, source, changed + LATER + 1)  # recorded by a run long after: trusted
    assert reads == []


def test_a_racy_edit_with_the_same_stat_is_seen(project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writes within one timestamp tick leave the same stat: the cache must have
    hashed again.  The stat is pinned here, so only the racy rule can see the edit:
    once for a file the run read, once for one it wrote (newer than the cache file)."""
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    out = source.with_name("out.bin")
    tick = time.time_ns()
    monkeypatch.setattr(incremental, "_signature",
                        lambda path: [7, tick, tick, 1] if os.path.exists(path) else None)
    digest, _ = run(config, source, tick + RACY_NS // 2, output=b"built")
    cache_file = project / ".kilocale" / "test.json"
    os.utime(cache_file, ns=(tick, tick))  # written within the same tick as the files
    source.write_bytes(source.read_bytes() + b"\nNeu.\n")
    out.write_bytes(b"stale")
    cache = Cache.open(config, commands=("test",), clock=lambda: tick + LATER)
    inputs = cache.inputs(source)
    assert inputs[config.rel(source)] != digest
    assert cache.digest(out) == incremental.digest_bytes(b"stale")


OPS = st.lists(st.sampled_from(["same", "edit", "same-size", "touch", "delete", "replace"]),
               min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_the_cached_hash_is_always_the_hash_of_the_file(project: Path, ops: list[str]) -> None:
    """Whatever happens to a file between runs, the cache's hash is the one reading it
    gives (the reference path), and a unit is kept exactly when its input is unchanged."""
    config = load_config(project)
    path = project / "doc.txt"
    path.write_bytes(b"first version")
    for cached in (project / ".kilocale").glob("*.json"):
        cached.unlink()
    later = time.time_ns() + LATER
    previous = incremental._file_digest(path)
    run(config, path, later)
    for i, op in enumerate(ops, 1):
        if op in ("edit", "same-size", "touch") and not path.exists():
            path.write_bytes(b"back again")
        elif op == "edit":
            path.write_bytes(path.read_bytes() + b" and more")
        elif op == "same-size":
            data = path.read_bytes()
            rewrite_keeping_size_and_mtime(path, data[::-1] if data[::-1] != data else
                                           data.upper())
        elif op == "touch":
            os.utime(path)
        elif op == "delete":
            path.unlink(missing_ok=True)
        elif op == "replace":
            fresh = path.with_name("new.txt")
            fresh.write_bytes(b"another file")
            os.replace(fresh, path)
        expected = incremental._file_digest(path)
        digest, known = run(config, path, later + i)
        assert digest == expected
        assert (known is not None) == (expected == previous)
        previous = expected


@given(parts=st.lists(st.sampled_from(["a", "b.po", ".", "..", "x y", "ünï"]), max_size=5))
def test_names_are_what_relative_to_gives(parts: list[str]) -> None:
    """The text fast paths of Config.rel and the cache's names agree with pathlib."""
    root = Path("/project/root")
    config = Config(root=root)
    cache = Cache(root / ".kilocale")
    path = root.joinpath(*parts)
    try:
        reference = Path(os.path.normpath(path)).relative_to(root).as_posix()
    except ValueError:
        reference = None
    if reference is not None:
        assert config.rel(path) == reference
    try:
        assert incremental._rel(cache, path) == path.relative_to(root).as_posix()
    except ValueError:
        assert incremental._rel(cache, path) == path.as_posix()


TREE = st.lists(st.tuples(st.sampled_from(["", "a/", "a/b/", ".hidden/", "c.md/", "linked/"]),
                          st.sampled_from(["x.md", "y.txt", ".md", ".dot.md", "z.MD", "v.w.md",
                                           "link.md", "dirlink", "broken.md"])),
               max_size=12)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREE)
def test_documents_and_templates_are_what_rglob_finds(tmp_path_factory: pytest.TempPathFactory,
                                        tree: list[tuple[str, str]]) -> None:
    """Config.documents and Project.template_docs scan with os.scandir; the reference is
    pathlib's rglob (and is_file), as they were written before (links to files and
    folders inside, broken links, folders named like documents, hidden names)."""
    root = tmp_path_factory.mktemp("tree")
    src = root / "source" / "de"
    src.mkdir(parents=True)
    (root / "kilocale.toml").write_text('source_language = "de"\n', encoding="utf-8")
    (src / "target.md").write_text("Ziel.\n", encoding="utf-8")
    for folder, name in tree:
        where = src / folder
        where.mkdir(parents=True, exist_ok=True)
        if folder == "linked/" and not (src / "alias").exists():
            (src / "alias").symlink_to(where)  # a link to a folder: rglob does not enter it
        path = where / name
        if path.exists() or path.is_symlink():
            continue
        if name == "link.md":
            path.symlink_to(src / "target.md")
        elif name == "dirlink":
            path.symlink_to(src)
        elif name == "broken.md":
            path.symlink_to(where / "missing")
        else:
            path.write_text("Satz.\n", encoding="utf-8")
    config = load_config(root)
    reference = sorted(p.relative_to(config.source_dir).with_suffix("").as_posix()
                       for p in config.source_dir.rglob("*.md") if p.is_file())
    assert config.documents() == reference
    # The templates' tree, the same shape with .pot names: every entry so named counts.
    templates = config.locales_dir / "templates"
    templates.mkdir(parents=True)
    for path in sorted(src.rglob("*")):
        target = templates / path.relative_to(src).as_posix().replace(".md", ".pot")
        if path.is_symlink() or path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                target.symlink_to(path.resolve() if path.exists() else target.parent / "gone")
            else:
                target.write_text("", encoding="utf-8")
    reference = sorted(p.relative_to(templates).with_suffix("").as_posix()
                       for p in templates.rglob("*.pot"))
    assert Project(config).template_docs() == reference


@given(rel=st.lists(st.sampled_from(["a", "..", ".", "", "b.html", ".kilocale-manifest"]),
                    min_size=1, max_size=4).map("/".join))
def test_manifest_lines_are_judged_as_pathlib_would(rel: str) -> None:
    """The manifest's text check of a line agrees with PurePosixPath's."""
    from pathlib import PurePosixPath

    from kilocale.io.manifest import NAME, _safe

    for line in (rel, "/" + rel):
        p = PurePosixPath(line)
        assert _safe(line) == (bool(line) and not p.is_absolute() and ".." not in p.parts
                               and line != NAME)


@pytest.mark.parametrize("garbage", [
    '{"format": 4, "key": KEY, "units": {"unit": [1, 2, 3, 4]}, "files": {}}',
    '{"format": 4, "key": KEY, "units": {"unit": ["k", [1], {}, 5]}, "files": {"a": "b"}}',
    '{"format": 4, "key": KEY, "units": {"unit": ["k", ["x"], [], []]}, '
    '"files": {"source/de/article.md": [1, "2", 3, 4, 5], "x": [1, 2, 3, 4, [5]]}}',
    '{"format": 4, "key": KEY, "units": [], "files": {}}',
    '[1, 2]', '{"format": 4', ''])
def test_a_cache_file_of_the_wrong_shape_only_costs_time(project: Path, garbage: str) -> None:
    """Valid JSON of the wrong shape, with the right key, is ignored like a corrupt file:
    the unit is redone and nothing raises."""
    config = load_config(project)
    source = project / "source" / "de" / "article.md"
    (project / ".kilocale").mkdir(exist_ok=True)
    key = Cache.open(config).key
    (project / ".kilocale" / "test.json").write_text(garbage.replace("KEY", f'"{key}"'),
                                                     encoding="utf-8")
    digest, known = run(config, source, time.time_ns() + LATER)
    assert known is None and digest == incremental._file_digest(source)


@pytest.mark.parametrize("command", ["build", "check"])
def test_what_update_wrote_is_not_hashed_again_by_the_command_after_it(
        project: Path, reads: list[str], command: str) -> None:
    """extract, update, build (or check): the usual sequence after a source change.  The
    catalogs update just wrote are known by their stat from update's records; hashing them
    again would be most of an incremental build of one changed document among many."""
    from click.testing import CliRunner

    from kilocale.cli import cli

    def step(*args: str) -> None:
        result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output  # check: 1 means findings

    step("extract")
    step("update")
    # update.json written after the catalogs, in a later timestamp tick (a real run takes
    # longer than a tick; a test of a small project may not).
    stamp = time.time_ns() + 10**9
    os.utime(project / ".kilocale" / "update.json", ns=(stamp, stamp))
    reads.clear()
    step(command)
    catalogs = sorted(project.glob("locales/*/LC_MESSAGES/*.po"))
    assert catalogs and not {p.name for p in catalogs} & set(reads), reads

"""Writes that cannot lose a translator's work: concurrent saves, unwritable targets, full disks.

Every failure is a located error with exit 2 and no traceback; a concurrent save is never
overwritten; a failure before the first rename leaves every file as it was, and one after
it names the files already replaced.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import snapshot
from kilocale.cli import cli
from kilocale.core import merge as merge_module
from kilocale.io import fs
from kilocale.io.fs import WritePlan, write_all

EN = "locales/en/LC_MESSAGES/article.po"
CATALOGS = [f"locales/{lang}/LC_MESSAGES/article.po" for lang in ("en", "fr", "es", "zh_CN")]


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def edit_source(project: Path) -> None:
    """Change one source sentence and extract, so that update rewrites every catalog."""
    source = project / "source/de/article.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Das Tempo war schwindelerregend.",
                                   "Das Tempo war atemberaubend."), encoding="utf-8")
    assert run(project, "extract")[0] == 0


def temp_files(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*.tmp"))


def test_save_during_update_is_never_overwritten(project: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    edit_source(project)
    po = project / EN
    saved = po.read_bytes().replace(b"The pace", b"The tempo", 1)
    real_merge = merge_module.merge

    def merge_while_translator_saves(template, existing, **kwargs):  # type: ignore[no-untyped-def]
        if existing is not None and existing.header.get("Language") == "en":
            po.write_bytes(saved)  # the translator presses Save in Poedit right now
        return real_merge(template, existing, **kwargs)

    monkeypatch.setattr(merge_module, "merge", merge_while_translator_saves)
    before = snapshot(project)
    code, _, err = run(project, "update")
    assert code == 2
    assert err == (f"kilocale: {EN}: changed on disk while kilocale was running; "
                   "run the command again\n")
    after = snapshot(project)
    assert after[EN] == saved
    assert {k: v for k, v in after.items() if k != EN} == {k: v for k, v in before.items()
                                                            if k != EN}
    monkeypatch.setattr(merge_module, "merge", real_merge)
    assert run(project, "update")[0] == 0  # run again: the save is merged, not lost
    assert b"The tempo" in po.read_bytes()


def test_full_disk_before_any_rename_changes_nothing(project: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    edit_source(project)
    before = snapshot(project)
    real_fsync = os.fsync
    target = Path(CATALOGS[2])  # the disk fills up while this catalog is written
    full = f"/{target.parent}/.{target.name}.kilocale-"

    def fsync_until_full(fd: int) -> None:
        # Temporary files are written on threads: pick the failing one by name, not order.
        if full in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fs.os, "fsync", fsync_until_full)
    code, _, err = run(project, "update")
    assert code == 2 and "Traceback" not in err
    assert err == (f"kilocale: {CATALOGS[2]}: cannot write: no space left on the device; "
                   "no file was changed\n")
    assert snapshot(project) == before
    assert temp_files(project) == []


def test_error_after_first_rename_names_replaced_files(project: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    edit_source(project)
    before = snapshot(project)
    real_replace = os.replace
    calls = []

    def replace_then_fail(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(fs.os, "replace", replace_then_fail)
    code, _, err = run(project, "update")
    assert code == 2
    assert err == (f"kilocale: {CATALOGS[2]}: cannot replace: Input/output error; "
                   f"already replaced: {CATALOGS[0]}, {CATALOGS[1]}\n")
    after = snapshot(project)
    assert [after[c] != before[c] for c in CATALOGS] == [True, True, False, False]
    assert temp_files(project) == []


def _immutable(path: Path, on: bool) -> bool:
    if shutil.which("chattr") is None:
        return False
    proc = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return proc.returncode == 0


def test_immutable_target_fails_before_any_rename(project: Path) -> None:
    edit_source(project)
    target = project / CATALOGS[3]
    if not _immutable(target, True):
        pytest.skip("chattr +i not available here")
    try:
        before = snapshot(project)
        code, _, err = run(project, "update")
        assert code == 2 and "Traceback" not in err
        assert err.startswith(f"kilocale: {CATALOGS[3]}: cannot write: permission denied")
        assert err.endswith("; no file was changed\n")
        assert snapshot(project) == before
    finally:
        _immutable(target, False)
    assert temp_files(project) == []


def test_leftover_temp_files_are_ignored_and_cleaned_up(project: Path) -> None:
    proc = subprocess.Popen(["true"])
    proc.wait()  # a process id that no longer runs: a killed kilocale
    stale = [project / f"locales/en/LC_MESSAGES/.article.po.kilocale-{proc.pid}-0badc0de.tmp",
             project / f"locales/templates/.article.pot.kilocale-{proc.pid}-0badc0de.tmp"]
    for path in stale:
        path.write_text('msgid "half written', encoding="utf-8")
    code, out, _ = run(project, "check", "--strict")
    assert code == 0 and ".tmp" not in out
    assert run(project, "extract")[0] == 0
    assert run(project, "update")[0] == 0
    assert not any(p.exists() for p in stale)


def test_plans_from_a_generator_that_fails_write_nothing(tmp_path: Path) -> None:
    """update hands write_all its plans while workers still compute: a later failure
    (a broken catalog) must leave every target as it was and no temporary file behind."""


    targets = [tmp_path / f"f{i}.po" for i in range(20)]
    for path in targets[:10]:
        path.write_bytes(b"old\n")
    before = {p: p.read_bytes() if p.exists() else None for p in targets}

    def plans():
        for i, path in enumerate(targets):
            if i == 15:
                raise RuntimeError("a worker failed")
            yield WritePlan(path, b"new\n", "*")

    with pytest.raises(RuntimeError, match="a worker failed"):
        write_all(plans())
    assert {p: p.read_bytes() if p.exists() else None for p in targets} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"f{i}.po" for i in range(10)]
    assert write_all(WritePlan(p, b"new\n", "*") for p in targets) == [True] * 20
    assert all(p.read_bytes() == b"new\n" for p in targets)


def test_a_rewritten_file_keeps_its_permissions_and_a_new_one_gets_0644(tmp_path: Path) -> None:
    """A translator's catalog made group-writable (0664) or private (0600) stays so after
    kilocale replaces it; a file kilocale creates is 0644, whatever the umask."""
    shared, private, new = tmp_path / "shared.po", tmp_path / "private.po", tmp_path / "sub/new.po"
    for path, mode in ((shared, 0o664), (private, 0o600)):
        path.write_bytes(b"old\n")
        os.chmod(path, mode)
    old_umask = os.umask(0o077)
    try:
        assert write_all([WritePlan(shared, b"one\n"), WritePlan(private, b"two\n"),
                          WritePlan(new, b"three\n")]) == [True, True, True]
    finally:
        os.umask(old_umask)
    assert [stat.S_IMODE(p.stat().st_mode) for p in (shared, private, new)] \
        == [0o664, 0o600, 0o644]
    assert [p.read_bytes() for p in (shared, private, new)] == [b"one\n", b"two\n", b"three\n"]

"""The build manifest: which files in the build directory ``kilocale build`` wrote.

``build/.kilocale-manifest`` lists them, one path relative to the build directory per
line, sorted.  A build removes the files the manifest names that it no longer produces
(a language skipped by ``--min-complete`` or dropped from the configuration, a deleted
document) and never touches a file the manifest does not name, so anything a person put
into ``build/`` stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kilocale.io.fs import ANY, WritePlan

NAME = ".kilocale-manifest"


def read_manifest(build_dir: Path) -> set[str]:
    """Paths the previous builds wrote (empty when there is no manifest)."""
    try:
        text = (build_dir / NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return set()
    return {line for line in text.splitlines() if _safe(line)}


def _safe(rel: str) -> bool:
    """A relative path inside the build directory (a hand-edited manifest cannot reach out)."""
    # PurePosixPath(rel): not is_absolute() and ".." not in parts, as text (a line each
    # of a thousand documents' build)
    return bool(rel) and not rel.startswith("/") and ".." not in rel.split("/") and rel != NAME


def remove_stale(build_dir: Path, previous: set[str], expected: set[str]) -> list[str]:
    """Delete the files of ``previous`` that are not ``expected``; returns them, sorted.

    Directories left empty by a removal go too (never the build directory itself).
    """
    removed = []
    for rel in sorted(previous - expected):
        path = build_dir / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(rel)
            parent = path.parent
            while parent != build_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return removed


def manifest_plan(build_dir: Path, paths: Iterable[str]) -> WritePlan:
    """The write that records ``paths`` as the files the builds wrote, to be made in the
    same transaction as the files themselves."""
    data = "".join(f"{p}\n" for p in sorted(set(paths))).encode("utf-8")
    return WritePlan(build_dir / NAME, data, ANY, (build_dir / NAME).as_posix())

"""Atomic file writes: a reader never sees a half-written PO file or edition.

Each write goes to a temporary file in the target's directory and is renamed over the
target, so an interrupted command leaves the previous version intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically; returns False (and writes nothing) if unchanged."""
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def atomic_write_text(path: Path, text: str) -> bool:
    """UTF-8 text version of :func:`atomic_write_bytes`; newlines are written as given."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def read_text(path: Path) -> str:
    """Read a UTF-8 file exactly (no newline translation), with a located error if it is not UTF-8."""
    from kilocale.errors import KilocaleError

    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KilocaleError(f"not valid UTF-8 (byte {exc.start})", str(path), line) from None

"""File writes that cannot half-happen and cannot overwrite a concurrent save.

Responsibility: every file kilocale writes goes through :func:`write_all`, one
transaction per command:

1. targets whose content would not change are left alone (not even touched);
2. preflight, before any target is replaced: each target must still hold what the command
   read (a SHA-256 of the bytes, or "did not exist"), so a translator's save made while
   kilocale ran is never overwritten; every new content is written and fsync'ed to a
   temporary file beside its target (so a full disk or an unwritable directory fails
   here), and each existing target must be replaceable (not immutable, not read-only);
3. the temporary files are renamed over their targets, each checked once more just
   before its rename.  An error at this stage names every file already replaced.

Every problem is a located :class:`~kilocale.errors.KilocaleError`, never a traceback.
Temporary files are named ``.<target>.kilocale-<pid>-<random>.tmp``: no reader globs
them (they end in ``.tmp``), and a later run removes those whose process is gone.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kilocale.errors import KilocaleError

__all__ = ["ANY", "ConflictError", "WriteError", "WritePlan", "atomic_write_bytes",
           "atomic_write_text", "digest", "read_text", "write_all"]

#: ``WritePlan.expected`` value for outputs that no person edits (editions): not checked.
ANY = "*"
_TEMP = re.compile(r"^\..+\.kilocale-(\d+)-[0-9a-f]+\.tmp$")


class WriteError(KilocaleError):
    """A file could not be written; nothing or only the named files were replaced."""


class ConflictError(WriteError):
    """A target changed on disk after kilocale read it."""


@dataclass(frozen=True)
class WritePlan:
    """One file to write.

    ``expected`` is the :func:`digest` of the bytes the command read from ``path``, None if
    the file did not exist then, or :data:`ANY` to skip the check.  ``display`` is the
    path as the user should see it (relative to the project).
    """

    path: Path
    data: bytes
    expected: str | None = ANY
    display: str | None = None

    @property
    def shown(self) -> str:
        return self.display or str(self.path)


def digest(data: bytes) -> str:
    """The content fingerprint :class:`WritePlan` compares: SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (read-only or immutable file or directory?)"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def _conflict(plan: WritePlan, current: bytes | None) -> bool:
    if plan.expected == ANY:
        return False
    if plan.expected is None:
        return current is not None
    return current is None or digest(current) != plan.expected


def _clean_stale(directory: Path) -> None:
    """Remove temporary files left in ``directory`` by kilocale runs that were killed."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        m = _TEMP.match(name)
        if not m:
            continue
        pid = int(m.group(1))
        if pid != os.getpid():
            try:
                os.kill(pid, 0)
                continue  # that run is still alive
            except ProcessLookupError:
                pass
            except OSError:
                continue
        elif name in _OWN_TEMPS:
            continue
        try:
            (directory / name).unlink()
        except OSError:
            pass


_OWN_TEMPS: set[str] = set()


def _write_temp(plan: WritePlan, directory_exists: bool = False) -> Path:
    """The plan's data in a new temporary file next to its target, synced, with the
    target's permissions; raises WriteError.  ``directory_exists``: the target's
    directory was made (or found) already in this transaction, no need to ask again."""
    path = plan.path
    if not directory_exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create the directory: {_reason(exc)}",
                             str(Path(plan.shown).parent)) from None
    tmp = path.parent / f".{path.name}.kilocale-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    _OWN_TEMPS.add(tmp.name)
    try:
        try:
            mode: int | None = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            mode = None
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fd, 0o644 if mode is None else mode)
            fh.write(plan.data)
            fh.flush()
            os.fsync(fd)
        if mode is not None:  # an immutable or read-only target fails here, before any rename
            os.close(os.open(path, os.O_WRONLY))
    except OSError as exc:
        _discard(tmp)
        raise WriteError(f"cannot write: {_reason(exc)}; no file was changed", plan.shown) from None
    return tmp


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass
    _OWN_TEMPS.discard(tmp.name)


# Reading, hashing, writing and fsync'ing release the GIL: a few threads keep the disk
# busy while others hash, which for a thousand catalogs is most of a command's write time.
_IO_THREADS = 8


def _prepare(plan: WritePlan, directory_exists: bool = False
             ) -> tuple[bytes | None, Path | None]:
    """Preflight of one plan: (the target's bytes now, its temporary file or None when the
    content is already ``data``); raises ConflictError or WriteError."""
    current = _current(plan.path)
    if current == plan.data:
        return current, None
    if _conflict(plan, current):
        raise ConflictError("changed on disk while kilocale was running; "
                            "run the command again", plan.shown)
    return current, _write_temp(plan, directory_exists)


def write_all(plans: Iterable[WritePlan]) -> list[bool]:
    """Write every plan as one transaction (see the module docstring).

    Returns, per plan, whether the file was (re)written; False means its content was
    already ``data``.  Raises :class:`ConflictError` if a target changed since it was read
    (nothing is written then, unless the change is noticed at a later file's rename,
    in which case the message names every file already replaced), or :class:`WriteError`.

    ``plans`` may be a generator: each plan's preflight and temporary file are done on a
    few threads as it arrives (while the caller still computes the next ones), and no
    target is replaced before the last plan is in.  An exception from the generator, or
    the first error in plan order, discards every temporary file and replaces nothing;
    the renames are made one by one, in order, each checked once more just before.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    taken: list[WritePlan] = []
    jobs: list[Future[tuple[bytes | None, Path | None]]] = []
    directories: dict[Path, bool] = {}  # the plans' directories → existed when first met
    temps: dict[int, Path] = {}
    pool = ThreadPoolExecutor(max_workers=_IO_THREADS)
    try:
        try:
            for plan in plans:
                parent = plan.path.parent
                if parent not in directories:
                    _clean_stale(parent)
                    # Where it exists already, no plan in it needs to make it.
                    directories[parent] = parent.is_dir()
                taken.append(plan)
                jobs.append(pool.submit(_prepare, plan, directories[parent]))
        finally:
            pool.shutdown(wait=True)  # every temporary file is made (or failed) past here
            seen: list[bytes | None] = []
            error: BaseException | None = None
            for i, job in enumerate(jobs):
                exc = job.exception()
                if exc is not None:
                    error = error or exc
                    seen.append(None)
                    continue
                current, tmp = job.result()
                seen.append(current)
                if tmp is not None:
                    temps[i] = tmp
        if error is not None:
            raise error
        written = set(temps)
        replaced: list[str] = []
        for i, plan in enumerate(taken):
            if i not in temps:
                continue
            try:
                # Still what the preflight found (and judged)?  Bytes compare faster
                # than they hash, and this check sits right before the rename.
                if plan.expected != ANY and _current(plan.path) != seen[i]:
                    raise ConflictError("changed on disk while kilocale was running; "
                                        "run the command again" + _already(replaced), plan.shown)
                os.replace(temps[i], plan.path)
            except OSError as exc:
                raise WriteError(f"cannot replace: {_reason(exc)}" + _already(replaced),
                                 plan.shown) from None
            _OWN_TEMPS.discard(temps.pop(i).name)
            replaced.append(plan.shown)
        return [i in written for i in range(len(taken))]
    finally:
        for tmp in temps.values():
            _discard(tmp)


def _already(replaced: list[str]) -> str:
    if not replaced:
        return "; no file was changed"
    return "; already replaced: " + ", ".join(replaced)


def atomic_write_bytes(path: Path, data: bytes, expected: str | None = ANY) -> bool:
    """Write one file atomically (see :func:`write_all`); False if it already held ``data``."""
    return write_all([WritePlan(Path(path), data, expected)])[0]


def atomic_write_text(path: Path, text: str, expected: str | None = ANY) -> bool:
    """UTF-8 text version of :func:`atomic_write_bytes`; newlines are written as given."""
    return atomic_write_bytes(path, text.encode("utf-8"), expected)


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """A file's bytes; an unreadable file is a located :class:`KilocaleError`."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise KilocaleError("file not found", display or str(path)) from None
    except OSError as exc:
        raise KilocaleError(f"cannot read: {_reason(exc)}", display or str(path)) from None


def read_text(path: Path, keep_bom: bool = False, display: str | None = None) -> str:
    """Read a UTF-8 file exactly (no newline translation), with a located error if it is not UTF-8.

    A byte-order mark is dropped unless ``keep_bom`` (sources keep it, so that their
    editions start with it too).  Errors name the file as ``display`` when given.
    """
    data = read_bytes(path, display)
    try:
        return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") and not keep_bom
                           else "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KilocaleError(f"not valid UTF-8 (byte {exc.start})", display or str(path),
                            line) from None

"""Work proportional to the change: which documents' inputs changed since the last run.

``.kilocale/cache.json`` in the project root keeps, per command and per unit of work
(a document, or a language and a document), the content hashes of the unit's inputs (its
source, template or catalog) and of the files the command wrote for it, plus the small
record the command needs to report on the unit without redoing it.  A unit is skipped
only when every input hash is the one recorded *and* every file it wrote still has the
recorded hash, so editing, deleting or restoring an output redoes that unit.

The whole cache is invalid, and every command runs in full, when kilocale's version, the
configuration (the settings and the file they came from) or the glossary file changed,
and when the cache file is missing, unreadable or of another format: a corrupt cache
only costs time, never a wrong result.  It is written atomically after the command has
written its outputs; a command that fails (exit 2) writes no cache either.

A file is hashed only when its ``stat`` says it may have changed.  The cache keeps, with
each file's hash, the size, modification and change times (nanoseconds) and inode seen
when it was hashed; a file whose four values are all the recorded ones has the recorded
content, and is not read.  Any write moves the change time, which no program can set
back, so an edit that restores the size and the modification time (``touch -r``,
``os.utime``) is still seen.  Timestamps have a granularity, though, and a file changed
twice within one tick keeps its times: as git does with its index ("racy git"), a
record is trusted only if the file's times are older than the cache file itself, and a
file that this run read (rather than wrote) is recorded without its ``stat`` when it
changed less than :data:`RACY_NS` before the run started, so the next run hashes it
again.  At worst, stat-trust costs a hash, never a wrong result.

Skipping is exact because every command is a deterministic function of the hashed
inputs and reproduces its outputs when run again on them (running a command twice
changes nothing the second time); ``tests/test_incremental.py`` compares the trees of
incremental and full runs byte for byte.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kilocale import __version__
from kilocale.config import Config
from kilocale.io.fs import atomic_write_text, digest

CACHE_DIR = ".kilocale"
CACHE_FILE = "cache.json"
FORMAT = 2
# A file read by a run that changed less than this before the run started is hashed again
# by the next run: it may have changed once more within its timestamp's tick (FAT's is 2 s).
RACY_NS = 2_000_000_000


def digest_bytes(data: bytes) -> str:
    """The content hash kept in the cache: the one write plans compare (SHA-256)."""
    return digest(data)


def _file_digest(path: Path) -> str | None:
    try:
        return digest_bytes(path.read_bytes())
    except OSError:  # missing or unreadable: never equal to a recorded hash
        return None


def _signature(path: Path) -> list[int] | None:
    """What ``stat`` says of a file's content: size, mtime, ctime (ns), inode; None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _project_key(config: Config) -> str:
    """What invalidates every unit: version, settings, config file and glossary contents."""
    parts = [__version__, repr(config)]
    for path in (Path(config.origin) if config.origin else None, config.glossary):
        parts.append(str(_file_digest(path)) if path is not None else "-")
    return digest_bytes("\0".join(parts).encode("utf-8"))


@dataclass
class Cache:
    """The cache of one project for one command run; :meth:`open` it, then :meth:`save`."""

    path: Path | None  # None: disabled (every unit is stale, nothing is saved)
    key: str = ""
    units: dict[str, dict[str, Any]] = field(default_factory=dict)  # "cmd:unit" → record
    # file name → [size, mtime_ns, ctime_ns, inode, hash] as last hashed (see the module)
    files: dict[str, list] = field(default_factory=dict)
    started: int = 0  # time.time_ns() when the run opened the cache
    _digests: dict[Path, str | None] = field(default_factory=dict)
    _prefix: str = ""  # the project root and a separator, to name files (see _rel)
    _dirty: bool = False  # something to save

    def __post_init__(self) -> None:
        if self.path is not None:
            self._prefix = str(self.path.parent.parent) + os.sep

    @classmethod
    def open(cls, config: Config, enabled: bool = True,
             clock: Callable[[], int] = time.time_ns) -> Cache:
        """The project's cache; empty when disabled, missing, corrupt or invalidated.

        ``clock`` (ns since the epoch, as the file system's timestamps) dates the start
        of the run, for the racy-timestamp rule; tests move it.
        """
        if not enabled:
            return cls(None)
        cache = cls(config.root / CACHE_DIR / CACHE_FILE, _project_key(config),
                    started=clock())
        try:
            stamp = os.stat(cache.path).st_mtime_ns
            data = json.loads(cache.path.read_bytes())
            if (isinstance(data, dict) and data.get("format") == FORMAT
                    and data.get("key") == cache.key and isinstance(data.get("units"), dict)
                    and isinstance(data.get("files"), dict)):
                cache.units = {k: v for k, v in data["units"].items() if isinstance(v, dict)}
                # Racy records (file times not older than the cache file) are dropped.
                cache.files = {k: v for k, v in data["files"].items()
                               if isinstance(v, list) and len(v) == 5
                               and all(isinstance(n, int) for n in v[:4])
                               and max(v[1], v[2]) < stamp}
        except (OSError, ValueError, UnicodeDecodeError):
            pass  # missing or corrupt: a full run
        return cache

    def digest(self, path: Path) -> str | None:
        """Hash of a file's current content (None when missing), found once per run: the
        recorded hash when ``stat`` shows the recorded file, else read and hashed."""
        if path in self._digests:
            return self._digests[path]
        name = _rel(self, path)
        signature = _signature(path)
        record = self.files.get(name)
        if signature is not None and record is not None and record[:4] == signature:
            found = record[4]
        else:
            found = _file_digest(path) if signature is not None else None
            if self.path is not None:
                self._dirty |= self.files.pop(name, None) is not None
                if found is not None and max(signature[1], signature[2]) < (  # type: ignore[index]
                        self.started - RACY_NS):
                    self.files[name] = [*signature, found]  # type: ignore[misc]
                    self._dirty = True
        self._digests[path] = found
        return found

    def inputs(self, *paths: Path) -> dict[str, str | None]:
        """The input hashes of a unit, by file name relative to the project."""
        return {_rel(self, p): self.digest(p) for p in paths}

    def recorded_inputs(self, command: str, unit: str) -> dict[str, Any] | None:
        """The inputs recorded for ``unit`` (to see which kinds a command recorded), or None."""
        record = self.units.get(f"{command}:{unit}") if self.path is not None else None
        inputs = record.get("inputs") if record else None
        return inputs if isinstance(inputs, dict) else None

    def lookup(self, command: str, unit: str, inputs: dict[str, Any]) -> dict[str, Any] | None:
        """The record stored for ``unit`` if its inputs and outputs are unchanged, else None."""
        if self.path is None:
            return None
        record = self.units.get(f"{command}:{unit}")
        if not record or record.get("inputs") != inputs:
            return None
        outputs = record.get("outputs")
        if not isinstance(outputs, dict):
            return None
        for name, recorded in outputs.items():
            if self.digest(self.path.parent.parent / name) != recorded:
                return None
        info = record.get("info")
        return info if isinstance(info, dict) else None

    def store(self, command: str, unit: str, inputs: dict[str, Any],
              outputs: dict[Path, bytes], info: dict[str, Any]) -> None:
        """Record a unit that was just done: its inputs, the bytes written, its report.

        A file that is both input and output (a catalog that update rewrote) is recorded
        with the hash of what was written.
        """
        if self.path is None:
            return
        written = {}
        inputs = dict(inputs)
        for path, data in outputs.items():
            name = _rel(self, path)
            written[name] = self._digests[path] = digest_bytes(data)
            if name in inputs:
                inputs[name] = written[name]
            # Just written with ``data``: its stat vouches for it once the cache file,
            # written after it, is newer (the racy rule in :meth:`open`).
            signature = _signature(path)
            self.files.pop(name, None)
            if signature is not None:
                self.files[name] = [*signature, written[name]]
        self.units[f"{command}:{unit}"] = {"inputs": inputs, "outputs": written, "info": info}
        self._dirty = True

    def save(self) -> None:
        """Write the cache atomically (no-op when disabled or unchanged)."""
        if self.path is None or not self._dirty:
            return
        named = {name for record in self.units.values()
                 for part in ("inputs", "outputs") if isinstance(record.get(part), dict)
                 for name in record[part]}
        files = {name: sig for name, sig in self.files.items() if name in named}
        text = json.dumps({"format": FORMAT, "kilocale": __version__, "key": self.key,
                           "units": self.units, "files": files}, ensure_ascii=False,
                          sort_keys=True, separators=(",", ":"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, text + "\n")


def _rel(cache: Cache, path: Path) -> str:
    """``path`` relative to the project, as the cache names files (``path.relative_to``,
    as text: pathlib's is a large share of a run that only compares a thousand stats)."""
    if cache.path is None:
        return path.as_posix()
    text = str(path)
    name = text[len(cache._prefix):] if text.startswith(cache._prefix) else text
    return name if os.sep == "/" else Path(name).as_posix()

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

Skipping is exact because every command is a deterministic function of the hashed
inputs and reproduces its outputs when run again on them (running a command twice
changes nothing the second time); ``tests/test_incremental.py`` compares the trees of
incremental and full runs byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kilocale import __version__
from kilocale.config import Config
from kilocale.io.fs import atomic_write_text, digest

CACHE_DIR = ".kilocale"
CACHE_FILE = "cache.json"
FORMAT = 1


def digest_bytes(data: bytes) -> str:
    """The content hash kept in the cache: the one write plans compare (SHA-256)."""
    return digest(data)


def _file_digest(path: Path) -> str | None:
    try:
        return digest_bytes(path.read_bytes())
    except OSError:  # missing or unreadable: never equal to a recorded hash
        return None


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
    _digests: dict[Path, str | None] = field(default_factory=dict)

    @classmethod
    def open(cls, config: Config, enabled: bool = True) -> Cache:
        """The project's cache; empty when disabled, missing, corrupt or invalidated."""
        if not enabled:
            return cls(None)
        cache = cls(config.root / CACHE_DIR / CACHE_FILE, _project_key(config))
        try:
            data = json.loads(cache.path.read_text(encoding="utf-8"))
            if (isinstance(data, dict) and data.get("format") == FORMAT
                    and data.get("key") == cache.key and isinstance(data.get("units"), dict)):
                cache.units = {k: v for k, v in data["units"].items() if isinstance(v, dict)}
        except (OSError, ValueError, UnicodeDecodeError):
            pass  # missing or corrupt: a full run
        return cache

    def digest(self, path: Path) -> str | None:
        """Hash of a file's current content (None when missing), read once per run."""
        if path not in self._digests:
            self._digests[path] = _file_digest(path)
        return self._digests[path]

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
        self.units[f"{command}:{unit}"] = {"inputs": inputs, "outputs": written, "info": info}

    def save(self) -> None:
        """Write the cache atomically (no-op when disabled or unchanged)."""
        if self.path is None:
            return
        text = json.dumps({"format": FORMAT, "kilocale": __version__, "key": self.key,
                           "units": self.units}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, text + "\n")


def _rel(cache: Cache, path: Path) -> str:
    root = cache.path.parent.parent if cache.path is not None else None
    try:
        return path.relative_to(root).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()

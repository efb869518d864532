"""Work proportional to the change: which documents' inputs changed since the last run.

``.kilocale/<command>.json`` in the project root keeps, per unit of work of that command
(a document, or a language and a document), one hash of the unit's inputs (its source,
template or catalog, and whatever else decides its result) together with the files the
command wrote for it, plus the small record the command needs to report on the unit
without redoing it.  A unit is skipped only when its inputs *and* every file it wrote
hash to the recorded value, so editing, deleting or restoring an output redoes that
unit.  One file per command: a command reads and writes only the records it uses (build
also reads extract's, to trust the templates), not every command's.

The whole cache is invalid, and every command runs in full, when kilocale's version or
code (the size or modification time of any of its files), the configuration (the
settings and the file they came from) or the glossary file changed, and when the cache
file is missing, unreadable or of another format: a corrupt cache only costs time, never
a wrong result.  It is written atomically after the command has
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
changes nothing the second time); ``tests/test_incremental.py`` and
``tests/test_parallel.py`` compare the trees of incremental and full runs byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kilocale import __version__
from kilocale.config import Config
from kilocale.io.fs import WritePlan, write_all
from kilocale.gcpause import without_cycle_collector

CACHE_DIR = ".kilocale"
FORMAT = 4
# A file read by a run that changed less than this before the run started is hashed again
# by the next run: it may have changed once more within its timestamp's tick (FAT's is 2 s).
RACY_NS = 2_000_000_000


def digest_bytes(data: bytes) -> str:
    """The content hash kept in the cache: SHA-256, its first 128 bits in hex (half the
    cache file of the full hash; a chance collision is still out of reach)."""
    return hashlib.sha256(data).hexdigest()[:_DIGEST_HEX]


def recorded_as(sha256: str | None) -> str | None:
    """The cache's hash of a file whose full SHA-256 (hex) is known already, such as
    :attr:`kilocale.model.Catalog.source_digest`: no second pass over its bytes."""
    return None if sha256 is None else sha256[:_DIGEST_HEX]


_DIGEST_HEX = 32  # the cache keeps 128 bits of SHA-256 (digest_bytes, recorded_as)


def _file_digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as file:
            return digest_bytes(file.read())
    except OSError:  # missing or unreadable: never equal to a recorded hash
        return None


def _signature(path: Path | str) -> list[int] | None:
    """What ``stat`` says of a file's content: size, mtime, ctime (ns), inode; None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


# kilocale's own files: a change to the code (a checkout pulled or edited, a reinstall
# under the same version number) must not replay results of the code before it.
_CODE = Path(__file__).resolve().parent


def code_stamp(folder: Path | None = None) -> str:
    """Name, size and modification time of every file of the code in ``folder``.

    ``folder`` defaults to kilocale's package.  Stat only, no reading: its ~80 files cost
    well under a millisecond, paid once per command.  Compiled byte-code is left out (it
    follows the sources and is written by the runs themselves).
    """
    parts = []
    pending = [folder or _CODE]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(Path(entry.path))
                elif not entry.name.endswith((".pyc", ".pyo")):
                    st = entry.stat()
                    parts.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}")
    return digest_bytes("\0".join(sorted(parts)).encode("utf-8", "surrogateescape"))


def _project_key(config: Config) -> str:
    """What invalidates every unit: kilocale's version and code, settings, config file and
    glossary contents."""
    parts = [__version__, code_stamp(), repr(config)]
    for path in (Path(config.origin) if config.origin else None, config.glossary):
        parts.append(str(_file_digest(path)) if path is not None else "-")
    return digest_bytes("\0".join(parts).encode("utf-8"))


def _unit_key(inputs: dict[str, Any], outputs: Iterable[tuple[str, str | None]]) -> str:
    """The one hash a unit's record keeps: its inputs and the hashes of its outputs.

    Names (file names, which hold no NUL, or fixed words) and values joined by NULs, a
    text value tagged ``s`` and any other by its ``repr``, tagged ``r``: unambiguous,
    and a few times faster than the ``repr`` of the whole (a lookup per unit and run).
    """
    text = "\0".join(f"{name}\0s{value}" if type(value) is str else f"{name}\0r{value!r}"
                     for part in (sorted(inputs.items()), [("", "")], sorted(outputs))
                     for name, value in part)
    return digest_bytes(text.encode("utf-8"))


@dataclass
class _Section:
    """One command's records, as kept in ``.kilocale/<command>.json``."""

    units: dict[str, list] = field(default_factory=dict)  # unit → [key, outputs, info, extras]
    files: set[str] = field(default_factory=set)  # the files its records depend on
    dirty: bool = False


@dataclass
class Cache:
    """The cache of one project for one command run; :meth:`open` it, then :meth:`save`."""

    path: Path | None  # the cache directory; None: disabled (all stale, nothing saved)
    key: str = ""
    sections: dict[str, _Section] = field(default_factory=dict)  # by command
    # file name → [size, mtime_ns, ctime_ns, inode, hash] as last hashed (see the module)
    files: dict[str, list] = field(default_factory=dict)
    started: int = 0  # time.time_ns() when the run opened the cache
    _digests: dict[str, str | None] = field(default_factory=dict)  # by name, this run
    _changed: set[str] = field(default_factory=set)  # names whose record this run changed
    _names: set[str] = field(default_factory=set)  # names of the files hashed this run
    _prefix: str = ""  # the project root and a separator, to name files (see _rel)

    def __post_init__(self) -> None:
        if self.path is not None:
            self._prefix = str(self.path.parent) + os.sep

    @classmethod
    def open(cls, config: Config, enabled: bool = True, commands: tuple[str, ...] = (),
             clock: Callable[[], int] = time.time_ns) -> Cache:
        """The records of ``commands``; empty when disabled, missing, corrupt or invalidated.

        ``clock`` (ns since the epoch, as the file system's timestamps) dates the start
        of the run, for the racy-timestamp rule; tests move it.
        """
        if not enabled:
            return cls(None)
        cache = cls(config.root / CACHE_DIR, _project_key(config), started=clock())
        for command in commands:
            cache._section(command)
        return cache

    def _section(self, command: str) -> _Section:
        """The records of ``command``, read from its file on first use (a command may
        open sections it only sometimes needs, such as update's translation memory)."""
        if command in self.sections:
            return self.sections[command]
        self.sections[command] = section = _Section()
        if self.path is None:
            return section
        path = self.path / f"{command}.json"
        try:
            stamp = os.stat(path).st_mtime_ns
            data = _load_json(path.read_bytes())
            if not (isinstance(data, dict) and data.get("format") == FORMAT
                    and data.get("key") == self.key and isinstance(data.get("units"), dict)
                    and isinstance(data.get("files"), dict)):
                return section
            section.units = {k: v for k, v in data["units"].items()
                             if type(v) is list and len(v) == 4 and type(v[1]) is list
                             and all(type(name) is str for name in v[1])}
            files = data["files"]
        except (OSError, ValueError, UnicodeDecodeError):
            return section  # missing or corrupt: a full run
        section.files = set(files)
        known = self.files
        for name, record in files.items():
            # Racy records (file times not older than the cache file) are dropped; of two
            # sections' records of one file only the later can still match.  (A field of
            # another type never equals a stat, so only the times are checked.)  A file
            # this run already hashed keeps that hash.
            if (type(record) is list and len(record) == 5 and type(record[1]) is int
                    and type(record[2]) is int and record[1] < stamp and record[2] < stamp
                    and (name not in known or known[name][2] < record[2])):
                known[name] = record
        return section

    def digest(self, path: Path | str) -> str | None:
        """Hash of a file's current content (None when missing), found once per run: the
        recorded hash when ``stat`` shows the recorded file, else read and hashed.

        A disabled cache (``--no-cache``) answers None without reading the file: it
        neither looks up nor stores, which are all a hash is for, and a thousand
        catalogs read twice is a share of a run.
        """
        if self.path is None:
            return None
        return self._digest(_rel(self, path), path)

    def _digest(self, name: str, path: Path | str) -> str | None:
        """:meth:`digest` of the file ``name`` (relative to the project) at ``path``."""
        if name in self._digests:
            return self._digests[name]
        self._names.add(name)
        signature = _signature(path)
        record = self.files.get(name)
        if signature is not None and record is not None and record[:4] == signature:
            found = record[4]
        else:
            found = _file_digest(path) if signature is not None else None
            if self.path is not None:
                if self.files.pop(name, None) is not None:
                    self._changed.add(name)
                if found is not None and max(signature[1], signature[2]) < (  # type: ignore[index]
                        self.started - RACY_NS):
                    self.files[name] = [*signature, found]  # type: ignore[misc]
                    self._changed.add(name)
        self._digests[name] = found
        return found

    def inputs(self, *paths: Path | str) -> dict[str, str | None]:
        """The input hashes of a unit, by file name relative to the project (a path as
        text, such as :meth:`Config.po_file`'s, costs no pathlib)."""
        if self.path is None:
            return {_rel(self, p): None for p in paths}
        return {name: self._digest(name, p) for p in paths for name in (_rel(self, p),)}

    def recorded_extras(self, command: str, unit: str) -> list[str]:
        """The inputs other than files recorded for ``unit`` (to see which kinds a command
        recorded); empty when there is no record."""
        record = self._section(command).units.get(unit) if self.path is not None else None
        extras = record[3] if record else None
        return extras if isinstance(extras, list) else []

    def recorded_info(self, command: str, unit: str) -> dict[str, Any]:
        """The report of ``unit``'s record, whether or not its inputs still match (for what
        the last run said of a file it wrote, which the caller checks by hash); empty when
        there is no record."""
        record = self._section(command).units.get(unit) if self.path is not None else None
        return record[2] if record and isinstance(record[2], dict) else {}

    def lookup(self, command: str, unit: str, inputs: dict[str, Any]) -> dict[str, Any] | None:
        """The record stored for ``unit`` if its inputs and outputs are unchanged, else None."""
        if self.path is None:
            return None
        section = self.sections.get(command) or self._section(command)
        section.files.update(self._names.intersection(inputs))
        record = section.units.get(unit)
        if not record:
            return None
        section.files.update(record[1])
        outputs = [(name, self._digest(name, self._prefix + name)) for name in record[1]]
        if record[0] != _unit_key(inputs, outputs):
            return None
        return record[2] if isinstance(record[2], dict) else None

    def store(self, command: str, unit: str, inputs: dict[str, Any],
              outputs: dict[Path, bytes] | dict[Path | str, bytes],
              info: dict[str, Any], hashes: dict[Path | str, str] | None = None) -> None:
        """Record a unit that was just done: its inputs, the bytes written, its report.

        A file that is both input and output (a catalog that update rewrote) is recorded
        with the hash of what was written.  ``hashes``: :func:`digest_bytes` of outputs
        the caller has hashed already (by the same path), not hashed again.
        """
        if self.path is None:
            return
        section = self._section(command)
        written = {}
        extras = sorted(name for name in inputs if name not in self._names)
        inputs = dict(inputs)
        for path, data in outputs.items():
            name = _rel(self, path)
            known = hashes.get(path) if hashes else None
            written[name] = self._digests[name] = known or digest_bytes(data)
            if name in inputs:
                inputs[name] = written[name]
            # Just written with ``data``: its stat vouches for it once the cache file,
            # written after it, is newer (the racy rule in :meth:`open`).
            signature = _signature(path)
            self.files.pop(name, None)
            if signature is not None:
                self.files[name] = [*signature, written[name]]
            self._changed.add(name)
            self._names.add(name)
        section.files.update(name for name in inputs if name in self._names)
        section.files.update(written)
        section.units[unit] = [_unit_key(inputs, written.items()), list(written), info, extras]
        section.dirty = True

    def save(self) -> None:
        """Write the sections this run changed, atomically (no-op when disabled).

        All in one :func:`~kilocale.io.fs.write_all`: a build changes three sections (its
        own, stats' and extract's), and one transaction writes and syncs them together
        instead of one after the other.
        """
        if self.path is None:
            return
        plans = []
        for command, section in self.sections.items():
            if not (section.dirty or section.files & self._changed):
                continue
            files = {name: self.files[name] for name in sorted(section.files)
                     if name in self.files}
            # ASCII (non-ASCII characters escaped): json's faster encoder, an encoding
            # that is a copy, and a file that parses faster too, for 5 % more bytes of
            # German text (update's 35 MB memory section: 290 -> 191 ms to make).
            text = json.dumps({"format": FORMAT, "kilocale": __version__, "key": self.key,
                               "units": section.units, "files": files},
                              separators=(",", ":"))
            plans.append(WritePlan(self.path / f"{command}.json", (text + "\n").encode("ascii")))
        if plans:
            self.path.mkdir(parents=True, exist_ok=True)
            write_all(plans)


@without_cycle_collector
def _load_json(data: bytes) -> Any:
    """``json.loads(data)``, without the cyclic collector: parsed records hold no cycles,
    and the collector's passes over them while they are made were a quarter of the time
    to read update's 35 MB translation-memory section (167 -> 120 ms)."""
    return json.loads(data)


def _rel(cache: Cache, path: Path | str) -> str:
    """``path`` relative to the project, as the cache names files (``path.relative_to``,
    as text: pathlib's is a large share of a run that only compares a thousand stats)."""
    text = path if type(path) is str else str(path)
    if cache.path is not None and text.startswith(cache._prefix):
        return text[len(cache._prefix):].replace(os.sep, "/")
    path = Path(path)
    if cache.path is None:
        return path.as_posix()
    try:
        return path.relative_to(cache.path.parent).as_posix()
    except ValueError:
        return path.as_posix()

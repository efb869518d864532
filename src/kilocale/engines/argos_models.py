"""Argos Translate packages: list the installed ones, install from a file or the Argos index.

``install_archive`` is offline.  ``install_pair`` downloads the package index and the
package: it is the only network access in kilocale, and runs only on the explicit
``kilocale models install SRC TGT`` command.

Installing is done here rather than with ``argostranslate.package.install_from_path``
because that function imports ``argostranslate.translate`` afterwards (to clear a
cache), which imports Stanza and torch; and ``get_available_packages`` retries the
download forever when the index cannot be fetched.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kilocale.engines.argos import PIVOT, argos_code, import_argos_package, installed_packages
from kilocale.errors import EngineError


@dataclass(frozen=True)
class PackageInfo:
    """An Argos package: language pair, version and where it is (or comes from)."""

    from_code: str
    to_code: str
    version: str
    location: str

    def __str__(self) -> str:
        return f"{self.from_code} → {self.to_code}  {self.version or '?'}  {self.location}"


def _info(pkg) -> PackageInfo:
    return PackageInfo(pkg.from_code, pkg.to_code, pkg.package_version, str(pkg.package_path))


def list_packages() -> list[PackageInfo]:
    """The installed translation packages, sorted by language pair."""
    return sorted((_info(p) for p in installed_packages()), key=lambda i: (i.from_code, i.to_code))


def install_archive(path: Path) -> PackageInfo:
    """Install a ``.argosmodel`` file (a zip of one directory with ``metadata.json``), offline."""
    package = import_argos_package()
    settings = package.settings
    if not path.is_file():
        raise EngineError("no such file", str(path))
    if not zipfile.is_zipfile(path):
        raise EngineError("not an Argos package (not a zip archive)", str(path))
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n]
        tops = {PurePosixPath(n).parts[0] for n in names}
        if len(tops) != 1 or any(".." in PurePosixPath(n).parts or n.startswith("/") for n in names):
            raise EngineError("not an Argos package (expected one top-level directory)", str(path))
        (top,) = tops
        try:
            meta = json.loads(zf.read(f"{top}/metadata.json"))
        except KeyError:
            raise EngineError("not an Argos package (no metadata.json)", str(path)) from None
        if not meta.get("from_code") or not meta.get("to_code"):
            raise EngineError("metadata.json lacks from_code/to_code", str(path))
        dest_root = Path(settings.package_data_dir)
        dest_root.mkdir(parents=True, exist_ok=True)
        dest = dest_root / top
        if dest.exists():
            shutil.rmtree(dest)
        zf.extractall(dest_root)
    return _info(package.Package(dest))


def install_pair(source: str, target: str) -> list[PackageInfo]:
    """Download and install the package(s) for ``source`` → ``target`` from the Argos index.

    A direct package is preferred; else ``source → en`` and ``en → target`` (those not yet
    installed).  Network access happens here and nowhere else in kilocale.
    """
    package = import_argos_package()
    src, tgt = argos_code(source), argos_code(target)
    url = package.settings.remote_package_index
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            index = json.loads(response.read())
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot fetch the Argos package index {url}: {exc}") from None
    available = {(m.get("from_code"), m.get("to_code")): m for m in index
                 if m.get("type", "translate") == "translate"}
    have = {(p.from_code, p.to_code) for p in installed_packages()}
    if (src, tgt) in available:
        wanted = [(src, tgt)]
    elif (src, PIVOT) in available and (PIVOT, tgt) in available:
        wanted = [pair for pair in ((src, PIVOT), (PIVOT, tgt)) if pair not in have]
    else:
        codes = "" if (src, tgt) == (source, target) else f" (Argos codes {src} → {tgt})"
        raise EngineError(f"the Argos index has no package for {source} → {target}{codes}, "
                          f"direct or through {PIVOT}")
    installed = []
    for pair in wanted:
        pkg = package.AvailablePackage(available[pair])
        try:
            archive = pkg.download()
        except Exception as exc:  # argostranslate raises bare Exception on download failure
            raise EngineError(f"download of {pair[0]} → {pair[1]} failed: {exc}") from None
        installed.append(install_archive(Path(archive)))
    return installed

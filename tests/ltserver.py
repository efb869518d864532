"""A real LibreTranslate server for tests and benchmarks, offline and on 127.0.0.1 only.

LibreTranslate runs from its own virtualenv (``scripts/install-libretranslate.sh``,
``.venv-lt``) with the Argos packages installed under ``base/packages`` (two or more, or
it fetches the model index at start).  :data:`LAUNCHER` starts it after replacing its
sentence splitter (MiniSBD downloads an ONNX model on the first translation; kilocale
sends single sentences anyway) with a no-op, and after making every connection and name
lookup that is not loopback fail and be logged to ``base/network.log``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import tinyargos

ROOT = Path(__file__).resolve().parents[1]
LT_VENV = Path(os.environ.get("KILOCALE_LT_VENV", ROOT / ".venv-lt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



LAUNCHER = '''\
"""Start LibreTranslate offline: no sentence-splitter download, no connection off loopback."""
import ipaddress, os, socket, sys

LOG = os.environ["KILOCALE_NET_LOG"]


def loopback(host):
    host = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def log(what):
    with open(LOG, "a", encoding="utf-8") as fh:
        fh.write(what + "\\n")


_connect = socket.socket.connect


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not loopback(address[0]):
        log(f"connect {address!r}")
        raise OSError(f"offline test: connection to {address!r} refused")
    return _connect(self, address)


_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    if host is not None and not loopback(host):
        log(f"resolve {host!r}")
        raise socket.gaierror(f"offline test: lookup of {host!r} refused")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.getaddrinfo = getaddrinfo

import argostranslate.sbd as sbd  # noqa: E402

sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]

from libretranslate.main import main  # noqa: E402

sys.argv = ["libretranslate", *sys.argv[1:]]
main()
'''


class Server:
    """LibreTranslate from ``venv`` on a free 127.0.0.1 port, packages and data under ``base``."""

    def __init__(self, base: Path, venv: Path, extra_env: dict[str, str] | None = None):
        self.base = base
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.net_log = base / "network.log"
        self.net_log.write_text("", encoding="utf-8")
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(base / "home"),
               "KILOCALE_NET_LOG": str(self.net_log), **tinyargos.argos_env(base), **(extra_env or {})}
        (base / "home").mkdir()
        (base / "launch.py").write_text(LAUNCHER, encoding="utf-8")
        self.log = open(base / "libretranslate.log", "wb")
        self.process = subprocess.Popen(
            [str(venv / "bin" / "python"), str(base / "launch.py"), "--host", "127.0.0.1",
             "--port", str(self.port), "--load-only", "de,en", "--disable-web-ui"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=base)

    def wait(self, limit: float = 90.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("LibreTranslate exited:\n" + self.output())
            try:
                with urllib.request.urlopen(self.url + "/languages", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"LibreTranslate not ready after {limit:.0f} s:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        return (self.base / "libretranslate.log").read_text(encoding="utf-8", errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

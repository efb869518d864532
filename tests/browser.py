"""Look at built pages the way a reader's browser does: screenshots, axe-core, Nu checker.

Test helper, not part of the package.  ``scripts/install-browser.sh`` installs what it
drives: Debian's ``chromium`` and ``fonts-noto-cjk``, and the npm packages ``axe-core``,
``vnu-jar`` (the Nu HTML checker, run with the system ``java``) and ``playwright-core``
(only its protocol client: it drives the system Chromium, it downloads no browser) into
``<venv>/node/node_modules``.

Principles:

* **One browser per call.**  :func:`survey` opens headless Chromium once and visits every
  (page, width) pair, so a test of all editions at three widths costs one launch.
* **Served, not opened as files.**  :func:`serve` starts an HTTP server on 127.0.0.1 with
  a free port, so pages are checked as a web server would deliver them.
* **Nothing from the network.**  Chromium runs with background networking, component
  updates, sync and QUIC off and a fresh profile; the checker runs offline.
* **Skip, don't fail, where the tools are missing**: :func:`missing` says what is absent,
  for ``pytest.skip``; CI installs everything, so there the checks always run.

Typical use::

    with serve(build_dir) as base:
        results = survey([f"{base}/en/article.html"], widths=(360, 1280), shots=tmp_path)
    assert all(r.axe == [] for r in results)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PageResult", "missing", "serve", "survey", "screenshot", "axe", "evaluate",
           "nu_check", "node_modules", "chromium_path"]

# Flags for a headless Chromium running as root on a machine without network: no sandbox
# (root), no GPU, and nothing that phones home.  The fresh profile comes from the driver.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars")


def node_modules() -> Path:
    """Where install-browser.sh puts the npm packages: ``$KILOCALE_NODE_MODULES`` or
    ``<venv>/node/node_modules``."""
    env = os.environ.get("KILOCALE_NODE_MODULES")
    return Path(env) if env else Path(sys.prefix) / "node" / "node_modules"


def chromium_path() -> str | None:
    """The Chromium binary: the real one behind Debian's wrapper script when present."""
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "",
                      shutil.which("chromium-browser") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing() -> str | None:
    """What is missing to run the browser checks (None when everything is there)."""
    mods = node_modules()
    needs = {
        "chromium": chromium_path(),
        "node": shutil.which("node"),
        "java": shutil.which("java"),
        "axe-core": (mods / "axe-core" / "axe.min.js").is_file() or None,
        "playwright-core": (mods / "playwright-core" / "package.json").is_file() or None,
        "vnu-jar": (mods / "vnu-jar" / "build" / "dist" / "vnu.jar").is_file() or None,
    }
    absent = [name for name, found in needs.items() if not found]
    if absent:
        return "not installed (run scripts/install-browser.sh): " + ", ".join(absent)
    return None


# ----------------------------------------------------------------------------- serving

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".md": "text/markdown; charset=utf-8"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        # Browsers ask for /favicon.ico by themselves; an empty answer keeps a missing icon
        # out of the console errors the tests assert on.
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ----------------------------------------------------------------------------- browser

# The driver: reads a JSON job from stdin, visits every (url, width), writes JSON results.
_DRIVER = r"""
const { chromium } = require('playwright-core');
const fs = require('fs');
(async () => {
  const job = JSON.parse(fs.readFileSync(0, 'utf8'));
  const axeSource = job.axe ? fs.readFileSync(job.axe, 'utf8') : null;
  const browser = await chromium.launch({
    executablePath: job.chromium, headless: true, args: job.flags, chromiumSandbox: false,
  });
  const results = [];
  try {
    for (const visit of job.visits) {
      const context = await browser.newContext({
        viewport: { width: visit.width, height: visit.height },
        deviceScaleFactor: 1, colorScheme: job.colorScheme || 'light',
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', e => errors.push(String(e)));
      page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
      const response = await page.goto(visit.url, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const out = { url: visit.url, width: visit.width, status: response ? response.status() : 0,
                    scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth),
                    errors };
      if (visit.script) out.value = await page.evaluate(`(${visit.script})()`);
      if (visit.screenshot) await page.screenshot({ path: visit.screenshot, fullPage: true });
      if (visit.tiles) {  // the full page cut into viewport-high pieces a person can read
        const total = await page.evaluate(() => document.documentElement.scrollHeight);
        out.tiles = [];
        for (let y = 0, n = 1; y < total; y += visit.height, n++) {
          const path = visit.tiles.replace('%d', String(n).padStart(2, '0'));
          await page.screenshot({ path, fullPage: true, clip: { x: 0, y, width: visit.width,
                                                              height: Math.min(visit.height, total - y) } });
          out.tiles.push(path);
        }
      }
      if (axeSource) {
        await page.addScriptTag({ content: axeSource });
        const axe = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')) }));
        });
        out.axe = axe;
      }
      results.push(out);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
})().catch(e => { console.error(e && e.stack || String(e)); process.exit(1); });
"""


@dataclass
class PageResult:
    """What the browser saw of one page at one width.

    Attributes:
        url: the page's URL.
        width: the viewport width in CSS pixels.
        status: the HTTP status of the page.
        scroll_width: the document's scroll width; larger than ``width`` when something
            overflows sideways.
        errors: script errors and console errors.
        axe: axe-core violations (id, impact, help, nodes) when axe ran, else None.
        value: what ``script`` returned, when one was given.
        screenshot: the PNG written, when one was asked for.
        tiles: the page cut into viewport-high PNGs, when asked for.
    """

    url: str
    width: int
    status: int
    scroll_width: int
    errors: list[str] = field(default_factory=list)
    axe: list[dict] | None = None
    value: object = None
    screenshot: Path | None = None
    tiles: list[Path] = field(default_factory=list)


def _shot_name(url: str, width: int) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1] or "index.html"
    return f"{path.replace('/', '_').rsplit('.', 1)[0]}-{width}.png"


def survey(urls: Iterable[str], *, widths: Sequence[int] = (360, 390, 1280), height: int = 800,
           shots: Path | None = None, tiles: bool = False, run_axe: bool = False,
           script: str | None = None, timeout: float = 300.0) -> list[PageResult]:
    """Visit every URL at every width in one headless Chromium.

    Args:
        urls: pages to visit (served by :func:`serve`).
        widths: viewport widths in CSS pixels.
        height: viewport height (screenshots take the full page whatever it is).
        shots: directory for full-page PNG screenshots named ``<path>-<width>.png``;
            none are taken when None.
        tiles: also cut each full page into ``height``-high PNGs ``<path>-<width>-NN.png``
            in ``shots``, small enough to look at one by one.
        run_axe: inject axe-core into each page and report its violations.
        script: a JavaScript function expression evaluated in each page, e.g.
            ``"() => document.title"``; its JSON result lands in ``PageResult.value``.
        timeout: seconds before the browser run is abandoned.

    Returns:
        One result per (url, width), in the order visited (URL-major).
    """
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    visits = []
    for url in urls:
        for width in widths:
            visit: dict[str, object] = {"url": url, "width": width, "height": height}
            if shots is not None:
                shots.mkdir(parents=True, exist_ok=True)
                visit["screenshot"] = str(shots / _shot_name(url, width))
                if tiles:
                    visit["tiles"] = str(shots / _shot_name(url, width)).replace(".png", "-%d.png")
            if script is not None:
                visit["script"] = script
            visits.append(visit)
    job = {"chromium": chromium_path(), "flags": list(CHROMIUM_FLAGS), "visits": visits,
           "axe": str(node_modules() / "axe-core" / "axe.min.js") if run_axe else None}
    with tempfile.TemporaryDirectory(prefix="kilocale-browser-") as tmp:
        driver = Path(tmp) / "driver.cjs"
        driver.write_text(_DRIVER, encoding="utf-8")
        env = {**os.environ, "NODE_PATH": str(node_modules()), "HOME": tmp,
               "XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp}
        proc = subprocess.run(["node", str(driver)], input=json.dumps(job), text=True,
                              capture_output=True, env=env, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"browser driver failed ({proc.returncode}):\n{proc.stderr}")
    out = []
    for raw, visit in zip(json.loads(proc.stdout), visits, strict=True):
        shot = visit.get("screenshot")
        out.append(PageResult(url=raw["url"], width=raw["width"], status=raw["status"],
                              scroll_width=raw["scrollWidth"], errors=raw["errors"],
                              axe=raw.get("axe"), value=raw.get("value"),
                              screenshot=Path(str(shot)) if shot else None,
                              tiles=[Path(t) for t in raw.get("tiles", [])]))
    return out


def screenshot(url: str, path: Path, width: int, height: int = 800) -> Path:
    """A full-page PNG of ``url`` at ``width`` CSS pixels, written to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    [result] = survey([url], widths=(width,), height=height, shots=path.parent)
    assert result.screenshot is not None
    if result.screenshot != path:
        result.screenshot.replace(path)
    return path


def axe(url: str, width: int = 1280) -> list[dict]:
    """axe-core's violations on ``url`` (empty when it passes)."""
    [result] = survey([url], widths=(width,), run_axe=True)
    return result.axe or []


def evaluate(urls: Iterable[str], script: str, widths: Sequence[int] = (360, 390, 1280)
             ) -> list[PageResult]:
    """Evaluate the JavaScript function expression ``script`` in each page at each width."""
    return survey(urls, widths=widths, script=script)


# ---------------------------------------------------------------------------- validator

def nu_check(paths: Sequence[Path], timeout: float = 300.0) -> list[dict]:
    """The Nu HTML checker's errors and warnings on the given HTML files.

    Returns:
        The checker's messages (``type``, ``message``, ``url``, ``lastLine``, …); an empty
        list when every file is valid.  Informational messages are dropped.
    """
    jar = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    proc = subprocess.run(["java", "-Xss2m", "-jar", str(jar), "--format", "json", "--stdout",
                           *map(str, paths)], capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise RuntimeError(f"vnu failed ({proc.returncode}):\n{proc.stderr}")
    messages = json.loads(proc.stdout).get("messages", [])
    return [m for m in messages if m.get("type") != "info"]

"""The shipped pages in a real browser: valid HTML, no accessibility violations, no overflow.

Needs what ``scripts/install-browser.sh`` installs (CI has it); skipped elsewhere.
Set ``KILOCALE_SHOTS=/some/dir`` to keep the screenshots for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import browser
from kilocale.cli import cli

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=str(browser.missing()))

PAGES = ("index.html", "de/article.html", "en/article.html", "fr/article.html",
         "es/article.html", "zh_CN/article.html")
WIDTHS = (360, 390, 1280)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import ROOT
    dest = tmp_path_factory.mktemp("browser") / "project"
    dest.mkdir()
    for name in ("pyproject.toml", "glossary.yaml"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "source", dest / "source")
    shutil.copytree(ROOT / "locales", dest / "locales")
    result = CliRunner().invoke(cli, ["-C", str(dest), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return dest / "build"


@pytest.fixture(scope="module")
def seen(built: Path, tmp_path_factory: pytest.TempPathFactory) -> list[browser.PageResult]:
    shots = Path(os.environ.get("KILOCALE_SHOTS") or tmp_path_factory.mktemp("shots"))
    with browser.serve(built) as base:
        return browser.survey([f"{base}/{p}" for p in PAGES], widths=WIDTHS, shots=shots,
                              run_axe=True)


def test_every_page_passes_the_nu_html_checker(built: Path) -> None:
    messages = browser.nu_check([built / p for p in PAGES])
    assert messages == []


def test_every_page_at_every_width_has_no_axe_violation(seen: list[browser.PageResult]) -> None:
    assert len(seen) == len(PAGES) * len(WIDTHS)
    found = {(r.url.rsplit("/", 2)[-2:][-1], r.width): r.axe for r in seen if r.axe}
    assert all(r.axe is not None for r in seen)
    assert found == {}


def test_pages_load_without_errors_and_never_scroll_sideways(
        seen: list[browser.PageResult]) -> None:
    for r in seen:
        assert r.status == 200, r.url
        assert r.errors == [], r.url
        assert r.scroll_width <= r.width, (r.url, r.width, r.scroll_width)
        assert r.screenshot is not None and r.screenshot.stat().st_size > 5000
        assert r.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_checkers_do_see_faults(tmp_path: Path) -> None:
    # A checker that reports nothing because it did not run would pass the tests above.
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                   '<img src="a.png"><p><div>x</div></p></body></html>', encoding="utf-8")
    assert any(m["type"] == "error" for m in browser.nu_check([bad]))
    with browser.serve(tmp_path) as base:
        [result] = browser.survey([f"{base}/bad.html"], widths=(390,), run_axe=True)
    assert {"image-alt", "html-has-lang"} <= {v["id"] for v in result.axe or []}

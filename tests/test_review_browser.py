"""The review page in a real browser: valid HTML, no axe violations, filters without JS.

Needs what ``scripts/install-browser.sh`` installs (CI has it); skipped elsewhere.
Set ``KILOCALE_SHOTS=/some/dir`` to keep the screenshots for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import browser
from test_review import reviewed_project, run  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.skipif(browser.missing() is not None,
                                reason=str(browser.missing()))

WIDTHS = (390, 1280)
# Clicks each filter the way a reader does and counts the rows left visible.
COUNT_VISIBLE = """() => {
  const visible = () => [...document.querySelectorAll('tr.entry')]
      .filter(r => r.getClientRects().length > 0).length;
  const out = {all: visible()};
  for (const id of ['show-review', 'show-findings', 'show-all']) {
    document.querySelector(`label[for=${id}]`).click();
    out[id] = visible();
  }
  out.scripts = document.scripts.length;
  return out;
}"""


@pytest.fixture
def pages(reviewed_project: Path) -> Path:  # noqa: F811 - pytest fixture injection
    assert run(reviewed_project, "add-language", "pt_BR")[0] == 0
    assert run(reviewed_project, "pretranslate", "-l", "pt_BR", "--engine", "pseudo")[0] == 0
    code, _, err = run(reviewed_project, "review")
    assert code == 0, err
    return reviewed_project / "build/review"


def test_review_pages_pass_axe_and_nu_and_filter_without_javascript(pages: Path,
                                                                    tmp_path: Path) -> None:
    names = ("fr.html", "pt_BR.html", "zh_CN.html")
    assert browser.nu_check([pages / n for n in names]) == []
    shots = Path(os.environ.get("KILOCALE_SHOTS") or tmp_path / "shots")
    with browser.serve(pages) as base:
        seen = browser.survey([f"{base}/{n}" for n in names], widths=WIDTHS, shots=shots,
                              run_axe=True)
        filtered = browser.evaluate([f"{base}/fr.html"], COUNT_VISIBLE, widths=WIDTHS)
    assert len(seen) == len(names) * len(WIDTHS)
    for r in seen:
        assert r.status == 200 and r.errors == [], r.url
        assert r.axe == [], (r.url, r.width, r.axe)
        assert r.scroll_width <= r.width, (r.url, r.width, r.scroll_width)
    for r in filtered:  # fr: 94 entries, 4 need review (fuzzy, memory, 2 untranslated), 1 finding
        assert r.value == {"all": 94, "show-review": 4, "show-findings": 1, "show-all": 94,
                           "scripts": 0}, r.width

"""Shared fixtures: a throwaway copy of the project, so no test writes into the repository."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples on every run (a red CI lands nothing, so it must not depend
# on the draw); local runs keep drawing new ones, which is how the BOM and footnote
# examples pinned in test_markdown.py / test_structure.py were found.
# No deadline anywhere: an example that takes longer on a busy machine is not a failure
# (speed is what benchmarks/ measures), and a CI run must not turn red by the load.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite tests/data/golden/* from the code instead of comparing; "
                          "read every changed file (git diff) before committing it.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run regenerates the golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


def copy_project(parent: Path) -> Path:
    """A copy of the shipped project (config, source, glossary, locales) in parent/project."""
    dest = parent / "project"
    dest.mkdir()
    for name in ("pyproject.toml", "glossary.yaml"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "source", dest / "source")
    shutil.copytree(ROOT / "locales", dest / "locales")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project in tmp_path."""
    return copy_project(tmp_path)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to prove a command changed nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}

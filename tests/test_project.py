"""The project shell: one place that knows the paths, shared by the commands."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kilocale.config import load_config
from kilocale.errors import CatalogError, KilocaleError
from kilocale.project import Project

SRC = Path(__file__).resolve().parent.parent / "src" / "kilocale"


def _kilocale_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kilocale"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("kilocale")}
    return names


def test_pipeline_and_pretranslate_do_not_import_each_other() -> None:
    assert "kilocale.pipeline" not in _kilocale_imports(SRC / "pretranslate.py")
    assert "kilocale.pretranslate" not in _kilocale_imports(SRC / "pipeline.py")
    assert "kilocale.project" in _kilocale_imports(SRC / "pretranslate.py")
    assert "kilocale.project" in _kilocale_imports(SRC / "pipeline.py")


def test_project_lists_and_loads_the_shipped_files(project: Path) -> None:
    proj = Project(load_config(project))
    assert proj.documents() == ["article"] and proj.template_docs() == ["article"]
    assert proj.source_text("article").startswith("# DeepSeek")
    assert proj.catalog("fr", "article").entries
    assert proj.template("article").entries
    assert proj.catalog("fr", "nothing") is None
    assert proj.glossary is proj.glossary  # loaded once


def test_loading_errors_name_the_display_path(project: Path) -> None:
    proj = Project(load_config(project))
    po = project / "locales/fr/LC_MESSAGES/article.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "x"\nbroken\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        proj.catalog("fr", "article")
    assert str(info.value).startswith("locales/fr/LC_MESSAGES/article.po:")
    (project / "source/de/article.md").write_bytes(b"\xff\xfe kaputt")
    with pytest.raises(KilocaleError) as info:
        proj.source_text("article")
    assert str(info.value).startswith("source/de/article.md")


def test_no_glossary_file_is_none(project: Path) -> None:
    (project / "glossary.yaml").unlink()
    assert Project(load_config(project)).glossary is None


def test_build_plans_everything_before_writing_anything(project: Path) -> None:
    from conftest import snapshot
    from kilocale import pipeline

    config = load_config(project)
    before = snapshot(project)
    plan = pipeline.plan_build(config, config.languages)
    assert snapshot(project) == before and not (project / "build").exists()
    paths = [config.rel(path) for _edition, path, _data in plan.outputs]
    assert "build/index.html" in paths and "build/fr/article.md" in paths
    report = pipeline.write_build(config, plan)
    assert all(e.changed for e in report.editions)
    for _edition, path, data in plan.outputs:
        assert path.read_bytes() == data
    again = pipeline.build(config, config.languages)
    assert not any(e.changed for e in again.editions)

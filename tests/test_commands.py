"""Every command of the CLI, found by walking the click group (so new commands are covered
without editing this file): each has --help, and none but `models` imports the MT stack."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kilocale.cli import cli

HEAVY = ("argostranslate", "ctranslate2", "sentencepiece", "torch", "stanza", "spacy", "minisbd")
# Commands whose job is the MT stack itself; every other command must work without it.
MT_COMMANDS = ("models",)
# Arguments that make a command do its real work offline; others run without arguments.
ARGS = {("pretranslate",): ["--engine", "pseudo", "--dry-run"]}


def command_paths(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand as the words that invoke it, groups included."""
    paths = []
    for name, command in sorted(group.commands.items()):
        path = prefix + (name,)
        paths.append(path)
        if isinstance(command, click.Group):
            paths += command_paths(command, path)
    return paths


def test_the_walk_finds_the_known_commands() -> None:
    found = set(command_paths())
    assert {("extract",), ("update",), ("pretranslate",), ("stats",), ("build",), ("check",),
            ("glossary",), ("glossary", "suggest"), ("models",), ("models", "list"),
            ("models", "install")} <= found


@pytest.mark.parametrize("path", [(), *command_paths()], ids=lambda p: " ".join(p) or "kilocale")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ") and " ".join(("cli", *path)) in result.output


def test_no_command_but_models_imports_the_mt_stack(project: Path) -> None:
    """One subprocess: import every kilocale module, ask every command for --help, then run
    every command that is not about MT models on a copy of the project; after each step,
    no MT module may have been imported."""
    code = f"""
import importlib, pkgutil, sys
from click.testing import CliRunner
import kilocale
from kilocale.cli import cli
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_commands import ARGS, MT_COMMANDS, command_paths

def heavy():
    return sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})

steps = []
for info in pkgutil.walk_packages(kilocale.__path__, 'kilocale.'):
    importlib.import_module(info.name)
    steps.append(('import ' + info.name, heavy()))
runner = CliRunner()
runner.invoke(cli, ['--help'])
steps.append(('kilocale --help', heavy()))
for path in command_paths():
    runner.invoke(cli, [*path, '--help'])
    steps.append((' '.join(path) + ' --help', heavy()))
for path in command_paths():
    if path[0] in MT_COMMANDS:
        continue
    runner.invoke(cli, ['-C', {str(project)!r}, *path, *ARGS.get(path, [])])
    steps.append((' '.join(path), heavy()))
bad = [(step, mods) for step, mods in steps if mods]
print(len(steps), bad[:1])
sys.exit(1 if bad else 0)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert int(proc.stdout.split()[0]) > 20  # the walk really ran

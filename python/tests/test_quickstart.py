"""The README's Python example, examples/python/quickstart.py, runs and typechecks on the installed wheel."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES_PACKAGE, REPO

import protoevents
from protoevents.registry import events

QUICKSTART_OUTPUT = "user.created v1: Ada Lovelace <ada@example.com>\naggregate u-1001, tenant acme\n"


def examples_mismatch() -> list[str]:
    """Why the README's examples cannot run here (examples/written-for.json), or []: they are written
    for example events of proto/ under the default package names, which an organisation replaces."""
    written_for = json.loads((REPO / "examples" / "written-for.json").read_text(encoding="utf-8"))
    reasons = []
    if protoevents.__name__ != written_for["pythonImport"]:
        reasons.append(f'they import "{written_for["pythonImport"]}", not "{protoevents.__name__}"')
    have = {(e.name, e.version) for e in events}
    missing = [f"{e['name']} {e['version']}" for e in written_for["events"] if (e["name"], e["version"]) not in have]
    if missing:
        reasons.append(f"they use {', '.join(missing)}, which proto/ does not hold")
    return reasons


EXAMPLES_MISMATCH = examples_mismatch()
needs_the_examples_events = pytest.mark.skipif(
    bool(EXAMPLES_MISMATCH), reason=f"the README's examples are not run: {'; '.join(EXAMPLES_MISMATCH)}"
)


def run_mypy(target: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(target)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(FIXTURES_PACKAGE)},
    )


@needs_the_examples_events
def test_decode_limits_example_runs_and_passes_mypy_strict(repo: Path, tmp_path: Path) -> None:
    script = repo / "examples" / "python" / "decode_limits.py"
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout == "LIMIT_EXCEEDED maxBytes 2097152 1048576\n"
    checked = run_mypy(script, tmp_path)
    assert checked.returncode == 0, checked.stdout


@needs_the_examples_events
def test_peek_example_runs_and_passes_mypy_strict(repo: Path, tmp_path: Path) -> None:
    script = repo / "examples" / "python" / "peek.py"
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout == "user.created v1 u-1001 0190b6a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b\n"
    checked = run_mypy(script, tmp_path)
    assert checked.returncode == 0, checked.stdout


@needs_the_examples_events
def test_quickstart_runs(repo: Path, tmp_path: Path) -> None:
    script = repo / "examples" / "python" / "quickstart.py"
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout == QUICKSTART_OUTPUT


@needs_the_examples_events
def test_quickstart_passes_mypy_strict(repo: Path, tmp_path: Path) -> None:
    result = run_mypy(repo / "examples" / "python" / "quickstart.py", tmp_path)
    assert result.returncode == 0, result.stdout


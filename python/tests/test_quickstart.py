"""The README's Python example, examples/python/quickstart.py, runs and typechecks on the installed wheel."""

import subprocess
import sys
from pathlib import Path

QUICKSTART_OUTPUT = "user.created v1: Ada Lovelace <ada@example.com>\naggregate u-1001, tenant acme\n"


def run_mypy(target: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(target)], cwd=cwd, capture_output=True, text=True
    )


def test_quickstart_runs(repo: Path, tmp_path: Path) -> None:
    script = repo / "examples" / "python" / "quickstart.py"
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout == QUICKSTART_OUTPUT


def test_quickstart_passes_mypy_strict(repo: Path, tmp_path: Path) -> None:
    result = run_mypy(repo / "examples" / "python" / "quickstart.py", tmp_path)
    assert result.returncode == 0, result.stdout


def test_unwrap_narrows_only_after_checking_name_and_version(tmp_path: Path) -> None:
    consumer = tmp_path / "consumer.py"
    consumer.write_text(
        "from protoevents import Envelope, unwrap\n"
        "from protoevents.user import v2\n"
        "event = unwrap(Envelope())\n"
        "if event.name == 'user.created':\n"
        "    reveal_type(event.payload)\n"
        "    if event.version == 'v2':\n"
        "        given: str = event.payload.given_name\n"
        "        exact: v2.UserCreated = event.payload\n"
        "print(event.payload.name)\n",
        encoding="utf-8",
    )
    result = run_mypy(consumer, tmp_path)
    assert 'Revealed type is "protoevents.user.v1.user_created_pb2.UserCreated | protoevents.user.v2.user_created_pb2.UserCreated"' in result.stdout
    # Without the checks, payload is any event: not every one has a `name` field.
    assert 'consumer.py:9: error: Item "UserEmailChanged" of' in result.stdout
    assert "consumer.py:7" not in result.stdout and "consumer.py:8" not in result.stdout

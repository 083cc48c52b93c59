"""`protoevents.nats` needs nats-py (the `nats` extra) and says so when it is missing; the package
and the router import without it. Run in every test venv: the latest has nats-py, the others do not."""

import importlib
import subprocess
import sys

import pytest

from conftest import NATS_EXTRA_INSTALLED


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Runs code in a fresh interpreter of this venv, with nats unimportable."""
    blocker = "import sys; sys.modules['nats'] = None\n"
    return subprocess.run([sys.executable, "-c", blocker + code], capture_output=True, text=True)


def test_the_package_and_the_router_import_without_nats_py() -> None:
    result = run_python(
        "import package_alias; package_alias.install()\n"
        "import protoevents, protoevents.router\n"
        "print(protoevents.router.Router().events.entries)"
    )
    assert (result.returncode, result.stdout) == (0, "()\n"), result.stderr


def test_protoevents_nats_without_nats_py_raises_an_import_error_naming_the_extra() -> None:
    result = run_python(
        "import package_alias; package_alias.install()\n"
        "try:\n"
        "    import protoevents.nats\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, error.name, error)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ImportError nats "), result.stdout
    assert "pip install 'protoevents[nats]'" in result.stdout


@pytest.mark.skipif(not NATS_EXTRA_INSTALLED, reason="nats-py is installed in the latest test venv only")
def test_protoevents_nats_imports_with_nats_py() -> None:
    nats = importlib.import_module("protoevents.nats")
    assert {"Consumer", "Publisher", "ensure_streams"} <= set(nats.__all__)

"""`import protoevents` and `protoevents.router` need no Kafka client; `protoevents.kafka` needs
confluent-kafka (the `kafka` extra) and says so when it is missing. Run in every test venv: the
latest has confluent-kafka, the others do not."""

import importlib.util
import subprocess
import sys

import pytest

HAS_CONFLUENT_KAFKA = importlib.util.find_spec("confluent_kafka") is not None


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Runs code in a fresh interpreter of this venv, with confluent_kafka unimportable."""
    blocker = "import sys; sys.modules['confluent_kafka'] = None\n"
    return subprocess.run([sys.executable, "-c", blocker + code], capture_output=True, text=True)


def test_the_package_and_the_router_import_without_confluent_kafka() -> None:
    result = run_python(
        "import package_alias; package_alias.install()\n"
        "import protoevents, protoevents.router\n"
        "assert 'confluent_kafka' not in sys.modules or sys.modules['confluent_kafka'] is None\n"
        "print(protoevents.router.Router().events.entries)"
    )
    assert (result.returncode, result.stdout) == (0, "()\n"), result.stderr


def test_protoevents_kafka_without_confluent_kafka_raises_an_import_error_naming_the_extra() -> None:
    result = run_python(
        "import package_alias; package_alias.install()\n"
        "try:\n"
        "    import protoevents.kafka\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, error.name, error)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ImportError confluent_kafka "), result.stdout
    assert "pip install 'protoevents[kafka]'" in result.stdout


@pytest.mark.skipif(not HAS_CONFLUENT_KAFKA, reason="confluent-kafka is installed in the latest test venv only")
def test_protoevents_kafka_imports_with_confluent_kafka() -> None:
    kafka = importlib.import_module("protoevents.kafka")
    assert {"Consumer", "Publisher"} <= set(kafka.__all__)

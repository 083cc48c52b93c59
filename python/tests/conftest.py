"""Shared fixtures: the repository's files, the shared vectors, the framework's fixture events,
and message classes by name.

The tests import `protoevents` from the venv the build installed the wheel into; they run from
python/tests/, where no source tree of the package is importable. The framework's own events,
generated from testdata/fixtures/ by `npm test`, are the package `protoevents_fixtures` in
gen/fixtures/python-package/, put on `sys.path` here, before any test module imports it.
"""

import importlib
import importlib.util
import json
import pkgutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import package_alias
import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import ParseDict
from google.protobuf.message import Message
from hypothesis import settings

# Before the first `import protoevents`: the installed package may have another import name.
IMPORT_NAME = package_alias.install()

import protoevents  # noqa: E402  (after the alias)

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "testdata" / "vectors"
FIXTURES_PACKAGE = REPO / "gen" / "fixtures" / "python-package"

if not (FIXTURES_PACKAGE / "protoevents_fixtures" / "registry.py").is_file():
    pytest.exit(
        f"the generated test fixtures are missing: no protoevents_fixtures package in {FIXTURES_PACKAGE}; "
        "run `npm test` in the repository root, which generates them first",
        returncode=pytest.ExitCode.USAGE_ERROR,
    )
sys.path.insert(0, str(FIXTURES_PACKAGE))

import protoevents_fixtures  # noqa: E402  (importable only once its folder is on sys.path)

settings.register_profile("protoevents", database=None, deadline=None)
settings.load_profile("protoevents")


KAFKA_EXTRA_INSTALLED = importlib.util.find_spec("confluent_kafka") is not None
"""Whether confluent-kafka, the `kafka` extra, is installed: in the latest test venv only."""
NATS_EXTRA_INSTALLED = importlib.util.find_spec("nats") is not None
"""Whether nats-py, the `nats` extra, is installed: in the latest test venv only."""


def needs_a_missing_extra(module_name: str) -> bool:
    """Whether a module is of a binding (`protoevents.kafka`, `protoevents.nats` and their
    private modules) while its extra is not installed, so that importing it raises ImportError."""
    last = module_name.rsplit(".", 1)[-1]
    kafka = last == "kafka" or last.startswith("_kafka_")
    nats = last == "nats" or last.startswith("_nats_")
    return (kafka and not KAFKA_EXTRA_INSTALLED) or (nats and not NATS_EXTRA_INSTALLED)


def import_every_module(package: ModuleType) -> list[ModuleType]:
    """Imports a package and every module below it, which loads each of their schemas into the
    default descriptor pool, and returns them; not the modules of an extra not installed."""
    modules = [package]
    for found in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        if not needs_a_missing_extra(found.name):
            modules.append(importlib.import_module(found.name))
    return modules


PACKAGE_MODULES = import_every_module(protoevents)
"""Every module of the installed package, the organisation's events among them."""
FIXTURE_MODULES = import_every_module(protoevents_fixtures)
"""Every module of the framework's fixtures."""


def read_vectors(name: str) -> list[dict[str, Any]]:
    """The cases of one shared vectors file."""
    cases: list[dict[str, Any]] = json.loads((VECTORS / name).read_text(encoding="utf-8"))["cases"]
    return cases


def message_class(type_name: str) -> type[Message]:
    """A generated message class by its fully qualified proto name."""
    return message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(type_name))


def parse_message(type_name: str, value: dict[str, Any]) -> Message:
    """A message from its canonical JSON value."""
    return ParseDict(value, message_class(type_name)())


def wrap_options(options: dict[str, Any]) -> dict[str, Any]:
    """A vector's options as `wrap` keywords: the timestamp, a string in JSON, as an int."""
    keywords = dict(options)
    if "timestamp" in keywords:
        keywords["timestamp"] = int(keywords["timestamp"])
    return keywords


@pytest.fixture
def repo() -> Path:
    """The repository root."""
    return REPO

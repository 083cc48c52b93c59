"""Shared fixtures: the repository's files, the shared vectors, and message classes by name.

The tests import `protoevents` from the venv the build installed the wheel into; they run from
python/tests/, where no source tree of the package is importable.
"""

import json
import sys
from pathlib import Path
from typing import Any

import package_alias
import pytest
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import ParseDict
from google.protobuf.message import Message
from hypothesis import settings

# Before the first `import protoevents`: the installed package may have another import name.
IMPORT_NAME = package_alias.install()

import protoevents.registry  # noqa: F401  (loads every event schema into the descriptor pool)
import protoevents.order.v1  # noqa: F401  (and the value objects of order.v1)

REPO = Path(__file__).resolve().parents[2]
VECTORS = REPO / "testdata" / "vectors"
FIXTURES = REPO / "gen" / "fixtures" / "python-package"
if not (FIXTURES / "protoevents_fixtures").is_dir():
    raise RuntimeError(f"{FIXTURES} has no protoevents_fixtures: run `npm run build`, which generates the test fixtures")
# The framework's fixture events (testdata/fixtures), importable as `protoevents_fixtures`.
sys.path.insert(0, str(FIXTURES))

settings.register_profile("protoevents", database=None, deadline=None)
settings.load_profile("protoevents")


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

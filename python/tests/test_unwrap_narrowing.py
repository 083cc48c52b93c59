"""`unwrap(envelope, <package>.events)` narrows for mypy --strict as `unwrap(envelope)` does.

The consumer snippet is written from whatever the registry holds: for every package with events,
it unwraps with that package's `events`, checks each event's name and version, reads every field of
the payload (which must typecheck) and a field the payload lacks, taken from another event where
one has it (which must not).
"""

import importlib
import keyword
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import FIXTURES_PACKAGE
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor
from google.protobuf.message import Message

from protoevents import EventEntry, EventSet, unwrap, wrap
from protoevents.registry import events as all_events


@dataclass(frozen=True)
class PackageEvents:
    """The events of one generated package, as the snippet refers to them."""

    module: str
    entries: tuple[EventEntry[str, str, Message], ...]


def descriptor_of(entry: EventEntry[str, str, Message]) -> Descriptor:
    return descriptor_pool.Default().FindMessageTypeByName(entry.message_type.DESCRIPTOR.full_name)


def python_package(descriptor: Descriptor) -> str:
    package = descriptor.file.package
    return package if package.startswith("protoevents.") else f"protoevents.{package}"


def local_name(descriptor: Descriptor) -> str:
    return descriptor.full_name[len(descriptor.file.package) + 1 :]


def revealed_class(descriptor: Descriptor) -> str:
    """The message class as mypy prints it: the protoc module, then the class path inside it."""
    file_name = descriptor.file.name.rsplit("/", 1)[-1].removesuffix(".proto")
    return f"{python_package(descriptor)}.{file_name}_pb2.{local_name(descriptor)}"


def field_names(descriptor: Descriptor) -> list[str]:
    return sorted(f.name for f in descriptor.fields if not keyword.iskeyword(f.name))


def packages_with_events() -> list[PackageEvents]:
    modules = sorted({python_package(descriptor_of(e)) for e in all_events})
    return [PackageEvents(m, tuple(importlib.import_module(m).events)) for m in modules]


def absent_field(descriptor: Descriptor, others: list[Descriptor]) -> str:
    """A field of another event that this payload lacks; else a name longer than any of its fields."""
    own = set(field_names(descriptor))
    for other in others:
        for name in field_names(other):
            if name not in own:
                return name
    return "x" + "_".join(sorted(own))


@dataclass
class Snippet:
    """A consumer module being written, with the lines mypy must report on."""

    lines: list[str]
    revealed: dict[int, str]
    absent: dict[int, tuple[str, str]]

    def add(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines)


def consumer_snippet() -> Snippet:
    snippet = Snippet(["from protoevents import Envelope, unwrap"], {}, {})
    packages = packages_with_events()
    for i, package in enumerate(packages):
        snippet.add(f"import {package.module} as p{i}")
    for i, package in enumerate(packages):
        descriptors = [descriptor_of(e) for e in package.entries]
        snippet.add("")
        snippet.add(f"def consume_p{i}(envelope: Envelope) -> None:")
        snippet.add(f"    event = unwrap(envelope, p{i}.events)")
        # Before the checks, the payload is any event of this package, and of no other.
        line = snippet.add("    reveal_type(event.payload)")
        snippet.revealed[line] = " | ".join(revealed_class(d) for d in descriptors)
        for j, (entry, descriptor) in enumerate(zip(package.entries, descriptors)):
            others = [d for d in descriptors if d != descriptor] + [
                descriptor_of(e) for e in all_events if descriptor_of(e) not in descriptors
            ]
            snippet.add(f"    if event.name == {entry.name!r} and event.version == {entry.version!r}:")
            line = snippet.add("        reveal_type(event.payload)")
            snippet.revealed[line] = revealed_class(descriptor)
            snippet.add(f"        exact{j}: p{i}.{local_name(descriptor)} = event.payload")
            for name in field_names(descriptor):
                snippet.add(f"        print(event.payload.{name})")
            absent = absent_field(descriptor, others)
            line = snippet.add(f"        print(event.payload.{absent})")
            snippet.absent[line] = (descriptor.name, absent)
    snippet.add("")
    return snippet


def test_unwrap_with_a_package_events_narrows_under_mypy_strict(tmp_path: Path) -> None:
    snippet = consumer_snippet()
    consumer = tmp_path / "consumer.py"
    consumer.write_text("\n".join(snippet.lines), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--hide-error-context", str(consumer)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    errors: dict[int, str] = {}
    notes: dict[int, str] = {}
    for line in result.stdout.splitlines():
        if not line.startswith("consumer.py:"):
            continue
        _, line_number, kind, text = line.split(":", 3)
        (errors if kind == " error" else notes)[int(line_number)] = text.strip()
    assert result.returncode == 1, result.stdout
    assert notes == {n: f'Revealed type is "{t}"' for n, t in snippet.revealed.items()}, result.stdout
    assert errors.keys() == snippet.absent.keys(), result.stdout
    for number, (message, field) in snippet.absent.items():
        # mypy may add a suggestion: `; maybe "created_at"?`.
        pattern = rf'"{re.escape(message)}" has no attribute "{re.escape(field)}"(; maybe .*\?)?  \[attr-defined\]'
        assert re.fullmatch(pattern, errors[number]), result.stdout


def test_every_package_events_is_an_event_set_of_its_registry_entries() -> None:
    packages = packages_with_events()
    assert isinstance(all_events, EventSet)
    in_packages = [e for p in packages for e in p.entries]
    assert len(in_packages) == len(all_events) and set(in_packages) == set(all_events)
    for package in packages:
        events = importlib.import_module(package.module).events
        assert isinstance(events, EventSet)
        assert {python_package(descriptor_of(e)) for e in events} == {package.module}


def test_unwrap_with_a_package_events_decodes_its_events() -> None:
    for package in packages_with_events():
        events = importlib.import_module(package.module).events
        for entry in events:
            event = unwrap(wrap(entry.message_type()), events)
            assert (event.name, event.version, type(event.payload)) == (entry.name, entry.version, entry.message_type)


def test_unwrap_with_the_fixture_events_narrows_only_after_checking_name_and_version(tmp_path: Path) -> None:
    consumer = tmp_path / "consumer.py"
    consumer.write_text(
        "from protoevents import Envelope, unwrap\n"
        "from protoevents_fixtures.fixture import v2\n"
        "from protoevents_fixtures.registry import events\n"
        "event = unwrap(Envelope(), events)\n"
        "if event.name == 'fixture.parcel.shipped':\n"
        "    reveal_type(event.payload)\n"
        "    if event.version == 'v2':\n"
        "        code: str = event.payload.tracking_code\n"
        "        exact: v2.ParcelShipped = event.payload\n"
        "print(event.payload.parcel_id)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(consumer)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(FIXTURES_PACKAGE)},
    )
    assert (
        'Revealed type is "protoevents_fixtures.fixture.v1.parcel_shipped_pb2.ParcelShipped'
        ' | protoevents_fixtures.fixture.v2.parcel_shipped_pb2.ParcelShipped"' in result.stdout
    ), result.stdout
    # Without the checks, payload is any fixture event: not every one has a `parcel_id` field.
    assert 'consumer.py:10: error: Item "ScalarsRecorded" of' in result.stdout, result.stdout
    assert "consumer.py:8" not in result.stdout and "consumer.py:9" not in result.stdout

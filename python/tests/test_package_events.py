"""The organisation's events in the installed package, whatever proto/ holds: each one wraps and
unwraps with the default registry, and every domain/version package lists a part of it."""

import pytest
from conftest import PACKAGE_MODULES
from google.protobuf.message import Message
from message_values import populated

from protoevents import (
    ContentType,
    EventEntry,
    decode_envelope,
    encode_envelope,
    envelope_from_json_string,
    envelope_to_json_string,
    event_identity,
    unwrap,
    wrap,
)
from protoevents.registry import events

CONTENT_TYPES = [ContentType.PROTOBUF, ContentType.JSON]


def entry_id(entry: EventEntry[str, str, Message]) -> str:
    return f"{entry.name}/{entry.version}"


def round_trip(payload: Message, content_type: ContentType) -> None:
    """Wraps the payload, then unwraps it from the envelope's bytes and from its JSON text with
    the default registry, and checks it comes back unchanged under its own name and version."""
    envelope = wrap(payload, content_type=content_type, attributes={"tenantid": "t-1"})
    identity = event_identity(type(payload))
    assert (envelope.event_name, envelope.event_version) == (identity.name, identity.version)
    data = encode_envelope(envelope)
    for decoded in (decode_envelope(data), envelope_from_json_string(envelope_to_json_string(envelope))):
        assert decoded == envelope
        event = unwrap(decoded)
        assert (event.name, event.version) == (identity.name, identity.version)
        assert type(event.payload) is type(payload)
        assert event.payload == payload
        assert encode_envelope(event.envelope) == data


def test_the_package_has_events() -> None:
    assert len(events) >= 1


def test_no_event_is_registered_twice() -> None:
    assert len({(e.name, e.version) for e in events}) == len(events)


@pytest.mark.parametrize("entry", events, ids=entry_id)
def test_the_registry_names_each_event_as_its_schema_does(entry: EventEntry[str, str, Message]) -> None:
    identity = event_identity(entry.message_type)
    assert (identity.name, identity.version) == (entry.name, entry.version)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("entry", events, ids=entry_id)
def test_a_default_instance_round_trips(entry: EventEntry[str, str, Message], content_type: ContentType) -> None:
    round_trip(entry.message_type(), content_type)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("entry", events, ids=entry_id)
def test_a_populated_instance_round_trips(entry: EventEntry[str, str, Message], content_type: ContentType) -> None:
    payload = populated(entry.message_type)
    assert payload.ListFields(), "an event without fields to fill"
    round_trip(payload, content_type)


@pytest.mark.parametrize("entry", events, ids=entry_id)
def test_the_aggregate_id_is_the_partition_key_field(entry: EventEntry[str, str, Message]) -> None:
    payload = populated(entry.message_type)
    partition_key = event_identity(entry.message_type).partition_key
    assert wrap(payload).aggregate_id == (getattr(payload, partition_key) if partition_key else "")


def package_events() -> dict[str, tuple[EventEntry[str, str, Message], ...]]:
    """The `events` of every package of the installed package that lists some, but the registry."""
    return {
        module.__name__: tuple(module.events)
        for module in PACKAGE_MODULES
        if hasattr(module, "events") and module.__name__ not in ("protoevents.registry", "protoevents")
    }


def test_every_package_lists_part_of_the_registry_and_together_all_of_it() -> None:
    by_package = package_events()
    assert by_package
    registered = set(events)
    for package, listed in by_package.items():
        assert set(listed) <= registered, package
        assert all(e.message_type.__module__.startswith(f"{package}.") for e in listed), package
    assert {e for listed in by_package.values() for e in listed} == registered

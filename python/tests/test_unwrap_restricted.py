"""A restricted `unwrap(envelope, events)` says that the event is not among those the call accepts.

The exact texts are those of src/unwrap-restricted.test.ts, checked there against this package too.
"""

from collections.abc import Sequence

import pytest
from google.protobuf.message import Message

from protoevents import (
    Envelope,
    ErrorCode,
    EventEntry,
    UnknownEventError,
    UnsupportedVersionError,
    unwrap,
)
from protoevents.registry import events as all_events

# Event schemas of this test's own: the envelope message stands in for every payload, since
# no payload is decoded before the name and version are found.
FIXTURE_EVENTS = (
    EventEntry("fixture.created", "v1", Envelope),
    EventEntry("fixture.created", "v2", Envelope),
    EventEntry("fixture.deleted", "v1", Envelope),
)


def test_a_name_the_given_events_lack() -> None:
    with pytest.raises(UnknownEventError) as raised:
        unwrap(Envelope(event_name="fixture.renamed", event_version="v1"), FIXTURE_EVENTS)
    assert raised.value.code is ErrorCode.UNKNOWN_EVENT
    assert raised.value.accepted_names == ("fixture.created", "fixture.deleted")
    assert str(raised.value) == (
        '[UNKNOWN_EVENT] unknown event "fixture.renamed": not among the events this call accepts; '
        "accepted names: fixture.created, fixture.deleted"
    )


def test_a_version_the_given_events_lack() -> None:
    with pytest.raises(UnsupportedVersionError) as raised:
        unwrap(Envelope(event_name="fixture.deleted", event_version="v2"), FIXTURE_EVENTS)
    assert raised.value.code is ErrorCode.UNSUPPORTED_VERSION
    assert (raised.value.known_versions, raised.value.restricted) == (("v1",), True)
    assert str(raised.value) == (
        '[UNSUPPORTED_VERSION] event "fixture.deleted" has no version "v2" among the events this call accepts; '
        "accepted versions: v1"
    )


def test_no_events_given_accept_none() -> None:
    with pytest.raises(UnknownEventError) as raised:
        unwrap(Envelope(event_name="fixture.created", event_version="v1"), [])
    assert raised.value.accepted_names == ()
    assert str(raised.value) == (
        '[UNKNOWN_EVENT] unknown event "fixture.created": not among the events this call accepts; accepted names: none'
    )


def test_a_message_lists_the_first_20_accepted_names_then_how_many_more() -> None:
    many = tuple(EventEntry(f"domain.event{i}", "v1", Envelope) for i in range(23))
    with pytest.raises(UnknownEventError) as raised:
        unwrap(Envelope(event_name="x", event_version="v1"), many)
    assert raised.value.accepted_names is not None and len(raised.value.accepted_names) == 23
    listed = ", ".join(f"domain.event{i}" for i in range(20))
    assert str(raised.value) == (
        f'[UNKNOWN_EVENT] unknown event "x": not among the events this call accepts; accepted names: {listed} and 3 more'
    )


def test_an_unrestricted_unwrap_still_speaks_of_the_registry() -> None:
    with pytest.raises(UnknownEventError) as unknown:
        unwrap(Envelope(event_name="fixture.renamed", event_version="v1"))
    assert unknown.value.accepted_names is None
    assert str(unknown.value) == '[UNKNOWN_EVENT] unknown event "fixture.renamed": no schema of this name is registered'
    entry = all_events[0]
    with pytest.raises(UnsupportedVersionError) as unsupported:
        unwrap(Envelope(event_name=entry.name, event_version=entry.version + "0"))
    assert unsupported.value.restricted is False
    assert str(unsupported.value).startswith(f'[UNSUPPORTED_VERSION] event "{entry.name}" has no version "{entry.version}0"; known versions: ')


def distinct(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


@pytest.mark.parametrize("left_out", all_events, ids=lambda e: f"{e.name}-{e.version}")
def test_every_registered_event_left_out_of_the_registry(left_out: EventEntry[str, str, Message]) -> None:
    envelope = Envelope(event_name=left_out.name, event_version=left_out.version)
    assert unwrap(envelope).name == left_out.name
    restricted = [e for e in all_events if e is not left_out]
    other_versions = [e.version for e in restricted if e.name == left_out.name]
    if other_versions:
        with pytest.raises(UnsupportedVersionError) as unsupported:
            unwrap(envelope, restricted)
        assert str(unsupported.value) == (
            f'[UNSUPPORTED_VERSION] event "{left_out.name}" has no version "{left_out.version}" among the events this '
            f"call accepts; accepted versions: {', '.join(other_versions)}"
        )
    else:
        with pytest.raises(UnknownEventError) as unknown:
            unwrap(envelope, restricted)
        names = distinct([e.name for e in restricted])
        assert unknown.value.accepted_names == tuple(names)
        assert str(unknown.value) == (
            f'[UNKNOWN_EVENT] unknown event "{left_out.name}": not among the events this call accepts; '
            f"accepted names: {', '.join(names) or 'none'}"
        )

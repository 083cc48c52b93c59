"""The decode fast path (upb parses, the wire scan is skipped when the parse proves it would pass)
refuses every mutation the scan refuses, for a message type without message fields (one probe)
and for one with them (the walk), the first time a type is decoded and every time after."""

import dataclasses

import pytest
from protoevents_fixtures.fixture.v1 import AccountOpened, ParcelShipped, events

from protoevents import DEFAULT_DECODE_LIMITS, DecodeLimits, Envelope, EventRegistry, ProtoeventsError, Unwrapped, decode_envelope, unwrap

registry = EventRegistry(events)


def envelope_of(message_type: type[AccountOpened] | type[ParcelShipped], payload: bytes) -> bytes:
    name = "fixture.account.opened" if message_type is AccountOpened else "fixture.parcel.shipped"
    return Envelope(event_id="e-1", event_name=name, event_version="v1", payload=payload).SerializeToString()


def outcome(data: bytes, limits: DecodeLimits = DecodeLimits()) -> str | bytes:
    """The error code, or the payload's bytes as upb writes them again."""
    try:
        return unwrap(decode_envelope(data, limits=limits), registry, limits=limits).payload.SerializeToString()
    except ProtoeventsError as error:
        return error.code


# A field in the wrong wire type, and a map entry with a field other than key and value, are what
# upb keeps as unknown fields where the scan refuses them.
REFUSED_ENVELOPES = {
    "event_name as a varint": b"\x0a\x01e\x10\x01\x1a\x02v1",
    "attribute entry with a third field": b"\x0a\x01e\x62\x08\x0a\x01k\x12\x01v\x18\x01",
    "attribute entry with a key as a varint": b"\x0a\x01e\x62\x05\x08\x01\x12\x01v",
}
REFUSED_PAYLOADS = {
    "flat type: a string field as fixed32": (AccountOpened, b"\x0a\x01a\x15\x01\x00\x00\x00"),
    "nested message: a string as a varint": (ParcelShipped, b"\x0a\x01p\x12\x02\x10\x01"),
    "repeated message: a string as a varint": (ParcelShipped, b"\x0a\x01p\x1a\x02\x08\x01"),
    "map of scalars: an entry with a third field": (ParcelShipped, b"\x2a\x08\x0a\x01k\x12\x01v\x18\x01"),
    "map of messages: a string as a varint in a value": (ParcelShipped, b"\x32\x07\x0a\x01k\x12\x02\x10\x01"),
}
ACCEPTED_PAYLOADS = {
    "flat type: an unknown field": (AccountOpened, b"\x0a\x01a\x98\x06\x01"),
    "nested message: an unknown field in it": (ParcelShipped, b"\x12\x02\x48\x01"),
    "map of messages: an unknown field in a value": (ParcelShipped, b"\x32\x07\x0a\x01k\x12\x02\x48\x01"),
}


@pytest.mark.parametrize("data", REFUSED_ENVELOPES.values(), ids=REFUSED_ENVELOPES.keys())
def test_envelope_mutations_the_scan_refuses_are_refused(data: bytes) -> None:
    assert decode_envelope(Envelope(event_id="warm").SerializeToString()).event_id == "warm"
    for _ in range(2):
        with pytest.raises(ProtoeventsError) as raised:
            decode_envelope(data)
        assert raised.value.code == "MALFORMED_ENVELOPE"


@pytest.mark.parametrize(("message_type", "payload"), REFUSED_PAYLOADS.values(), ids=REFUSED_PAYLOADS.keys())
def test_payload_mutations_the_scan_refuses_are_refused(message_type: type[AccountOpened] | type[ParcelShipped], payload: bytes) -> None:
    for _ in range(2):
        assert outcome(envelope_of(message_type, payload)) == "PAYLOAD_DECODE_FAILED"
        assert outcome(envelope_of(message_type, b"\x0a\x01a")) == b"\x0a\x01a"


@pytest.mark.parametrize(("message_type", "payload"), ACCEPTED_PAYLOADS.values(), ids=ACCEPTED_PAYLOADS.keys())
def test_unknown_fields_anywhere_are_kept(message_type: type[AccountOpened] | type[ParcelShipped], payload: bytes) -> None:
    for _ in range(2):
        assert outcome(envelope_of(message_type, payload)) == payload


def test_the_depth_limit_holds_on_the_fast_path() -> None:
    with_attributes = Envelope(event_id="e", attributes={"k": "v"}).SerializeToString()
    without = Envelope(event_id="e").SerializeToString()
    tags = envelope_of(ParcelShipped, b"\x2a\x06\x0a\x01k\x12\x01v")
    stops = envelope_of(ParcelShipped, b"\x32\x05\x0a\x01k\x12\x00")
    for _ in range(2):
        assert decode_envelope(without, limits=DecodeLimits(max_depth=1)).event_id == "e"
        with pytest.raises(ProtoeventsError) as raised:
            decode_envelope(with_attributes, limits=DecodeLimits(max_depth=1))
        assert raised.value.code == "LIMIT_EXCEEDED"
        assert decode_envelope(with_attributes, limits=DecodeLimits(max_depth=2)).attributes["k"] == "v"
        assert outcome(tags, DecodeLimits(max_depth=2)) == b"\x2a\x06\x0a\x01k\x12\x01v"
        assert outcome(tags, DecodeLimits(max_depth=1)) == "LIMIT_EXCEEDED"
        assert outcome(stops, DecodeLimits(max_depth=3)) == b"\x32\x05\x0a\x01k\x12\x00"
        assert outcome(stops, DecodeLimits(max_depth=2)) == "LIMIT_EXCEEDED"


def test_unwrap_builds_the_same_frozen_unwrapped_as_its_constructor() -> None:
    envelope = decode_envelope(envelope_of(AccountOpened, b"\x0a\x01a"))
    for _ in range(2):
        unwrapped = unwrap(envelope, registry)
        assert type(unwrapped) is Unwrapped
        assert unwrapped == Unwrapped("fixture.account.opened", "v1", AccountOpened(id="a"), envelope)
        with pytest.raises(dataclasses.FrozenInstanceError):
            unwrapped.name = "fixture.account.opened"  # type: ignore[misc]


def failure(data: bytes, limits: DecodeLimits) -> str:
    """What decoding and unwrapping raise, code and message."""
    try:
        unwrap(decode_envelope(data, limits=limits), registry, limits=limits)
    except ProtoeventsError as error:
        return f"{error.code}: {error}"
    raise AssertionError("decoded")


# The default limits take the fast path; equal limits in another object take the general one.
FAILURES = {
    "payload: invalid UTF-8": envelope_of(AccountOpened, b"\x0a\x01\xff"),
    "payload: a length past the end": envelope_of(AccountOpened, b"\x0a\x05a"),
    "payload: a string as fixed32": envelope_of(AccountOpened, b"\x0a\x01a\x15\x01\x00\x00\x00"),
    "envelope: a length past the end": b"\x0a\x05e",
    "envelope: invalid UTF-8": b"\x12\x01\xff",
    "envelope: event_name as a varint": b"\x0a\x01e\x10\x01\x1a\x02v1",
}


@pytest.mark.parametrize("data", FAILURES.values(), ids=FAILURES.keys())
def test_the_fast_path_fails_as_the_general_path_does(data: bytes) -> None:
    assert outcome(envelope_of(AccountOpened, b"\x0a\x01a")) == b"\x0a\x01a"
    general = failure(data, DecodeLimits())
    for _ in range(2):
        assert failure(data, DecodeLimits()) == general
        assert failure(data, DEFAULT_DECODE_LIMITS) == general

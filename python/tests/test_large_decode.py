"""Bytes over what one probe proves by their length (200 KB under the default limits) are parsed by
upb before the scan only when the bytes outside their top-level strings cannot hold more than
``max_messages`` messages: a large payload decodes at upb's speed, and every input the scan refuses
is still refused with its code, floods of messages before upb builds them."""

import pytest
from protoevents_fixtures.fixture.v1 import ScalarsRecorded, events

from protoevents import DecodeLimits, Envelope, EventRegistry, LimitExceededError, ProtoeventsError, decode_envelope, unwrap
from protoevents._wire_skim import bytes_outside_strings

registry = EventRegistry(events)
BLOB = bytes(range(256)) * 4096  # 1 MiB
NAME = "fixture.scalars.recorded"


def envelope_bytes(payload: bytes, after: bytes = b"") -> bytes:
    head = Envelope(event_id="e-1", event_name=NAME, event_version="v1", payload=payload).SerializeToString()
    return head + after


def outcome(data: bytes, limits: DecodeLimits = DecodeLimits()) -> str | bytes:
    """The error code, or the payload as upb writes it again."""
    try:
        return unwrap(decode_envelope(data, limits=limits), registry, limits=limits).payload.SerializeToString()
    except ProtoeventsError as error:
        return error.code


def test_the_bound_counts_out_the_top_level_strings_only() -> None:
    payload = ScalarsRecorded(id="s-1", int64_value=-1, bytes_value=BLOB).SerializeToString()
    assert bytes_outside_strings(ScalarsRecorded, payload) == len(payload) - len(BLOB)
    data = envelope_bytes(payload, b"\x62\x08\x0a\x01k\x12\x03abc")
    assert bytes_outside_strings(Envelope, data) == len(data) - len(payload)
    # Unknown fields are walked and count as outside; a group or a truncated field gives up.
    assert bytes_outside_strings(ScalarsRecorded, payload + b"\x98\x06\x01") == len(payload) + 3 - len(BLOB)
    assert bytes_outside_strings(ScalarsRecorded, payload + b"\x9b\x06\x9c\x06") == len(payload) + 4
    assert bytes_outside_strings(ScalarsRecorded, payload[:-1]) == len(payload) - 1


def test_a_large_payload_decodes_on_either_path() -> None:
    payload = ScalarsRecorded(id="s-1", bytes_value=BLOB).SerializeToString()
    data = envelope_bytes(payload)
    for _ in range(2):
        assert outcome(data) == payload
        assert outcome(data, DecodeLimits(max_messages=100_000)) == payload


# What upb keeps as unknown fields where the scan refuses them, past the large field.
REFUSED = {
    "envelope: an attribute entry with a third field": (
        envelope_bytes(ScalarsRecorded(bytes_value=BLOB).SerializeToString(), b"\x62\x08\x0a\x01k\x12\x01v\x18\x01"),
        "MALFORMED_ENVELOPE",
    ),
    "envelope: event_name as a varint after the payload": (
        envelope_bytes(ScalarsRecorded(bytes_value=BLOB).SerializeToString(), b"\x10\x01"),
        "MALFORMED_ENVELOPE",
    ),
    "payload: a string as fixed32 after the bytes": (
        envelope_bytes(ScalarsRecorded(bytes_value=BLOB).SerializeToString() + b"\x0d\x01\x00\x00\x00"),
        "PAYLOAD_DECODE_FAILED",
    ),
    "payload: a length past the end": (envelope_bytes(b"\x7a\x81\x80\x40" + BLOB), "PAYLOAD_DECODE_FAILED"),
}


@pytest.mark.parametrize(("data", "code"), REFUSED.values(), ids=REFUSED.keys())
def test_what_the_scan_refuses_past_a_large_field_is_refused(data: bytes, code: str) -> None:
    for _ in range(2):
        assert outcome(data) == code
        assert outcome(data, DecodeLimits(max_messages=100_000)) == code


def test_a_flood_of_map_entries_beside_a_large_field_stops_at_the_limit() -> None:
    flood = b"\x62\x00" * 100_000
    data = envelope_bytes(ScalarsRecorded(bytes_value=BLOB).SerializeToString(), flood)
    with pytest.raises(LimitExceededError) as raised:
        decode_envelope(data)
    assert (raised.value.limit, raised.value.value, raised.value.max) == ("maxMessages", 100_001, 100_000)
    assert decode_envelope(data[:-2]).attributes == {"": ""}

"""Arbitrary input gives a result or one of our errors, never anything else; arbitrary fixture
events and metadata survive every round trip."""

import re

import pytest
from google.protobuf.message import Message
from hypothesis import given
from hypothesis import strategies as st
from message_values import arbitrary
from protoevents_fixtures.registry import events as fixture_events

from protoevents import (
    ContentType,
    Envelope,
    EventEntry,
    InvalidMetadataError,
    ProtoeventsError,
    decode_envelope,
    encode_envelope,
    envelope_from_json_string,
    envelope_to_json_string,
    event_identity,
    unwrap,
    wrap,
)

# CloudEvents context attribute names the key rule also refuses.
RESERVED_KEYS = {"specversion", "id", "source", "type", "datacontenttype", "dataschema", "subject", "time", "data"}
RESERVED_KEYS |= {"traceparent", "tracestate", "traceid", "partitionkey", "correlationid", "causationid"}
attribute_keys = st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True).filter(lambda key: key not in RESERVED_KEYS)

fixture_payloads = st.sampled_from(fixture_events).flatmap(lambda entry: arbitrary(entry.message_type))
content_types = st.sampled_from(list(ContentType))


@given(st.binary(max_size=512))
def test_arbitrary_bytes_decode_and_unwrap_or_raise_our_error(data: bytes) -> None:
    try:
        event = unwrap(decode_envelope(data), fixture_events)
    except ProtoeventsError as error:
        assert str(error).startswith(f"[{error.code.value}] ")
    else:
        assert event.envelope.event_name == event.name


@given(
    st.sampled_from(fixture_events),
    st.sampled_from(["", ContentType.PROTOBUF.value, ContentType.JSON.value]),
    st.one_of(st.binary(max_size=256), st.text(max_size=128).map(str.encode)),
)
def test_arbitrary_payloads_unwrap_or_raise_our_error(
    entry: EventEntry[str, str, Message], content_type: str, payload: bytes
) -> None:
    envelope = Envelope(event_name=entry.name, event_version=entry.version, content_type=content_type, payload=payload)
    try:
        event = unwrap(envelope, fixture_events)
    except ProtoeventsError as error:
        assert error.code.value == "PAYLOAD_DECODE_FAILED"
    else:
        assert event.name == entry.name
        assert type(event.payload) is entry.message_type


@given(st.text(max_size=256))
def test_arbitrary_json_text_parses_or_raises_our_error(text: str) -> None:
    try:
        envelope_from_json_string(text)
    except ProtoeventsError as error:
        assert error.code.value == "MALFORMED_ENVELOPE"


@given(fixture_payloads, content_types)
def test_arbitrary_fixture_events_round_trip_through_bytes(payload: Message, content_type: ContentType) -> None:
    envelope = wrap(payload, content_type=content_type)
    event = unwrap(decode_envelope(encode_envelope(envelope)), fixture_events)
    assert type(event.payload) is type(payload)
    assert event.payload == payload
    partition_key = event_identity(type(payload)).partition_key
    assert envelope.aggregate_id == (getattr(payload, partition_key) if partition_key else "")


@given(fixture_payloads, content_types)
def test_arbitrary_fixture_events_round_trip_through_envelope_json(payload: Message, content_type: ContentType) -> None:
    envelope = wrap(payload, content_type=content_type)
    parsed = envelope_from_json_string(envelope_to_json_string(envelope))
    assert parsed == envelope
    assert unwrap(parsed, fixture_events).payload == payload


@given(
    st.dictionaries(attribute_keys, st.text(max_size=8), max_size=6),
    st.integers(-(2**63), 2**63 - 1),
    st.text(min_size=1, max_size=40),
    st.text(max_size=40),
)
def test_arbitrary_metadata_round_trips(attributes: dict[str, str], timestamp: int, event_id: str, text: str) -> None:
    envelope = wrap(
        fixture_events[0].message_type(),
        attributes=attributes,
        timestamp=timestamp,
        event_id=event_id,
        aggregate_id=text,
        trace_id=text,
        correlation_id=text,
        causation_id=text,
        source=text,
    )
    for decoded in (decode_envelope(encode_envelope(envelope)), envelope_from_json_string(envelope_to_json_string(envelope))):
        assert decoded == envelope
        assert dict(decoded.attributes) == attributes
        assert (decoded.timestamp, decoded.event_id, decoded.aggregate_id, decoded.source) == (timestamp, event_id, text, text)


@given(st.text(max_size=24).filter(lambda key: re.fullmatch(r"[a-z0-9]{1,20}", key) is None or key in RESERVED_KEYS))
def test_wrap_refuses_every_key_outside_the_rule(key: str) -> None:
    with pytest.raises(InvalidMetadataError) as raised:
        wrap(fixture_events[0].message_type(), attributes={key: "v"})
    assert raised.value.field == "attributes"


@given(st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=8))
def test_any_decoded_attributes_encode_sorted_by_code_point(attributes: dict[str, str]) -> None:
    envelope = Envelope(event_id="e", attributes=attributes)
    data = encode_envelope(envelope)
    expected = Envelope(event_id="e").SerializeToString()
    for key in sorted(attributes):
        expected += Envelope(attributes={key: attributes[key]}).SerializeToString()
    assert data == expected
    assert decode_envelope(data) == envelope


@given(
    st.dictionaries(st.text(max_size=6), st.text(max_size=4), min_size=2, max_size=6),
    st.text(max_size=4),
    st.binary(max_size=8),
    st.sampled_from([b"", b"\xf8\x01\x05", b"\x82\x07\x01x\xf8\x01\x05"]),
)
def test_attributes_encode_sorted_between_the_fields_around_them(
    attributes: dict[str, str], trace: str, payload: bytes, unknown: bytes
) -> None:
    envelope = Envelope(event_id="e", payload=payload, attributes=attributes, traceparent=trace, tracestate=trace)
    envelope.MergeFromString(unknown)
    expected = Envelope(event_id="e", payload=payload).SerializeToString()
    for key in sorted(attributes):
        expected += Envelope(attributes={key: attributes[key]}).SerializeToString()
    expected += Envelope(traceparent=trace, tracestate=trace).SerializeToString() + unknown
    assert encode_envelope(envelope) == expected


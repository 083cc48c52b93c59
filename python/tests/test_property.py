"""Arbitrary input gives a result or one of our errors, never anything else."""

from google.protobuf.message import Message
from hypothesis import given
from hypothesis import strategies as st

from protoevents import (
    ContentType,
    Envelope,
    EventEntry,
    ProtoeventsError,
    decode_envelope,
    envelope_from_json_string,
    unwrap,
)
from protoevents.registry import events


@given(st.binary(max_size=512))
def test_arbitrary_bytes_decode_and_unwrap_or_raise_our_error(data: bytes) -> None:
    try:
        event = unwrap(decode_envelope(data))
    except ProtoeventsError as error:
        assert str(error).startswith(f"[{error.code.value}] ")
    else:
        assert event.envelope.event_name == event.name


@given(
    st.sampled_from(events),
    st.sampled_from(["", ContentType.PROTOBUF.value, ContentType.JSON.value]),
    st.one_of(st.binary(max_size=256), st.text(max_size=128).map(str.encode)),
)
def test_arbitrary_payloads_unwrap_or_raise_our_error(
    entry: EventEntry[str, str, Message], content_type: str, payload: bytes
) -> None:
    envelope = Envelope(event_name=entry.name, event_version=entry.version, content_type=content_type, payload=payload)
    try:
        event = unwrap(envelope)
    except ProtoeventsError as error:
        assert error.code.value == "PAYLOAD_DECODE_FAILED"
    else:
        assert event.name == entry.name


@given(st.text(max_size=256))
def test_arbitrary_json_text_parses_or_raises_our_error(text: str) -> None:
    try:
        envelope_from_json_string(text)
    except ProtoeventsError as error:
        assert error.code.value == "MALFORMED_ENVELOPE"

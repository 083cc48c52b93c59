"""Every error: raised by a real bad input, with its code, its fields and the "[CODE] message" text."""

from datetime import datetime

import pytest

from protoevents import (
    Envelope,
    ErrorCode,
    IncompleteEnvelopeError,
    InvalidMetadataError,
    MalformedEnvelopeError,
    NotAnEventError,
    PayloadDecodeError,
    ProtoeventsError,
    UnknownEventError,
    UnsupportedContentTypeError,
    UnsupportedVersionError,
    decode_envelope,
    envelope_from_json,
    envelope_from_json_string,
    unwrap,
    wrap,
)
from protoevents.order.v1 import Money
from protoevents.user.v1 import UserCreated


def test_codes_are_the_typescript_codes() -> None:
    assert [c.value for c in ErrorCode] == [
        "MALFORMED_ENVELOPE",
        "INCOMPLETE_ENVELOPE",
        "UNKNOWN_EVENT",
        "UNSUPPORTED_VERSION",
        "UNSUPPORTED_CONTENT_TYPE",
        "PAYLOAD_DECODE_FAILED",
        "NOT_AN_EVENT",
        "INVALID_METADATA",
    ]


def test_malformed_envelope_bytes() -> None:
    with pytest.raises(MalformedEnvelopeError) as raised:
        decode_envelope(b"\xff")
    assert raised.value.code is ErrorCode.MALFORMED_ENVELOPE
    assert str(raised.value).startswith("[MALFORMED_ENVELOPE] bytes are not a protoevents.v1.Envelope: ")
    assert raised.value.__cause__ is not None


@pytest.mark.parametrize(
    "text", ["{not json", "[]", "null", '{"eventName":"a","eventName":"b"}', '{"timestamp":NaN}', '{"payload":"a*b"}']
)
def test_malformed_envelope_json_text(text: str) -> None:
    with pytest.raises(MalformedEnvelopeError, match=r"^\[MALFORMED_ENVELOPE\] JSON text is not a protoevents"):
        envelope_from_json_string(text)


def test_malformed_envelope_json_value() -> None:
    with pytest.raises(MalformedEnvelopeError, match=r"^\[MALFORMED_ENVELOPE\] JSON is not a protoevents"):
        envelope_from_json({"eventName": ["x"]})
    with pytest.raises(MalformedEnvelopeError):
        envelope_from_json("text")


@pytest.mark.parametrize(("envelope", "field"), [(Envelope(event_version="v1"), "event_name"), (Envelope(event_name="a"), "event_version")])
def test_incomplete_envelope(envelope: Envelope, field: str) -> None:
    with pytest.raises(IncompleteEnvelopeError) as raised:
        unwrap(envelope)
    assert raised.value.field == field
    assert str(raised.value) == (
        f'[INCOMPLETE_ENVELOPE] envelope field "{field}" is empty; every envelope needs an event name and version'
    )


def test_unknown_event() -> None:
    with pytest.raises(UnknownEventError) as raised:
        unwrap(Envelope(event_name="user.deleted", event_version="v1"))
    assert raised.value.event_name == "user.deleted"
    assert str(raised.value) == '[UNKNOWN_EVENT] unknown event "user.deleted": no schema of this name is registered'


def test_unsupported_version() -> None:
    with pytest.raises(UnsupportedVersionError) as raised:
        unwrap(Envelope(event_name="user.created", event_version="v9"))
    assert raised.value.known_versions == ("v1", "v2")
    assert str(raised.value) == '[UNSUPPORTED_VERSION] event "user.created" has no version "v9"; known versions: v1, v2'


def test_unsupported_content_type_in_unwrap_and_wrap() -> None:
    with pytest.raises(UnsupportedContentTypeError) as raised:
        unwrap(Envelope(event_name="user.created", event_version="v1", content_type="application/x-protobuf"))
    assert raised.value.content_type == "application/x-protobuf"
    assert str(raised.value) == (
        '[UNSUPPORTED_CONTENT_TYPE] unsupported content type "application/x-protobuf"; '
        'expected "application/protobuf" or "application/json"'
    )
    with pytest.raises(UnsupportedContentTypeError):
        wrap(UserCreated(), content_type="text/plain")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content_type", "payload"),
    [("", b"\x0a\x05ab"), ("application/json", b"{"), ("application/json", b"\xff"), ("application/json", b'{"id":1}'),
     ("application/json", b"[1]"), ("application/json", b'{"id":"a","id":"b"}'), ("application/json", b'{"createdAt":Infinity}')],
)
def test_payload_decode_failed(content_type: str, payload: bytes) -> None:
    envelope = Envelope(event_name="user.created", event_version="v1", content_type=content_type, payload=payload)
    with pytest.raises(PayloadDecodeError) as raised:
        unwrap(envelope)
    shown = content_type or "application/protobuf"
    assert (raised.value.event_name, raised.value.event_version, raised.value.content_type) == ("user.created", "v1", shown)
    assert str(raised.value).startswith(f'[PAYLOAD_DECODE_FAILED] payload of "user.created" v1 does not decode as {shown}: ')
    assert raised.value.__cause__ is not None


def test_not_an_event() -> None:
    with pytest.raises(NotAnEventError) as raised:
        wrap(Money(currency_code="EUR"))
    assert raised.value.type_name == "order.v1.Money"
    assert str(raised.value) == "[NOT_AN_EVENT] order.v1.Money is not an event: it has no (protoevents.v1.event) option"


@pytest.mark.parametrize(
    ("keywords", "field"),
    [({"event_id": ""}, "event_id"), ({"timestamp": 2**63}, "timestamp"), ({"timestamp": -(2**63) - 1}, "timestamp"),
     ({"timestamp": True}, "timestamp"), ({"timestamp": 1.5}, "timestamp"), ({"timestamp": datetime(2024, 1, 1)}, "timestamp")],
)
def test_invalid_metadata(keywords: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidMetadataError) as raised:
        wrap(UserCreated(), **keywords)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert str(raised.value).startswith(f"[INVALID_METADATA] invalid {field}: ")


def test_every_error_shares_the_base_class() -> None:
    for error in (MalformedEnvelopeError, IncompleteEnvelopeError, UnknownEventError, UnsupportedVersionError,
                  UnsupportedContentTypeError, PayloadDecodeError, NotAnEventError, InvalidMetadataError):
        assert issubclass(error, ProtoeventsError)
    assert issubclass(ProtoeventsError, Exception)

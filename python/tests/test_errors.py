"""Every error: raised by a real bad input, with its code, its fields and the "[CODE] message" text."""

from datetime import datetime

import pytest
from protoevents_fixtures.fixture import v1, v2
from protoevents_fixtures.registry import events as fixture_events

from protoevents import (
    Envelope,
    ErrorCode,
    EventTooLargeError,
    IncompleteEnvelopeError,
    InvalidMetadataError,
    LimitExceededError,
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
        "LIMIT_EXCEEDED",
        "INVALID_CLOUD_EVENT",
        "EVENT_TOO_LARGE",
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
        unwrap(envelope, fixture_events)
    assert raised.value.field == field
    assert str(raised.value) == (
        f'[INCOMPLETE_ENVELOPE] envelope field "{field}" is empty; every envelope needs an event name and version'
    )


def test_incomplete_envelope_with_the_default_registry() -> None:
    with pytest.raises(IncompleteEnvelopeError):
        unwrap(Envelope())


def test_unknown_event() -> None:
    with pytest.raises(UnknownEventError) as raised:
        unwrap(Envelope(event_name="fixture.parcel.lost", event_version="v1"), fixture_events)
    assert raised.value.event_name == "fixture.parcel.lost"
    assert str(raised.value) == (
        '[UNKNOWN_EVENT] unknown event "fixture.parcel.lost": not among the events this call accepts; accepted names: '
        + ", ".join(dict.fromkeys(e.name for e in fixture_events))
    )


def test_unknown_event_with_the_default_registry() -> None:
    # An event of the fixtures, however it is named, is not one of the package's.
    with pytest.raises(UnknownEventError) as raised:
        unwrap(wrap(v1.LegacyRecorded()))
    assert raised.value.event_name == "fixture.legacy.recorded"


def test_unsupported_version() -> None:
    with pytest.raises(UnsupportedVersionError) as raised:
        unwrap(Envelope(event_name="fixture.parcel.shipped", event_version="v9"), fixture_events)
    assert (raised.value.event_name, raised.value.event_version) == ("fixture.parcel.shipped", "v9")
    assert raised.value.known_versions == ("v1", "v2")
    assert str(raised.value) == (
        '[UNSUPPORTED_VERSION] event "fixture.parcel.shipped" has no version "v9" among the events this call accepts;'
        " accepted versions: v1, v2"
    )


def test_unsupported_version_lists_the_known_versions_in_registry_order() -> None:
    # As TypeScript: the order of the events given, not sorted.
    newest_first = tuple(sorted(fixture_events, key=lambda e: e.version, reverse=True))
    with pytest.raises(UnsupportedVersionError) as raised:
        unwrap(Envelope(event_name="fixture.parcel.shipped", event_version="v1beta1"), newest_first)
    assert raised.value.known_versions == ("v2", "v1")
    assert str(raised.value).endswith("accepted versions: v2, v1")


def test_unsupported_version_knows_only_the_versions_given() -> None:
    with pytest.raises(UnsupportedVersionError) as raised:
        unwrap(wrap(v1.ParcelShipped(parcel_id="p")), v2.events)
    assert raised.value.known_versions == ("v2",)
    assert str(raised.value) == (
        '[UNSUPPORTED_VERSION] event "fixture.parcel.shipped" has no version "v1" among the events this call accepts;'
        " accepted versions: v2"
    )


def test_unsupported_content_type_in_unwrap_and_wrap() -> None:
    envelope = Envelope(event_name="fixture.scalars.recorded", event_version="v1", content_type="application/x-protobuf")
    with pytest.raises(UnsupportedContentTypeError) as raised:
        unwrap(envelope, fixture_events)
    assert raised.value.content_type == "application/x-protobuf"
    assert str(raised.value) == (
        '[UNSUPPORTED_CONTENT_TYPE] unsupported content type "application/x-protobuf"; '
        'expected "application/protobuf" or "application/json"'
    )
    with pytest.raises(UnsupportedContentTypeError):
        wrap(v1.ScalarsRecorded(), content_type="text/plain")  # type: ignore[arg-type]


def test_the_event_is_looked_up_before_the_content_type() -> None:
    with pytest.raises(UnknownEventError):
        unwrap(Envelope(event_name="fixture.parcel.lost", event_version="v1", content_type="text/plain"), fixture_events)


@pytest.mark.parametrize(
    ("event_name", "content_type", "payload"),
    [
        ("fixture.scalars.recorded", "", b"\x0a\x05ab"),
        ("fixture.scalars.recorded", "application/protobuf", b"\x0a\x02\xff\xfe"),
        ("fixture.parcel.shipped", "application/protobuf", b"\x1a\x03\x0a\x05a"),
        ("fixture.scalars.recorded", "application/json", b"{"),
        ("fixture.scalars.recorded", "application/json", b"\xff"),
        ("fixture.scalars.recorded", "application/json", b'{"id":1}'),
        ("fixture.scalars.recorded", "application/json", b"[1]"),
        ("fixture.scalars.recorded", "application/json", b'{"id":"a","id":"b"}'),
        ("fixture.scalars.recorded", "application/json", b'{"int64Value":Infinity}'),
        ("fixture.scalars.recorded", "application/json", b'{"int32Value":2147483648}'),
        ("fixture.scalars.recorded", "application/json", b'{"int32Value":1.5}'),
        ("fixture.scalars.recorded", "application/json", b'{"uint64Value":"-1"}'),
        ("fixture.scalars.recorded", "application/json", b'{"floatValue":1e39}'),
        ("fixture.scalars.recorded", "application/json", b'{"boolValue":"true"}'),
        ("fixture.parcel.shipped", "application/json", b'{"courier":"a","postalService":"b"}'),
        ("fixture.parcel.shipped", "application/json", b'{"tags":{"a":1}}'),
        ("fixture.parcel.shipped", "application/json", b'{"weightsGrams":["1",null]}'),
        ("fixture.parcel.shipped", "application/json", b'{"destination":5}'),
        ("fixture.parcel.shipped", "application/json", b'{"items":[5]}'),
        ("fixture.parcel.shipped", "application/json", b'{"items":{}}'),
        ("fixture.parcel.shipped", "application/json", b'{"destination":"Basel"}'),
        ("fixture.parcel.shipped", "application/json", b'{"destination":[]}'),
        ("fixture.parcel.shipped", "application/json", b'{"stops":{"a":"x"}}'),
        ("fixture.parcel.shipped", "application/json", b'{"priority":"PRIORITY_NOPE"}'),
    ],
)
def test_payload_decode_failed(event_name: str, content_type: str, payload: bytes) -> None:
    envelope = Envelope(event_name=event_name, event_version="v1", content_type=content_type, payload=payload)
    with pytest.raises(PayloadDecodeError) as raised:
        unwrap(envelope, fixture_events)
    shown = content_type or "application/protobuf"
    assert (raised.value.event_name, raised.value.event_version, raised.value.content_type) == (event_name, "v1", shown)
    assert str(raised.value).startswith(f'[PAYLOAD_DECODE_FAILED] payload of "{event_name}" "v1" does not decode as {shown}: ')
    assert raised.value.__cause__ is not None


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"priority":7}', v1.ParcelShipped(priority=v1.Priority.ValueType(7))),
        (b'{"parcelId":null,"weightsGrams":["1",2]}', v1.ParcelShipped(weights_grams=[1, 2])),
    ],
)
def test_json_payloads_that_typescript_also_accepts(payload: bytes, expected: v1.ParcelShipped) -> None:
    # An unknown enum number is kept and null is the default, as in TypeScript (an unknown enum
    # name is an error in both: docs/json-policy.md).
    envelope = Envelope(event_name="fixture.parcel.shipped", event_version="v1", content_type="application/json", payload=payload)
    assert unwrap(envelope, fixture_events).payload == expected


@pytest.mark.parametrize("message", [v1.Address(city="Basel"), v1.ParcelShipped.Item(sku="A")], ids=lambda m: m.DESCRIPTOR.full_name)
def test_not_an_event(message: v1.Address | v1.ParcelShipped.Item) -> None:
    type_name = message.DESCRIPTOR.full_name
    with pytest.raises(NotAnEventError) as raised:
        wrap(message)
    assert raised.value.type_name == type_name
    assert str(raised.value) == f"[NOT_AN_EVENT] {type_name} is not an event: it has no (protoevents.v1.event) option"


def test_the_envelope_is_not_an_event() -> None:
    with pytest.raises(NotAnEventError) as raised:
        wrap(Envelope())
    assert raised.value.type_name == "protoevents.v1.Envelope"


@pytest.mark.parametrize(
    ("keywords", "field"),
    [({"event_id": ""}, "event_id"), ({"timestamp": 2**63}, "timestamp"), ({"timestamp": -(2**63) - 1}, "timestamp"),
     ({"timestamp": True}, "timestamp"), ({"timestamp": 1.5}, "timestamp"), ({"timestamp": datetime(2024, 1, 1)}, "timestamp")],
)
def test_invalid_metadata(keywords: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidMetadataError) as raised:
        wrap(v1.ScalarsRecorded(), **keywords)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert str(raised.value).startswith(f"[INVALID_METADATA] invalid {field}: ")


def test_every_error_shares_the_base_class() -> None:
    for error in (MalformedEnvelopeError, IncompleteEnvelopeError, UnknownEventError, UnsupportedVersionError,
                  UnsupportedContentTypeError, PayloadDecodeError, NotAnEventError, InvalidMetadataError,
                  EventTooLargeError):
        assert issubclass(error, ProtoeventsError)
    assert issubclass(ProtoeventsError, Exception)


def test_messages_quote_untrusted_values_as_typescript_does() -> None:
    from protoevents._errors import quote

    assert quote('a"b\\c') == '"a\\"b\\\\c"'
    assert quote("line\nbreak\x00\x1b[31m\x85\u2028") == '"line\\u000abreak\\u0000\\u001b[31m\\u0085\\u2028"'
    assert quote("x\ud800y\udc00") == '"x\\ud800y\\udc00"'
    assert quote("ok \U0001f600 é") == '"ok \U0001f600 é"'


def test_a_long_value_is_cut_in_the_message_and_kept_whole_on_the_error() -> None:
    name = "e" * (50 * 1024 * 1024)
    error = UnknownEventError(name)
    assert str(error) == f'[UNKNOWN_EVENT] unknown event "{"e" * 64}…": no schema of this name is registered'
    assert error.event_name == name


def test_a_message_never_carries_a_raw_control_character() -> None:
    error = UnsupportedContentTypeError("text/plain\r\nX-Injected: 1")
    assert "\r" not in str(error) and "\n" not in str(error)
    assert error.content_type == "text/plain\r\nX-Injected: 1"


@pytest.mark.parametrize(
    "error_class", [MalformedEnvelopeError, PayloadDecodeError, InvalidMetadataError, LimitExceededError, EventTooLargeError]
)
def test_errors_for_bad_input_are_value_errors(error_class: type[ProtoeventsError]) -> None:
    assert issubclass(error_class, ValueError)
    assert issubclass(error_class, ProtoeventsError)

"""protoevents.cloudevents: every fixture event round-trips through the three modes, and every
rule of docs/cloudevents.md refuses what it refuses, with the code and field TypeScript gives."""

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from message_values import populated
from protoevents_fixtures.fixture.v1 import AccountOpened
from protoevents_fixtures.registry import events as fixture_events

from protoevents import (
    ContentType,
    DecodeLimits,
    Envelope,
    ErrorCode,
    InvalidCloudEventError,
    InvalidMetadataError,
    LimitExceededError,
    ProtoeventsError,
    UnknownEventError,
    UnsupportedVersionError,
    decode_envelope,
    encode_envelope,
    unwrap,
    wrap,
)
from protoevents.cloudevents import (
    CloudEventsMode,
    EventMessage,
    from_message,
    to_binary_message,
    to_message,
    to_protobuf_message,
    to_structured_json_message,
)

MODES: list[CloudEventsMode] = ["binary", "structured-json", "protobuf"]
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
TIME = 1714564800123  # 2024-05-01T12:00:00.123Z


def full_envelope(payload: Any, content_type: ContentType = ContentType.PROTOBUF) -> Envelope:
    """An envelope with every field that maps to a CloudEvent set."""
    return wrap(
        payload,
        source="https://example.com/billing",
        content_type=content_type,
        timestamp=TIME,
        event_id="e-1",
        aggregate_id="agg-1",
        traceparent=TRACEPARENT,
        tracestate="vendor=1",
        correlation_id="corr-1",
        causation_id="cause-1",
        attributes={"tenantid": "acme", "region": "eu", "empty": ""},
    )


def account(**fields: Any) -> Envelope:
    keywords: dict[str, Any] = {"source": "https://example.com/s", "timestamp": TIME, "event_id": "e-1"}
    keywords.update(fields)
    return wrap(AccountOpened(id="a-1", name="Ädä Lovelace", email="ada@example.com", opened_at=5), **keywords)


def read(message: EventMessage, **options: Any) -> Envelope:
    return from_message(message.headers, message.value, **options)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("content_type", list(ContentType))
@pytest.mark.parametrize("entry", fixture_events, ids=[f"{e.name}.{e.version}" for e in fixture_events])
def test_every_fixture_event_round_trips(entry: Any, content_type: ContentType, mode: CloudEventsMode) -> None:
    envelope = full_envelope(populated(entry.message_type), content_type)
    message = to_message(envelope, mode, fixture_events)
    back = read(message)
    assert encode_envelope(back) == encode_envelope(envelope)
    event = unwrap(back, fixture_events)
    assert event.payload == unwrap(envelope, fixture_events).payload


@pytest.mark.parametrize("mode", MODES)
def test_an_envelope_of_defaults_round_trips_with_its_content_type_made_explicit(mode: CloudEventsMode) -> None:
    envelope = Envelope(event_id="e", event_name="fixture.account.opened", event_version="v1", source="s")
    back = read(to_message(envelope, mode, fixture_events))
    # An empty content_type means protobuf; CloudEvents writes it out as application/protobuf.
    assert back.content_type == "application/protobuf"
    back.content_type = ""
    assert encode_envelope(back) == encode_envelope(envelope)


def test_binary_headers_come_in_the_documented_order() -> None:
    envelope = full_envelope(AccountOpened(id="a-1"))
    message = to_binary_message(envelope, dataschema="https://example.com/schemas/account")
    assert list(message.headers.items()) == [
        ("ce_specversion", "1.0"),
        ("ce_id", "e-1"),
        ("ce_source", "https://example.com/billing"),
        ("ce_type", "fixture.account.opened.v1"),
        ("ce_subject", "agg-1"),
        ("ce_time", "2024-05-01T12:00:00.123Z"),
        ("ce_partitionkey", "agg-1"),
        ("ce_traceparent", TRACEPARENT),
        ("ce_tracestate", "vendor=1"),
        ("ce_correlationid", "corr-1"),
        ("ce_causationid", "cause-1"),
        ("ce_dataschema", "https://example.com/schemas/account"),
        ("ce_empty", ""),
        ("ce_region", "eu"),
        ("ce_tenantid", "acme"),
        ("content-type", "application/protobuf"),
    ]
    assert message.value == envelope.payload


def test_binary_writes_the_trace_id_only_when_the_traceparent_does_not_carry_it() -> None:
    own = Envelope(event_id="e", event_name="n", event_version="v1", source="s", trace_id="t-1")
    assert to_binary_message(own).headers["ce_traceid"] == "t-1"
    assert read(to_binary_message(own)).trace_id == "t-1"
    carried = account(traceparent=TRACEPARENT)
    assert "ce_traceid" not in to_binary_message(carried).headers
    assert read(to_binary_message(carried)).trace_id == "0af7651916cd43dd8448eb211c80319c"


def test_binary_with_the_dash_prefix() -> None:
    message = to_binary_message(account(), header_prefix="ce-")
    assert [name for name in message.headers if not name.startswith("ce-")] == ["content-type"]
    assert encode_envelope(read(message, header_prefix="ce-")) == encode_envelope(account())
    with pytest.raises(InvalidCloudEventError) as raised:
        read(message)
    assert raised.value.field == "specversion"


def test_structured_json_is_compact_utf8_in_the_documented_order() -> None:
    envelope = account(content_type=ContentType.JSON, attributes={"tenantid": "acme"})
    message = to_structured_json_message(envelope, dataschema="https://example.com/s/1")
    assert dict(message.headers) == {"content-type": "application/cloudevents+json; charset=utf-8"}
    assert message.value.decode("utf-8") == (
        '{"specversion":"1.0","id":"e-1","source":"https://example.com/s","type":"fixture.account.opened.v1",'
        '"subject":"a-1","time":"2024-05-01T12:00:00.123Z","partitionkey":"a-1",'
        '"dataschema":"https://example.com/s/1","tenantid":"acme","datacontenttype":"application/json",'
        '"data":{"id":"a-1","name":"Ädä Lovelace","email":"ada@example.com","openedAt":"5"}}'
    )


def test_structured_json_carries_a_protobuf_payload_as_padded_base64() -> None:
    envelope = account()
    value = json.loads(to_structured_json_message(envelope).value)
    assert value["datacontenttype"] == "application/protobuf"
    assert base64.b64decode(value["data_base64"], validate=True) == envelope.payload
    assert "data" not in value


def test_protobuf_format_bytes() -> None:
    envelope = Envelope(
        event_id="e", event_name="fixture.account.opened", event_version="v1", source="s", timestamp=1500, payload=b"\x0a\x01x"
    )
    message = to_protobuf_message(envelope, fixture_events)
    assert dict(message.headers) == {"content-type": "application/cloudevents+protobuf"}
    type_url = b"type.googleapis.com/fixture.v1.AccountOpened"
    expected = (
        b"\x0a\x01e" + b"\x12\x01s" + b"\x1a\x031.0" + b"\x22\x19fixture.account.opened.v1"
        + b"\x2a\x29\x0a\x0fdatacontenttype\x12\x16\x1a\x14application/protobuf"
        + b"\x2a\x12\x0a\x04time\x12\x0a\x3a\x08\x08\x01\x10\x80\xca\xb5\xee\x01"  # 1 s and 500,000,000 ns
        + b"\x42" + bytes([len(type_url) + 7]) + b"\x0a" + bytes([len(type_url)]) + type_url + b"\x12\x03\x0a\x01x"
    )
    assert message.value == expected


def test_protobuf_format_needs_the_payloads_event() -> None:
    envelope = account()
    with pytest.raises(UnknownEventError):
        to_protobuf_message(envelope, [])
    other_version = [entry for entry in fixture_events if entry.name == "fixture.parcel.shipped"]
    envelope.event_name = "fixture.parcel.shipped"
    envelope.event_version = "v9"
    with pytest.raises(UnsupportedVersionError):
        to_protobuf_message(envelope, other_version)
    # A JSON payload is text_data: no events needed.
    assert read(to_protobuf_message(account(content_type=ContentType.JSON), [])).content_type == "application/json"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_id": ""}, "event_id"),
        ({"source": ""}, "source"),
        ({"source": "has space"}, "source"),
        ({"event_name": ""}, "event_name"),
        ({"event_version": ""}, "event_version"),
        ({"event_version": "v1.1"}, "event_version"),
        ({"timestamp": -62_167_219_200_001}, "timestamp"),
        ({"timestamp": 253_402_300_800_000}, "timestamp"),
        ({"traceparent": "00-zz"}, "traceparent"),
        ({"tracestate": "a=1"}, "tracestate"),
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_writing_refuses_an_envelope_that_cannot_be_a_cloud_event(change: dict[str, Any], field: str, mode: CloudEventsMode) -> None:
    envelope = account()
    for name, value in change.items():
        setattr(envelope, name, value)
    with pytest.raises(InvalidMetadataError) as raised:
        to_message(envelope, mode, fixture_events)
    assert (raised.value.code, raised.value.field) == (ErrorCode.INVALID_METADATA, field)


@pytest.mark.parametrize("key", ["Tenant", "tenant_id", "id", "traceid", ""])
def test_writing_refuses_an_attribute_that_is_no_extension(key: str) -> None:
    envelope = account()
    envelope.attributes[key] = "x"
    with pytest.raises(InvalidMetadataError) as raised:
        to_binary_message(envelope)
    assert raised.value.field == "attributes"


def test_writing_refuses_a_dataschema_that_is_no_absolute_uri() -> None:
    with pytest.raises(InvalidMetadataError) as raised:
        to_binary_message(account(), dataschema="/relative")
    assert raised.value.field == "dataschema"


def test_the_time_range_ends_are_written() -> None:
    assert to_binary_message(account(timestamp=-62_167_219_200_000)).headers["ce_time"] == "0000-01-01T00:00:00.000Z"
    assert to_binary_message(account(timestamp=253_402_300_799_999)).headers["ce_time"] == "9999-12-31T23:59:59.999Z"


BINARY = {"ce_specversion": "1.0", "ce_id": "e-1", "ce_source": "/s", "ce_type": "a.b.v1", "content-type": "application/protobuf"}


def binary(**changes: str | None) -> dict[str, str]:
    headers = dict(BINARY)
    for name, value in changes.items():
        headers.pop(name, None)
        if value is not None:
            headers[name] = value
    return headers


def test_reading_what_other_producers_write() -> None:
    headers = [
        ("CE_SpecVersion", b"1.0"),
        ("ce_id", b"e-9"),
        ("ce_source", b"urn:example:s"),
        ("ce_type", b"fixture.thing.done.v2"),
        ("ce_time", b"2024-05-01T14:00:00.123456+02:00"),
        ("ce_subject", b"sub"),
        ("ce_datacontenttype", b"application/json"),
        ("ce_myext", b"x"),
        ("traceparent", b"\xff not ours"),
        ("other", None),
    ]
    envelope = from_message(headers, b"{}")
    assert (envelope.event_name, envelope.event_version, envelope.timestamp) == ("fixture.thing.done", "v2", TIME)
    assert (envelope.aggregate_id, envelope.content_type, envelope.payload) == ("sub", "application/json", b"{}")
    assert dict(envelope.attributes) == {"myext": "x"}
    both = from_message({**BINARY, "ce_datacontenttype": "application/json"}, b"")
    assert both.content_type == "application/protobuf"


def test_reading_json_with_typed_extensions_and_a_json_value() -> None:
    value = {
        "specversion": "1.0", "id": "e", "source": "/s", "type": "a.v1", "time": "2024-05-01T12:00:00.1239Z",
        "flag": True, "count": -2147483648, "gone": None, "subject": None,
        "datacontenttype": "application/json", "data": {"b": [1.0, 1.5e-7, "é"], "10": None},
    }
    envelope = from_message({"content-type": "application/cloudevents+json"}, json.dumps(value, indent=2).encode())
    # null is no value.
    assert dict(envelope.attributes) == {"flag": "true", "count": "-2147483648"}
    assert (envelope.timestamp, envelope.aggregate_id) == (TIME, "")
    # The sender's text of data, its whitespace between tokens removed.
    assert envelope.payload == b'{"b":[1.0,1.5e-07,"\\u00e9"],"10":null}'


def test_reading_json_string_data_of_another_content_type() -> None:
    value = JSON_HEAD + ',"datacontenttype":"text/plain","data":"h\u00e9 \\"x\\""}'
    envelope = from_message({"content-type": "application/cloudevents+json"}, value.encode())
    assert (envelope.content_type, envelope.payload) == ("text/plain", 'hé "x"'.encode())


def test_reading_the_protobuf_format_with_typed_values_and_other_data_fields() -> None:
    def entry(key: bytes, value: bytes) -> bytes:
        body = b"\x0a" + bytes([len(key)]) + key + b"\x12" + bytes([len(value)]) + value
        return b"\x2a" + bytes([len(body)]) + body

    head = b"\x0a\x01e\x12\x02/s\x1a\x031.0\x22\x04a.v1"
    attributes = (
        entry(b"flag", b"\x08\x01") + entry(b"count", b"\x10\xff\xff\xff\xff\x0f") + entry(b"blob", b"\x22\x02\x00\xff")
        + entry(b"link", b"\x2a\x04urn:") + entry(b"ref", b"\x32\x02/x") + entry(b"at", b"\x3a\x02\x08\x3c")
    )
    envelope = from_message({"content-type": "application/cloudevents+protobuf"}, head + attributes + b"\x3a\x02{}")
    assert dict(envelope.attributes) == {
        "flag": "true", "count": "-1", "blob": "AP8=", "link": "urn:", "ref": "/x", "at": "1970-01-01T00:01:00.000Z"
    }
    # No datacontenttype: the envelope's content type stays empty, as in binary mode.
    assert (envelope.content_type, envelope.payload) == ("", b"{}")
    binary_data = from_message({"content-type": "application/cloudevents+protobuf"}, head + b"\x32\x01\x07")
    assert binary_data.payload == b"\x07"


ERRORS: list[tuple[str, Any, bytes, str]] = [
    ("specversion missing", binary(ce_specversion=None), b"", "specversion"),
    ("specversion 0.3", binary(ce_specversion="0.3"), b"", "specversion"),
    ("id missing", binary(ce_id=None), b"", "id"),
    ("id empty", binary(ce_id=""), b"", "id"),
    ("source missing", binary(ce_source=None), b"", "source"),
    ("source not a URI-reference", binary(ce_source="a b"), b"", "source"),
    ("type missing", binary(ce_type=None), b"", "type"),
    ("type without a dot", binary(ce_type="ab"), b"", "type"),
    ("type ending in a dot", binary(ce_type="a.b."), b"", "type"),
    ("bad time", binary(ce_time="2024-02-30T00:00:00Z"), b"", "time"),
    ("time without offset", binary(ce_time="2024-05-01T00:00:00"), b"", "time"),
    ("bad traceparent", binary(ce_traceparent="00-0-0-01"), b"", "traceparent"),
    ("tracestate alone", binary(ce_tracestate="a=1"), b"", "tracestate"),
    ("relative dataschema", binary(ce_dataschema="/x"), b"", "dataschema"),
    ("extension with an underscore", binary(ce_my_ext="x"), b"", "my_ext"),
    ("extension named data", binary(ce_data="x"), b"", "data"),
    ("duplicate header", [*BINARY.items(), ("CE_ID", "e-2")], b"", "id"),
    ("non-UTF-8 header", [*binary(ce_id=None).items(), ("ce_id", b"\xff")], b"", "id"),
    ("batch", {"content-type": "application/cloudevents-batch+json"}, b"[]", "content-type"),
    ("unknown event format", {"content-type": "application/cloudevents+avro"}, b"", "content-type"),
    ("JSON not an object", {"content-type": "application/cloudevents+json"}, b"[]", "value"),
    ("JSON not JSON", {"content-type": "application/cloudevents+json"}, b"{", "value"),
    ("JSON not UTF-8", {"content-type": "application/cloudevents+json"}, b'{"\xff":1}', "value"),
    ("JSON duplicate member", {"content-type": "application/cloudevents+json"}, b'{"id":"a","id":"b"}', "value"),
    ("JSON id a number", {"content-type": "application/cloudevents+json"}, b'{"specversion":"1.0","id":1}', "id"),
]
JSON_HEAD = '{"specversion":"1.0","id":"e","source":"/s","type":"a.v1"'
for description, tail, field in [
    ("JSON uppercase extension", ',"Tenant":"x"}', "Tenant"),
    ("JSON data and data_base64", ',"data":{},"data_base64":""}', "data"),
    ("JSON bad base64", ',"data_base64":"AP8"}', "data_base64"),
    ("JSON URL-safe base64", ',"data_base64":"_w=="}', "data_base64"),
    ("JSON number out of int32", ',"count":2147483648}', "count"),
    ("JSON fraction", ',"count":1.5}', "count"),
    ("JSON exponent", ',"count":1e3}', "count"),
    ("JSON boolean traceparent", ',"traceparent":true}', "traceparent"),
    ("JSON object extension", ',"count":{}}', "count"),
    ("JSON data object for protobuf", ',"datacontenttype":"application/protobuf","data":{}}', "data"),
]:
    ERRORS.append((description, {"content-type": "application/cloudevents+json"}, (JSON_HEAD + tail).encode(), field))
PROTOBUF_HEAD = b"\x0a\x01e\x12\x02/s\x1a\x031.0\x22\x04a.v1"
for description, value, field in [
    ("protobuf garbage", b"\xff\xff\xff", "value"),
    ("protobuf truncated", PROTOBUF_HEAD[:-2], "value"),
    ("protobuf wrong wire type", PROTOBUF_HEAD + b"\x30\x01", "value"),
    ("protobuf not UTF-8", b"\x0a\x01\xff", "value"),
    ("protobuf stray end group", PROTOBUF_HEAD + b"\x4c", "value"),
    ("protobuf entry with a third field", PROTOBUF_HEAD + b"\x2a\x05\x0a\x01x\x18\x01", "value"),
    ("protobuf attribute without a value", PROTOBUF_HEAD + b"\x2a\x03\x0a\x01x", "x"),
    ("protobuf id as an attribute", PROTOBUF_HEAD + b"\x2a\x09\x0a\x02id\x12\x03\x1a\x01e", "id"),
    ("proto_data on JSON", PROTOBUF_HEAD + b"\x2a\x25\x0a\x0fdatacontenttype\x12\x12\x1a\x10application/json\x42\x00", "datacontenttype"),
]:
    ERRORS.append((description, {"content-type": "application/cloudevents+protobuf"}, value, field))


@pytest.mark.parametrize(("headers", "value", "field"), [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_reading_refuses_what_is_no_cloud_event(headers: Any, value: bytes, field: str) -> None:
    with pytest.raises(InvalidCloudEventError) as raised:
        from_message(headers, value)
    assert (raised.value.code, raised.value.field) == (ErrorCode.INVALID_CLOUD_EVENT, field)
    assert str(raised.value).startswith(f'[INVALID_CLOUD_EVENT] not a valid CloudEvent: "{field}" ')


def test_reading_refuses_a_message_over_max_bytes() -> None:
    limits = DecodeLimits(max_bytes=100)
    with pytest.raises(LimitExceededError) as raised:
        from_message(BINARY, b"x" * 101, limits=limits)
    assert (raised.value.limit, raised.value.value) == ("maxBytes", 101)
    # The headers read count too: the value alone is under the limit here.
    with pytest.raises(LimitExceededError):
        from_message(BINARY, b"x" * 60, limits=limits)
    assert from_message(BINARY, b"x" * 10, limits=limits).payload == b"x" * 10


def test_reading_refuses_json_nested_deeper_than_max_depth() -> None:
    value = (JSON_HEAD + ',"data":' + "[" * 70 + "]" * 70 + "}").encode()
    with pytest.raises(LimitExceededError) as raised:
        from_message({"content-type": "application/cloudevents+json"}, value)
    assert raised.value.limit == "maxDepth"


CONTENT_TYPES = ["application/cloudevents+json", "application/cloudevents+protobuf", "application/protobuf"]


@given(st.sampled_from(CONTENT_TYPES), st.binary(max_size=256))
def test_arbitrary_bytes_read_or_raise_our_error(content_type: str, value: bytes) -> None:
    try:
        envelope = from_message({**BINARY, "content-type": content_type}, value)
    except ProtoeventsError:
        return
    assert decode_envelope(encode_envelope(envelope)) == envelope


@given(st.sampled_from(MODES), st.data())
def test_mutated_messages_read_or_raise_our_error(mode: CloudEventsMode, data: st.DataObject) -> None:
    message = to_message(full_envelope(AccountOpened(id="a-1", name="Ädä")), mode, fixture_events)
    value = bytearray(message.value)
    for _ in range(data.draw(st.integers(1, 4))):
        value[data.draw(st.integers(0, len(value) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(value)))
    try:
        from_message(message.headers, bytes(value[:cut]))
    except ProtoeventsError:
        pass

"""wrap, encode, decode and unwrap of every fixture event, binary and JSON, and wrap's defaults."""

import json
import math
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from message_values import INTEGER_RANGES
from protoevents_fixtures.fixture import v1, v2
from protoevents_fixtures.registry import events as fixture_events

from protoevents import (
    ContentType,
    Envelope,
    EventEntry,
    UnknownEventError,
    UnsupportedVersionError,
    decode_envelope,
    encode_envelope,
    envelope_from_json,
    envelope_from_json_string,
    envelope_to_json,
    envelope_to_json_string,
    event_identity,
    unwrap,
    wrap,
)

FLOAT32_MAX = 3.4028234663852886e38
FLOAT32_NEAR_MAX = 3.4e38
"""The largest float32 whose shortest text protobuf's JSON parser reads back (see
test_float32_extremes_round_trip_through_json)."""
FLOAT32_SMALLEST_SUBNORMAL = 1.401298464324817e-45

EXAMPLES: list[Message] = [
    v1.ScalarsRecorded(
        id="s-max",
        double_value=1.7976931348623157e308,
        float_value=FLOAT32_NEAR_MAX,
        int32_value=2**31 - 1,
        int64_value=2**63 - 1,
        uint32_value=2**32 - 1,
        uint64_value=2**64 - 1,
        sint32_value=2**31 - 1,
        sint64_value=2**63 - 1,
        fixed32_value=2**32 - 1,
        fixed64_value=2**64 - 1,
        sfixed32_value=2**31 - 1,
        sfixed64_value=2**63 - 1,
        bool_value=True,
        bytes_value=bytes(range(256)),
        optional_value="Zoë \U0001f600 \u0000 \uffff",
    ),
    v1.ScalarsRecorded(
        id="s-min",
        double_value=-1.7976931348623157e308,
        float_value=-FLOAT32_NEAR_MAX,
        int32_value=-(2**31),
        int64_value=-(2**63),
        uint32_value=0,
        uint64_value=0,
        sint32_value=-(2**31),
        sint64_value=-(2**63),
        fixed32_value=0,
        fixed64_value=0,
        sfixed32_value=-(2**31),
        sfixed64_value=-(2**63),
        bool_value=False,
        bytes_value=b"\x00",
        optional_value="",
    ),
    v1.ScalarsRecorded(
        id="s-special",
        double_value=5e-324,
        float_value=FLOAT32_SMALLEST_SUBNORMAL,
        int32_value=-1,
        int64_value=-1,
        uint32_value=1,
        uint64_value=2**63,
        sint32_value=-1,
        sint64_value=-1,
        fixed32_value=2**31,
        fixed64_value=2**63,
        sfixed32_value=-1,
        sfixed64_value=-1,
    ),
    v1.ScalarsRecorded(id="s-infinite", double_value=math.inf, float_value=-math.inf),
    v1.ScalarsRecorded(),
    v1.ParcelShipped(
        parcel_id="p-1",
        destination=v1.Address(street="Rue de l'Église 1", city="Zürich", country_code="CH"),
        items=[v1.ParcelShipped.Item(sku="BOOK-1", quantity=2**32 - 1), v1.ParcelShipped.Item()],
        labels=["fragile", "", "\U0001f4e6"],
        tags={"b": "2", "10": "x", "9": "y", "": "empty key", "\U0001f600": "astral", "\uffff": "bmp"},
        stops={"hub": v1.Address(city="Basel", country_code="CH"), "": v1.Address()},
        priority=v1.Priority.PRIORITY_HIGH,
        courier="Swift Couriers",
        note="leave at the door",
        weights_grams=[0, -1, 2**63 - 1, -(2**63)],
    ),
    v1.ParcelShipped(parcel_id="p-2", postal_service="", priority=v1.Priority.PRIORITY_LOW),
    v1.ParcelShipped(parcel_id="p-3", postal_service="CH", items=[v1.ParcelShipped.Item(sku="A", quantity=1)] * 3),
    v2.ParcelShipped(parcel_id="p-1", labels=["fragile", "ü"], tracking_code="TRK-\U0001f600"),
    v2.ParcelShipped(),
    v1.LegacyRecorded(text="recorded by the old system \U0001f600"),
    v1.LegacyRecorded(),
    v1.AccountOpened(id="a-max", name="Ada Lovelace", email="ada@example.com", opened_at=2**63 - 1),
    v1.AccountOpened(id="a-min", name="Zoë", opened_at=-(2**63)),
]
CONTENT_TYPES = [ContentType.PROTOBUF, ContentType.JSON]


def example_id(payload: Message) -> str:
    identity = event_identity(type(payload))
    return f"{identity.name}/{identity.version}"


def set_fields(message: Message) -> list[str]:
    """The names of the fields a message has set, explicit presence included."""
    return [field.name for field, _ in message.ListFields()]


def test_the_examples_cover_every_fixture_event() -> None:
    covered = {(event_identity(type(e)).name, event_identity(type(e)).version) for e in EXAMPLES}
    assert covered == {(e.name, e.version) for e in fixture_events}


@pytest.mark.parametrize("entry", fixture_events, ids=lambda e: f"{e.name}/{e.version}")
def test_the_examples_set_every_field_and_both_ends_of_every_integer_range(entry: EventEntry[str, str, Message]) -> None:
    examples = [e for e in EXAMPLES if type(e) is entry.message_type]
    fields = entry.message_type.DESCRIPTOR.fields
    assert {name for e in examples for name in set_fields(e)} == {f.name for f in fields}
    for field in fields:
        if field.type in INTEGER_RANGES:
            seen = {v for e in examples for v in (getattr(e, field.name) if field.is_repeated else [getattr(e, field.name)])}
            assert set(INTEGER_RANGES[field.type]) <= seen, field.name


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("payload", EXAMPLES, ids=example_id)
def test_binary_round_trip(payload: Message, content_type: ContentType) -> None:
    envelope = wrap(payload, content_type=content_type, attributes={"tenantid": "acme"})
    data = encode_envelope(envelope)
    event = unwrap(decode_envelope(data), fixture_events)
    identity = event_identity(type(payload))
    assert (event.name, event.version) == (identity.name, identity.version)
    assert (envelope.event_name, envelope.event_version) == (identity.name, identity.version)
    assert event.payload == payload
    assert set_fields(event.payload) == set_fields(payload)
    assert type(event.payload) is type(payload)
    assert encode_envelope(event.envelope) == data


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("payload", EXAMPLES, ids=example_id)
def test_json_round_trip(payload: Message, content_type: ContentType) -> None:
    envelope = wrap(payload, content_type=content_type, source="svc", attributes={"b": "2", "a": "1"})
    assert envelope_from_json_string(envelope_to_json_string(envelope)) == envelope
    assert envelope_from_json(envelope_to_json(envelope)) == envelope
    event = unwrap(envelope_from_json_string(envelope_to_json_string(envelope)), fixture_events)
    assert event.payload == payload
    assert set_fields(event.payload) == set_fields(payload)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_not_a_number_round_trips(content_type: ContentType) -> None:
    payload = v1.ScalarsRecorded(double_value=math.nan, float_value=math.nan)
    decoded = unwrap(decode_envelope(encode_envelope(wrap(payload, content_type=content_type))), fixture_events).payload
    assert isinstance(decoded, v1.ScalarsRecorded)
    assert math.isnan(decoded.double_value) and math.isnan(decoded.float_value)


def test_float32_extremes_round_trip_through_binary() -> None:
    payload = v1.ScalarsRecorded(float_value=FLOAT32_MAX, double_value=-FLOAT32_MAX)
    assert unwrap(decode_envelope(encode_envelope(wrap(payload))), fixture_events).payload == payload


@pytest.mark.parametrize("value", [FLOAT32_MAX, -FLOAT32_MAX])
def test_float32_extremes_round_trip_through_json(value: float) -> None:
    # MessageToDict writes 3.4028235e+38, a double above the largest float32 that rounds to it:
    # the JSON policy reads a float as float32 rounds it.
    payload = v1.ScalarsRecorded(float_value=value)
    assert unwrap(wrap(payload, content_type="application/json"), fixture_events).payload == payload


def test_json_payload_is_compact_canonical_utf8() -> None:
    envelope = wrap(
        v1.ScalarsRecorded(id="ü-1", int64_value=5, uint64_value=2**64 - 1, bytes_value=b"\xff", optional_value=""),
        content_type="application/json",
    )
    assert envelope.payload.decode("utf-8") == (
        '{"id":"ü-1","int64Value":"5","uint64Value":"18446744073709551615","bytesValue":"/w==","optionalValue":""}'
    )
    parcel = wrap(v1.ParcelShipped(priority=v1.Priority.PRIORITY_HIGH, postal_service="", weights_grams=[-1]), content_type="application/json")
    assert parcel.payload.decode("utf-8") == '{"priority":"PRIORITY_HIGH","postalService":"","weightsGrams":["-1"]}'


def test_json_payload_maps_are_in_the_order_protobuf_es_keeps_them() -> None:
    # As for attributes: array-index keys first in numeric order, then the rest by UTF-16 code
    # units, in maps of strings and of messages alike.
    keys = ["b", "10", "9", "\uffff", "\U0001f600", "01", ""]
    expected = ["9", "10", "", "01", "b", "\U0001f600", "\uffff"]
    payload = v1.ParcelShipped(tags={k: "v" for k in keys}, stops={k: v1.Address(city=k) for k in keys})
    value = json.loads(wrap(payload, content_type="application/json").payload, object_pairs_hook=list)
    maps = dict(value)
    assert [key for key, _ in maps["tags"]] == expected
    assert [key for key, _ in maps["stops"]] == expected


def test_envelope_json_text_is_compact() -> None:
    envelope = wrap(v1.ScalarsRecorded(id="u"), event_id="e", timestamp=1, attributes={"k": "v"})
    assert envelope_to_json_string(envelope) == (
        '{"eventId":"e","eventName":"fixture.scalars.recorded","eventVersion":"v1","aggregateId":"u","timestamp":"1",'
        '"contentType":"application/protobuf","payload":"CgF1","attributes":{"k":"v"}}'
    )


def test_wrap_defaults() -> None:
    before = time.time_ns() // 1_000_000
    envelope = wrap(v1.ScalarsRecorded(id="u-9"))
    after = time.time_ns() // 1_000_000
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", envelope.event_id)
    assert before <= envelope.timestamp <= after
    # The id's own 48-bit time is read from the clock too, but a monotonic UUIDv7 may run ahead
    # of it, and the two reads may straddle a millisecond: only bound it.
    assert before <= int(envelope.event_id.replace("-", "")[:12], 16) <= after + 1
    assert envelope.content_type == "application/protobuf"
    assert envelope.aggregate_id == "u-9"
    assert (envelope.trace_id, envelope.correlation_id, envelope.causation_id, envelope.source) == ("", "", "", "")
    assert dict(envelope.attributes) == {}


def test_event_ids_increase_within_a_process() -> None:
    ids = [wrap(v1.LegacyRecorded()).event_id for _ in range(2000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("payload", EXAMPLES, ids=example_id)
def test_aggregate_id_is_the_partition_key_field(payload: Message) -> None:
    partition_key = event_identity(type(payload)).partition_key
    expected = getattr(payload, partition_key) if partition_key else ""
    assert wrap(payload).aggregate_id == expected


def test_an_event_without_a_partition_key_gets_no_aggregate_id() -> None:
    assert event_identity(v1.LegacyRecorded).partition_key == ""
    assert wrap(v1.LegacyRecorded(text="t-1")).aggregate_id == ""
    assert wrap(v1.LegacyRecorded(text="t-1"), aggregate_id="a-1").aggregate_id == "a-1"


def test_partition_keys_come_from_the_event_options() -> None:
    assert event_identity(v1.ScalarsRecorded).partition_key == "id"
    assert event_identity(v1.ParcelShipped).partition_key == "parcel_id"
    assert wrap(v2.ParcelShipped(parcel_id="p-7", tracking_code="t")).aggregate_id == "p-7"


def test_given_aggregate_id_wins_over_the_partition_key() -> None:
    assert wrap(v1.ScalarsRecorded(id="u-1"), aggregate_id="other").aggregate_id == "other"
    assert wrap(v1.ScalarsRecorded(id="u-1"), aggregate_id="").aggregate_id == ""


def test_timestamp_from_an_aware_datetime() -> None:
    moment = datetime(2023, 11, 14, 22, 13, 20, 123_999, tzinfo=timezone(timedelta(hours=2)))
    assert wrap(v1.LegacyRecorded(), timestamp=moment).timestamp == 1_699_992_800_123
    before_epoch = datetime(1969, 12, 31, 23, 59, 59, 999_500, tzinfo=timezone.utc)
    assert wrap(v1.LegacyRecorded(), timestamp=before_epoch).timestamp == -1


def test_timestamp_int64_bounds() -> None:
    assert wrap(v1.LegacyRecorded(), timestamp=2**63 - 1).timestamp == 2**63 - 1
    assert wrap(v1.LegacyRecorded(), timestamp=-(2**63)).timestamp == -(2**63)


def test_empty_content_type_in_an_envelope_means_protobuf() -> None:
    envelope = wrap(v1.ScalarsRecorded(id="u-1"))
    envelope.content_type = ""
    assert unwrap(envelope, fixture_events).payload == v1.ScalarsRecorded(id="u-1")


def test_json_payload_ignores_unknown_fields_and_a_byte_order_mark() -> None:
    # A v1 producer's JSON read by a v2 consumer: "note" (reserved in v2) and fields of no
    # version at all are dropped.
    written = wrap(v1.ParcelShipped(parcel_id="p-1", labels=["a"], note="n"), content_type="application/json").payload
    envelope = Envelope(
        event_name="fixture.parcel.shipped",
        event_version="v2",
        content_type="application/json",
        payload="\ufeff".encode() + written[:-1] + b',"futureField":{"x":[1]}}',
    )
    assert unwrap(envelope, fixture_events).payload == v2.ParcelShipped(parcel_id="p-1", labels=["a"])


def test_binary_payload_keeps_the_fields_a_newer_version_does_not_know() -> None:
    original = v1.ParcelShipped(parcel_id="p-1", labels=["a"], note="n", priority=v1.Priority.PRIORITY_HIGH)
    envelope = wrap(original)
    envelope.event_version = "v2"
    read = unwrap(envelope, fixture_events).payload
    assert v1.ParcelShipped.FromString(read.SerializeToString()) == original
    read.DiscardUnknownFields()
    assert read == v2.ParcelShipped(parcel_id="p-1", labels=["a"])


def test_json_payload_accepts_proto_field_names() -> None:
    envelope = Envelope(
        event_name="fixture.parcel.shipped",
        event_version="v1",
        content_type="application/json",
        payload=b'{"parcel_id":"p","weights_grams":["1",2],"postal_service":"CH"}',
    )
    assert unwrap(envelope, fixture_events).payload == v1.ParcelShipped(parcel_id="p", weights_grams=[1, 2], postal_service="CH")


def test_attributes_are_encoded_sorted_by_code_point_whatever_their_keys() -> None:
    # Keys `wrap` refuses but a decoded envelope may hold. By code point "\uffff" sorts before the
    # astral "\U0001f600", and "9" after "10"; JSON keeps the order protobuf-es keeps map keys in:
    # array-index keys first in numeric order, then the rest by UTF-16 code units.
    attributes = {"b": "", "10": "x", "9": "y", "\uffff": "1", "\U0001f600": "2", "01": "z", "": "e", "ab": "3", "a": "4"}
    envelope = Envelope(event_id="e", attributes=attributes)
    assert list(envelope_to_json(envelope)["attributes"]) == ["9", "10", "", "01", "a", "ab", "b", "\U0001f600", "\uffff"]
    data = encode_envelope(envelope)
    keys = []
    for match in re.finditer(rb"\x62.\x0a(.)", data, re.DOTALL):
        start = match.end()
        keys.append(data[start : start + match[1][0]].decode())
    assert keys == ["", "01", "10", "9", "a", "ab", "b", "\uffff", "\U0001f600"]
    assert decode_envelope(data) == envelope


def test_unknown_envelope_fields_survive_a_round_trip_and_stay_last() -> None:
    envelope = wrap(v1.ScalarsRecorded(id="u"), event_id="e", timestamp=0, attributes={"10": "a", "9": "b"})
    unknown = bytes.fromhex("a2060178")  # field 100, the string "x"
    decoded = decode_envelope(encode_envelope(envelope) + unknown)
    assert encode_envelope(decoded) == encode_envelope(envelope) + unknown


def test_unwrap_with_the_events_of_one_package() -> None:
    event = unwrap(wrap(v1.ScalarsRecorded(id="u")), v1.events)
    assert event.payload == v1.ScalarsRecorded(id="u")
    with pytest.raises(UnsupportedVersionError) as raised:
        unwrap(wrap(v2.ParcelShipped(parcel_id="p")), v1.events)
    assert raised.value.known_versions == ("v1",)
    with pytest.raises(UnknownEventError):
        unwrap(wrap(v1.ScalarsRecorded(id="u")), v2.events)


def test_unwrap_with_a_list_of_events() -> None:
    assert unwrap(wrap(v1.LegacyRecorded(text="t")), list(fixture_events)).payload == v1.LegacyRecorded(text="t")


def test_the_default_registry_is_the_package_and_not_the_fixtures() -> None:
    with pytest.raises(UnknownEventError):
        unwrap(wrap(v1.ScalarsRecorded(id="u")))


def test_two_versions_of_one_event_unwrap_to_their_own_class() -> None:
    first = wrap(v1.ParcelShipped(parcel_id="p-1", note="n"))
    second = wrap(v2.ParcelShipped(parcel_id="p-1", tracking_code="t"))
    assert (first.event_name, first.event_version) == ("fixture.parcel.shipped", "v1")
    assert (second.event_name, second.event_version) == ("fixture.parcel.shipped", "v2")
    assert type(unwrap(first, fixture_events).payload) is v1.ParcelShipped
    assert type(unwrap(second, fixture_events).payload) is v2.ParcelShipped
    assert unwrap(second, fixture_events).payload == v2.ParcelShipped(parcel_id="p-1", tracking_code="t")


def test_scalar_fields_of_the_fixtures_cover_every_scalar_kind() -> None:
    kinds = {f.type for e in fixture_events for f in e.message_type.DESCRIPTOR.fields if f.message_type is None}
    scalar_kinds = {
        value
        for name, value in vars(FieldDescriptor).items()
        if name.startswith("TYPE_") and name not in ("TYPE_GROUP", "TYPE_MESSAGE", "TYPE_ENUM")
    }
    assert len(scalar_kinds) == 15  # the scalar value types of the protobuf language
    assert scalar_kinds <= kinds

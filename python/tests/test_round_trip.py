"""wrap, encode, decode and unwrap of every example event, binary and JSON, and wrap's defaults."""

import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from google.protobuf.message import Message

from protoevents import (
    ContentType,
    Envelope,
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
from protoevents.admin.v1 import AdminAccountCreated
from protoevents.order.v1 import LineItem, Money, OrderCompleted, OrderPlaced, OrderStatus
from protoevents.user import v2 as user_v2
from protoevents.user.v1 import UserCreated, UserEmailChanged
from protoevents.user.v1 import events as user_v1_events

EXAMPLES: list[Message] = [
    UserCreated(id="u-1", name="Ada Lovelace", email="ada@example.com", created_at=1_700_000_000_000),
    UserEmailChanged(id="u-1", old_email="ada@example.com", new_email="ada@engine.org", changed_at=-5),
    user_v2.UserCreated(id="u-2", given_name="Alan", family_name="Turing", email="alan@example.com"),
    AdminAccountCreated(id="adm-1", email="root@example.com", roles=["billing"], created_by="adm-0"),
    OrderPlaced(
        order_id="o-1",
        customer_id="u-1",
        items=[LineItem(sku="BOOK-1", quantity=2, unit_price=Money(currency_code="EUR", amount_minor=1999))],
        total=Money(currency_code="EUR", amount_minor=3998),
        status=OrderStatus.ORDER_STATUS_PENDING,
        placed_at=2**62,
    ),
    OrderCompleted(order_id="o-1", status=OrderStatus.ORDER_STATUS_COMPLETED, completed_at=1),
]
CONTENT_TYPES = [ContentType.PROTOBUF, ContentType.JSON]


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda m: m.DESCRIPTOR.full_name)
def test_binary_round_trip(payload: Message, content_type: ContentType) -> None:
    envelope = wrap(payload, content_type=content_type, attributes={"tenant_id": "acme"})
    data = encode_envelope(envelope)
    event = unwrap(decode_envelope(data))
    identity = event_identity(type(payload))
    assert (event.name, event.version) == (identity.name, identity.version)
    assert event.payload == payload
    assert type(event.payload) is type(payload)
    assert encode_envelope(event.envelope) == data


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda m: m.DESCRIPTOR.full_name)
def test_json_round_trip(payload: Message, content_type: ContentType) -> None:
    envelope = wrap(payload, content_type=content_type, source="svc", attributes={"b": "2", "a": "1"})
    assert envelope_from_json_string(envelope_to_json_string(envelope)) == envelope
    assert envelope_from_json(envelope_to_json(envelope)) == envelope
    assert unwrap(envelope_from_json_string(envelope_to_json_string(envelope))).payload == payload


def test_json_payload_is_compact_canonical_utf8() -> None:
    envelope = wrap(UserCreated(id="ü-1", name="Zoë", created_at=5), content_type="application/json")
    assert envelope.payload.decode("utf-8") == '{"id":"ü-1","name":"Zoë","createdAt":"5"}'


def test_envelope_json_text_is_compact() -> None:
    envelope = wrap(UserCreated(id="u"), event_id="e", timestamp=1, attributes={"k": "v"})
    assert envelope_to_json_string(envelope) == (
        '{"eventId":"e","eventName":"user.created","eventVersion":"v1","aggregateId":"u","timestamp":"1",'
        '"contentType":"application/protobuf","payload":"CgF1","attributes":{"k":"v"}}'
    )


def test_wrap_defaults() -> None:
    before = time.time_ns() // 1_000_000
    envelope = wrap(UserCreated(id="u-9"))
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
    ids = [wrap(UserCreated(id="u")).event_id for _ in range(2000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_given_aggregate_id_wins_over_the_partition_key() -> None:
    assert wrap(UserCreated(id="u-1"), aggregate_id="other").aggregate_id == "other"
    assert wrap(UserCreated(id="u-1"), aggregate_id="").aggregate_id == ""


def test_timestamp_from_an_aware_datetime() -> None:
    moment = datetime(2023, 11, 14, 22, 13, 20, 123_999, tzinfo=timezone(timedelta(hours=2)))
    assert wrap(UserCreated(), timestamp=moment).timestamp == 1_699_992_800_123
    assert wrap(UserCreated(), timestamp=datetime(1969, 12, 31, 23, 59, 59, 999_500, tzinfo=timezone.utc)).timestamp == -1


def test_timestamp_int64_bounds() -> None:
    assert wrap(UserCreated(), timestamp=2**63 - 1).timestamp == 2**63 - 1
    assert wrap(UserCreated(), timestamp=-(2**63)).timestamp == -(2**63)


def test_empty_content_type_in_an_envelope_means_protobuf() -> None:
    envelope = wrap(UserCreated(id="u-1"))
    envelope.content_type = ""
    assert unwrap(envelope).payload == UserCreated(id="u-1")


def test_json_payload_ignores_unknown_fields_and_a_byte_order_mark() -> None:
    envelope = Envelope(
        event_name="user.created",
        event_version="v1",
        content_type="application/json",
        payload='\ufeff{"id":"u-1","futureField":{"x":[1]}}'.encode(),
    )
    assert unwrap(envelope).payload == UserCreated(id="u-1")


def test_json_payload_accepts_proto_field_names() -> None:
    envelope = Envelope(
        event_name="user.created", event_version="v1", content_type="application/json", payload=b'{"created_at":7}'
    )
    assert unwrap(envelope).payload == UserCreated(created_at=7)


def test_attributes_are_stored_in_the_order_protobuf_es_keeps_them() -> None:
    # Array-index keys first in numeric order, then the rest by UTF-16 code units: "\uffff"
    # sorts after the astral "\U0001f600" (a surrogate pair) in JavaScript, not before it.
    attributes = {"b": "", "10": "x", "9": "y", "\uffff": "1", "\U0001f600": "2", "01": "z", "": "e"}
    envelope = wrap(UserCreated(), event_id="e", timestamp=0, attributes=attributes)
    assert list(envelope_to_json(envelope)["attributes"]) == ["9", "10", "", "01", "b", "\U0001f600", "\uffff"]
    data = encode_envelope(envelope)
    keys = []
    for match in re.finditer(rb"\x62.\x0a(.)", data, re.DOTALL):
        start = match.end()
        keys.append(data[start : start + match[1][0]].decode())
    assert keys == ["9", "10", "", "01", "b", "\U0001f600", "\uffff"]
    assert decode_envelope(data) == envelope


def test_unknown_envelope_fields_survive_a_round_trip_and_stay_last() -> None:
    envelope = wrap(UserCreated(id="u"), event_id="e", timestamp=0, attributes={"10": "a", "9": "b"})
    unknown = bytes.fromhex("a2060178")  # field 100, the string "x"
    decoded = decode_envelope(encode_envelope(envelope) + unknown)
    assert encode_envelope(decoded) == encode_envelope(envelope) + unknown


def test_unwrap_with_the_events_of_one_domain() -> None:
    event = unwrap(wrap(UserCreated(id="u")), user_v1_events)
    assert event.payload == UserCreated(id="u")

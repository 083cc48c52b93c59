"""The strict proto3 JSON policy (docs/json-policy.md) on JSON payloads and envelopes, on the same
cases as the TypeScript tests (testdata/json-policy/cases.json)."""

import json
import math
from typing import Any

import pytest
from conftest import REPO, parse_message
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from protoevents import (
    DecodeLimits,
    LimitExceededError,
    MalformedEnvelopeError,
    envelope_from_json,
    envelope_from_json_string,
    envelope_to_json,
)
from protoevents._content_type import ContentType, decode_payload
from protoevents._decode_limits import DEFAULT_DECODE_LIMITS
from protoevents._json_scalar import map_key_from_json
from protoevents_fixtures.fixture.v1 import ParcelShipped, ScalarsRecorded
from protoevents_fixtures.registry import events

CASES = json.loads((REPO / "testdata" / "json-policy" / "cases.json").read_text(encoding="utf-8"))
PAYLOAD_CASES: list[dict[str, Any]] = CASES["payloadCases"]
ENVELOPE_CASES: list[dict[str, Any]] = CASES["envelopeCases"]


def decode_json_payload(event: str, text: str | bytes, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> Message:
    message_type = next(e.message_type for e in events if e.name == event and e.version == "v1")
    data = text.encode("utf-8") if isinstance(text, str) else text
    return decode_payload(message_type, data, ContentType.JSON, limits)


@pytest.mark.parametrize("case", PAYLOAD_CASES, ids=[c["id"] for c in PAYLOAD_CASES])
def test_json_payloads(case: dict[str, Any]) -> None:
    if "decoded" in case:
        decoded = decode_json_payload(case["event"], case["text"])
        assert decoded == parse_message(decoded.DESCRIPTOR.full_name, case["decoded"])
    else:
        with pytest.raises(ValueError) as raised:
            decode_json_payload(case["event"], case["text"])
        assert not isinstance(raised.value, LimitExceededError)
        assert case["error"] in str(raised.value)


def test_every_digit_of_a_64_bit_integer_is_kept() -> None:
    payload = decode_json_payload("fixture.scalars.recorded", '{"int64Value":9007199254740993,"uint64Value":18446744073709551615}')
    assert isinstance(payload, ScalarsRecorded)
    assert (payload.int64_value, payload.uint64_value) == (9007199254740993, 2**64 - 1)


def test_the_string_nan_is_nan_for_float_and_double() -> None:
    payload = decode_json_payload("fixture.scalars.recorded", '{"doubleValue":"NaN","floatValue":"NaN"}')
    assert isinstance(payload, ScalarsRecorded)
    assert math.isnan(payload.double_value) and math.isnan(payload.float_value)


@pytest.mark.parametrize("depth", [990, 100_000])
def test_deep_json_payloads_stop_at_max_depth_before_parsing(depth: int) -> None:
    text = '{"colour":' + "[" * depth + "]" * depth + "}"
    with pytest.raises(LimitExceededError) as raised:
        decode_json_payload("fixture.scalars.recorded", text)
    assert (raised.value.limit, raised.value.value, raised.value.max) == ("maxDepth", 65, 64)


def test_depth_counts_arrays_and_objects_of_known_fields_the_outermost_being_1() -> None:
    text = '{"items":[{"sku":"a"}]}'
    assert decode_json_payload("fixture.parcel.shipped", text, DecodeLimits(max_depth=3)) == ParcelShipped(items=[ParcelShipped.Item(sku="a")])
    with pytest.raises(LimitExceededError) as raised:
        decode_json_payload("fixture.parcel.shipped", text, DecodeLimits(max_depth=2))
    assert (raised.value.limit, raised.value.value) == ("maxDepth", 3)


def test_brackets_inside_strings_do_not_count() -> None:
    payload = decode_json_payload("fixture.scalars.recorded", '{"id":"[[[{{{\\"]]"}', DecodeLimits(max_depth=1))
    assert payload == ScalarsRecorded(id='[[[{{{"]]')


def test_max_bytes_is_checked_on_the_payload_bytes() -> None:
    with pytest.raises(LimitExceededError) as raised:
        decode_json_payload("fixture.scalars.recorded", '{"id":"ab"}', DecodeLimits(max_bytes=8))
    assert (raised.value.limit, raised.value.value, raised.value.max) == ("maxBytes", 11, 8)


def test_bytes_that_are_not_utf8_are_rejected() -> None:
    with pytest.raises(UnicodeDecodeError):
        decode_json_payload("fixture.scalars.recorded", b"{\xff}")


@pytest.mark.parametrize("case", ENVELOPE_CASES, ids=[c["id"] for c in ENVELOPE_CASES])
def test_json_envelopes(case: dict[str, Any]) -> None:
    if "decoded" in case:
        assert envelope_to_json(envelope_from_json_string(case["text"])) == case["decoded"]
    else:
        with pytest.raises(MalformedEnvelopeError) as raised:
            envelope_from_json_string(case["text"])
        assert case["error"] in str(raised.value)


@pytest.mark.parametrize("depth", [990, 100_000])
def test_deep_json_envelopes_give_limit_exceeded(depth: int) -> None:
    with pytest.raises(LimitExceededError) as raised:
        envelope_from_json_string("[" * depth + "]" * depth)
    assert (raised.value.code, raised.value.limit, raised.value.value) == ("LIMIT_EXCEEDED", "maxDepth", 65)
    with pytest.raises(LimitExceededError) as raised:
        envelope_from_json({"attributes": {"k": "v"}}, limits=DecodeLimits(max_depth=1))
    assert (raised.value.limit, raised.value.value) == ("maxDepth", 2)


def test_max_bytes_is_checked_on_the_envelope_text_in_utf8() -> None:
    text = '{"eventName":"\u00fc"}'
    assert envelope_from_json_string(text, limits=DecodeLimits(max_bytes=18)).event_name == "\u00fc"
    with pytest.raises(LimitExceededError) as raised:
        envelope_from_json_string(text, limits=DecodeLimits(max_bytes=17))
    assert (raised.value.code, raised.value.limit, raised.value.value, raised.value.max) == ("LIMIT_EXCEEDED", "maxBytes", 18, 17)
    with pytest.raises(LimitExceededError):
        envelope_from_json_string("x" * 20, limits=DecodeLimits(max_bytes=17))


def test_a_value_from_json_loads_follows_the_same_rules_integral_numbers_as_integers() -> None:
    envelope = envelope_from_json({"timestamp": 1e3, "event_name": "a"})
    assert (envelope.timestamp, envelope.event_name) == (1000, "a")
    for value, error in [
        ({"timestamp": 1.5}, "timestamp: "),
        ({"timestamp": float(2**63)}, "out of int64 range"),
        ({"timestamp": True}, "timestamp: "),
        ({"payload": "QQ==QQ=="}, "payload: "),
        ({"eventName": "a", "event_name": "a"}, "given twice"),
    ]:
        with pytest.raises(MalformedEnvelopeError, match=error):
            envelope_from_json(value)


@pytest.mark.parametrize(
    ("field_type", "key", "canonical"),
    [
        (FieldDescriptor.TYPE_INT32, "-0", "0"),
        (FieldDescriptor.TYPE_INT64, "9223372036854775807", "9223372036854775807"),
        (FieldDescriptor.TYPE_UINT32, "4294967295", "4294967295"),
        (FieldDescriptor.TYPE_BOOL, "true", "true"),
        (FieldDescriptor.TYPE_STRING, "", ""),
    ],
)
def test_map_keys_accepted(field_type: int, key: str, canonical: str) -> None:
    assert map_key_from_json(field_type, key, "m") == canonical


@pytest.mark.parametrize(
    ("field_type", "key"),
    [
        (FieldDescriptor.TYPE_INT32, "01"),
        (FieldDescriptor.TYPE_INT32, " 1"),
        (FieldDescriptor.TYPE_INT32, "2147483648"),
        (FieldDescriptor.TYPE_UINT64, "-1"),
        (FieldDescriptor.TYPE_BOOL, "True"),
        (FieldDescriptor.TYPE_BOOL, "1"),
        (FieldDescriptor.TYPE_STRING, "\ud800"),
    ],
)
def test_map_keys_rejected(field_type: int, key: str) -> None:
    with pytest.raises(ValueError, match="^m: "):
        map_key_from_json(field_type, key, "m")

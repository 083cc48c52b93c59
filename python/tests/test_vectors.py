"""The shared vectors of testdata/vectors/, byte for byte as the TypeScript package gives them.

They use the framework's fixture events (testdata/fixtures), passed to `unwrap`.
"""

from typing import Any

import pytest
from conftest import message_class, parse_message, read_vectors, wrap_options
from google.protobuf.json_format import ParseDict
from google.protobuf.message import Message

from protoevents import (
    DecodeLimits,
    InvalidMetadataError,
    ProtoeventsError,
    decode_envelope,
    encode_envelope,
    envelope_from_json,
    envelope_from_json_string,
    envelope_to_json,
    unwrap,
    wrap,
)
from protoevents_fixtures.registry import events

ENVELOPE_CASES = read_vectors("envelopes.json")
ERROR_CASES = read_vectors("errors.json")
CANONICAL_CASES = read_vectors("canonical-bytes.json")


def event_class(case: dict[str, Any]) -> type[Message]:
    name, version = case["event"]["name"], case["event"]["version"]
    return next(e.message_type for e in events if e.name == name and e.version == version)


def test_vectors_cover_every_fixture_event() -> None:
    covered = {(c["event"]["name"], c["event"]["version"]) for c in ENVELOPE_CASES}
    assert covered == {(e.name, e.version) for e in events}


@pytest.mark.parametrize("case", ENVELOPE_CASES, ids=[c["id"] for c in ENVELOPE_CASES])
def test_wrap_gives_the_expected_bytes_and_json(case: dict[str, Any]) -> None:
    payload = ParseDict(case["payload"], event_class(case)())
    envelope = wrap(payload, **wrap_options(case["options"]))
    expected = case["expected"]
    assert envelope.payload.hex() == expected["payloadHex"]
    assert encode_envelope(envelope).hex() == expected["envelopeHex"]
    assert envelope_to_json(envelope) == expected["envelopeJson"]


@pytest.mark.parametrize("case", ENVELOPE_CASES, ids=[c["id"] for c in ENVELOPE_CASES])
def test_the_expected_envelope_unwraps_to_the_input_payload(case: dict[str, Any]) -> None:
    event = unwrap(decode_envelope(bytes.fromhex(case["expected"]["envelopeHex"])), events)
    assert (event.name, event.version) == (case["event"]["name"], case["event"]["version"])
    assert event.payload == ParseDict(case["payload"], event_class(case)())


@pytest.mark.parametrize("case", ENVELOPE_CASES, ids=[c["id"] for c in ENVELOPE_CASES])
def test_the_expected_json_parses_to_the_same_bytes(case: dict[str, Any]) -> None:
    expected = case["expected"]
    assert encode_envelope(envelope_from_json(expected["envelopeJson"])).hex() == expected["envelopeHex"]


@pytest.mark.parametrize("case", CANONICAL_CASES, ids=[c["id"] for c in CANONICAL_CASES])
def test_decoded_envelopes_re_encode_to_the_canonical_bytes(case: dict[str, Any]) -> None:
    canonical = bytes.fromhex(case["canonicalHex"])
    assert encode_envelope(decode_envelope(bytes.fromhex(case["bytesHex"]))) == canonical
    assert encode_envelope(decode_envelope(canonical)) == canonical


LIMIT_NAMES = {"maxBytes": "max_bytes", "maxDepth": "max_depth", "maxUnknownFields": "max_unknown_fields", "maxMessages": "max_messages"}


def run_error_input(given: dict[str, Any]) -> object:
    limits = DecodeLimits(**{LIMIT_NAMES[name]: value for name, value in given.get("limits", {}).items()})
    if "bytesHex" in given:
        return unwrap(decode_envelope(bytes.fromhex(given["bytesHex"]), limits=limits), events, limits=limits)
    if "jsonText" in given:
        return unwrap(envelope_from_json_string(given["jsonText"], limits=limits), events, limits=limits)
    spec = given["wrap"]
    keywords = {**wrap_options(spec["options"]), **spec.get("rawOptions", {})}
    return wrap(parse_message(spec["type"], spec["payload"]), **keywords)


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c["id"] for c in ERROR_CASES])
def test_error_vectors_raise_their_code(case: dict[str, Any]) -> None:
    with pytest.raises(ProtoeventsError) as raised:
        run_error_input(case["input"])
    assert raised.value.code == case["code"]
    assert str(raised.value).startswith(f"[{case['code']}] ")
    if "field" in case:
        assert isinstance(raised.value, InvalidMetadataError)
        assert raised.value.field == case["field"]


def test_message_class_finds_value_objects() -> None:
    assert message_class("fixture.v1.Address").DESCRIPTOR.full_name == "fixture.v1.Address"

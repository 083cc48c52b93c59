"""The shared CloudEvents vectors of testdata/vectors/cloudevents.json, byte for byte as the
TypeScript package gives them. The envelopes are of fixture events; the protobuf format finds the
payload's message name in the fixture registry."""

import json
from typing import Any

import pytest
from conftest import VECTORS
from protoevents_fixtures.registry import events as fixture_events

from protoevents import DecodeLimits, InvalidCloudEventError, InvalidMetadataError, ProtoeventsError, decode_envelope, encode_envelope
from protoevents.cloudevents import from_message, to_message

VECTORS_FILE = json.loads((VECTORS / "cloudevents.json").read_text(encoding="utf-8"))
WRITING: list[dict[str, Any]] = VECTORS_FILE["writing"]
READING: list[dict[str, Any]] = VECTORS_FILE["reading"]
ERRORS: list[dict[str, Any]] = VECTORS_FILE["errors"]
WRITE_ERRORS: list[dict[str, Any]] = VECTORS_FILE["writeErrors"]

LIMIT_NAMES = {"maxBytes": "max_bytes", "maxDepth": "max_depth", "maxUnknownFields": "max_unknown_fields", "maxMessages": "max_messages"}


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["description"] for case in cases]


def write_options(options: dict[str, Any]) -> dict[str, Any]:
    keywords: dict[str, Any] = {}
    if "headerPrefix" in options:
        keywords["header_prefix"] = options["headerPrefix"]
    if "dataschema" in options:
        keywords["dataschema"] = options["dataschema"]
    return keywords


def read_options(options: dict[str, Any]) -> dict[str, Any]:
    keywords: dict[str, Any] = {}
    if "headerPrefix" in options:
        keywords["header_prefix"] = options["headerPrefix"]
    if "limits" in options:
        keywords["limits"] = DecodeLimits(**{LIMIT_NAMES[name]: value for name, value in options["limits"].items()})
    return keywords


def header_value(value: str | dict[str, str]) -> str | bytes:
    return value if isinstance(value, str) else bytes.fromhex(value["hex"])


def headers_of(case: dict[str, Any]) -> Any:
    """A case's headers as Python clients hand them over: a dict, or (name, value) pairs for a
    repeated header."""
    given = case["headers"]
    if isinstance(given, dict):
        return {name: header_value(value) for name, value in given.items()}
    return [(name, header_value(value)) for name, value in given]


def value_of(case: dict[str, Any]) -> bytes:
    return bytes.fromhex(case["valueHex"]) if "valueHex" in case else case["valueText"].encode("utf-8")


def test_every_mode_and_every_rule_has_cases() -> None:
    assert {case["mode"] for case in WRITING} == {"binary", "structured-json", "protobuf"}
    assert READING and ERRORS and WRITE_ERRORS


@pytest.mark.parametrize("case", WRITING, ids=ids(WRITING))
def test_writing_gives_the_expected_headers_and_value(case: dict[str, Any]) -> None:
    envelope = decode_envelope(bytes.fromhex(case["envelopeHex"]))
    message = to_message(envelope, case["mode"], fixture_events, **write_options(case.get("options", {})))
    assert list(message.headers.items()) == list(case["expected"]["headers"].items())
    assert message.value.hex() == case["expected"]["valueHex"]


@pytest.mark.parametrize("case", WRITING, ids=ids(WRITING))
def test_what_is_written_reads_back_to_the_envelope(case: dict[str, Any]) -> None:
    envelope = decode_envelope(bytes.fromhex(case["envelopeHex"]))
    expected = case["expected"]
    prefix = write_options(case.get("options", {})).get("header_prefix", "ce_")
    read = from_message(expected["headers"], bytes.fromhex(expected["valueHex"]), header_prefix=prefix)
    # An empty content_type means protobuf; CloudEvents writes it out as application/protobuf.
    if envelope.content_type == "":
        envelope.content_type = "application/protobuf"
    assert encode_envelope(read) == encode_envelope(envelope)


@pytest.mark.parametrize("case", READING, ids=ids(READING))
def test_reading_gives_the_expected_envelope(case: dict[str, Any]) -> None:
    envelope = from_message(headers_of(case), value_of(case), **read_options(case.get("options", {})))
    assert encode_envelope(envelope).hex() == case["expected"]["envelopeHex"]


@pytest.mark.parametrize("case", ERRORS, ids=ids(ERRORS))
def test_reading_refuses_with_the_expected_code_and_field(case: dict[str, Any]) -> None:
    with pytest.raises(ProtoeventsError) as raised:
        from_message(headers_of(case), value_of(case), **read_options(case.get("options", {})))
    assert raised.value.code == case["code"]
    if "field" in case:
        assert isinstance(raised.value, InvalidCloudEventError)
        assert raised.value.field == case["field"]
    else:
        assert not isinstance(raised.value, InvalidCloudEventError)


@pytest.mark.parametrize("case", WRITE_ERRORS, ids=ids(WRITE_ERRORS))
def test_writing_refuses_with_the_expected_code_and_field(case: dict[str, Any]) -> None:
    envelope = decode_envelope(bytes.fromhex(case["envelopeHex"]))
    with pytest.raises(ProtoeventsError) as raised:
        to_message(envelope, case["mode"], fixture_events, **write_options(case.get("options", {})))
    assert raised.value.code == case["code"]
    if "field" in case:
        assert isinstance(raised.value, InvalidMetadataError)
        assert raised.value.field == case["field"]

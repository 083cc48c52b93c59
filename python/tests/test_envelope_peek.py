"""peek_envelope fails exactly when decode_envelope fails, with the same error, and on an empty
name or version as unwrap does; otherwise it gives the decoded envelope's routing fields."""

import dataclasses
from typing import Any

import pytest
from conftest import read_vectors
from hypothesis import given
from hypothesis import strategies as st
from protoevents_fixtures.fixture.v1 import AccountOpened

from protoevents import (
    DEFAULT_DECODE_LIMITS,
    DecodeLimits,
    Envelope,
    EnvelopeHeader,
    IncompleteEnvelopeError,
    ProtoeventsError,
    decode_envelope,
    encode_envelope,
    peek_envelope,
    wrap,
)

LIMIT_NAMES = {"maxBytes": "max_bytes", "maxDepth": "max_depth", "maxUnknownFields": "max_unknown_fields", "maxMessages": "max_messages"}


def envelope_byte_cases() -> list[tuple[str, bytes, DecodeLimits]]:
    """Every envelope's bytes in the shared vectors, with the limits its case decodes under."""
    cases: list[tuple[str, bytes, DecodeLimits]] = []
    for case in read_vectors("envelopes.json"):
        cases.append((case["id"], bytes.fromhex(case["expected"]["envelopeHex"]), DEFAULT_DECODE_LIMITS))
    for case in read_vectors("errors.json"):
        given = case["input"]
        if "bytesHex" in given:
            limits = DecodeLimits(**{LIMIT_NAMES[name]: value for name, value in given.get("limits", {}).items()})
            cases.append((case["id"], bytes.fromhex(given["bytesHex"]), limits))
    for case in read_vectors("canonical-bytes.json"):
        cases.append((case["id"], bytes.fromhex(case["bytesHex"]), DEFAULT_DECODE_LIMITS))
        cases.append((f"{case['id']} (canonical)", bytes.fromhex(case["canonicalHex"]), DEFAULT_DECODE_LIMITS))
    return cases


CASES = envelope_byte_cases()


def outcome(run: Any) -> tuple[type[BaseException], str] | Any:
    try:
        return run()
    except ProtoeventsError as error:
        return type(error), error.code


def assert_peek_agrees_with_decode(data: bytes, limits: DecodeLimits) -> None:
    decoded = outcome(lambda: decode_envelope(data, limits=limits))
    peeked = outcome(lambda: peek_envelope(data, limits=limits))
    if not isinstance(decoded, Envelope):
        assert peeked == decoded
    elif decoded.event_name == "":
        assert peeked == (IncompleteEnvelopeError, "INCOMPLETE_ENVELOPE")
    elif decoded.event_version == "":
        assert peeked == (IncompleteEnvelopeError, "INCOMPLETE_ENVELOPE")
    else:
        assert peeked == EnvelopeHeader(decoded.event_id, decoded.event_name, decoded.event_version, decoded.aggregate_id)


def test_the_vectors_hold_envelopes_of_every_outcome() -> None:
    outcomes = [outcome(lambda: peek_envelope(data, limits=limits)) for _, data, limits in CASES]
    assert any(isinstance(peeked, EnvelopeHeader) for peeked in outcomes)
    codes = {peeked[1] for peeked in outcomes if isinstance(peeked, tuple)}
    assert {"MALFORMED_ENVELOPE", "LIMIT_EXCEEDED", "INCOMPLETE_ENVELOPE"} <= codes


@pytest.mark.parametrize(("data", "limits"), [(data, limits) for _, data, limits in CASES], ids=[name for name, _, _ in CASES])
def test_peek_agrees_with_decode_envelope_on_every_vector(data: bytes, limits: DecodeLimits) -> None:
    assert_peek_agrees_with_decode(data, limits)


VALID = encode_envelope(wrap(AccountOpened(id="a-1", name="Ada"), source="s", attributes={"tenant": "acme"}))


@given(st.integers(0, len(VALID) - 1), st.integers(0, 255), st.integers(0, len(VALID)))
def test_peek_agrees_with_decode_envelope_on_mutated_envelopes(position: int, byte: int, cut: int) -> None:
    mutated = VALID[:position] + bytes((byte,)) + VALID[position + 1 :]
    assert_peek_agrees_with_decode(mutated, DEFAULT_DECODE_LIMITS)
    assert_peek_agrees_with_decode(mutated[:cut], DEFAULT_DECODE_LIMITS)


@given(st.binary(max_size=256))
def test_peek_agrees_with_decode_envelope_on_arbitrary_bytes(data: bytes) -> None:
    assert_peek_agrees_with_decode(data, DEFAULT_DECODE_LIMITS)


def test_peek_gives_the_routing_fields_and_a_frozen_header() -> None:
    envelope = wrap(AccountOpened(id="a-1", name="Ada"), event_id="e-1")
    header = peek_envelope(encode_envelope(envelope))
    assert header == EnvelopeHeader(event_id="e-1", event_name="fixture.account.opened", event_version="v1", aggregate_id="a-1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        header.event_name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("envelope", "field"),
    [
        (Envelope(event_id="e", event_version="v1"), "event_name"),
        (Envelope(event_id="e", event_name="fixture.account.opened"), "event_version"),
        (Envelope(event_id="e"), "event_name"),
    ],
)
def test_peek_refuses_an_envelope_without_a_name_or_version(envelope: Envelope, field: str) -> None:
    with pytest.raises(IncompleteEnvelopeError) as raised:
        peek_envelope(envelope.SerializeToString())
    assert raised.value.field == field


def test_peek_applies_the_limits() -> None:
    with pytest.raises(ProtoeventsError) as raised:
        peek_envelope(VALID, limits=DecodeLimits(max_bytes=len(VALID) - 1))
    assert raised.value.code == "LIMIT_EXCEEDED"

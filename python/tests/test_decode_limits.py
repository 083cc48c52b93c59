"""The decoding limits: defaults, per-call limits, and the limit's own error, as in TypeScript."""

import pytest
from protoevents_fixtures.fixture.v1 import Address, ParcelShipped
from protoevents_fixtures.registry import events

from protoevents import (
    DEFAULT_DECODE_LIMITS,
    DecodeLimits,
    Envelope,
    LimitExceededError,
    decode_envelope,
    encode_envelope,
    unwrap,
    wrap,
)

MIB = 1024 * 1024


def test_a_64_mb_flood_of_unknown_fields_is_refused_by_size_then_by_count() -> None:
    flood = b"\x78\x00" * (32 * MIB)
    with pytest.raises(LimitExceededError) as by_size:
        decode_envelope(flood)
    assert (by_size.value.code, by_size.value.limit, by_size.value.value, by_size.value.max) == (
        "LIMIT_EXCEEDED",
        "maxBytes",
        64 * MIB,
        16 * MIB,
    )
    with pytest.raises(LimitExceededError) as by_count:
        decode_envelope(flood, limits=DecodeLimits(max_bytes=128 * MIB))
    assert (by_count.value.limit, by_count.value.value, by_count.value.max) == ("maxUnknownFields", 1025, 1024)
    assert isinstance(by_count.value, ValueError)


def test_a_payload_s_messages_are_counted_and_unwrap_raises_the_limit_s_own_error() -> None:
    payload = ParcelShipped(items=[ParcelShipped.Item() for _ in range(10)])
    received = decode_envelope(encode_envelope(wrap(payload)))
    assert unwrap(received, events, limits=DecodeLimits(max_messages=11)).name == "fixture.parcel.shipped"
    with pytest.raises(LimitExceededError) as raised:
        unwrap(received, events, limits=DecodeLimits(max_messages=10))
    assert (raised.value.limit, raised.value.value, raised.value.max) == ("maxMessages", 11, 10)
    assert str(raised.value) == "[LIMIT_EXCEEDED] payload is over the maxMessages limit: 11 > 10"


def test_nesting_counts_from_the_outermost_message() -> None:
    envelope = wrap(ParcelShipped(destination=Address(city="Oslo")))
    assert unwrap(envelope, events, limits=DecodeLimits(max_depth=2)).name == "fixture.parcel.shipped"
    with pytest.raises(LimitExceededError) as raised:
        unwrap(envelope, events, limits=DecodeLimits(max_depth=1))
    assert raised.value.limit == "maxDepth"


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
def test_limits_must_be_positive_integers(bad: object) -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        DecodeLimits(max_bytes=bad)  # type: ignore[arg-type]


def test_max_depth_is_at_most_the_runtimes_recursion_limit() -> None:
    assert DecodeLimits(max_depth=100).max_depth == 100
    with pytest.raises(ValueError, match="at most 100"):
        DecodeLimits(max_depth=101)


def test_defaults_are_those_of_typescript() -> None:
    assert DEFAULT_DECODE_LIMITS == DecodeLimits(
        max_bytes=16 * MIB, max_depth=64, max_unknown_fields=1024, max_messages=100_000
    )


def test_an_envelope_at_exactly_the_size_limit_is_accepted() -> None:
    data = encode_envelope(Envelope(event_name="x"))
    assert decode_envelope(data, limits=DecodeLimits(max_bytes=len(data))).event_name == "x"
    with pytest.raises(LimitExceededError):
        decode_envelope(data, limits=DecodeLimits(max_bytes=len(data) - 1))

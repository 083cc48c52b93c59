"""Event limits read from the contract, and the size check a publisher makes before sending: the
same values, codes and messages as the TypeScript package (src/event-limits.test.ts)."""

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import Message
from protoevents_fixtures.fixture import v1, v2
from protoevents_fixtures.registry import events as fixture_events

from protoevents import (
    ErrorCode,
    EventLimits,
    EventTooLargeError,
    NotAnEventError,
    ProtoeventsError,
    check_event_size,
    event_limits,
)
from protoevents.v1.options_pb2 import EventOptions
from protoevents.v1.options_pb2 import event as event_option


def inline_event(package: str, limits: EventOptions.Limits | None) -> type[Message]:
    """An event schema ``<package>.ThingDone`` added to the default pool, whose option declares ``limits``."""
    message = descriptor_pb2.DescriptorProto(name="ThingDone")
    option = message.options.Extensions[event_option]
    option.name = "inline.thing.done"
    if limits is not None:
        option.limits.CopyFrom(limits)
    file = descriptor_pb2.FileDescriptorProto(
        name=f"{package.replace('.', '/')}/thing_done.proto",
        package=package,
        syntax="proto3",
        dependency=["protoevents/v1/options.proto"],
        message_type=[message],
    )
    pool = descriptor_pool.Default()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{package}.ThingDone"))


def test_the_fixture_events_declare_both_limits_one_or_none() -> None:
    assert event_limits(v1.ParcelShipped) == EventLimits(max_age_ms=604_800_000, max_bytes=65_536)
    assert event_limits(v2.ParcelShipped) == EventLimits(max_bytes=1_048_576)
    assert event_limits(v1.LegacyRecorded) == EventLimits()
    assert event_limits(v1.LegacyRecorded).max_age_ms is None


def test_every_fixture_event_has_its_limits_read_once() -> None:
    for entry in fixture_events:
        assert event_limits(entry.message_type) is event_limits(entry.message_type)


def test_max_age_is_in_milliseconds_truncating_nanoseconds_as_typescript_does() -> None:
    seconds_and_nanos = EventOptions.Limits()
    seconds_and_nanos.max_age.seconds = 90
    seconds_and_nanos.max_age.nanos = 999_999_999
    assert event_limits(inline_event("inlinea.v1", seconds_and_nanos)) == EventLimits(max_age_ms=90_999)
    nanos_only = EventOptions.Limits()
    nanos_only.max_age.nanos = 1_500_000
    assert event_limits(inline_event("inlineb.v1", nanos_only)) == EventLimits(max_age_ms=1)


def test_a_limit_declared_as_zero_is_told_from_one_left_unset() -> None:
    zero = EventOptions.Limits(max_bytes=0)
    zero.max_age.SetInParent()
    assert event_limits(inline_event("inlinec.v1", zero)) == EventLimits(max_age_ms=0, max_bytes=0)
    assert event_limits(inline_event("inlined.v1", EventOptions.Limits())) == EventLimits()
    assert event_limits(inline_event("inlinee.v1", None)) == EventLimits()


def test_a_message_that_is_not_an_event_has_no_limits() -> None:
    with pytest.raises(NotAnEventError):
        event_limits(v1.Address)


@pytest.mark.parametrize("size", [0, 65_536])
def test_a_message_up_to_max_bytes_passes(size: int) -> None:
    check_event_size(v1.ParcelShipped, size)


def test_an_event_without_max_bytes_takes_any_size() -> None:
    check_event_size(v1.LegacyRecorded, 64 * 1024 * 1024)


def test_a_larger_message_is_refused_with_event_too_large() -> None:
    with pytest.raises(EventTooLargeError) as raised:
        check_event_size(v1.ParcelShipped, 65_537)
    error = raised.value
    assert isinstance(error, ProtoeventsError) and isinstance(error, ValueError)
    assert error.code is ErrorCode.EVENT_TOO_LARGE
    assert (error.event_name, error.event_version, error.size, error.max_bytes) == ("fixture.parcel.shipped", "v1", 65_537, 65_536)
    assert str(error) == '[EVENT_TOO_LARGE] event "fixture.parcel.shipped" "v1" is over its declared max_bytes: 65537 > 65536 bytes'
    with pytest.raises(EventTooLargeError, match=r'"v2" is over its declared max_bytes: 1048577 > 1048576 bytes$'):
        check_event_size(v2.ParcelShipped, 1_048_577)


@pytest.mark.parametrize(("length", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("1", TypeError)])
def test_a_byte_length_that_is_not_a_non_negative_int_is_refused(length: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="^check_event_size: byte_length"):
        check_event_size(v1.ParcelShipped, length)  # type: ignore[arg-type]


def test_the_size_of_a_message_that_is_not_an_event_is_refused() -> None:
    with pytest.raises(NotAnEventError):
        check_event_size(v1.Address, 1)

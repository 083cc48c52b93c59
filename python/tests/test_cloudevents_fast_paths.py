"""The shortcuts of CloudEvents reading and writing give what the general way gives: header
values as ASCII strings, other strings and bytes count their UTF-8 bytes alike; the time is right
whatever second was read or written before it."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protoevents import DecodeLimits, ErrorCode, InvalidCloudEventError, LimitExceededError
from protoevents.cloudevents import from_message, to_binary_message
from protoevents.v1.envelope_pb2 import Envelope

BINARY = {"ce_specversion": "1.0", "ce_id": "e-1", "ce_source": "/s", "ce_type": "a.b.v1", "content-type": "application/protobuf"}
# The UTF-8 bytes of BINARY's names and values.
BINARY_SIZE = sum(len(name.encode()) + len(value.encode()) for name, value in BINARY.items())
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def test_a_header_counts_its_utf8_bytes_given_as_a_str_or_as_bytes() -> None:
    ext = "ce_myext"
    for value in ("plain", "café ☕", "\U0001f600"):
        size = BINARY_SIZE + len(ext) + len(value.encode())
        for given in (value, value.encode()):
            envelope = from_message({**BINARY, ext: given}, b"", limits=DecodeLimits(max_bytes=size))
            assert envelope.attributes["myext"] == value
            with pytest.raises(LimitExceededError) as raised:
                from_message({**BINARY, ext: given}, b"", limits=DecodeLimits(max_bytes=size - 1))
            assert raised.value.value == size


def test_a_non_ascii_header_name_counts_its_utf8_bytes_and_is_lowered_in_ascii_only() -> None:
    # The Kelvin sign is not "k" to ascii_lower, as it is not to JavaScript: no ce_ header of ours.
    name = "CE_\u212aEY"
    with pytest.raises(InvalidCloudEventError) as raised:
        from_message({**BINARY, name: "x"}, b"")
    assert (raised.value.code, raised.value.field) == (ErrorCode.INVALID_CLOUD_EVENT, "\u212aey")
    with pytest.raises(LimitExceededError) as too_big:
        from_message({**BINARY, name: "x"}, b"", limits=DecodeLimits(max_bytes=BINARY_SIZE))
    assert too_big.value.value == BINARY_SIZE + len(name.encode()) + 1


@pytest.mark.parametrize("given", ["\udcff", "a\ud800b", b"\xff", b"a\xc3"])
def test_a_header_value_not_utf8_is_refused_as_a_str_or_as_bytes(given: str | bytes) -> None:
    with pytest.raises(InvalidCloudEventError) as raised:
        from_message({**BINARY, "ce_myext": given}, b"")
    assert raised.value.field == "myext"
    assert "not UTF-8" in str(raised.value)


def _read_time(time: str) -> int:
    return from_message({**BINARY, "ce_time": time}, b"").timestamp


def test_one_second_read_with_other_offsets_fractions_and_separators() -> None:
    base = "2024-05-01T12:00:00"
    at = int((datetime(2024, 5, 1, 12, tzinfo=timezone.utc) - EPOCH).total_seconds()) * 1000
    assert _read_time(base + "Z") == at
    assert _read_time(base + ".5Z") == at + 500
    assert _read_time(base + ".1239+02:00") == at + 123 - 2 * 3_600_000
    assert _read_time(base + "-00:30") == at + 1_800_000
    assert _read_time("2024-05-01t12:00:00z") == at
    # A second that names no real time stays refused, however often it is read.
    for _ in range(2):
        with pytest.raises(InvalidCloudEventError):
            _read_time("2023-02-29T12:00:00Z")
        with pytest.raises(InvalidCloudEventError):
            _read_time(base + "+24:00")


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30), timezones=st.just(timezone.utc)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)
def test_time_written_and_read_agrees_with_datetime(moment: datetime, offset_minutes: int) -> None:
    millis = (moment - EPOCH) // timedelta(milliseconds=1)
    envelope = Envelope(event_id="e", source="/s", event_name="a.b", event_version="v1", timestamp=millis)
    written = to_binary_message(envelope).headers["ce_time"]
    assert written == moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert _read_time(written) == millis
    # Away from the ends of the range, where the local time would leave datetime's years.
    local = moment.astimezone(timezone(timedelta(minutes=offset_minutes))) if 1 < moment.year < 9999 else moment
    assert _read_time(local.isoformat(timespec="microseconds")) == millis

"""The CloudEvents ``time`` attribute: RFC 3339 (https://www.rfc-editor.org/rfc/rfc3339#section-5.6),
the envelope's ``timestamp`` being epoch milliseconds; as the TypeScript package's
src/cloudevents/event-time.ts reads and writes it.

Computed by hand, not with ``datetime``: it has no year 0000, which RFC 3339 can write.
"""

import re
from functools import lru_cache

# The first and last millisecond of years 0000 to 9999, what RFC 3339 can write.
_MIN_MILLIS = -62_167_219_200_000
_MAX_MILLIS = 253_402_300_799_999

_RFC3339 = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)


def format_event_time(millis: int) -> str | None:
    """Writes epoch milliseconds as RFC 3339 in UTC with milliseconds, ``2024-05-01T12:00:00.000Z``,
    or returns None outside years 0000 to 9999."""
    if not _MIN_MILLIS <= millis <= _MAX_MILLIS:
        return None
    seconds, fraction = divmod(millis, 1000)
    return f"{_format_second(seconds)}.{fraction:03d}Z"


def parse_event_time(value: str) -> int | None:
    """Reads RFC 3339 with any offset and any number of fraction digits as epoch milliseconds,
    floored; None when it is not RFC 3339 or names no real date or time (a leap second ``60``
    included: neither language's clock has it)."""
    match = _RFC3339.fullmatch(value)
    if match is None:
        return None
    seconds = _parse_second(value[:19])
    if seconds is None:
        return None
    if match.group(8) is None:
        offset_hours, offset_mins = int(match.group(10)), int(match.group(11))
        if offset_hours > 23 or offset_mins > 59:
            return None
        seconds -= (-1 if match.group(9) == "-" else 1) * (offset_hours * 60 + offset_mins) * 60
    fraction = int((match.group(7) or "")[:3].ljust(3, "0"))
    return seconds * 1000 + fraction


# Events come in bursts of the same second: the date and time to the second are computed once
# per second seen, not once per event.
@lru_cache(maxsize=256)
def _format_second(epoch_seconds: int) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` of epoch seconds, UTC."""
    days, of_day = divmod(epoch_seconds, 86_400)
    year, month, day = _civil_from_days(days)
    return f"{year:04d}-{month:02d}-{day:02d}T{of_day // 3600:02d}:{of_day // 60 % 60:02d}:{of_day % 60:02d}"


@lru_cache(maxsize=256)
def _parse_second(date_time: str) -> int | None:
    """The epoch seconds of ``YYYY-MM-DDTHH:MM:SS`` (the ``T`` in either case) read as UTC, or
    None when it names no real date or time."""
    year, month, day = int(date_time[0:4]), int(date_time[5:7]), int(date_time[8:10])
    hour, minute, second = int(date_time[11:13]), int(date_time[14:16]), int(date_time[17:19])
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return _days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# Howard Hinnant's days_from_civil and civil_from_days: days since 1970-01-01 of a proleptic
# Gregorian date and back (https://howardhinnant.github.io/date_algorithms.html).
def _days_from_civil(year: int, month: int, day: int) -> int:
    y = year - 1 if month <= 2 else year
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if month <= 2 else 0), month, day

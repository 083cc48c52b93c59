"""UUIDv7 (RFC 9562), the default event id: time-ordered, so ids sort by when ``wrap`` ran."""

import os
import threading
import time

_lock = threading.Lock()
_last_millis = -1
_counter = 0
_time_prefix = ""

# Random hex digits drawn from os.urandom a few kilobytes at a time: one call per id cost more
# than the rest of the id. 19 digits an id: 3 for the counter's start, 16 for rand_b.
_POOL_BYTES = 4096
_DIGITS_PER_ID = 19
_pool = ""
_position = 0

# rand_b's first digit holds the variant (0b10) in its two high bits and two random bits.
_VARIANT_DIGIT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def uuid7() -> str:
    """Returns a new UUIDv7 as a lowercase hyphenated string.

    The first 48 bits are the Unix time in milliseconds; within one millisecond a 12-bit counter
    in ``rand_a`` (RFC 9562, section 6.2, method 1) keeps ids of one process increasing. The
    remaining 62 bits are random, from ``os.urandom``.
    """
    global _last_millis, _counter, _time_prefix, _pool, _position
    with _lock:
        pool, start = _pool, _position
        if start + _DIGITS_PER_ID > len(pool):
            pool = _pool = os.urandom(_POOL_BYTES).hex()
            start = 0
        _position = start + _DIGITS_PER_ID
        millis = time.time_ns() // 1_000_000
        if millis > _last_millis:
            _last_millis = millis
            _time_prefix = _prefix_of(millis)
            _counter = int(pool[start : start + 3], 16) >> 1  # 11 random bits: room to count up within the millisecond
        else:
            _counter += 1
            if _counter > 0xFFF:
                # The counter is spent: borrow the next millisecond, as RFC 9562 allows.
                _last_millis += 1
                _time_prefix = _prefix_of(_last_millis)
                _counter = int(pool[start : start + 3], 16) >> 1
        prefix, counter = _time_prefix, _counter
    variant = _VARIANT_DIGIT[pool[start + 3]]
    return f"{prefix}{counter:03x}-{variant}{pool[start + 4 : start + 7]}-{pool[start + 7 : start + _DIGITS_PER_ID]}"


def _prefix_of(millis: int) -> str:
    """The id's first 15 characters: the time, then the version digit."""
    text = f"{millis & 0xFFFFFFFFFFFF:012x}"
    return f"{text[:8]}-{text[8:]}-7"


def _forget_pool() -> None:
    """A forked child draws its own random digits: with the parent's, both would make the same ids."""
    global _pool, _position
    _pool = ""
    _position = 0


os.register_at_fork(after_in_child=_forget_pool)

"""UUIDv7 (RFC 9562), the default event id: time-ordered, so ids sort by when ``wrap`` ran."""

import os
import threading
import time

_lock = threading.Lock()
_last_millis = -1
_counter = 0


def uuid7() -> str:
    """Returns a new UUIDv7 as a lowercase hyphenated string.

    The first 48 bits are the Unix time in milliseconds; within one millisecond a 12-bit counter
    in ``rand_a`` (RFC 9562, section 6.2, method 1) keeps ids of one process increasing. The
    remaining 62 bits are random.
    """
    global _last_millis, _counter
    random = int.from_bytes(os.urandom(10))
    with _lock:
        millis = time.time_ns() // 1_000_000
        if millis > _last_millis:
            _last_millis = millis
            _counter = random >> 69  # 11 random bits: room to count up within the millisecond
        else:
            _counter += 1
            if _counter > 0xFFF:
                # The counter is spent: borrow the next millisecond, as RFC 9562 allows.
                _last_millis += 1
                _counter = random >> 69
        millis, counter = _last_millis, _counter
    rand_b = random & ((1 << 62) - 1)
    value = (millis & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand_b
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

"""Refuse an envelope over a size limit before reading it."""

from protoevents import DecodeLimits, LimitExceededError, decode_envelope

# A consumer of a topic whose messages are at most 1 MiB takes no envelope larger than that.
limits = DecodeLimits(max_bytes=1024 * 1024)
received = bytes(2 * 1024 * 1024)  # 2 MiB from the broker

try:
    decode_envelope(received, limits=limits)
except LimitExceededError as error:
    print(error.code, error.limit, error.value, error.max)

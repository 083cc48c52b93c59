"""The headers of a broker message that CloudEvents defines, as the TypeScript package's
src/cloudevents/read-headers.ts reads them."""

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, TypeAlias

from protoevents._cloudevents_message import ascii_lower
from protoevents._decode_limits import DecodeLimits
from protoevents._errors import InvalidCloudEventError, LimitExceededError

IncomingHeaders: TypeAlias = "Mapping[str, str | bytes] | Sequence[tuple[str, str | bytes | None]]"
"""Headers as clients hand them over: a mapping, or ``(name, value)`` pairs as confluent-kafka
gives them, where a name given twice is a repeated header and a value of None is no header."""


class CloudEventHeaders(NamedTuple):
    """The headers of a message that CloudEvents defines."""

    content_type: str | None
    """The ``content-type`` header, if given."""
    attributes: dict[str, str]
    """The attributes of the prefixed headers, by lower-case name without the prefix."""


def read_headers(headers: IncomingHeaders, prefix: str, value_size: int, limits: DecodeLimits) -> CloudEventHeaders:
    """Reads ``content-type`` and the headers of the prefix, names compared case-insensitively
    (ASCII only); other headers are not looked at. Their names and values in UTF-8, with the
    value's bytes, count against ``max_bytes``.

    Raises:
        InvalidCloudEventError: a header is given twice (two names differing in case too) or a
            value is not UTF-8; ``field`` is the attribute's name or ``content-type``.
        LimitExceededError: over ``max_bytes``.
    """
    size = value_size
    content_type: str | None = None
    attributes: dict[str, str] = {}
    pairs: Iterable[tuple[str, str | bytes | None]] = (
        headers if isinstance(headers, list) else headers.items() if isinstance(headers, Mapping) else headers
    )
    for name, given in pairs:
        if given is None:
            continue
        # ascii_lower's fast path inlined: this runs for every header of every message read.
        lower = name.lower() if name.isascii() else ascii_lower(name)
        is_content_type = lower == "content-type"
        if is_content_type:
            field = lower
            if content_type is not None:
                raise InvalidCloudEventError(field, "is given in two headers")
        elif lower.startswith(prefix):
            field = lower[len(prefix) :]
            if field in attributes:
                raise InvalidCloudEventError(field, "is given in two headers")
        else:
            continue
        # An ASCII string is its own UTF-8: measured by its length, neither encoded nor decoded.
        size += len(name) if name.isascii() else len(name.encode("utf-8", "surrogatepass"))
        if isinstance(given, str) and given.isascii():
            size += len(given)
            text: str | None = given
        else:
            raw = given.encode("utf-8", "surrogatepass") if isinstance(given, str) else bytes(given)
            size += len(raw)
            text = None
        if size > limits.max_bytes:
            raise LimitExceededError("maxBytes", size, limits.max_bytes, "CloudEvent message")
        value = text if text is not None else _decode_utf8(raw, field)
        if is_content_type:
            content_type = value
        else:
            attributes[field] = value
    return CloudEventHeaders(content_type, attributes)


def _decode_utf8(raw: bytes, field: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidCloudEventError(field, "has a header value that is not UTF-8") from None

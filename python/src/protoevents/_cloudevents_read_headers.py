"""The headers of a broker message that CloudEvents defines, as the TypeScript package's
src/cloudevents/read-headers.ts reads them."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from protoevents._cloudevents_message import ascii_lower
from protoevents._decode_limits import DecodeLimits
from protoevents._errors import InvalidCloudEventError, LimitExceededError

IncomingHeaders: TypeAlias = "Mapping[str, str | bytes] | Sequence[tuple[str, str | bytes | None]]"
"""Headers as clients hand them over: a mapping, or ``(name, value)`` pairs as confluent-kafka
gives them, where a name given twice is a repeated header and a value of None is no header."""


@dataclass(frozen=True, slots=True)
class CloudEventHeaders:
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
    pairs: Iterable[tuple[str, str | bytes | None]] = headers.items() if isinstance(headers, Mapping) else headers
    for name, given in pairs:
        lower = ascii_lower(name)
        is_content_type = lower == "content-type"
        if given is None or (not is_content_type and not lower.startswith(prefix)):
            continue
        field = "content-type" if is_content_type else lower[len(prefix) :]
        if content_type is not None if is_content_type else field in attributes:
            raise InvalidCloudEventError(field, "is given in two headers")
        raw = given.encode("utf-8", "surrogatepass") if isinstance(given, str) else bytes(given)
        size += len(name.encode("utf-8", "surrogatepass")) + len(raw)
        if size > limits.max_bytes:
            raise LimitExceededError("maxBytes", size, limits.max_bytes, "CloudEvent message")
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidCloudEventError(field, "has a header value that is not UTF-8") from None
        if is_content_type:
            content_type = value
        else:
            attributes[field] = value
    return CloudEventHeaders(content_type, attributes)

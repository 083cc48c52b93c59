"""``peek_envelope``: the routing fields of an envelope from its bytes, without decoding the payload."""

from dataclasses import dataclass

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._envelope_codec import decode_envelope
from protoevents._errors import IncompleteEnvelopeError
from protoevents._frozen_slots import unfrozen_twin


@dataclass(frozen=True, slots=True)
class EnvelopeHeader:
    """What identifies and routes an event, read from the envelope alone: the same values as the
    decoded envelope's fields of the same names."""

    event_id: str
    """The event id, e.g. a UUIDv7."""
    event_name: str
    """The event's name, e.g. ``user.created``; never empty."""
    event_version: str
    """The event's version, e.g. ``v1``; never empty."""
    aggregate_id: str
    """The entity the event belongs to; may be empty."""


_UnfrozenEnvelopeHeader = unfrozen_twin(EnvelopeHeader)


def peek_envelope(data: bytes, *, limits: DecodeLimits = DEFAULT_DECODE_LIMITS) -> EnvelopeHeader:
    """Reads the event id, name, version and aggregate id of an envelope from its protobuf binary,
    without decoding the payload: enough to route, filter or deduplicate an event.

    For any bytes, it raises exactly when ``decode_envelope`` does, with the same error, and when
    the name or version is empty, as ``unwrap`` does; otherwise its fields equal those of the
    decoded envelope. The payload bytes are neither decoded nor checked: ``unwrap`` does that.

    Raises:
        MalformedEnvelopeError: the bytes are not an envelope.
        LimitExceededError: the bytes are over one of the ``limits``.
        IncompleteEnvelopeError: ``event_name`` or ``event_version`` is empty.
    """
    envelope = decode_envelope(data, limits=limits)
    event_name = envelope.event_name
    event_version = envelope.event_version
    if event_name == "":
        raise IncompleteEnvelopeError("event_name")
    if event_version == "":
        raise IncompleteEnvelopeError("event_version")
    header = _UnfrozenEnvelopeHeader()
    header.event_id = envelope.event_id
    header.event_name = event_name
    header.event_version = event_version
    header.aggregate_id = envelope.aggregate_id
    header.__class__ = EnvelopeHeader
    result: EnvelopeHeader = header
    return result

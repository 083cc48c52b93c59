"""The retention and size limits an event declares with its contract (docs/limits.md)."""

from dataclasses import dataclass

from google.protobuf.message import Message

from protoevents._errors import EventTooLargeError
from protoevents._event_identity import event_identity
from protoevents.v1.options_pb2 import event as event_option


@dataclass(frozen=True, slots=True)
class EventLimits:
    """The limits in the ``limits`` of an event's ``(protoevents.v1.event)`` option. A limit the
    event does not declare is ``None``: no limit."""

    max_age_ms: int | None = None
    """How long the broker keeps a published event, in milliseconds: a stream that carries the
    event keeps its messages at least this long. From ``limits.max_age``, as declared; the event
    lint makes sure it is whole seconds, at least a minute."""
    max_bytes: int | None = None
    """The largest message the event may be on the broker, in bytes, headers included (on NATS
    JetStream, what a stream's ``max_msg_size`` counts). From ``limits.max_bytes``;
    ``check_event_size`` holds a message to it."""


_NO_LIMITS = EventLimits()
_limits: dict[type[Message], EventLimits] = {}


def event_limits(message_type: type[Message]) -> EventLimits:
    """Reads the limits an event schema declares from its message class, e.g. ``UserCreated``;
    ``EventLimits()`` when it declares none. Read once per class.

    Raises:
        NotAnEventError: the message is not an event schema, as ``event_identity`` raises.
    """
    limits = _limits.get(message_type)
    if limits is None:
        limits = _read_limits(message_type)
        _limits[message_type] = limits
    return limits


def check_event_size(message_type: type[Message], byte_length: int) -> None:
    """Holds a message to the ``max_bytes`` its event declares, before a publisher sends it:
    ``byte_length`` is the size of the message as the broker counts it, headers included (on NATS
    JetStream, the header block and the data; see docs/limits.md). An event that declares no
    ``max_bytes`` takes any size.

    Raises:
        EventTooLargeError: ``byte_length`` is over the event's ``max_bytes``.
        NotAnEventError: the message is not an event schema.
        TypeError: ``byte_length`` is not an ``int`` (``bool`` included).
        ValueError: ``byte_length`` is negative.
    """
    if type(byte_length) is not int:
        raise TypeError(f"check_event_size: byte_length must be an int, got {type(byte_length).__name__}")
    if byte_length < 0:
        raise ValueError(f"check_event_size: byte_length must be a non-negative integer, got {byte_length}")
    max_bytes = event_limits(message_type).max_bytes
    if max_bytes is None or byte_length <= max_bytes:
        return
    identity = event_identity(message_type)
    raise EventTooLargeError(identity.name, identity.version, byte_length, max_bytes)


def _read_limits(message_type: type[Message]) -> EventLimits:
    event_identity(message_type)
    option = message_type.DESCRIPTOR.GetOptions().Extensions[event_option]
    if not option.HasField("limits"):
        return _NO_LIMITS
    declared = option.limits
    max_age_ms = None
    if declared.HasField("max_age"):
        # Truncated toward zero in floating point, as the TypeScript package's Math.trunc.
        max_age_ms = declared.max_age.seconds * 1000 + int(declared.max_age.nanos / 1_000_000)
    max_bytes = declared.max_bytes if declared.HasField("max_bytes") else None
    return EventLimits(max_age_ms, max_bytes)

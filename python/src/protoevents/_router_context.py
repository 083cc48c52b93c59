"""``HandlerContext``: what a router's handler gets beside its event."""

from dataclasses import dataclass

from protoevents.v1.envelope_pb2 import Envelope


@dataclass(frozen=True, slots=True)
class MessageSource:
    """Where a transport read an event: a Kafka topic, partition and offset, or a NATS subject
    (partition 0, offset the stream sequence)."""

    topic: str
    """The topic (or subject) the message was read from."""
    partition: int
    """The partition it was read from."""
    offset: int
    """Its offset in that partition."""


@dataclass(frozen=True, slots=True)
class HandlerContext:
    """What a handler gets beside its event: the envelope, the event's name and version, which run
    of the handler this is, and where the transport read the event."""

    envelope: Envelope
    """The envelope the event came in, with its metadata (id, source, trace context...)."""
    name: str
    """The event's name, e.g. ``user.created``."""
    version: str
    """The event's version, e.g. ``v1``."""
    attempt: int = 1
    """Which run of the handler this is for this event: 1, then 2 on the first retry..."""
    source: MessageSource | None = None
    """Where the transport read the event; ``None`` when it was dispatched directly."""

"""``Publisher``: events wrapped, written as CloudEvents with the NATS binding's ``ce-`` headers and
published to JetStream with nats-py, their event id as ``Nats-Msg-Id``."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from google.protobuf.message import Message
from nats.aio.client import Client

from protoevents._event_limits import check_event_size
from protoevents._event_registry import EventRegistry, EventSource
from protoevents._nats_names import DEFAULT_SUBJECT_PREFIX, check_prefix, event_subject
from protoevents._wrap import wrap
from protoevents.cloudevents import CloudEventsMode, to_message
from protoevents.v1.envelope_pb2 import Envelope

MSG_ID_HEADER: Final = "Nats-Msg-Id"
"""The header JetStream drops a second publish by, within a stream's duplicate window."""

# What a NATS message's header block adds beside the headers: "NATS/1.0\r\n" before them and
# "\r\n" after; each header is "<name>: <value>\r\n".
_HEADER_BLOCK_FRAME = len(b"NATS/1.0\r\n") + len(b"\r\n")


@dataclass(frozen=True, slots=True)
class Published:
    """What ``Publisher.publish`` returns once JetStream stored the event (or found it stored)."""

    envelope: Envelope
    """The envelope published."""
    stream: str
    """The stream that stored it."""
    sequence: int
    """Its sequence in that stream; a duplicate's is the first copy's."""
    duplicate: bool
    """Whether JetStream had it already, from a publish of the same event id within the
    stream's duplicate window, and stored nothing."""


class Publisher:
    """Publishes events to JetStream: wraps each payload (``source`` from here unless given),
    checks the message against the ``limits.max_bytes`` its event version declares, writes it as
    a CloudEvent (``mode``; binary mode with ``ce-`` headers) and publishes it to the event's
    subject, ``<subject_prefix>.<event name>``, with the event id as ``Nats-Msg-Id``, so that
    JetStream stores one copy of an envelope published twice within the duplicate window.
    Each ``publish`` returns once the stream acknowledged the message::

        publisher = Publisher(nc, source="identity")
        published = await publisher.publish(UserCreated(id="u-1", name="Ada"))
        print(published.stream, published.sequence)

    The event's stream must exist (``ensure_streams``).

    Args:
        nc: a connected nats-py client.
        source: the envelope ``source`` of every event, unless ``publish`` is given one.
        mode: how envelopes are written; ``"binary"`` when omitted.
        events: the events ``publish_envelope`` may be given, which the protobuf format needs to
            name each payload's message and the size check to find each version's limits;
            ``publish`` knows its message's own.
        dataschema: the ``dataschema`` attribute to write, an absolute URI; none when omitted.
        subject_prefix: what every subject starts with; ``"events"`` when omitted.
        timeout: how long to wait for JetStream's acknowledgement, in seconds.

    Raises:
        ValueError: ``mode`` is not one of the three, ``subject_prefix`` is not subject tokens,
            or ``timeout`` is not a positive number.
    """

    __slots__ = ("_js", "_source", "_mode", "_events", "_dataschema", "_subject_prefix", "_timeout")

    def __init__(
        self,
        nc: Client,
        *,
        source: str,
        mode: CloudEventsMode = "binary",
        events: EventSource | None = None,
        dataschema: str | None = None,
        subject_prefix: str = DEFAULT_SUBJECT_PREFIX,
        timeout: float = 5.0,
    ) -> None:
        if mode not in ("binary", "structured-json", "protobuf"):
            raise ValueError(f'mode must be "binary", "structured-json" or "protobuf", got {mode!r}')
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        self._subject_prefix = check_prefix("subject_prefix", subject_prefix)
        self._js = nc.jetstream()
        self._source = source
        self._mode: CloudEventsMode = mode
        self._events = EventRegistry() if events is None else EventRegistry(events)
        self._dataschema = dataschema
        self._timeout = float(timeout)

    async def publish(self, message: Message, **wrap_options: Any) -> Published:
        """Wraps an event payload (``wrap``'s keywords are taken, ``source`` defaulting to the
        publisher's) and publishes it; returns once JetStream acknowledged it.

        Raises:
            EventTooLargeError: the message is over its event version's ``limits.max_bytes``;
                nothing was sent.
            ProtoeventsError: ``wrap`` or the CloudEvents mapping refuses the event.
            nats.js.errors.NoStreamResponseError: no stream captures the event's subject.
            nats.js.errors.APIError: JetStream refuses the message (e.g. over the stream's
                ``max_msg_size``, code 10054).
            nats.errors.TimeoutError: no acknowledgement within ``timeout``.
        """
        envelope = wrap(message, **{"source": self._source, **wrap_options})
        return await self._publish(envelope, type(message))

    async def publish_envelope(self, envelope: Envelope) -> Published:
        """Publishes an envelope already wrapped; returns once JetStream acknowledged it. Its size
        is checked when the publisher's ``events`` hold its event and version.

        Raises:
            InvalidMetadataError: the envelope cannot be a CloudEvent (no id, no source...), or its
                event name cannot be a subject.
            EventTooLargeError, nats.js.errors.APIError...: as ``publish`` raises.
            ProtoeventsError: the protobuf format is asked for and the event is not among ``events``.
        """
        entry = self._events.get(envelope.event_name, envelope.event_version)
        return await self._publish(envelope, None if entry is None else entry.message_type)

    async def _publish(self, envelope: Envelope, message_type: type[Message] | None) -> Published:
        subject = event_subject(envelope.event_name, self._subject_prefix)
        events: EventRegistry[Any] | type[Message] = self._events if message_type is None else message_type
        written = to_message(envelope, self._mode, events, header_prefix="ce-", dataschema=self._dataschema)
        headers = {**written.headers, MSG_ID_HEADER: envelope.event_id}
        if message_type is not None:
            check_event_size(message_type, message_size(headers, written.value))
        ack = await self._js.publish(subject, written.value, timeout=self._timeout, headers=headers)
        return Published(envelope, ack.stream, ack.seq, bool(ack.duplicate))


def message_size(headers: Mapping[str, str], value: bytes) -> int:
    """The size of a NATS message as JetStream counts it against a stream's ``max_msg_size``: the
    header block (``NATS/1.0``, each ``<name>: <value>`` line, the blank line) and the data."""
    header_lines = sum(len(name.encode()) + len(given.encode()) + 4 for name, given in headers.items())
    return _HEADER_BLOCK_FRAME + header_lines + len(value)

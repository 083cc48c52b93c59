"""``Publisher``: events wrapped, encoded as CloudEvents Kafka messages and produced with
confluent-kafka, keyed by their aggregate id."""

from collections.abc import Mapping
from typing import Any, cast

from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka import Message as KafkaMessage
from google.protobuf.message import Message

from protoevents._cloudevents_binary import binary_headers
from protoevents._event_registry import EventRegistry, EventSource
from protoevents._wrap import wrap
from protoevents.cloudevents import CloudEventsMode, to_message
from protoevents.v1.envelope_pb2 import Envelope

# Per-aggregate order survives the client's retries only with idempotence.
_PRODUCER_DEFAULTS: Mapping[str, Any] = {"enable.idempotence": True}


class Publisher:
    """Publishes events to one Kafka topic: wraps each payload (``source`` from here unless
    given), writes it as a CloudEvents message (``mode``) and produces it keyed by its aggregate
    id, so that the events of one aggregate keep their order in one partition.

    confluent-kafka delivers in the background: ``publish`` queues the record and returns at
    once; ``flush()`` (and ``close()``) waits until every queued record is acknowledged and raises
    the first delivery error since the last flush. Call it where the events must be stored, e.g.
    before committing the work that produced them::

        publisher = Publisher({"bootstrap.servers": "localhost:9092"}, topic="users", source="identity")
        publisher.publish(UserCreated(id="u-1", name="Ada"))
        publisher.flush()

    Args:
        producer: a confluent-kafka ``Producer``, or its configuration (``enable.idempotence``
            on unless the configuration says otherwise).
        topic: the topic every event goes to.
        source: the envelope ``source`` of every event, unless ``publish`` is given one.
        mode: how envelopes are written; ``"binary"`` when omitted.
        events: the events ``publish_envelope`` may be given, which the protobuf format needs to
            name each payload's message; ``publish`` knows its message's own.
        dataschema: the ``dataschema`` attribute to write, an absolute URI; none when omitted.
    """

    __slots__ = ("_producer", "_topic", "_source", "_mode", "_events", "_dataschema", "_failures")

    def __init__(
        self,
        producer: "Producer | Mapping[str, Any]",
        *,
        topic: str,
        source: str,
        mode: CloudEventsMode = "binary",
        events: EventSource | None = None,
        dataschema: str | None = None,
    ) -> None:
        if not topic:
            raise ValueError("topic must not be empty")
        if mode not in ("binary", "structured-json", "protobuf"):
            raise ValueError(f'mode must be "binary", "structured-json" or "protobuf", got {mode!r}')
        self._producer = Producer({**_PRODUCER_DEFAULTS, **producer}) if not isinstance(producer, Producer) else producer
        self._topic = topic
        self._source = source
        self._mode: CloudEventsMode = mode
        self._events = None if events is None else EventRegistry(events)
        self._dataschema = dataschema
        self._failures: list[KafkaError] = []

    def publish(self, message: Message, **wrap_options: Any) -> Envelope:
        """Wraps an event payload (``wrap``'s keywords are taken, ``source`` defaulting to the
        publisher's), queues it for the topic keyed by its aggregate id, and returns the envelope.

        Raises:
            ProtoeventsError: ``wrap`` or the CloudEvents mapping refuses the event.
            KafkaException: an earlier record failed to be delivered, or the queue is full.
        """
        envelope = wrap(message, **{"source": self._source, **wrap_options})
        return self._produce(envelope, self._events if self._events is not None else type(message))

    def publish_envelope(self, envelope: Envelope) -> Envelope:
        """Queues an envelope already wrapped for the topic, keyed by its aggregate id, and returns it.

        Raises:
            InvalidMetadataError: the envelope cannot be a CloudEvent (no id, no source...).
            ProtoeventsError: the protobuf format is asked for and the event is not among ``events``.
            KafkaException: an earlier record failed to be delivered, or the queue is full.
        """
        return self._produce(envelope, self._events if self._events is not None else EventRegistry())

    def flush(self, timeout: float = 30.0) -> None:
        """Waits until every queued record is acknowledged by the broker.

        Raises:
            KafkaException: a record failed to be delivered since the last flush (the first
                such error), or some are still queued after ``timeout`` seconds.
        """
        remaining = self._producer.flush(timeout)
        self._raise_failures()
        if remaining > 0:
            raise KafkaException(KafkaError(KafkaError._TIMED_OUT, f"{remaining} records not delivered within {timeout} s"))

    def close(self, timeout: float = 30.0) -> None:
        """Flushes, as ``flush`` does, raising what it raises."""
        self.flush(timeout)

    def _produce(self, envelope: Envelope, events: "EventRegistry[Any] | type[Message]") -> Envelope:
        self._raise_failures()
        headers: list[tuple[str, str | bytes | None]]
        if self._mode == "binary":
            # to_message's headers, encoded as they are built: no mapping between. The list is
            # handed over only, never added to, so the client's wider element type is safe.
            headers = cast("list[tuple[str, str | bytes | None]]", binary_headers(envelope, "ce_", self._dataschema))
            value = envelope.payload
        else:
            record = to_message(envelope, self._mode, events, dataschema=self._dataschema)
            headers, value = [(name, text.encode()) for name, text in record.headers.items()], record.value
        key = envelope.aggregate_id.encode() if envelope.aggregate_id else None
        try:
            self._producer.produce(self._topic, value=value, key=key, headers=headers, on_delivery=self._delivered)
        except BufferError:
            # The local queue is full: serve delivery reports, which empties it, then try once more.
            self._producer.poll(1.0)
            self._producer.produce(self._topic, value=value, key=key, headers=headers, on_delivery=self._delivered)
        self._producer.poll(0)
        return envelope

    def _delivered(self, error: KafkaError | None, _record: KafkaMessage) -> None:
        if error is not None:
            self._failures.append(error)

    def _raise_failures(self) -> None:
        if self._failures:
            first, count = self._failures[0], len(self._failures)
            self._failures.clear()
            raise KafkaException(first) if count == 1 else KafkaException(
                KafkaError(first.code(), f"{count} records were not delivered; the first: {first.str()}")
            )

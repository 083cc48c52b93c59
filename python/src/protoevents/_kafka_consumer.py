"""``Consumer``: records read from Kafka with confluent-kafka, decoded from CloudEvents and
dispatched by a router, at least once, with poison messages and failing handlers dead-lettered."""

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from confluent_kafka import Consumer as KafkaConsumer
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka import Message as KafkaMessage

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import ProtoeventsError
from protoevents._router_context import MessageSource
from protoevents._router_dead_letter import HANDLER_FAILED, DeadLetterReason, dead_letter_headers
from protoevents._router_dispatch import Router
from protoevents._router_handle import handle_with_retries
from protoevents._router_retry import RetryPolicy
from protoevents._router_unknown_event import UnknownEventPolicy, check_unknown_event_policy, is_unknown_event
from protoevents.cloudevents import from_message

DEAD_LETTER_SUFFIX: Final = ".dead-letter"
"""What the default dead-letter topic adds to a record's topic."""

# Consumer-only properties, which the dead-letter producer built from the same configuration
# must not get (librdkafka warns of each).
_CONSUMER_ONLY = frozenset({
    "group.id", "group.instance.id", "group.protocol", "group.remote.assignor", "partition.assignment.strategy",
    "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "auto.offset.reset",
    "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store", "enable.partition.eof",
    "fetch.min.bytes", "fetch.max.bytes", "fetch.wait.max.ms", "max.partition.fetch.bytes", "isolation.level",
    "queued.min.messages", "queued.max.messages.kbytes", "check.crcs", "on_commit",
})


@dataclass(frozen=True, slots=True)
class DeadLetterInfo(DeadLetterReason):
    """What ``on_dead_letter`` receives once a dead-letter record is acknowledged: why and from
    where (the record's ``protoevents-*`` headers), where it went, and the error."""

    dead_letter_topic: str
    """The topic the dead-letter record went to."""
    error: BaseException
    """The error: a ``ProtoeventsError``, or the handler's last one."""


@dataclass(frozen=True, slots=True)
class SkipInfo(MessageSource):
    """What ``on_skip`` receives for an event skipped under ``unknown_events="skip"``: where it
    was read, and the error."""

    error: ProtoeventsError
    """``UnknownEventError`` or ``UnsupportedVersionError``."""


_BATCH = 500
_POLL_SECONDS = 0.2
_DEAD_LETTER_TIMEOUT_SECONDS = 30.0


class Consumer:
    """Reads events from Kafka topics and hands each to its router's handler, at least once:

    - a record's offset is committed only once it was handled, skipped, or dead-lettered with the
      dead-letter record acknowledged; records of one partition are handled in order;
    - a record that does not decode (``from_message`` or ``unwrap`` raises any
      ``ProtoeventsError``) is poison: it goes to the dead-letter topic with its error's code
      and the consumer moves on; an event the router does not know (``UNKNOWN_EVENT``,
      ``UNSUPPORTED_VERSION``) follows ``unknown_events`` instead;
    - a handler that raises runs again ``retry.retries`` times, with ``retry``'s delays, then its
      record is dead-lettered with the code ``HANDLER_FAILED``.

    A dead-letter record keeps the original key, value and every header, repeated ones too, and
    adds the ``protoevents-*`` headers of ``protoevents.router``. It goes to ``dead_letter_topic``,
    by default the record's topic with ``.dead-letter`` added, which must exist unless the
    broker creates topics. Handlers run one at a time, on the thread that called ``run()``::

        consumer = Consumer(
            {"bootstrap.servers": "localhost:9092", "group.id": "mailer"},
            topics=["users"],
            router=router,
        )
        consumer.run()  # until consumer.stop()

    Args:
        config: the confluent-kafka consumer configuration; ``group.id`` is required. The
            consumer stores offsets itself (``enable.auto.offset.store`` is off) and commits the
            stored ones (``enable.auto.commit``, unless off, then on ``stop()`` only). The
            dead-letter producer gets the same configuration without the consumer's properties.
        topics: the topics to subscribe to.
        router: the handlers.
        dead_letter_topic: where dead letters go; ``<topic>.dead-letter`` when omitted.
        unknown_events: what to do with an event the router does not know; ``"dead-letter"`` when
            omitted.
        retry: how a failing handler is retried; ``RetryPolicy()`` when omitted.
        limits: the decoding limits of the envelope and the payload.
        on_dead_letter: called with a ``DeadLetterInfo`` once each dead-letter record is acknowledged.
        on_skip: called with a ``SkipInfo`` for each event skipped under ``unknown_events="skip"``.
    """

    __slots__ = (
        "_consumer", "_producer", "_topics", "_router", "_dead_letter_topic", "_unknown_events", "_retry",
        "_limits", "_on_dead_letter", "_on_skip", "_stopping", "_running",
    )

    def __init__(
        self,
        config: Mapping[str, Any],
        *,
        topics: Sequence[str],
        router: Router,
        dead_letter_topic: str | None = None,
        unknown_events: UnknownEventPolicy = "dead-letter",
        retry: RetryPolicy | None = None,
        limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
        on_dead_letter: Callable[[DeadLetterInfo], None] | None = None,
        on_skip: Callable[[SkipInfo], None] | None = None,
    ) -> None:
        if "group.id" not in config:
            raise ValueError("a Kafka consumer needs a group.id")
        if isinstance(topics, str) or not topics:
            raise ValueError("topics must be a non-empty sequence of topic names")
        self._unknown_events = check_unknown_event_policy(unknown_events)
        self._consumer = KafkaConsumer({**config, "enable.auto.offset.store": False})
        self._producer = Producer({"enable.idempotence": True, **{k: v for k, v in config.items() if k not in _CONSUMER_ONLY}})
        self._topics = list(topics)
        self._router = router
        self._dead_letter_topic = dead_letter_topic
        self._retry = retry if retry is not None else RetryPolicy()
        self._limits = limits
        self._on_dead_letter = on_dead_letter
        self._on_skip = on_skip
        self._stopping = threading.Event()
        self._running = threading.Lock()

    def run(self) -> None:
        """Subscribes and handles records until ``stop()``; then commits the offsets of what was
        handled and closes the consumer. Not to be called twice.

        Raises:
            UnknownEventError: under ``unknown_events="stop"``, an unknown event (its offset not
                committed); ``UnsupportedVersionError`` likewise.
            KafkaException: a fatal client error, or a dead-letter record not acknowledged (its
                offset not committed).
        """
        if not self._running.acquire(blocking=False):
            raise RuntimeError("this consumer is already running or has run")
        try:
            self._consumer.subscribe(self._topics)
            while not self._stopping.is_set():
                for record in self._consumer.consume(_BATCH, _POLL_SECONDS):
                    if self._stopping.is_set():
                        break
                    self._handle(record)
        finally:
            self._close()

    def stop(self) -> None:
        """Asks ``run()`` to return: the handler running finishes (a retry waiting is given up,
        its record left uncommitted, to be read again), the offsets handled are committed, and the
        consumer closes. Callable from a handler, another thread or a signal handler."""
        self._stopping.set()

    def _handle(self, record: KafkaMessage) -> None:
        error = record.error()
        if error is not None:
            if error.fatal():
                raise KafkaException(error)
            return
        source = MessageSource(record.topic() or "", record.partition() or 0, record.offset() or 0)
        try:
            envelope = from_message(_headers(record), record.value() or b"", limits=self._limits)
            routed = self._router.route(envelope, limits=self._limits)
        except ProtoeventsError as poison:
            if is_unknown_event(poison) and self._unknown_events != "dead-letter":
                if self._unknown_events == "stop":
                    self._stopping.set()
                    raise
                if self._on_skip is not None:
                    self._on_skip(SkipInfo(source.topic, source.partition, source.offset, poison))
            else:
                self._dead_letter(record, DeadLetterReason(poison.code.value, str(poison), *_where(source), 0), poison)
            self._consumer.store_offsets(message=record)
            return
        outcome = handle_with_retries(routed, self._retry, source=source, stopping=self._stopping)
        if outcome.status == "aborted":
            return
        failure = outcome.error
        if failure is not None:
            message = str(failure) or type(failure).__name__
            self._dead_letter(record, DeadLetterReason(HANDLER_FAILED, message, *_where(source), outcome.attempts), failure)
        self._consumer.store_offsets(message=record)

    def _dead_letter(self, record: KafkaMessage, reason: DeadLetterReason, error: BaseException) -> None:
        failures: list[KafkaError] = []

        def delivered(failure: KafkaError | None, _record: KafkaMessage) -> None:
            if failure is not None:
                failures.append(failure)

        topic = self._dead_letter_topic or f"{reason.topic}{DEAD_LETTER_SUFFIX}"
        headers = [*_headers(record), *dead_letter_headers(reason)]
        self._producer.produce(topic, value=record.value(), key=record.key(), headers=headers, on_delivery=delivered)
        if self._producer.flush(_DEAD_LETTER_TIMEOUT_SECONDS) > 0:
            raise KafkaException(KafkaError(KafkaError._TIMED_OUT, f"the dead-letter record to {topic} was not acknowledged"))
        if failures:
            raise KafkaException(failures[0])
        if self._on_dead_letter is not None:
            self._on_dead_letter(DeadLetterInfo(*_fields(reason), topic, error))

    def _close(self) -> None:
        try:
            self._consumer.commit(asynchronous=False)
        except KafkaException as error:
            # Nothing stored since the last commit is no failure.
            if error.args[0].code() != KafkaError._NO_OFFSET:
                raise
        finally:
            self._consumer.close()


def _fields(reason: DeadLetterReason) -> tuple[str, str, str, int, int, int]:
    return reason.code, reason.message, reason.topic, reason.partition, reason.offset, reason.attempts


def _where(source: MessageSource) -> tuple[str, int, int]:
    return source.topic, source.partition, source.offset


def _headers(record: KafkaMessage) -> list[tuple[str, str | bytes | None]]:
    # confluent-kafka gives a list of pairs, every repeated header kept; its types allow a dict.
    headers = record.headers()
    if headers is None:
        return []
    return list(headers.items()) if isinstance(headers, dict) else headers

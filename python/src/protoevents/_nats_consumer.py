"""``Consumer``: events read from JetStream with nats-py through a durable pull consumer per event
stream, decoded from CloudEvents and dispatched by a router, at least once, with poison messages
and failing handlers dead-lettered."""

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import nats.errors
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.client import JetStreamContext

from protoevents._decode_limits import DEFAULT_DECODE_LIMITS, DecodeLimits
from protoevents._errors import ProtoeventsError
from protoevents._nats_names import (
    DEFAULT_DEAD_LETTER_PREFIX,
    DEFAULT_STREAM_PREFIX,
    DEFAULT_SUBJECT_PREFIX,
    check_names,
    dead_letter_subject,
    event_stream,
    event_subject,
)
from protoevents._nats_publisher import MSG_ID_HEADER
from protoevents._router_context import MessageSource
from protoevents._router_dead_letter import HANDLER_FAILED, DeadLetterReason, dead_letter_headers
from protoevents._router_dispatch import Router
from protoevents._router_retry import RetryPolicy
from protoevents._router_unknown_event import UnknownEventPolicy, check_unknown_event_policy, is_unknown_event
from protoevents.cloudevents import from_message

DEFAULT_ACK_WAIT: Final = 30.0
"""How long JetStream waits for a delivered message's acknowledgement before it delivers it
again, in seconds, when no ``ack_wait`` is given."""

# A durable consumer's name: no ".", "*", ">", slashes or white space, which JetStream's API
# subjects and its store's file names forbid.
_DURABLE = re.compile(r"[^.*>/\\\s]+")
# Headers of the original message a dead letter does not copy: the publish conditions
# (Nats-Expected-Stream, ...) would hold its publish to them.
_EXPECTATION_HEADER = re.compile(r"nats-expected-", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"[\r\n]+")
# How many messages one fetch asks for at most, and how long it waits: stop() takes effect within it.
_BATCH = 100
_FETCH_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class DeadLetterInfo(DeadLetterReason):
    """What ``on_dead_letter`` receives once JetStream stored a dead letter: why and from where
    (its ``protoevents-*`` headers: the subject as the topic, partition 0, the stream sequence as
    the offset), where it went, and the error."""

    dead_letter_subject: str
    """The subject the dead letter was published to."""
    error: BaseException
    """The error: a ``ProtoeventsError``, or the handler's last one."""


@dataclass(frozen=True, slots=True)
class SkipInfo(MessageSource):
    """What ``on_skip`` receives for an event skipped under ``unknown_events="skip"``: where it
    was read (the subject, partition 0, the stream sequence), and the error."""

    error: ProtoeventsError
    """``UnknownEventError`` or ``UnsupportedVersionError``."""


def dead_letter_msg_id(stream: str, sequence: int) -> str:
    """The ``Nats-Msg-Id`` of the dead letter of the message at ``sequence`` in ``stream``:
    ``dead-letter:<stream>:<sequence>``, so that a message dead-lettered again (delivered again
    before its termination arrived) is stored once."""
    return f"dead-letter:{stream}:{sequence}"


class Consumer:
    """Reads events from JetStream and hands each to its router's handler, at least once. On
    ``run()`` it makes (or updates) a durable pull consumer named ``durable`` on the stream of
    every event name the router handles (``<stream_prefix>-<name with "." as "-">``, made by
    ``ensure_streams``), filtered to the event's subject, with explicit acknowledgement, and reads
    them all until ``stop()``:

    - a message is acknowledged only once its handler returned, it was skipped, or its dead
      letter was stored;
    - a handler that raises is retried by redelivery: the message is ``nak``-ed with ``retry``'s
      delay for that delivery; once it was delivered ``retry.retries + 1`` times and the handler
      still raises, it is dead-lettered with ``HANDLER_FAILED`` and terminated. The handler's
      ``context.attempt`` is the delivery count. The consumer's ``max_deliver`` is unlimited, so
      that a message whose last delivery was lost (its consumer killed) comes again rather than
      being dropped by the server. Other messages flow meanwhile, so a
      failing event may be handled after later ones of its aggregate (``max_ack_pending=1``
      keeps the order, at the cost of throughput);
    - a message that does not decode (any ``ProtoeventsError`` of ``from_message`` or the
      router) is poison: dead-lettered at once with its code and terminated; an event the router
      does not know (``UNKNOWN_EVENT``, ``UNSUPPORTED_VERSION``) follows ``unknown_events``.

    A dead letter carries the message's data and headers (but its ``Nats-Msg-Id`` and
    ``Nats-Expected-*`` headers), plus the ``protoevents-*`` headers of ``protoevents.router``
    (line breaks in the error message as a space: a NATS header value is one line), and goes to
    ``<dead_letter_prefix>.<subject>`` with ``Nats-Msg-Id`` ``dead-letter:<stream>:<sequence>``,
    so that a message dead-lettered twice is stored once. nats-py keeps one value of a header:
    of a header repeated in the message, the handler's envelope and the dead letter see the last.

    Handlers run one at a time, on the event loop: a handler must return within ``ack_wait``, or
    its message is delivered again::

        consumer = Consumer(nc, durable="mailer", router=router)
        await consumer.run()  # until consumer.stop()

    Args:
        nc: a connected nats-py client; it stays the caller's to close.
        durable: the durable consumer's name, on each stream: no ``.``, ``*``, ``>``, slashes or spaces.
        router: the handlers; its events name the streams read.
        subject_prefix, stream_prefix, dead_letter_prefix: as ``ensure_streams`` was given them.
        unknown_events: what to do with an event the router does not know; ``"dead-letter"``
            when omitted. ``"skip"`` acknowledges it and reports it to ``on_skip``; ``"stop"``
            ``nak``-s it, stops the consumer and ``run()`` raises the error.
        retry: the redelivery delays and count; ``RetryPolicy()`` when omitted.
        limits: the decoding limits of the message, the envelope and the payload.
        ack_wait: how long JetStream waits for an acknowledgement before delivering again, in
            seconds (a handler must finish within it); 30 when omitted.
        max_ack_pending: how many messages of a stream may be delivered and not yet
            acknowledged; JetStream's default (1000) when omitted.
        on_dead_letter: called with a ``DeadLetterInfo`` once each dead letter is stored.
        on_skip: called with a ``SkipInfo`` for each event skipped under ``unknown_events="skip"``.

    Raises:
        ValueError: ``durable`` is not a consumer name, a prefix is not subject tokens (or the
            subject and dead-letter prefixes overlap), a number is out of range, or
            ``unknown_events`` is not a policy.
    """

    __slots__ = (
        "_nc", "_durable", "_router", "_subject_prefix", "_stream_prefix", "_dead_letter_prefix", "_unknown_events",
        "_retry", "_limits", "_ack_wait", "_max_ack_pending", "_on_dead_letter", "_on_skip", "_stopping",
        "_started",
    )

    def __init__(
        self,
        nc: Client,
        *,
        durable: str,
        router: Router,
        subject_prefix: str = DEFAULT_SUBJECT_PREFIX,
        stream_prefix: str = DEFAULT_STREAM_PREFIX,
        dead_letter_prefix: str = DEFAULT_DEAD_LETTER_PREFIX,
        unknown_events: UnknownEventPolicy = "dead-letter",
        retry: RetryPolicy | None = None,
        limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
        ack_wait: float = DEFAULT_ACK_WAIT,
        max_ack_pending: int | None = None,
        on_dead_letter: Callable[[DeadLetterInfo], None] | None = None,
        on_skip: Callable[[SkipInfo], None] | None = None,
    ) -> None:
        if not isinstance(durable, str) or _DURABLE.fullmatch(durable) is None:
            raise ValueError(f'durable must be a consumer name without ".", "*", ">", slashes or spaces, got {durable!r}')
        if isinstance(ack_wait, bool) or not isinstance(ack_wait, (int, float)) or not 0 < ack_wait < float("inf"):
            raise ValueError(f"ack_wait must be a positive number of seconds, got {ack_wait!r}")
        if max_ack_pending is not None and (isinstance(max_ack_pending, bool) or not isinstance(max_ack_pending, int) or max_ack_pending < 1):
            raise ValueError(f"max_ack_pending must be a positive integer, got {max_ack_pending!r}")
        self._subject_prefix, self._stream_prefix, self._dead_letter_prefix = check_names(subject_prefix, stream_prefix, dead_letter_prefix)
        self._unknown_events = check_unknown_event_policy(unknown_events)
        self._nc = nc
        self._durable = durable
        self._router = router
        self._retry = retry if retry is not None else RetryPolicy()
        self._limits = limits
        self._ack_wait = float(ack_wait)
        self._max_ack_pending = max_ack_pending
        self._on_dead_letter = on_dead_letter
        self._on_skip = on_skip
        self._stopping = False
        self._started = False

    async def run(self) -> None:
        """Makes (or updates) the durable consumers and handles messages until ``stop()``; then
        closes the subscriptions and flushes the connection, so that every acknowledgement sent
        has left. Not to be called twice.

        Raises:
            ValueError: the router handles no event (handlers are registered before ``run()``).
            UnknownEventError: under ``unknown_events="stop"``, an unknown event (``nak``-ed, to
                be delivered again); ``UnsupportedVersionError`` likewise.
            nats.js.errors.NotFoundError: an event's stream does not exist (``ensure_streams``).
            nats.js.errors.NoStreamResponseError, nats.js.errors.APIError,
                nats.errors.TimeoutError: a dead letter JetStream did not store (its message
                neither acknowledged nor terminated), or another client error.
        """
        if self._started:
            raise RuntimeError("this consumer is already running or has run")
        self._started = True
        if not self._router.events.names():
            raise ValueError("the router handles no event: register its handlers before run()")
        js = self._nc.jetstream()
        subscriptions: list[JetStreamContext.PullSubscription] = []
        try:
            for name in self._router.events.names():
                subscriptions.append(await self._subscribe(js, name))
            readers = [asyncio.create_task(self._read(js, subscription)) for subscription in subscriptions]
            try:
                await asyncio.wait(readers, return_when=asyncio.FIRST_EXCEPTION)
            finally:
                self._stopping = True
                outcomes = await asyncio.gather(*readers, return_exceptions=True)
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    raise outcome
        finally:
            self._stopping = True
            for subscription in subscriptions:
                await subscription.unsubscribe()
            if self._nc.is_connected:
                await self._nc.flush()

    def stop(self) -> None:
        """Asks ``run()`` to return: the handler running finishes and its message is
        acknowledged; messages fetched and not yet handled are ``nak``-ed, to be delivered again
        at once. Callable from a handler, another thread or a signal handler."""
        self._stopping = True

    async def _subscribe(self, js: JetStreamContext, event_name: str) -> JetStreamContext.PullSubscription:
        stream = event_stream(event_name, self._stream_prefix)
        config = ConsumerConfig(
            durable_name=self._durable,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self._ack_wait,
            max_deliver=-1,
            max_ack_pending=self._max_ack_pending,
            filter_subject=event_subject(event_name, self._subject_prefix),
        )
        await js.add_consumer(stream, config)
        return await js.pull_subscribe_bind(durable=self._durable, stream=stream)

    async def _read(self, js: JetStreamContext, subscription: JetStreamContext.PullSubscription) -> None:
        while not self._stopping:
            try:
                messages = await subscription.fetch(_BATCH, timeout=_FETCH_SECONDS)
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                continue
            # A stop, or an error that ends run(), leaves the messages not yet handled to be
            # delivered again at once; the one that raised was acknowledged, nak-ed, or (a dead
            # letter not stored) left as it was.
            position = 0
            try:
                while position < len(messages) and not self._stopping:
                    position += 1
                    await self._handle(js, messages[position - 1])
            finally:
                if self._nc.is_connected:
                    for message in messages[position:]:
                        await message.nak()

    async def _handle(self, js: JetStreamContext, message: Msg) -> None:
        metadata = message.metadata
        source = MessageSource(message.subject, 0, metadata.sequence.stream)
        try:
            envelope = from_message(message.headers or {}, message.data, header_prefix="ce-", limits=self._limits)
            routed = self._router.route(envelope, limits=self._limits)
        except ProtoeventsError as poison:
            if is_unknown_event(poison) and self._unknown_events != "dead-letter":
                if self._unknown_events == "stop":
                    self._stopping = True
                    await message.nak()
                    raise
                await message.ack()
                if self._on_skip is not None:
                    self._on_skip(SkipInfo(source.topic, source.partition, source.offset, poison))
                return
            reason = DeadLetterReason(poison.code.value, str(poison), source.topic, 0, source.offset, 0)
            await self._dead_letter(js, message, metadata.stream, reason, poison)
            return
        attempt = metadata.num_delivered
        try:
            routed.handle(attempt=attempt, source=source)
        except Exception as failure:
            if attempt <= self._retry.retries:
                await message.nak(delay=self._retry.delay(attempt))
                return
            reason = DeadLetterReason(HANDLER_FAILED, str(failure) or type(failure).__name__, source.topic, 0, source.offset, attempt)
            await self._dead_letter(js, message, metadata.stream, reason, failure)
            return
        await message.ack()

    async def _dead_letter(self, js: JetStreamContext, message: Msg, stream: str, reason: DeadLetterReason, error: BaseException) -> None:
        subject = dead_letter_subject(message.subject, self._dead_letter_prefix)
        ours = [(name, _LINE_BREAKS.sub(" ", value.decode())) for name, value in dead_letter_headers(reason)]
        replaced = {name for name, _ in ours} | {MSG_ID_HEADER.lower()}
        headers = {
            name: value
            for name, value in (message.headers or {}).items()
            if name.lower() not in replaced and _EXPECTATION_HEADER.match(name) is None
        }
        headers.update(ours)
        headers[MSG_ID_HEADER] = dead_letter_msg_id(stream, reason.offset)
        await js.publish(subject, message.data, headers=headers)
        await message.term()
        if self._on_dead_letter is not None:
            self._on_dead_letter(DeadLetterInfo(reason.code, reason.message, reason.topic, reason.partition, reason.offset, reason.attempts, subject, error))

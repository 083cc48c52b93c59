"""The record file of the cross-language broker peers' ``route`` command (kafka_peer.py,
nats_peer.py), read by test/peer-process.ts: one JSON line per handler run, handled event, dead
letter and skip, flushed at once so that a test that kills the process reads what it did; and
the options and the handler both peers' ``route`` share.

A ``route`` runs until as many events as ``--stop-after`` were handled, dead-lettered or skipped
in this run, or nothing came for ``--idle`` seconds. Options: ``--stop-after N``, ``--idle S``,
``--max-bytes N`` (the decoding limit), ``--unknown-events dead-letter|skip|stop``,
``--retries N``, ``--fail-first N`` (the handler raises on the first N runs of an event whose
aggregate id starts with ``flaky-``, and always for ``doomed-``), ``--handle-seconds S`` (each
run sleeps so long).

Imported after ``package_alias.install()``, as the peers import ``protoevents``.
"""

import argparse
import asyncio
import json
import time
from collections.abc import Callable
from typing import IO, Any, Protocol, cast

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from protoevents import ProtoeventsError, Unwrapped, encode_envelope
from protoevents.router import DeadLetterReason, HandlerContext, MessageSource


class Stoppable(Protocol):
    """A consumer the recorder stops: the Kafka or the NATS one."""

    def stop(self) -> None: ...


class Skip(Protocol):
    """What a consumer's ``on_skip`` is given: where the skipped message was, and why."""

    @property
    def topic(self) -> str: ...

    @property
    def partition(self) -> int: ...

    @property
    def offset(self) -> int: ...

    @property
    def error(self) -> ProtoeventsError: ...


def route_options(prog: str) -> argparse.ArgumentParser:
    """The options both peers' ``route`` take; a peer adds its own."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--stop-after", type=int, default=1 << 62)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--max-bytes", type=int, default=16 << 20)
    parser.add_argument("--unknown-events", default="dead-letter")
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--handle-seconds", type=float, default=0.0)
    return parser


class Recorder:
    """Appends what the consumer does to the record file, one JSON line each, flushed at once,
    and stops the consumer after ``stop_after`` outcomes or ``idle`` seconds without one."""

    def __init__(self, file: IO[str], stop_after: int, idle: float) -> None:
        self.file = file
        self.stop_after = stop_after
        self.idle = idle
        self.outcomes = 0
        self.last = time.monotonic()
        self.consumer: Stoppable | None = None

    def write(self, line: dict[str, Any]) -> None:
        self.file.write(json.dumps(line) + "\n")
        self.file.flush()
        self.last = time.monotonic()

    def outcome(self) -> None:
        self.outcomes += 1
        if self.outcomes >= self.stop_after and self.consumer is not None:
            self.consumer.stop()

    def dead_lettered(self, reason: DeadLetterReason, **extra: Any) -> None:
        """Records a dead letter (with ``extra`` fields a binding adds) as an outcome."""
        self.write({
            "kind": "dead-letter",
            "code": reason.code,
            "message": reason.message,
            "where": [reason.topic, reason.partition, reason.offset],
            "attempts": reason.attempts,
            **extra,
        })
        self.outcome()

    def skipped(self, skip: Skip) -> None:
        """Records a skipped message as an outcome."""
        self.write({"kind": "skip", "code": skip.error.code.value, "where": [skip.topic, skip.partition, skip.offset]})
        self.outcome()

    def _idle_too_long(self) -> bool:
        return time.monotonic() - self.last >= self.idle

    def watch(self) -> None:
        """Stops the consumer once it has been idle too long (on a thread of its own)."""
        while self.consumer is not None and not self._idle_too_long():
            time.sleep(0.1)
        if self.consumer is not None:
            self.consumer.stop()

    async def watch_async(self) -> None:
        """Stops the consumer once it has been idle too long (as a task on the consumer's loop)."""
        while self.consumer is not None and not self._idle_too_long():
            await asyncio.sleep(0.1)
        if self.consumer is not None:
            self.consumer.stop()


def route_handler(
    recorder: Recorder, fail_first: int, handle_seconds: float
) -> Callable[[Unwrapped[str, str, Message], HandlerContext], None]:
    """A handler for every fixture event that records each run and each handled event; it sleeps
    ``handle_seconds`` a run, and raises on the first ``fail_first`` runs of an event whose
    aggregate id starts with ``flaky-``, and always for ``doomed-``."""

    def handle(event: Unwrapped[str, str, Message], context: HandlerContext) -> None:
        envelope = context.envelope
        source = cast(MessageSource, context.source)
        recorder.write({
            "kind": "run",
            "eventId": envelope.event_id,
            "aggregateId": envelope.aggregate_id,
            "name": event.name,
            "version": event.version,
            "attempt": context.attempt,
            "payloadClass": type(event.payload).DESCRIPTOR.full_name,
            "payload": MessageToDict(event.payload),
            "envelopeHex": encode_envelope(envelope).hex(),
            "where": [source.topic, source.partition, source.offset],
        })
        if handle_seconds > 0:
            time.sleep(handle_seconds)
        aggregate = envelope.aggregate_id
        if aggregate.startswith("doomed-") or (aggregate.startswith("flaky-") and context.attempt <= fail_first):
            raise ConnectionError(f"handler run {context.attempt} of {aggregate} failed")
        recorder.write({"kind": "handled", "eventId": envelope.event_id, "attempt": context.attempt})
        recorder.outcome()

    return handle

"""The Python side of the cross-language JetStream tests (test/nats/nats-python.test.ts), on
``protoevents.nats``, run with the latest test venv's interpreter and the fixture package on
``PYTHONPATH``:

Each command takes a prefix: the subject and stream prefix, ``dead-letter.<prefix>`` the
dead-letter prefix, so that each test has streams of its own.

    python nats_peer.py ensure <url> <prefix> [duplicate window seconds]
        runs ``ensure_streams`` for every fixture event and prints the streams, as JSON
    python nats_peer.py publish <url> <prefix> <mode> <dataschema>
        reads envelopes, one in hex per line, from stdin, publishes each with a ``Publisher``
        (``publish_envelope``), then one ``fixture.scalars.recorded`` built here (``publish``),
        then the first envelope again; prints what each publish returned as JSON: the envelope in
        hex, the stream, the sequence and whether it was a duplicate
    python nats_peer.py route <url> <prefix> <durable> <record file> [options]
        runs a ``Consumer`` whose router handles every fixture event, appending one JSON line per
        handler run, dead letter and skip to the record file (flushed at once, so that a test
        that kills the process reads what it did), until as many events as ``--stop-after``
        were handled, dead-lettered or skipped in this run, or nothing came for ``--idle``
        seconds. Options: ``--stop-after N``, ``--idle S``, ``--max-bytes N`` (the decoding
        limit), ``--unknown-events dead-letter|skip|stop``, ``--retries N``, ``--fail-first N``
        (the handler raises on the first N runs of an event whose aggregate id starts with
        ``flaky-``, and always for ``doomed-``), ``--handle-seconds S`` (each run sleeps so
        long), ``--ack-wait S``, ``--max-ack-pending N``. Exits 3 with the error's code on stdout
        when ``run()`` raises a ``ProtoeventsError``, 4 with the error's class name when it
        raises a nats-py error.
"""

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable, Coroutine
from typing import IO, Any, cast

import package_alias
import nats
import nats.errors

package_alias.install()

from google.protobuf.json_format import MessageToDict  # noqa: E402
from google.protobuf.message import Message  # noqa: E402

from protoevents import DecodeLimits, ProtoeventsError, Unwrapped, decode_envelope, encode_envelope  # noqa: E402
from protoevents.cloudevents import CloudEventsMode  # noqa: E402
from protoevents.nats import Consumer, DeadLetterInfo, Publisher, SkipInfo, ensure_streams  # noqa: E402
from protoevents.router import HandlerContext, MessageSource, RetryPolicy, Router  # noqa: E402
from protoevents_fixtures.fixture import v1 as fixture_v1  # noqa: E402
from protoevents_fixtures.fixture.v1 import ScalarsRecorded  # noqa: E402
from protoevents_fixtures.registry import events  # noqa: E402


def names(prefix: str) -> dict[str, str]:
    """The naming options of a test's prefix."""
    return {"subject_prefix": prefix, "stream_prefix": prefix, "dead_letter_prefix": f"dead-letter.{prefix}"}


async def ensure(url: str, prefix: str, duplicate_window: str = "120", package: str = "all") -> None:
    nc = await nats.connect(url)
    try:
        chosen = fixture_v1.events if package == "v1" else events
        ensured = await ensure_streams(nc.jetstream(), chosen, duplicate_window=float(duplicate_window), **names(prefix))
        print(json.dumps([{"name": s.name, "subjects": list(s.subjects), "created": s.created} for s in ensured]))
    finally:
        await nc.close()


async def publish(url: str, prefix: str, mode: str, dataschema: str) -> None:
    nc = await nats.connect(url)
    try:
        publisher = Publisher(
            nc, source="nats-peer", mode=cast(CloudEventsMode, mode), events=events, dataschema=dataschema, subject_prefix=prefix
        )
        envelopes = [decode_envelope(bytes.fromhex(line)) for line in sys.stdin.read().split()]
        published = [await publisher.publish_envelope(envelope) for envelope in envelopes]
        published.append(await publisher.publish(ScalarsRecorded(id="from-python"), aggregate_id="py-agg"))
        published.append(await publisher.publish_envelope(envelopes[0]))
    finally:
        await nc.close()
    print(json.dumps([
        {"envelopeHex": encode_envelope(p.envelope).hex(), "stream": p.stream, "sequence": p.sequence, "duplicate": p.duplicate}
        for p in published
    ]))


class Recorder:
    """Appends what the consumer does to the record file, one JSON line each, flushed at once,
    and stops the consumer after ``stop_after`` outcomes or ``idle`` seconds without one."""

    def __init__(self, file: IO[str], stop_after: int, idle: float) -> None:
        self.file = file
        self.stop_after = stop_after
        self.idle = idle
        self.outcomes = 0
        self.last = time.monotonic()
        self.consumer: Consumer | None = None

    def write(self, line: dict[str, Any]) -> None:
        self.file.write(json.dumps(line) + "\n")
        self.file.flush()
        self.last = time.monotonic()

    def outcome(self) -> None:
        self.outcomes += 1
        if self.outcomes >= self.stop_after and self.consumer is not None:
            self.consumer.stop()

    async def watch(self) -> None:
        """Stops the consumer once it has been idle too long."""
        while self.consumer is not None and time.monotonic() - self.last < self.idle:
            await asyncio.sleep(0.1)
        if self.consumer is not None:
            self.consumer.stop()


async def route(url: str, prefix: str, durable: str, record_file: str, *options: str) -> None:
    parser = argparse.ArgumentParser(prog="nats_peer.py route")
    parser.add_argument("--stop-after", type=int, default=1 << 62)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--max-bytes", type=int, default=16 << 20)
    parser.add_argument("--unknown-events", default="dead-letter")
    parser.add_argument("--retries", type=int, default=3)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--handle-seconds", type=float, default=0.0)
    parser.add_argument("--ack-wait", type=float, default=30.0)
    parser.add_argument("--max-ack-pending", type=int, default=None)
    args = parser.parse_args(options)
    router = Router()
    nc = await nats.connect(url)
    with open(record_file, "a", encoding="utf-8") as file:
        recorder = Recorder(file, args.stop_after, args.idle)

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
            if args.handle_seconds > 0:
                time.sleep(args.handle_seconds)
            aggregate = envelope.aggregate_id
            if aggregate.startswith("doomed-") or (aggregate.startswith("flaky-") and context.attempt <= args.fail_first):
                raise ConnectionError(f"handler run {context.attempt} of {aggregate} failed")
            recorder.write({"kind": "handled", "eventId": envelope.event_id, "attempt": context.attempt})
            recorder.outcome()

        def dead_lettered(dead_letter: DeadLetterInfo) -> None:
            recorder.write({
                "kind": "dead-letter",
                "code": dead_letter.code,
                "message": dead_letter.message,
                "where": [dead_letter.topic, dead_letter.partition, dead_letter.offset],
                "attempts": dead_letter.attempts,
                "subject": dead_letter.dead_letter_subject,
            })
            recorder.outcome()

        def skipped(skip: SkipInfo) -> None:
            recorder.write({"kind": "skip", "code": skip.error.code.value, "where": [skip.topic, skip.partition, skip.offset]})
            recorder.outcome()

        router.on_events(events, handle)
        consumer = Consumer(
            nc,
            durable=durable,
            router=router,
            subject_prefix=prefix,
            stream_prefix=prefix,
            dead_letter_prefix=f"dead-letter.{prefix}",
            unknown_events=args.unknown_events,
            retry=RetryPolicy(retries=args.retries, initial_delay=0.01, max_delay=0.05),
            limits=DecodeLimits(max_bytes=args.max_bytes),
            ack_wait=args.ack_wait,
            max_ack_pending=args.max_ack_pending,
            on_dead_letter=dead_lettered,
            on_skip=skipped,
        )
        recorder.consumer = consumer
        watcher = asyncio.create_task(recorder.watch())
        try:
            await consumer.run()
        except ProtoeventsError as error:
            print(json.dumps({"error": error.code.value, "outcomes": recorder.outcomes}))
            sys.exit(3)
        except nats.errors.Error as error:
            print(json.dumps({"natsError": type(error).__name__, "outcomes": recorder.outcomes}))
            sys.exit(4)
        finally:
            recorder.consumer = None
            await watcher
            await nc.close()
    print(json.dumps({"outcomes": recorder.outcomes}))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    commands: dict[str, Callable[..., Coroutine[Any, Any, None]]] = {"ensure": ensure, "publish": publish, "route": route}
    asyncio.run(commands[command](*arguments))

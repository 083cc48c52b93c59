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
        runs a ``Consumer`` that records what it does in the record file until it stops (as
        python/tests/peer_recorder.py says, with the options it lists), and with
        ``--ack-wait S``, ``--max-ack-pending N``. Exits 3 with the error's code on stdout
        when ``run()`` raises a ``ProtoeventsError``, 4 with the error's class name when it
        raises a nats-py error.
"""

import asyncio
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any, cast

import package_alias
import nats
import nats.errors

package_alias.install()

from protoevents import DecodeLimits, ProtoeventsError, decode_envelope, encode_envelope  # noqa: E402
from protoevents.cloudevents import CloudEventsMode  # noqa: E402
from protoevents.nats import Consumer, Publisher, ensure_streams  # noqa: E402
from protoevents.router import RetryPolicy, Router  # noqa: E402
from protoevents_fixtures.fixture import v1 as fixture_v1  # noqa: E402
from protoevents_fixtures.fixture.v1 import ScalarsRecorded  # noqa: E402
from protoevents_fixtures.registry import events  # noqa: E402
from peer_recorder import Recorder, route_handler, route_options  # noqa: E402


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


async def route(url: str, prefix: str, durable: str, record_file: str, *options: str) -> None:
    parser = route_options("nats_peer.py route")
    parser.add_argument("--ack-wait", type=float, default=30.0)
    parser.add_argument("--max-ack-pending", type=int, default=None)
    args = parser.parse_args(options)
    router = Router()
    nc = await nats.connect(url)
    with open(record_file, "a", encoding="utf-8") as file:
        recorder = Recorder(file, args.stop_after, args.idle)
        router.on_events(events, route_handler(recorder, args.fail_first, args.handle_seconds))
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
            on_dead_letter=lambda dead_letter: recorder.dead_lettered(dead_letter, subject=dead_letter.dead_letter_subject),
            on_skip=recorder.skipped,
        )
        recorder.consumer = consumer
        watcher = asyncio.create_task(recorder.watch_async())
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

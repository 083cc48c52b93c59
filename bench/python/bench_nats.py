"""Benchmark: 50,000 events through a real NATS JetStream server with protoevents.nats against raw
nats-py with pre-encoded bytes, as events/s and ratios.

    node_modules/.bin/tsx bench/python/run-bench-nats.ts [--events 50000] [--rounds 3]

The runner starts the test server (test/nats/nats-server.ts: Debian's nats-server, which
`npm test` installs), runs this file with the latest test venv's interpreter (the installed wheel
with nats-py, which `npm test` makes) and stops the server. Against a server of your own:
``.venv/wheel-tests/latest/bin/python bench/python/bench_nats.py <url>`` (it makes its streams).

Four tasks, each on streams of their own (a prefix per task and round), the event
fixture.account.opened v1:

- publish, raw: ``js.publish`` of the pre-encoded CloudEvents binary message (its ``ce-`` headers
  and a ``Nats-Msg-Id`` of its own per message); protoevents: ``Publisher.publish(AccountOpened(...))``
  (wrap, CloudEvents binary mode, size check, publish). Both keep 256 publishes in flight
  (``asyncio.gather`` in windows), each awaiting its acknowledgement, as an application that
  needs every event stored does.
- consume, raw: a durable pull consumer, ``fetch`` in batches of 100 (the Consumer's) and
  ``ack`` per message, no decoding; protoevents: ``Consumer.run`` with a router whose handler
  counts (decode from the headers, unwrap, dispatch, ack). From the first message to the last.

Each round runs the four, raw and protoevents alternating which goes first; a task's ratio is its
time over its raw counterpart's in the same round, and the report gives the median over rounds
(bench/README.md, /work/shared/notes/perf.md: ratios inside one process hold steady, absolute
rates do not).
"""

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import nats
import nats.errors
from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig

from protoevents import encode_envelope, wrap
from protoevents.cloudevents import to_message
from protoevents.nats import Consumer, Publisher, ensure_streams
from protoevents.router import HandlerContext, Router

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gen" / "fixtures" / "python-package"))
from protoevents_fixtures.fixture.v1 import AccountOpened  # noqa: E402  (on the path just above)
from protoevents_fixtures.fixture.v1 import events as fixture_v1_events  # noqa: E402

IN_FLIGHT = 256
BATCH = 100
SUBJECT = "fixture.account.opened"
STREAM = "fixture-account-opened"


def payload(i: int) -> AccountOpened:
    return AccountOpened(id=f"u-{i}", name="Ada Lovelace", email="ada@example.com", opened_at=1_700_000_000_000)


async def in_windows(count: int, publish: Callable[[int], Awaitable[object]]) -> None:
    for start in range(0, count, IN_FLIGHT):
        await asyncio.gather(*(publish(i) for i in range(start, min(count, start + IN_FLIGHT))))


class Bench:
    def __init__(self, nc: Client, count: int) -> None:
        self.nc = nc
        self.js = nc.jetstream()
        self.count = count

    async def streams(self, prefix: str) -> None:
        await ensure_streams(self.js, fixture_v1_events, subject_prefix=prefix, stream_prefix=prefix, dead_letter_prefix=f"dl-{prefix}")

    async def publish_raw(self, prefix: str) -> float:
        envelope = wrap(payload(0), source="bench", aggregate_id="u-0")
        message = to_message(envelope, "binary", fixture_v1_events, header_prefix="ce-")
        value = message.value
        subject = f"{prefix}.{SUBJECT}"

        async def publish(i: int) -> object:
            return await self.js.publish(subject, value, headers={**message.headers, "Nats-Msg-Id": f"raw-{prefix}-{i}"})

        started = time.perf_counter()
        await in_windows(self.count, publish)
        return time.perf_counter() - started

    async def publish_protoevents(self, prefix: str) -> float:
        publisher = Publisher(self.nc, source="bench", subject_prefix=prefix)

        async def publish(i: int) -> object:
            return await publisher.publish(payload(i))

        started = time.perf_counter()
        await in_windows(self.count, publish)
        return time.perf_counter() - started

    async def consume_raw(self, prefix: str) -> float:
        stream = f"{prefix}-{STREAM}"
        config = ConsumerConfig(durable_name="raw", ack_policy=AckPolicy.EXPLICIT, max_deliver=-1, filter_subject=f"{prefix}.{SUBJECT}")
        await self.js.add_consumer(stream, config)
        subscription = await self.js.pull_subscribe_bind(durable="raw", stream=stream)
        seen = 0
        first = 0.0
        while seen < self.count:
            try:
                messages = await subscription.fetch(BATCH, timeout=1.0)
            except (nats.errors.TimeoutError, asyncio.TimeoutError):
                continue
            for message in messages:
                if seen == 0:
                    first = time.perf_counter()
                await message.ack()
                seen += 1
        elapsed = time.perf_counter() - first
        await subscription.unsubscribe()
        return elapsed

    async def consume_protoevents(self, prefix: str) -> float:
        router = Router()
        seen = 0
        first = last = 0.0

        def count(event: AccountOpened, context: HandlerContext) -> None:
            nonlocal seen, first, last
            if seen == 0:
                first = time.perf_counter()
            seen += 1
            if seen == self.count:
                last = time.perf_counter()
                consumer.stop()

        router.on(AccountOpened, count)
        consumer = Consumer(self.nc, durable="protoevents", router=router, subject_prefix=prefix, stream_prefix=prefix, dead_letter_prefix=f"dl-{prefix}")
        await consumer.run()
        return last - first


async def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    nc = await nats.connect(args.url)
    bench = Bench(nc, args.events)
    names = ["publish, raw nats-py", "publish, protoevents Publisher", "consume, raw nats-py", "consume, protoevents Consumer"]
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(args.rounds):
        # Each consume task reads the streams its publish task of the same round wrote.
        raw, ours = f"raw{round_number}", f"pe{round_number}"
        await bench.streams(raw)
        await bench.streams(ours)
        runs: dict[str, Callable[[], Awaitable[float]]] = {
            names[0]: lambda: bench.publish_raw(raw),
            names[1]: lambda: bench.publish_protoevents(ours),
            names[2]: lambda: bench.consume_raw(raw),
            names[3]: lambda: bench.consume_protoevents(ours),
        }
        order = names if round_number % 2 == 0 else [names[1], names[0], names[3], names[2]]
        for name in order:
            times[name].append(await runs[name]())
        print(f"round {round_number + 1}/{args.rounds}: " + ", ".join(f"{n} {times[n][-1]:.2f} s" for n in order), file=sys.stderr)
    await nc.close()
    print(f"{args.events:,} events of {len(encode_envelope(wrap(payload(0), source='bench')))} envelope bytes, {args.rounds} rounds, median:")
    print(f"{'task':<34}{'events/s':>12}{'x raw':>9}  range over rounds")
    for raw_name, ours_name in ((names[0], names[1]), (names[2], names[3])):
        ratios = [o / r for o, r in zip(times[ours_name], times[raw_name])]
        print(f"{raw_name:<34}{args.events / statistics.median(times[raw_name]):>12,.0f}{'':>9}")
        print(f"  {ours_name:<32}{args.events / statistics.median(times[ours_name]):>12,.0f}{statistics.median(ratios):>8.2f}x  {min(ratios):.2f}x - {max(ratios):.2f}x")


if __name__ == "__main__":
    asyncio.run(main())

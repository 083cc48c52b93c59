"""Benchmark: 50,000 events through a real Kafka broker with protoevents.kafka against raw
confluent-kafka, both with pre-encoded bytes and with a hand-written CloudEvents codec, as events/s
and ratios.

    node_modules/.bin/tsx bench/python/run-bench-kafka.ts [--events 50000] [--rounds 5]

The runner starts the test broker (test/kafka/kafka-broker.ts: one KRaft node from the jars
`npm test` fetched), runs this file with the latest test venv's interpreter (the installed wheel
with confluent-kafka, which `npm test` makes) and stops the broker. Against a broker of your own:
``.venv/wheel-tests/latest/bin/python bench/python/bench_kafka.py <bootstrap>`` (it creates its
topics, which it needs the right to do).

Six tasks, each on a topic of its own with one partition, the event fixture.account.opened v1:

- produce, raw: ``Producer.produce`` of one pre-encoded CloudEvents binary record (value and
  headers) with a key, ``poll(0)`` after each, one ``flush`` at the end.
- produce, hand-written: what a producer without protoevents does per event: build the payload,
  ``SerializeToString``, a UUID and the time, the ``ce_*`` and ``content-type`` headers by hand,
  ``produce`` with a key and ``poll(0)``; one ``flush``.
- produce, protoevents: ``Publisher.publish(AccountOpened(...))`` (wrap, CloudEvents binary mode,
  produce), one ``flush``. From the first call to the flush's return.
- consume, raw: ``Consumer.consume`` in batches of 500 and ``store_offsets`` per record, no
  decoding at all: the client's own cost per record.
- consume, hand-written: what a consumer without protoevents does per record: find the
  ``ce_type`` header, split it into name and version, look the payload class up, ``FromString``
  the value, call the handler, ``store_offsets``. No other header is read or checked.
- consume, protoevents: ``Consumer.run`` with a router whose handler counts (read and check the
  CloudEvents headers into an envelope, unwrap under the decoding contract, dispatch, store the
  offset). From the first record to the last, so the group join is left out.

Each round runs the produce tasks, then the consume tasks, each group in an order rotated every
round; protoevents' ratio to each baseline is its time over the baseline's in the same round, and
the report gives the median over rounds (bench/README.md, /work/shared/notes/perf.md: ratios
inside one process hold steady, absolute rates do not).
"""

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import cast

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic
from google.protobuf.message import Message

from protoevents import encode_envelope, wrap
from protoevents.cloudevents import to_message
from protoevents.kafka import Consumer as EventConsumer
from protoevents.kafka import Publisher
from protoevents.router import HandlerContext, Router

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gen" / "fixtures" / "python-package"))
from protoevents_fixtures.fixture.v1 import AccountOpened, events  # noqa: E402  (on the path just above)


def payload(i: int) -> AccountOpened:
    return AccountOpened(id=f"u-{i}", name="Ada Lovelace", email="ada@example.com", opened_at=1_700_000_000_000)


class Bench:
    def __init__(self, bootstrap: str, count: int) -> None:
        self.bootstrap = bootstrap
        self.count = count
        self.admin = AdminClient({"bootstrap.servers": bootstrap})

    def topic(self, name: str) -> str:
        topic = f"bench-{name}-{uuid.uuid4().hex[:8]}"
        for future in self.admin.create_topics([NewTopic(topic, 1, 1)]).values():
            future.result()
        return topic

    def produce_raw(self, topic: str) -> float:
        envelope = wrap(payload(0), source="bench", aggregate_id="u-0")
        message = to_message(envelope, "binary", events)
        value = message.value
        headers: list[tuple[str, str | bytes | None]] = [(k, v.encode()) for k, v in message.headers.items()]
        producer = Producer({"bootstrap.servers": self.bootstrap, "enable.idempotence": True, "linger.ms": 5})
        started = time.perf_counter()
        for i in range(self.count):
            producer.produce(topic, value=value, key=b"u-0", headers=headers)
            producer.poll(0)
        producer.flush(60)
        return time.perf_counter() - started

    def produce_hand_written(self, topic: str) -> float:
        producer = Producer({"bootstrap.servers": self.bootstrap, "enable.idempotence": True, "linger.ms": 5})
        started = time.perf_counter()
        for i in range(self.count):
            value = payload(i).SerializeToString()
            now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            headers: list[tuple[str, str | bytes | None]] = [
                ("ce_specversion", b"1.0"),
                ("ce_id", str(uuid.uuid4()).encode()),
                ("ce_source", b"bench"),
                ("ce_type", b"fixture.account.opened.v1"),
                ("ce_time", now.encode()),
                ("content-type", b"application/protobuf"),
            ]
            producer.produce(topic, value=value, key=f"u-{i}".encode(), headers=headers)
            producer.poll(0)
        producer.flush(60)
        return time.perf_counter() - started

    def produce_protoevents(self, topic: str) -> float:
        publisher = Publisher({"bootstrap.servers": self.bootstrap, "linger.ms": 5}, topic=topic, source="bench")
        started = time.perf_counter()
        for i in range(self.count):
            publisher.publish(payload(i))
        publisher.flush(60)
        return time.perf_counter() - started

    def consume_raw(self, topic: str) -> float:
        consumer = Consumer({
            "bootstrap.servers": self.bootstrap, "group.id": f"raw-{topic}", "auto.offset.reset": "earliest",
            "enable.auto.offset.store": False,
        })
        consumer.subscribe([topic])
        seen = 0
        first = 0.0
        while seen < self.count:
            for record in consumer.consume(500, 1.0):
                if record.error() is not None:
                    continue
                if seen == 0:
                    first = time.perf_counter()
                consumer.store_offsets(message=record)
                seen += 1
        elapsed = time.perf_counter() - first
        consumer.close()
        return elapsed

    def consume_hand_written(self, topic: str) -> float:
        classes: dict[tuple[str, str], type[Message]] = {(entry.name, entry.version): entry.message_type for entry in events}
        seen = 0
        first = 0.0

        def handle(event: Message) -> None:
            nonlocal seen
            seen += 1

        consumer = Consumer({
            "bootstrap.servers": self.bootstrap, "group.id": f"hand-written-{topic}", "auto.offset.reset": "earliest",
            "enable.auto.offset.store": False,
        })
        consumer.subscribe([topic])
        while seen < self.count:
            for record in consumer.consume(500, 1.0):
                if record.error() is not None:
                    continue
                if seen == 0:
                    first = time.perf_counter()
                event_type = b""
                for header, value in cast("list[tuple[str, bytes]]", record.headers()):
                    if header == "ce_type":
                        event_type = value
                name, _, version = event_type.decode().rpartition(".")
                handle(classes[(name, version)].FromString(record.value() or b""))
                consumer.store_offsets(message=record)
        elapsed = time.perf_counter() - first
        consumer.close()
        return elapsed

    def consume_protoevents(self, topic: str) -> float:
        router = Router()
        seen = 0
        first = last = 0.0
        consumer: EventConsumer

        def count(event: AccountOpened, context: HandlerContext) -> None:
            nonlocal seen, first, last
            if seen == 0:
                first = time.perf_counter()
            seen += 1
            if seen == self.count:
                last = time.perf_counter()
                consumer.stop()

        router.on(AccountOpened, count)
        consumer = EventConsumer(
            {"bootstrap.servers": self.bootstrap, "group.id": f"protoevents-{topic}", "auto.offset.reset": "earliest"},
            topics=[topic],
            router=router,
        )
        consumer.run()
        return last - first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bootstrap")
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bench = Bench(args.bootstrap, args.events)
    # Each consume task reads the topic its produce task of the same round wrote.
    topics: dict[str, str] = {}

    def produce(kind: str, task: Callable[[str], float]) -> Callable[[], float]:
        def run() -> float:
            topics[kind] = bench.topic(kind)
            return task(topics[kind])
        return run

    tasks: dict[str, Callable[[], float]] = {
        "produce, raw confluent-kafka": produce("raw", bench.produce_raw),
        "produce, hand-written": produce("hand-written", bench.produce_hand_written),
        "produce, protoevents Publisher": produce("protoevents", bench.produce_protoevents),
        "consume, raw confluent-kafka": lambda: bench.consume_raw(topics["raw"]),
        "consume, hand-written": lambda: bench.consume_hand_written(topics["hand-written"]),
        "consume, protoevents Consumer": lambda: bench.consume_protoevents(topics["protoevents"]),
    }
    names = list(tasks)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(args.rounds):
        # Produce before consume; the order within each rotates.
        shift = round_number % 3
        order = names[shift:3] + names[:shift] + names[3 + shift :] + names[3 : 3 + shift]
        for name in order:
            times[name].append(tasks[name]())
        print(f"round {round_number + 1}/{args.rounds}: " + ", ".join(f"{n} {times[n][-1]:.2f} s" for n in order), file=sys.stderr)
    print(f"{args.events:,} events of {len(encode_envelope(wrap(payload(0), source='bench')))} envelope bytes, {args.rounds} rounds, median:")
    print(f"{'task':<34}{'events/s':>12}{'x raw':>9}{'x hand-written':>16}")
    for raw, hand_written, ours in (names[0:3], names[3:6]):
        print(f"{raw:<34}{args.events / statistics.median(times[raw]):>12,.0f}")
        print(f"{hand_written:<34}{args.events / statistics.median(times[hand_written]):>12,.0f}{_ratio(times[hand_written], times[raw]):>9}")
        print(
            f"{ours:<34}{args.events / statistics.median(times[ours]):>12,.0f}"
            f"{_ratio(times[ours], times[raw]):>9}{_ratio(times[ours], times[hand_written]):>16}"
        )


def _ratio(times: list[float], baseline: list[float]) -> str:
    """The median over rounds of a task's time over a baseline's in the same round."""
    return f"{statistics.median(t / b for t, b in zip(times, baseline)):.2f}x"


if __name__ == "__main__":
    main()

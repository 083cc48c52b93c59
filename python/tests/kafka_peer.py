"""The Python side of the Kafka broker test (test/kafka/), run with the latest test venv's
interpreter and the fixture package on ``PYTHONPATH``: one envelope through a real broker with
confluent-kafka, the client ``protoevents[kafka]`` is to use.

    python kafka_peer.py consume <bootstrap> <topic> <group>
        waits (30 s at most) for one record and prints it as JSON: its key, its ``ce_id`` header,
        the value in hex, and the event it unwraps to with the fixture events
    python kafka_peer.py produce <bootstrap> <topic> <payload id>
        wraps a ``fixture.scalars.recorded`` with that id and the aggregate id ``py-<id>``, and
        produces it with its event id as the ``ce_id`` header; prints the value in hex

The Python side of the cross-language broker tests (test/kafka/kafka-python.test.ts), on
``protoevents.kafka``:

    python kafka_peer.py route <bootstrap> <group> <topic> <record file> [options]
        runs a ``Consumer`` that records what it does in the record file until it stops (as
        python/tests/peer_recorder.py says, with the options it lists), and with
        ``--message-timeout-ms N`` (how long a dead letter may wait for its topic).
        Exits 3 with the error's code on stdout when ``run()`` raises a ``ProtoeventsError``, 4 with
        the Kafka error's name when it raises a ``KafkaException``.
    python kafka_peer.py publish <bootstrap> <topic> <mode> <dataschema>
        reads envelopes, one in hex per line, from stdin, publishes each with a ``Publisher``
        (``publish_envelope``), then one ``fixture.scalars.recorded`` built here (``publish``),
        flushes, and prints the envelopes published, in hex
"""

import json
import sys
import threading
from collections.abc import Callable
from typing import Any, cast

import package_alias
from confluent_kafka import Consumer, KafkaException, Producer

package_alias.install()

from protoevents import DecodeLimits, ProtoeventsError, decode_envelope, encode_envelope, unwrap, wrap  # noqa: E402
from protoevents.cloudevents import CloudEventsMode  # noqa: E402
from protoevents.kafka import Consumer as EventConsumer  # noqa: E402
from protoevents.kafka import Publisher  # noqa: E402
from protoevents.router import RetryPolicy, Router  # noqa: E402
from protoevents_fixtures.fixture.v1 import ScalarsRecorded  # noqa: E402
from protoevents_fixtures.registry import events  # noqa: E402
from peer_recorder import Recorder, route_handler, route_options  # noqa: E402


def consume(bootstrap: str, topic: str, group: str) -> None:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    try:
        for _ in range(60):
            record = consumer.poll(0.5)
            if record is None:
                continue
            error = record.error()
            if error is not None:
                raise RuntimeError(str(error))
            value = record.value() or b""
            event = unwrap(decode_envelope(value), events)
            headers = record.headers() or []
            pairs = headers.items() if isinstance(headers, dict) else headers
            ce_id = next((given for name, given in pairs if name == "ce_id"), b"")
            print(json.dumps({
                "key": (record.key() or b"").decode(),
                "ceId": ce_id.decode() if isinstance(ce_id, bytes) else ce_id,
                "valueHex": value.hex(),
                "event": [event.name, event.version, getattr(event.payload, "id")],
            }))
            return
        raise TimeoutError(f"no record on {topic} within 30 s")
    finally:
        consumer.close()


def produce(bootstrap: str, topic: str, payload_id: str) -> None:
    envelope = wrap(ScalarsRecorded(id=payload_id), aggregate_id=f"py-{payload_id}")
    value = encode_envelope(envelope)
    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce(topic, value=value, key=envelope.aggregate_id, headers=[("ce_id", envelope.event_id.encode())])
    if producer.flush(30) != 0:
        raise TimeoutError(f"the record to {topic} was not delivered within 30 s")
    print(json.dumps({"valueHex": value.hex(), "eventId": envelope.event_id}))


def route(bootstrap: str, group: str, topic: str, record_file: str, *options: str) -> None:
    parser = route_options("kafka_peer.py route")
    parser.add_argument("--message-timeout-ms", type=int, default=300_000)
    args = parser.parse_args(options)
    router = Router()
    with open(record_file, "a", encoding="utf-8") as file:
        recorder = Recorder(file, args.stop_after, args.idle)
        router.on_events(events, route_handler(recorder, args.fail_first, args.handle_seconds))
        consumer = EventConsumer(
            {
                "bootstrap.servers": bootstrap,
                "group.id": group,
                "auto.offset.reset": "earliest",
                "auto.commit.interval.ms": 200,
                # The broker's least: a member killed mid-stream leaves the group within 6 s.
                "session.timeout.ms": 6000,
                "heartbeat.interval.ms": 1000,
                # For the dead-letter producer (the consumer warns that it ignores it): how long a
                # record may wait for its topic.
                "message.timeout.ms": args.message_timeout_ms,
            },
            topics=[topic],
            router=router,
            unknown_events=args.unknown_events,
            retry=RetryPolicy(retries=args.retries, initial_delay=0.01, max_delay=0.05),
            limits=DecodeLimits(max_bytes=args.max_bytes),
            on_dead_letter=recorder.dead_lettered,
            on_skip=recorder.skipped,
        )
        recorder.consumer = consumer
        threading.Thread(target=recorder.watch, daemon=True).start()
        try:
            consumer.run()
        except ProtoeventsError as error:
            print(json.dumps({"error": error.code.value, "outcomes": recorder.outcomes}))
            sys.exit(3)
        except KafkaException as error:
            print(json.dumps({"kafkaError": error.args[0].name(), "outcomes": recorder.outcomes}))
            sys.exit(4)
        finally:
            recorder.consumer = None
    print(json.dumps({"outcomes": recorder.outcomes}))


def read_envelopes() -> list[Any]:
    return [decode_envelope(bytes.fromhex(line)) for line in sys.stdin.read().split()]


def publish(bootstrap: str, topic: str, mode: str, dataschema: str) -> None:
    publisher = Publisher(
        {"bootstrap.servers": bootstrap},
        topic=topic,
        source="kafka-peer",
        mode=cast(CloudEventsMode, mode),
        events=events,
        dataschema=dataschema,
    )
    published = [publisher.publish_envelope(envelope) for envelope in read_envelopes()]
    published.append(publisher.publish(ScalarsRecorded(id="from-python"), aggregate_id="py-agg"))
    publisher.close()
    print(json.dumps([encode_envelope(envelope).hex() for envelope in published]))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    commands: dict[str, Callable[..., None]] = {"consume": consume, "produce": produce, "route": route, "publish": publish}
    commands[command](*args)

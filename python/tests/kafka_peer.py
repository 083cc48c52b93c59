"""The Python side of the Kafka broker test (test/kafka/), run with the latest test venv's
interpreter and the fixture package on ``PYTHONPATH``: one envelope through a real broker with
confluent-kafka, the client ``protoevents[kafka]`` is to use.

    python kafka_peer.py consume <bootstrap> <topic> <group>
        waits (30 s at most) for one record and prints it as JSON: its key, its ``ce_id`` header,
        the value in hex, and the event it unwraps to with the fixture events
    python kafka_peer.py produce <bootstrap> <topic> <payload id>
        wraps a ``fixture.scalars.recorded`` with that id and the aggregate id ``py-<id>``, and
        produces it with its event id as the ``ce_id`` header; prints the value in hex
"""

import json
import sys

import package_alias
from confluent_kafka import Consumer, Producer

package_alias.install()

from protoevents import decode_envelope, encode_envelope, unwrap, wrap  # noqa: E402  (after the alias)
from protoevents_fixtures.fixture.v1 import ScalarsRecorded  # noqa: E402
from protoevents_fixtures.registry import events  # noqa: E402


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
            headers = dict(record.headers() or [])
            print(json.dumps({
                "key": (record.key() or b"").decode(),
                "ceId": headers.get("ce_id", b"").decode(),
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


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"consume": consume, "produce": produce}[command](*args)

"""The Kafka binding refuses bad arguments when it is built, before any broker is reached (the
broker tests are test/kafka/kafka-python.test.ts). Only where confluent-kafka is installed."""

from typing import Any

import pytest

from conftest import KAFKA_EXTRA_INSTALLED

pytestmark = pytest.mark.skipif(not KAFKA_EXTRA_INSTALLED, reason="confluent-kafka is installed in the latest test venv only")

# Nothing listens there; building a client does not connect.
NOWHERE = {"bootstrap.servers": "127.0.0.1:9"}


def test_a_consumer_needs_a_group_id_topics_and_a_known_unknown_event_policy() -> None:
    from protoevents.kafka import Consumer
    from protoevents.router import Router

    arguments: dict[str, Any] = {"topics": ["t"], "router": Router()}
    with pytest.raises(ValueError, match="group.id"):
        Consumer(NOWHERE, **arguments)
    config = {**NOWHERE, "group.id": "g"}
    with pytest.raises(ValueError, match="topics"):
        Consumer(config, topics=[], router=Router())
    with pytest.raises(ValueError, match="topics"):
        Consumer(config, topics="t", router=Router())
    with pytest.raises(ValueError, match="unknown_events"):
        Consumer(config, **arguments, unknown_events="ignore")  # type: ignore[arg-type]


def test_a_publisher_needs_a_topic_and_a_known_mode() -> None:
    from protoevents.kafka import Publisher

    with pytest.raises(ValueError, match="topic"):
        Publisher(NOWHERE, topic="", source="s")
    with pytest.raises(ValueError, match="mode"):
        Publisher(NOWHERE, topic="t", source="s", mode="xml")  # type: ignore[arg-type]


def test_run_refuses_to_run_twice() -> None:
    from protoevents.kafka import Consumer
    from protoevents.router import Router

    consumer = Consumer({**NOWHERE, "group.id": "g"}, topics=["t"], router=Router())
    consumer.stop()
    consumer.run()
    with pytest.raises(RuntimeError, match="already running or has run"):
        consumer.run()

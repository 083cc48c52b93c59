"""The Kafka binding, on confluent-kafka (``pip install 'protoevents[kafka]'``): a ``Publisher``
that writes events as CloudEvents Kafka messages keyed by aggregate id, and a ``Consumer`` that
reads them at least once and hands them to a ``protoevents.router.Router``, dead-lettering what
does not decode and what its handler keeps failing on::

    from protoevents.kafka import Consumer, Publisher
    from protoevents.router import HandlerContext, Router
    from protoevents.user.v1 import UserCreated

    publisher = Publisher({"bootstrap.servers": "localhost:9092"}, topic="users", source="identity")
    publisher.publish(UserCreated(id="u-1", name="Ada"))
    publisher.flush()

    router = Router()

    @router.on(UserCreated)
    def greet(event: UserCreated, context: HandlerContext) -> None:
        print(event.name)

    Consumer({"bootstrap.servers": "localhost:9092", "group.id": "greeter"}, topics=["users"], router=router).run()
"""

try:
    import confluent_kafka  # noqa: F401  (probed: the extra may be missing)
except ImportError as missing:
    raise ImportError(
        "protoevents.kafka needs confluent-kafka, which the package's `kafka` extra installs: "
        "pip install 'protoevents[kafka]'",
        name=missing.name,
    ) from missing

from protoevents._kafka_consumer import DEAD_LETTER_SUFFIX, Consumer, DeadLetterInfo, SkipInfo
from protoevents._kafka_publisher import Publisher

__all__ = ["DEAD_LETTER_SUFFIX", "Consumer", "DeadLetterInfo", "Publisher", "SkipInfo"]

"""Publish a UserCreated event to Kafka, then consume it into a handler of exactly that event."""

import os

from protoevents.kafka import Consumer, Publisher
from protoevents.router import HandlerContext, Router
from protoevents.user.v1 import UserCreated

# The topic "users" exists (and "users.dead-letter", where records that cannot be handled go).
bootstrap = os.environ.get("KAFKA_BOOTSTRAP", "localhost:9092")

# Producer: wrap the payload, write it as a CloudEvent, queue it keyed by its aggregate id; flush()
# returns once the broker has it.
publisher = Publisher({"bootstrap.servers": bootstrap}, topic="users", source="/services/identity")
publisher.publish(UserCreated(id="u-1001", name="Ada Lovelace", email="ada@example.com", created_at=1700000000000))
publisher.flush()

# Consumer: the handler gets exactly a UserCreated of protoevents.user.v1; its offset is committed
# once the handler returns.
router = Router()
config = {"bootstrap.servers": bootstrap, "group.id": "welcome-mailer", "auto.offset.reset": "earliest"}
consumer = Consumer(config, topics=["users"], router=router)


@router.on(UserCreated)
def welcome(user: UserCreated, context: HandlerContext) -> None:
    print(f"{context.name} {context.version}: {user.name} <{user.email}>, aggregate {context.envelope.aggregate_id}")
    consumer.stop()


consumer.run()  # returns after stop()

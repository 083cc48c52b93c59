"""Publish a UserCreated event to NATS JetStream, then consume it into a handler of exactly that event."""

import asyncio
import os

import nats

from protoevents.nats import Consumer, Publisher, ensure_streams
from protoevents.router import HandlerContext, Router
from protoevents.user.v1 import UserCreated, events


async def main() -> None:
    nc = await nats.connect(os.environ.get("NATS_URL", "nats://localhost:4222"))
    # One stream per event name (events-user-created, ...) and events-dead-letter, made or updated
    # with the limits each event declares.
    await ensure_streams(nc.jetstream(), events)

    # Producer: wrap the payload, write it as a CloudEvent and publish it to events.user.created with
    # its event id as Nats-Msg-Id; returns once the stream has stored it.
    publisher = Publisher(nc, source="/services/identity")
    await publisher.publish(UserCreated(id="u-1001", name="Ada Lovelace", email="ada@example.com", created_at=1700000000000))

    # Consumer: the handler gets exactly a UserCreated of protoevents.user.v1; its message is
    # acknowledged once the handler returns.
    router = Router()
    consumer = Consumer(nc, durable="welcome-mailer", router=router)

    @router.on(UserCreated)
    def welcome(user: UserCreated, context: HandlerContext) -> None:
        print(f"{context.name} {context.version}: {user.name} <{user.email}>, aggregate {context.envelope.aggregate_id}")
        consumer.stop()

    await consumer.run()  # returns after stop()
    await nc.close()


asyncio.run(main())

import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { createConsumer, createPublisher, ensureStreams } from "protoevents/nats";
import { createRouter } from "protoevents/router";
import { events, UserCreatedSchema } from "protoevents/user/v1";

const nc = await connect({ servers: process.env["NATS_URL"] ?? "nats://localhost:4222" });

// The streams: "events-user-created" captures events.user.created, "events-dead-letter" what cannot be handled.
await ensureStreams(await jetstreamManager(nc), events);

// Producer: one call wraps the payload, writes it as a CloudEvent and publishes it with Nats-Msg-Id set to
// the event id, so that JetStream stores a second publish of the same envelope once.
const publisher = createPublisher(nc, { source: "/services/identity" });
await publisher.publish(UserCreatedSchema, { id: "u-1001", name: "Ada Lovelace", email: "ada@example.com", createdAt: 1700000000000n });

// Consumer: the handler gets exactly a UserCreated of protoevents/user/v1; its message is acknowledged
// once the handler returns.
const router = createRouter().on(UserCreatedSchema, (user, context) => {
  console.log(`${context.name} ${context.version}: ${user.name} <${user.email}>, aggregate ${context.envelope.aggregateId}`);
  void consumer.stop();
});
const consumer = createConsumer(nc, { durable: "welcome-mailer", router });
await consumer.run(); // resolves after stop()
await nc.close();

import { Kafka } from "kafkajs";
import { createConsumer, createPublisher } from "protoevents/kafka";
import { createRouter } from "protoevents/router";
import { UserCreatedSchema } from "protoevents/user/v1";

// The topic "users" exists (and "users.dead-letter", where records that cannot be handled go).
const kafka = new Kafka({ clientId: "identity-service", brokers: [process.env["KAFKA_BOOTSTRAP"] ?? "localhost:9092"] });

// Producer: one call wraps the payload, writes it as a CloudEvent and sends it keyed by its aggregate id.
const publisher = createPublisher(kafka, { topic: "users", source: "/services/identity" });
await publisher.connect();
await publisher.publish(UserCreatedSchema, { id: "u-1001", name: "Ada Lovelace", email: "ada@example.com", createdAt: 1700000000000n });
await publisher.disconnect();

// Consumer: the handler gets exactly a UserCreated of protoevents/user/v1; its offset is committed
// once the handler returns.
const router = createRouter().on(UserCreatedSchema, (user, context) => {
  console.log(`${context.name} ${context.version}: ${user.name} <${user.email}>, aggregate ${context.envelope.aggregateId}`);
  void consumer.stop();
});
const consumer = createConsumer(kafka, { groupId: "welcome-mailer", topics: ["users"], router, fromBeginning: true });
await consumer.run(); // resolves after stop()

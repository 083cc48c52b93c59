import { Kafka } from "kafkajs";
import { describe, expectTypeOf, it } from "vitest";
import type { KafkaClient, KafkaProducer } from "./kafka-client.js";
import { createConsumer } from "./create-consumer.js";
import { createPublisher } from "./create-publisher.js";
import { createRouter } from "../router/create-router.js";

declare const kafka: Kafka;

describe("the structural Kafka types", () => {
  it("take a kafkajs client and producer as they are", () => {
    expectTypeOf(kafka).toExtend<KafkaClient>();
    expectTypeOf(kafka.producer()).toExtend<KafkaProducer>();
    createPublisher(kafka, { topic: "t", source: "/s" });
    createPublisher(kafka.producer(), { topic: "t", source: "/s", mode: "structured-json" });
    createConsumer(kafka, { groupId: "g", topics: ["t"], router: createRouter(), unknownEvents: "skip", retry: { retries: 1 } });
  });

  it("refuse what is not a client", () => {
    // @ts-expect-error a consumer is not a client
    createConsumer(kafka.consumer({ groupId: "g" }), { groupId: "g", topics: ["t"], router: createRouter() });
    // @ts-expect-error the modes are three
    createPublisher(kafka, { topic: "t", source: "/s", mode: "xml" });
  });
});

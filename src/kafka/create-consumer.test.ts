// What createConsumer refuses before it makes any Kafka client; what it does with records is
// tested against a real broker in test/kafka/kafka-consumer.test.ts.
import { describe, expect, it } from "vitest";
import { createRouter } from "../router/create-router.js";
import { createConsumer } from "./create-consumer.js";
import { createPublisher } from "./create-publisher.js";
import type { KafkaClient } from "./kafka-client.js";

const untouchable: KafkaClient = {
  producer: () => {
    throw new Error("no producer may be made");
  },
  consumer: () => {
    throw new Error("no consumer may be made");
  },
};
const router = createRouter();

describe("createConsumer", () => {
  it("refuses a missing group, no topics, a policy that is none, and a limit out of range", () => {
    expect(() => createConsumer(untouchable, { groupId: "", topics: ["t"], router })).toThrow("createConsumer: `groupId` must be a consumer group name");
    expect(() => createConsumer(untouchable, { groupId: "g", topics: [], router })).toThrow("createConsumer: `topics` must name at least one topic");
    expect(() => createConsumer(untouchable, { groupId: "g", topics: ["t"], router, retry: { retries: -1 } })).toThrow(RangeError);
    expect(() => createConsumer(untouchable, { groupId: "g", topics: ["t"], router, unknownEvents: "drop" as "skip" })).toThrow(RangeError);
    expect(() => createConsumer(untouchable, { groupId: "g", topics: ["t"], router, limits: { maxDepth: 101 } })).toThrow(RangeError);
  });
});

describe("createPublisher", () => {
  it("refuses a missing topic", () => {
    expect(() => createPublisher(untouchable, { topic: "", source: "/s" })).toThrow("createPublisher: `topic` must be a topic name");
  });
});

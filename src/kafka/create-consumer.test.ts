// What createConsumer refuses before it makes any Kafka client, and how it walks a batch on a
// stand-in for KafkaJS; what it does with records on a real broker is tested in
// test/kafka/kafka-consumer.test.ts.
import { describe, expect, it } from "vitest";
import { AccountOpenedSchema, fixtureV1Events } from "../../test/fixture-examples.js";
import { toMessage } from "../cloudevents/to-message.js";
import { createRouter } from "../router/create-router.js";
import { wrap } from "../wrap.js";
import { createConsumer } from "./create-consumer.js";
import { createPublisher } from "./create-publisher.js";
import type { KafkaClient, KafkaIncomingMessage } from "./kafka-client.js";

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

  it("resolves publishEnvelope with the envelope once the producer's send resolved, as Python's publish_envelope returns it", async () => {
    const sent: string[] = [];
    let acknowledge = (): void => undefined;
    const publisher = createPublisher(
      {
        send: async ({ topic }) => {
          await new Promise<void>((resolve) => (acknowledge = resolve));
          sent.push(topic);
        },
        connect: async () => undefined,
        disconnect: async () => undefined,
      },
      { topic: "t", source: "/s" },
    );
    const envelope = wrap(AccountOpenedSchema, { id: "a-1" }, { source: "/s" });
    const published = publisher.publishEnvelope(envelope);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([]);
    acknowledge();
    expect(await published).toBe(envelope);
    expect(sent).toEqual(["t"]);
  });
});

// The batch loop on a stand-in for KafkaJS that logs what the consumer asks of it, in order.
describe("a consumer's batch", () => {
  const source = "/tests/consumer";
  const record = (offset: string, id: string): KafkaIncomingMessage => {
    const { headers, value } = toMessage(wrap(AccountOpenedSchema, { id }, { source }), "binary", fixtureV1Events);
    // As KafkaJS hands them over: Buffers.
    const buffers = Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)]));
    return { key: null, value: Buffer.from(value), headers: buffers, offset };
  };
  // Past 2^53, where an offset as a number would be wrong.
  const offsets = ["9007199254740992", "9007199254740993", "9007199254740994"];

  function standIn(messages: KafkaIncomingMessage[], log: string[]): { kafka: KafkaClient; heartbeats: () => number } {
    let batch: Promise<void> | undefined;
    let running = true;
    let heartbeats = 0;
    const kafka: KafkaClient = {
      producer: () => ({ connect: async () => undefined, disconnect: async () => undefined, send: async ({ topic }) => void log.push(`dead-letter to ${topic}`) }),
      consumer: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        subscribe: async () => undefined,
        run: async ({ eachBatch }) => {
          batch = eachBatch?.({
            batch: { topic: "t", partition: 0, messages },
            resolveOffset: (offset) => void log.push(`resolve ${offset}`),
            heartbeat: async () => void heartbeats++,
            commitOffsetsIfNecessary: async ({ topics }) => void log.push(`commit ${topics[0]?.partitions[0]?.offset}`),
            isRunning: () => running,
            isStale: () => false,
          });
        },
        stop: async () => {
          running = false;
          await batch;
        },
      }),
    };
    return { kafka, heartbeats: () => heartbeats };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 5) {
      if (waited > 2000) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it("resolves each offset after its handler finished, synchronous or not, and commits the next offset", async () => {
    const log: string[] = [];
    const router = createRouter().on(AccountOpenedSchema, async (event) => {
      log.push(`start ${event.id}`);
      if (event.id === "a-2") await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`end ${event.id}`);
    });
    const { kafka, heartbeats } = standIn([record(offsets[0] as string, "a-1"), record(offsets[1] as string, "a-2"), record(offsets[2] as string, "a-3")], log);
    const consumer = createConsumer(kafka, { groupId: "g", topics: ["t"], router });
    const running = consumer.run();
    await expect(consumer.run()).rejects.toThrow("this consumer is already running or has run");
    await until(() => log.includes("commit 9007199254740995"));
    await consumer.stop();
    await running;
    expect(log).toEqual([
      "start a-1",
      "end a-1",
      "resolve 9007199254740992",
      "start a-2",
      "end a-2",
      "resolve 9007199254740993",
      "start a-3",
      "end a-3",
      "resolve 9007199254740994",
      "commit 9007199254740995",
    ]);
    expect(heartbeats()).toBeGreaterThanOrEqual(1);
  });

  it("dead-letters a record whose handler keeps failing before resolving it", async () => {
    const log: string[] = [];
    const router = createRouter().on(AccountOpenedSchema, () => {
      throw new Error("broken");
    });
    const { kafka } = standIn([record(offsets[0] as string, "a-1")], log);
    const consumer = createConsumer(kafka, { groupId: "g", topics: ["t"], router, retry: { retries: 0 } });
    const running = consumer.run();
    await until(() => log.includes("commit 9007199254740993"));
    await consumer.stop();
    await running;
    expect(log).toEqual(["dead-letter to t.dead-letter", "resolve 9007199254740992", "commit 9007199254740993"]);
  });

  it("leaves a record whose retry stop() cut short unresolved, committing the records before it", async () => {
    const log: string[] = [];
    let failures = 0;
    const router = createRouter().on(AccountOpenedSchema, (event) => {
      if (event.id === "a-2") {
        failures++;
        throw new Error("not yet");
      }
    });
    const { kafka } = standIn([record(offsets[0] as string, "a-1"), record(offsets[1] as string, "a-2"), record(offsets[2] as string, "a-3")], log);
    const consumer = createConsumer(kafka, { groupId: "g", topics: ["t"], router, retry: { retries: 1, initialDelayMs: 60_000 } });
    const running = consumer.run();
    await until(() => failures === 1);
    await consumer.stop();
    await running;
    expect(log).toEqual(["resolve 9007199254740992", "commit 9007199254740993"]);
  });
});

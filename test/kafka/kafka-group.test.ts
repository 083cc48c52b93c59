// The Kafka consumer in the situations a group meets in production, against a real broker
// (test/kafka/kafka-broker.ts): a dead-letter record the broker refuses, and partitions moving
// between the consumers of a group as they join and leave.
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsumer, createPublisher, type Consumer } from "../../src/kafka/index.js";
import { createRouter } from "../../src/router/index.js";
import { ScalarsRecordedSchema } from "../fixture-examples.js";
import { startKafka, type KafkaBroker } from "./kafka-broker.js";
import { createTopics, kafkaClient, readRecords, uniqueName, until } from "./kafka-test-kit.js";

let broker: KafkaBroker;
let kafka: Kafka;
const running: Consumer[] = [];

beforeAll(async () => {
  broker = await startKafka();
  kafka = kafkaClient(broker.bootstrap);
}, 180_000);

afterAll(async () => {
  await Promise.all(running.map((consumer) => consumer.stop()));
  await broker?.stop();
}, 60_000);

/** Starts a consumer on `client`; its run() promise is kept to be awaited or checked. */
function start(client: Kafka, options: Parameters<typeof createConsumer>[1]): { consumer: Consumer; done: Promise<void> } {
  const consumer = createConsumer(client, { fromBeginning: true, ...options });
  running.push(consumer);
  const done = consumer.run();
  done.catch(() => undefined);
  return { consumer, done };
}

describe("a dead-letter record the broker refuses", () => {
  it("ends run() with the producer's error and commits nothing; once the topic exists, the record is dead-lettered", async () => {
    // The dead-letter topic is missing and the broker creates none: sending to it fails.
    const topic = uniqueName("no-dead-letter-topic");
    await createTopics(kafka, [topic]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: "poison", value: Buffer.from("not a CloudEvent") }] });
    await producer.disconnect();
    const publisher = createPublisher(kafka, { topic, source: "/tests/kafka" });
    await publisher.connect();
    await publisher.publish(ScalarsRecordedSchema, { id: "after-the-poison" });
    await publisher.disconnect();

    const groupId = uniqueName("refused");
    const handled: string[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, (event) => void handled.push(event.id));
    // Few, quick retries, so the producer gives up in seconds rather than KafkaJS's default half minute.
    const impatient = new Kafka({ clientId: "protoevents-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } });
    const failing = start(impatient, { groupId, topics: [topic], router });
    await expect(failing.done).rejects.toThrow(/topic|partition/i);
    expect(handled).toEqual([]);

    await createTopics(kafka, [`${topic}.dead-letter`]);
    const again = start(kafka, { groupId, topics: [topic], router });
    await until(() => handled.length === 1, 30_000);
    await again.consumer.stop();
    expect(handled).toEqual(["after-the-poison"]);
    const [deadLetter] = await readRecords(kafka, `${topic}.dead-letter`, 1);
    expect(deadLetter?.key).toBe("poison");
    expect(deadLetter?.value?.toString()).toBe("not a CloudEvent");
  }, 90_000);
});

describe("a group whose consumers come and go", () => {
  it("hands every event to one of them at least once, in order per aggregate, while partitions move between them", async () => {
    const topic = uniqueName("rebalance");
    await createTopics(kafka, [topic, `${topic}.dead-letter`], 4);
    const publisher = createPublisher(kafka, { topic, source: "/tests/kafka" });
    await publisher.connect();
    const aggregates = Array.from({ length: 12 }, (_, i) => `aggregate-${i}`);
    let published = 0;
    const publishRound = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++, published++) {
        const aggregateId = aggregates[published % aggregates.length] ?? "";
        await publisher.publish(ScalarsRecordedSchema, { id: `event-${published}`, int64Value: BigInt(published) }, { aggregateId });
      }
    };

    const groupId = uniqueName("rebalance");
    // Every handling in the order it happened (both consumers run in this process), and by whom.
    const handlings: { by: "first" | "second"; aggregateId: string; value: bigint }[] = [];
    const routerOf = (by: "first" | "second") =>
      createRouter().on(ScalarsRecordedSchema, (event, context) => void handlings.push({ by, aggregateId: context.envelope.aggregateId, value: event.int64Value }));
    const handled = (): number => new Set(handlings.map((h) => h.value)).size;
    const fast = { sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 10_000 };
    // A client each, as two service instances have.
    const instance = (clientId: string): Kafka => new Kafka({ clientId, brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });

    await publishRound(120);
    const first = start(instance("first"), { groupId, topics: [topic], router: routerOf("first"), consumerConfig: fast });
    await until(() => handled() >= 60, 30_000, () => `${handled()} handled`);
    const second = start(instance("second"), { groupId, topics: [topic], router: routerOf("second"), consumerConfig: fast });
    // The second joins in a second or so; events keep coming until it has handled some of them.
    const bySecond = (): number => handlings.filter((h) => h.by === "second").length;
    const deadline = Date.now() + 60_000;
    while (bySecond() === 0 && Date.now() < deadline) {
      await publishRound(12);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await until(() => handled() === published && bySecond() > 0, 30_000, () => `${handled()} of ${published} handled, ${bySecond()} by the second consumer`);
    await first.consumer.stop();
    await publishRound(120);
    await until(() => handled() === published, 60_000, () => `${handled()} of ${published} handled`);
    await second.consumer.stop();
    await publisher.disconnect();

    expect([...new Set(handlings.map((h) => h.value))].sort((a, b) => Number(a - b))).toEqual(Array.from({ length: published }, (_, i) => BigInt(i)));
    // At least once allows a record handled again after its partition moved, but no event is
    // handled for the first time before every earlier event of its aggregate was.
    const firstSeen = new Map<string, bigint[]>();
    for (const { aggregateId, value } of handlings) {
      const values = firstSeen.get(aggregateId) ?? [];
      if (!values.includes(value)) values.push(value);
      firstSeen.set(aggregateId, values);
    }
    for (const [aggregateId, values] of firstSeen) {
      const index = aggregates.indexOf(aggregateId);
      const count = Math.ceil((published - index) / aggregates.length);
      expect(values).toEqual(Array.from({ length: count }, (_, i) => BigInt(index + i * aggregates.length)));
    }
    await Promise.all([first.done, second.done]);
  }, 180_000);
});

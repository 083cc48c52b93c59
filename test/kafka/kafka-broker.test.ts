// The broker the Kafka tests run against: a real Apache Kafka in KRaft mode (test/kafka/kafka-broker.ts),
// started here and stopped by its PID. It carries an envelope of a fixture event with its key
// and headers, byte for byte, from TypeScript (kafkajs) to Python (confluent-kafka,
// python/tests/kafka_peer.py) and back.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel } from "kafkajs";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { fixturesPythonPath } from "../../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython } from "../../scripts/build/python-venvs.js";
import { ScalarsRecordedSchema } from "../../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import { events as fixtureEvents } from "../../gen/fixtures/ts/registry.js";
import { decodeEnvelope, encodeEnvelope, unwrap, wrap } from "../../src/index.js";
import { toHex } from "../vectors.js";
import { randomClusterId, startKafka, type KafkaBroker } from "./kafka-broker.js";

let broker: KafkaBroker;
let sent = { valueHex: "", eventId: "" };

/** Runs python/tests/kafka_peer.py in the latest test venv with the fixture package importable. */
function pythonPeer(...args: string[]): Record<string, unknown> {
  const root = join(import.meta.dirname, "..", "..");
  const output = execFileSync(venvPython(ensureTestVenv("latest")), [join(root, "python", "tests", "kafka_peer.py"), ...args], {
    cwd: join(root, "python", "tests"),
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PYTHONPATH: fixturesPythonPath, PROTOEVENTS_PYTHON_IMPORT: loadPackageNames(root).pythonImport },
  });
  return JSON.parse(output) as Record<string, unknown>;
}

/** The first record of `topic`, read from its beginning by a new consumer group: its key, value and `ce_id` header. */
async function receiveOne(kafka: Kafka, topic: string, groupId: string): Promise<{ key: string; value: Buffer; header: string }> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received = await new Promise<{ key: string; value: Buffer; header: string }>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => resolve({ key: String(message.key), value: message.value as Buffer, header: String(message.headers?.["ce_id"]) }),
    });
  });
  await consumer.disconnect();
  return received;
}

beforeAll(async () => {
  broker = await startKafka();
  console.log(`Kafka broker on ${broker.bootstrap}: answered ${broker.startMs} ms after start, ${broker.residentMiB().toFixed(0)} MiB resident`);
}, 180_000);

afterAll(async () => {
  await broker?.stop();
}, 30_000);

describe("the Kafka broker of the tests", () => {
  it("listens on 127.0.0.1 only and carries an envelope with its key and headers, byte for byte", async () => {
    expect(broker.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    const kafka = new Kafka({ clientId: "protoevents-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "fixture-events", numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const envelope = wrap(ScalarsRecordedSchema, { id: "s-1" }, { aggregateId: "agg-1" });
    const value = Buffer.from(encodeEnvelope(envelope));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "fixture-events", messages: [{ key: envelope.aggregateId, value, headers: { ce_id: envelope.eventId } }] });
    await producer.disconnect();

    const received = await receiveOne(kafka, "fixture-events", "protoevents-test");

    expect(received.key).toBe("agg-1");
    expect(received.header).toBe(envelope.eventId);
    expect(received.value.equals(value)).toBe(true);
    expect(unwrap(decodeEnvelope(received.value), fixtureEvents).payload).toMatchObject({ id: "s-1" });
    sent = { valueHex: toHex(value), eventId: envelope.eventId };
  }, 60_000);

  it("hands the TypeScript producer's record to a Python consumer, which unwraps the same bytes", () => {
    expect(sent.valueHex).not.toBe("");
    const received = pythonPeer("consume", broker.bootstrap, "fixture-events", "protoevents-python");
    expect(received).toEqual({ key: "agg-1", ceId: sent.eventId, valueHex: sent.valueHex, event: ["fixture.scalars.recorded", "v1", "s-1"] });
  }, 90_000);

  it("hands a Python producer's record to a TypeScript consumer, which unwraps it", async () => {
    const kafka = new Kafka({ clientId: "protoevents-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "fixture-events-from-python", numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const produced = pythonPeer("produce", broker.bootstrap, "fixture-events-from-python", "p-7");
    const received = await receiveOne(kafka, "fixture-events-from-python", "protoevents-test-from-python");
    expect(toHex(received.value)).toBe(produced["valueHex"]);
    expect([received.key, received.header]).toEqual(["py-p-7", produced["eventId"]]);
    const event = unwrap(decodeEnvelope(received.value), fixtureEvents);
    expect([event.name, event.version, event.payload]).toMatchObject(["fixture.scalars.recorded", "v1", { id: "p-7" }]);
    expect(toHex(encodeEnvelope(decodeEnvelope(received.value)))).toBe(produced["valueHex"]);
  }, 90_000);

  it("is stopped by its PID", async () => {
    const { pid } = broker;
    await broker.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  }, 30_000);
});

describe("the broker's cluster id", () => {
  it("is 16 bytes of unpadded base64url that never starts with '-', which the storage tool would read as an option", () => {
    // One id in 64 would start with "-": 10,000 draws meet that case many times over.
    for (let i = 0; i < 10_000; i++) {
      const id = randomClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, "base64url")).toHaveLength(16);
    }
  });
});

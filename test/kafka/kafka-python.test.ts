// The Python Kafka binding (protoevents.kafka, python/tests/kafka_peer.py in the latest test venv)
// against a real broker (test/kafka/kafka-broker.ts), crossing languages: every fixture event
// published by TypeScript (protoevents/kafka createPublisher) is handled by the Python consumer
// with the same payload and envelope bytes, and the Python publisher writes the records TypeScript
// writes, which the TypeScript consumer (createConsumer) handles. The Python consumer
// dead-letters poison with its code while good records flow, retries a failing handler, and
// loses nothing when it is killed mid-stream.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kafka, logLevel, type IHeaders, type KafkaMessage, type Message } from "kafkajs";
import { ensureTestVenv } from "../../scripts/build/python-venvs.js";
import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { decodeEnvelope, encodeEnvelope, unwrap, wrap } from "../../src/index.js";
import { fromMessage, toMessage } from "../../src/cloudevents/index.js";
import { createConsumer, createPublisher } from "../../src/kafka/index.js";
import { createRouter } from "../../src/router/index.js";
import { AccountOpenedSchema, fixtureEvents, fixtureExamples, ScalarsRecordedSchema } from "../fixture-examples.js";
import { envelopeOf, payloadJson } from "../fixture-envelopes.js";
import { finishRoute, readPeerLines, runPeer, startPeer, type RouteResult, type RunningPeer } from "../peer-process.js";
import { toHex } from "../vectors.js";
import { startKafka, type KafkaBroker } from "./kafka-broker.js";

const modes = ["binary", "structured-json", "protobuf"] as const;

let broker: KafkaBroker;
let kafka: Kafka;
let workDir: string;

/** Runs kafka_peer.py to its end, `input` on its stdin; returns its stdout as JSON. */
function peer(args: string[], input = ""): unknown {
  return runPeer("kafka_peer.py", args, input, "ignore");
}

function startRoute(group: string, topic: string, recordFile: string, ...options: string[]): RunningPeer {
  return startPeer("kafka_peer.py", ["route", broker.bootstrap, group, topic, recordFile, ...options]);
}

/** Runs kafka_peer.py `route` to its end; returns its exit code and summary, and the lines it recorded. */
async function route(group: string, topic: string, ...options: string[]): Promise<RouteResult> {
  const recordFile = join(workDir, `${group}.jsonl`);
  return finishRoute(startRoute(group, topic, recordFile, ...options), recordFile);
}

async function createTopics(...topics: { topic: string; numPartitions?: number }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((t) => ({ numPartitions: 1, ...t })), waitForLeaders: true });
  await admin.disconnect();
}

async function send(topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < messages.length; i += 500) await producer.send({ topic, messages: messages.slice(i, i + 500) });
  await producer.disconnect();
}

/** An envelope written as TypeScript writes it, as a kafkajs message keyed by its aggregate id. */
function record(envelope: Envelope, mode: (typeof modes)[number] = "binary"): Message {
  const { headers, value } = toMessage(envelope, mode, fixtureEvents);
  return { key: envelope.aggregateId === "" ? null : envelope.aggregateId, value: Buffer.from(value), headers };
}

/** Reads `count` records of `topic` from its beginning, with a new consumer group. */
async function receive(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: KafkaMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${received.length} of ${count} records on ${topic} within 60 s`)), 60_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        received.push(message);
        if (received.length === count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return received;
}

/** Hands `count` records of `topic` to a TypeScript consumer (protoevents/kafka) with a router of every fixture event; returns the envelopes handled, in order. */
async function consumeWithTypeScript(topic: string, count: number): Promise<Envelope[]> {
  const handled: Envelope[] = [];
  const router = createRouter().onEvents(fixtureEvents, (_event, context) => {
    handled.push(context.envelope);
    if (handled.length === count) void consumer.stop();
  });
  const consumer = createConsumer(kafka, { groupId: `typescript-${topic}`, topics: [topic], router, fromBeginning: true });
  await consumer.run();
  return handled;
}

/** A header's values as strings, repeated ones in order. */
function headerValues(headers: IHeaders | undefined, name: string): string[] {
  const value = headers?.[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

beforeAll(async () => {
  broker = await startKafka(120_000);
  kafka = new Kafka({ clientId: "protoevents-python-test", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
  workDir = mkdtempSync(join(tmpdir(), "protoevents-kafka-python-"));
  ensureTestVenv("latest");
}, 300_000);

afterAll(async () => {
  await broker?.stop();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
}, 30_000);

describe("the Python Kafka binding on a real broker", () => {
  it.each(modes)("handles every fixture event TypeScript publishes in %s mode, with the same payload and envelope bytes", async (mode) => {
    const topic = `ts-to-python-${mode}`;
    await createTopics({ topic, numPartitions: 2 }, { topic: `${topic}.dead-letter` });
    const publisher = createPublisher(kafka, { topic, source: "ts-test", mode, events: fixtureEvents });
    await publisher.connect();
    const envelopes: Envelope[] = [];
    for (const [i, { schema, init }] of fixtureExamples.entries()) {
      envelopes.push(await publisher.publish(schema, init, { aggregateId: `agg-${i}`, attributes: { tenant: "acme" } }));
    }
    await publisher.disconnect();

    const { code, lines } = await route(`python-${mode}`, topic, "--stop-after", String(envelopes.length));

    expect(code).toBe(0);
    const handled = lines.filter((line) => line.kind === "run");
    expect(handled).toHaveLength(envelopes.length);
    expect(lines.filter((line) => line.kind === "dead-letter")).toEqual([]);
    for (const envelope of envelopes) {
      const line = handled.find((h) => h.eventId === envelope.eventId);
      expect(line, envelope.eventName).toBeDefined();
      expect([line?.name, line?.version, line?.aggregateId, line?.attempt]).toEqual([envelope.eventName, envelope.eventVersion, envelope.aggregateId, 1]);
      expect(line?.envelopeHex).toBe(toHex(encodeEnvelope(envelope)));
      expect(line?.payload).toEqual(payloadJson(envelope));
    }
  }, 180_000);

  it.each(modes)("publishes from Python in %s mode the records TypeScript writes, which TypeScript reads back", async (mode) => {
    const topic = `python-to-ts-${mode}`;
    await createTopics({ topic });
    const envelopes = fixtureExamples.map(({ schema, init }, i) => wrap(schema, init, { aggregateId: `py-${i}`, source: "py-test" }));
    const dataschema = "https://schemas.example.com/fixture";
    const published = peer(["publish", broker.bootstrap, topic, mode, dataschema], envelopes.map((e) => toHex(encodeEnvelope(e))).join("\n")) as string[];

    const received = await receive(topic, envelopes.length + 1);
    const handled = await consumeWithTypeScript(topic, envelopes.length + 1);

    expect(published.slice(0, envelopes.length)).toEqual(envelopes.map((e) => toHex(encodeEnvelope(e))));
    for (const [i, message] of received.entries()) {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
      const envelope = fromMessage({ headers: message.headers ?? {}, value: message.value as Buffer });
      expect(toHex(encodeEnvelope(envelope))).toBe(published[i]);
      expect(String(message.key)).toBe(envelope.aggregateId);
      const written = toMessage(envelope, mode, fixtureEvents, { dataschema });
      expect(headers).toEqual(written.headers);
      expect(toHex(message.value as Buffer)).toBe(toHex(written.value));
    }
    expect(handled.map((e) => toHex(encodeEnvelope(e)))).toEqual(published);
    const last = unwrap(decodeEnvelope(encodeEnvelope(fromMessage({ headers: received.at(-1)?.headers ?? {}, value: received.at(-1)?.value as Buffer }))), fixtureEvents);
    expect([last.name, last.envelope.source, last.envelope.aggregateId, last.payload]).toMatchObject(["fixture.scalars.recorded", "kafka-peer", "py-agg", { id: "from-python" }]);
  }, 180_000);

  it("dead-letters poison records with their codes, keeping key, value and every header, while good records flow", async () => {
    const topic = "poison";
    await createTopics({ topic }, { topic: `${topic}.dead-letter` });
    const good = (id: string): Message => record(wrap(AccountOpenedSchema, { id }, { aggregateId: id, source: "ts-test" }));
    const valid = record(wrap(AccountOpenedSchema, { id: "bad-payload" }, { aggregateId: "bad-payload", source: "ts-test" }));
    const poison: { code: string; message: Message }[] = [
      { code: "INVALID_CLOUD_EVENT", message: { key: "garbage", value: Buffer.from([0xde, 0xad, 0xbe, 0xef]), headers: { "x-repeated": ["one", "two"], "x-single": "s" } } },
      { code: "UNKNOWN_EVENT", message: record(envelopeOf("fixture.never.heard", "v1", new Uint8Array(), "unknown")) },
      { code: "UNSUPPORTED_VERSION", message: record(envelopeOf("fixture.parcel.shipped", "v9", new Uint8Array(), "future")) },
      { code: "LIMIT_EXCEEDED", message: record(wrap(ScalarsRecordedSchema, { id: "x".repeat(5000) }, { aggregateId: "big", source: "ts-test" })) },
      { code: "PAYLOAD_DECODE_FAILED", message: { ...valid, value: Buffer.from([0xff, 0xff, 0xff]) } },
    ];
    const messages = [good("g-1"), ...poison.flatMap(({ message }, i) => [message, good(`g-${i + 2}`)])];
    await send(topic, messages);

    const { code, lines } = await route("python-poison", topic, "--stop-after", String(messages.length), "--max-bytes", "4096");

    expect(code).toBe(0);
    expect(lines.filter((l) => l.kind === "handled").map((l) => l.eventId)).toHaveLength(6);
    const deadLetters = lines.filter((l) => l.kind === "dead-letter");
    expect(deadLetters.map((l) => [l.code, l.where, l.attempts])).toEqual(poison.map((p, i) => [p.code, [topic, 0, 2 * i + 1], 0]));
    const dead = await receive(`${topic}.dead-letter`, poison.length);
    for (const [i, message] of dead.entries()) {
      const original = poison[i]?.message as Message;
      expect(String(message.key)).toBe(String(original.key));
      expect(toHex(message.value as Buffer)).toBe(toHex(original.value as Buffer));
      for (const [name, value] of Object.entries(original.headers ?? {})) {
        expect(headerValues(message.headers, name)).toEqual((Array.isArray(value) ? value : [value]).map(String));
      }
      expect(headerValues(message.headers, "protoevents-error-code")).toEqual([poison[i]?.code]);
      expect(headerValues(message.headers, "protoevents-error-message")[0]).toMatch(new RegExp(`^\\[${poison[i]?.code}\\] `));
      expect(headerValues(message.headers, "protoevents-original-topic")).toEqual([topic]);
      expect(headerValues(message.headers, "protoevents-original-partition")).toEqual(["0"]);
      expect(headerValues(message.headers, "protoevents-original-offset")).toEqual([String(2 * i + 1)]);
      expect(headerValues(message.headers, "protoevents-attempts")).toEqual(["0"]);
    }
  }, 180_000);

  it("skips an unknown event when asked, and stops on one without committing it when asked", async () => {
    const topic = "unknown-events";
    await createTopics({ topic }, { topic: `${topic}.dead-letter` });
    await send(topic, [record(envelopeOf("fixture.never.heard", "v1", new Uint8Array(), "unknown")), record(wrap(AccountOpenedSchema, { id: "after" }, { source: "ts-test" }))]);

    const stopped = await route("python-unknown", topic, "--unknown-events", "stop", "--idle", "10");
    expect([stopped.code, stopped.summary]).toEqual([3, { error: "UNKNOWN_EVENT", outcomes: 0 }]);
    expect(stopped.lines).toEqual([]);

    // The same group reads the unknown event again: its offset was not committed.
    const skipped = await route("python-unknown", topic, "--unknown-events", "skip", "--stop-after", "2");
    expect(skipped.code).toBe(0);
    expect(skipped.lines.filter((l) => l.kind !== "run").map((l) => [l.kind, l.code ?? l.attempt, l.where?.[2] ?? null])).toEqual([
      ["skip", "UNKNOWN_EVENT", 0],
      ["handled", 1, null],
    ]);
  }, 180_000);

  it("retries a handler that fails once, and dead-letters one that keeps failing with HANDLER_FAILED", async () => {
    const topic = "handler-failures";
    await createTopics({ topic }, { topic: `${topic}.dead-letter` });
    const envelopes = ["flaky-1", "doomed-1", "steady-1"].map((aggregateId) => wrap(AccountOpenedSchema, { id: aggregateId }, { aggregateId, source: "ts-test" }));
    await send(topic, envelopes.map((e) => record(e)));

    const { code, lines } = await route("python-failures", topic, "--stop-after", "3", "--fail-first", "1", "--retries", "2");

    expect(code).toBe(0);
    const runs = (aggregate: string): number[] => lines.filter((l) => l.kind === "run" && l.aggregateId === aggregate).map((l) => l.attempt as number);
    expect([runs("flaky-1"), runs("doomed-1"), runs("steady-1")]).toEqual([[1, 2], [1, 2, 3], [1]]);
    expect(lines.filter((l) => l.kind === "dead-letter")).toEqual([
      { kind: "dead-letter", code: "HANDLER_FAILED", message: "handler run 3 of doomed-1 failed", where: [topic, 0, 1], attempts: 3 },
    ]);
    const [dead] = await receive(`${topic}.dead-letter`, 1);
    expect(dead?.value?.equals(Buffer.from(record(envelopes[1] as Envelope).value as Buffer))).toBe(true);
    expect(["protoevents-error-code", "protoevents-error-message", "protoevents-attempts"].map((h) => headerValues(dead?.headers, h))).toEqual([
      ["HANDLER_FAILED"],
      ["handler run 3 of doomed-1 failed"],
      ["3"],
    ]);
  }, 180_000);

  it("stops without committing when the broker refuses a dead-letter record, which is dead-lettered once its topic exists", async () => {
    const topic = "dead-letter-refused";
    // No dead-letter topic, and the broker creates none.
    await createTopics({ topic });
    await send(topic, [{ key: "poison", value: Buffer.from("not a CloudEvent") }, record(wrap(AccountOpenedSchema, { id: "after" }, { source: "ts-test" }))]);

    const refused = await route("python-refused", topic, "--message-timeout-ms", "2000", "--idle", "20");
    expect(refused.code).toBe(4);
    expect(refused.summary).toMatchObject({ outcomes: 0, kafkaError: expect.stringMatching(/TOPIC|TIMED_OUT/) });
    expect(refused.lines).toEqual([]);

    await createTopics({ topic: `${topic}.dead-letter` });
    const again = await route("python-refused", topic, "--stop-after", "2");
    expect(again.code).toBe(0);
    expect(again.lines.filter((l) => l.kind !== "run").map((l) => [l.kind, l.code ?? l.eventId === undefined, l.where?.[2] ?? null])).toEqual([
      ["dead-letter", "INVALID_CLOUD_EVENT", 0],
      ["handled", false, null],
    ]);
    const [dead] = await receive(`${topic}.dead-letter`, 1);
    expect(String(dead?.key)).toBe("poison");
  }, 180_000);

  it("loses nothing when the Python consumer is killed (SIGKILL) mid-stream and started again", async () => {
    const topic = "killed-mid-stream";
    const total = 3000;
    await createTopics({ topic, numPartitions: 3 }, { topic: `${topic}.dead-letter` });
    const envelopes = Array.from({ length: total }, (_, i) => wrap(AccountOpenedSchema, { id: `k-${i}` }, { aggregateId: `agg-${i % 40}`, source: "ts-test" }));
    await send(topic, envelopes.map((e) => record(e)));
    const recordFile = join(workDir, "killed.jsonl");

    const first = startRoute("python-killed", topic, recordFile, "--handle-seconds", "0.001");
    const deadline = Date.now() + 90_000;
    while (readPeerLines(recordFile).filter((l) => l.kind === "handled").length < total / 4) {
      if (Date.now() > deadline) throw new Error("the consumer handled too little within 90 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.kill(first.pid, "SIGKILL");
    const killed = await first.done;
    const beforeKill = readPeerLines(recordFile).filter((l) => l.kind === "handled").length;
    // The killed member holds its partitions until its session times out (6 s, kafka_peer.py).
    const second = await startRoute("python-killed", topic, recordFile, "--idle", "15").done;

    const handled = readPeerLines(recordFile).filter((l) => l.kind === "handled");
    const unique = new Set(handled.map((l) => l.eventId));
    console.log(`killed after ${beforeKill} of ${total} events; ${handled.length - unique.size} handled twice after the restart`);
    expect([killed.signal, second.code]).toEqual(["SIGKILL", 0]);
    expect(beforeKill).toBeLessThan(total);
    expect(unique.size).toBe(total);
    expect([...unique].sort()).toEqual(envelopes.map((e) => e.eventId).sort());
    // Per aggregate, in order: the second run starts over from the last commit, and goes forward.
    const runs = readPeerLines(recordFile).filter((l) => l.kind === "run");
    for (const partition of [0, 1, 2]) {
      const offsets = runs.filter((l) => l.where?.[1] === partition).map((l) => l.where?.[2] as number);
      const restarts = offsets.filter((offset, i) => i > 0 && offset <= (offsets[i - 1] as number));
      expect(restarts.length, `partition ${partition}`).toBeLessThanOrEqual(1);
    }
  }, 240_000);
});

// The timed part of `npm run bench:kafka` (bench/kafka.ts bundles it with esbuild and runs it under
// plain node against a broker it started): fixture.account.opened events produced and consumed
// through the broker by three variants, in an order rotated each round:
// - raw kafkajs: the same records as protoevents', encoded before the clock starts; its consumer
//   counts the values, reading bytes only. The floor: what the client itself costs.
// - hand-written: what an application does on kafkajs alone: it writes the ce_ headers protoevents
//   writes and toBinary of the payload; it reads the ce_type header, looks the payload's schema
//   up, fromBinary's the value and calls the handler. It checks nothing and builds no envelope.
// - protoevents: publisher, consumer and router.
// Each variant produces to a topic of its own; then the topics are consumed in passes, each pass
// reading every variant's topic once in a new group, and a variant's consuming time in the round
// is its fastest pass (the one least disturbed by other work on the machine). protoevents' time
// is reported over each baseline's in the same round: the median over the rounds of that ratio.
//   node .bench/kafka-rounds.mjs --bootstrap 127.0.0.1:9092 [--events 50000] [--rounds 5] [--passes 3]
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { create, fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import { Kafka, logLevel } from "kafkajs";
import { AccountOpenedSchema } from "../../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { events as fixtureV1Events } from "../../gen/fixtures/ts/fixture/v1/index.js";
import { toMessage } from "../../src/cloudevents/index.js";
import { createConsumer, createPublisher } from "../../src/kafka/index.js";
import { createRouter } from "../../src/router/index.js";
import { wrap } from "../../src/wrap.js";
import { accountOpened, consumed, inWindows } from "../broker-load.js";
import { median, rotate } from "../rounds.js";

process.env["KAFKAJS_NO_PARTITIONER_WARNING"] = "1";

const { values } = parseArgs({
  options: { bootstrap: { type: "string" }, events: { type: "string" }, rounds: { type: "string" }, passes: { type: "string" }, concurrency: { type: "string" } },
  strict: true,
});
if (values.bootstrap === undefined) throw new Error("--bootstrap <host:port> is required");
const count = Number(values.events ?? 50_000);
const rounds = Number(values.rounds ?? 5);
const passes = Number(values.passes ?? 3);
// Publishes in flight at once: each is its own produce request, as an application publishing
// events one by one makes them.
const concurrency = Number(values.concurrency ?? 500);
const kafka = new Kafka({ clientId: "protoevents-bench", brokers: [values.bootstrap], logLevel: logLevel.NOTHING });
const source = "/bench/accounts";
const type = "fixture.account.opened.v1";

interface Variant {
  readonly name: string;
  /** Produces `count` events to the topic; the milliseconds it took. */
  produce(topic: string): Promise<number>;
  /** Consumes the `count` events of the topic in a new group; the milliseconds from the first event to the last. */
  consume(topic: string, groupId: string): Promise<number>;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** A kafkajs consumer of the topic whose eachBatch hands each record to `read` until `count` were read. */
async function kafkajsConsume(topic: string, groupId: string, read: (message: { headers?: Record<string, unknown>; value: Buffer | null }) => void): Promise<number> {
  let received = 0;
  let firstAt: number | undefined;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        firstAt ??= performance.now();
        read(message);
        received++;
        resolveOffset(message.offset);
        await heartbeat();
      }
    },
  });
  const consumeMs = await consumed(() => received === count, () => firstAt);
  await consumer.disconnect();
  return consumeMs;
}

const protoevents: Variant = {
  name: "protoevents (publish + consumer + router)",
  async produce(topic) {
    const publisher = createPublisher(kafka, { topic, source });
    await publisher.connect();
    const produceMs = await timed(() => inWindows(count, concurrency, (i) => publisher.publish(AccountOpenedSchema, accountOpened(i))));
    await publisher.disconnect();
    return produceMs;
  },
  async consume(topic, groupId) {
    let handled = 0;
    let firstAt: number | undefined;
    const router = createRouter().on(AccountOpenedSchema, (event) => {
      firstAt ??= performance.now();
      if (event.id !== "") handled++;
    });
    const consumer = createConsumer(kafka, { groupId, topics: [topic], router, fromBeginning: true });
    const running = consumer.run();
    const consumeMs = await consumed(() => handled === count, () => firstAt);
    await consumer.stop();
    await running;
    return consumeMs;
  },
};

const rawKafkajs: Variant = {
  name: "raw kafkajs (pre-encoded records, counted)",
  async produce(topic) {
    // The same records protoevents sends, encoded before the clock starts.
    const records = Array.from({ length: count }, (_, i) => {
      const envelope = wrap(AccountOpenedSchema, accountOpened(i), { source });
      const { headers, value } = toMessage(envelope, "binary", fixtureV1Events);
      return { key: envelope.aggregateId, value: Buffer.from(value), headers: { ...headers } };
    });
    const producer = kafka.producer();
    await producer.connect();
    const produceMs = await timed(() => inWindows(count, concurrency, (i) => producer.send({ topic, messages: [records[i] as (typeof records)[number]] })));
    await producer.disconnect();
    return produceMs;
  },
  consume(topic, groupId) {
    return kafkajsConsume(topic, groupId, (message) => {
      if (message.value === null) throw new Error("a record without a value");
    });
  },
};

const handWritten: Variant = {
  name: "hand-written CloudEvents on kafkajs (ce_ headers, ce_type lookup, fromBinary)",
  async produce(topic) {
    const producer = kafka.producer();
    await producer.connect();
    const produceMs = await timed(() =>
      inWindows(count, concurrency, (i) => {
        const value = Buffer.from(toBinary(AccountOpenedSchema, create(AccountOpenedSchema, accountOpened(i))));
        const key = `acc-${i}`;
        // The headers protoevents writes, so that every consumer reads records of one shape.
        const headers = { ce_specversion: "1.0", ce_id: randomUUID(), ce_source: source, ce_type: type, ce_subject: key, ce_time: new Date().toISOString(), ce_partitionkey: key, "content-type": "application/protobuf" };
        return producer.send({ topic, messages: [{ key, value, headers }] });
      }),
    );
    await producer.disconnect();
    return produceMs;
  },
  async consume(topic, groupId) {
    const schemas = new Map<string, DescMessage>([[type, AccountOpenedSchema]]);
    let handled = 0;
    const handler = (event: { id: string }): void => {
      if (event.id !== "") handled++;
    };
    const consumeMs = await kafkajsConsume(topic, groupId, (message) => {
      const schema = schemas.get(String(message.headers?.["ce_type"]));
      if (schema === undefined || message.value === null) throw new Error(`a record that is no ${type}`);
      handler(fromBinary(schema, message.value) as unknown as { id: string });
    });
    if (handled !== count) throw new Error(`the handler had ${handled} of ${count} events`);
    return consumeMs;
  },
};

const variants = [rawKafkajs, handWritten, protoevents];
const baselines = [rawKafkajs, handWritten];
const admin = kafka.admin();
await admin.connect();
const rates = new Map<Variant, { produce: number[]; consume: number[] }>(variants.map((v) => [v, { produce: [], consume: [] }]));
const ratios = new Map<Variant, { produce: number[]; consume: number[] }>(baselines.map((v) => [v, { produce: [], consume: [] }]));
console.log(`${count} fixture.account.opened events per variant and round, ${rounds} rounds of ${passes} consuming passes, ${concurrency} publishes in flight, one partition`);
for (let round = 0; round < rounds; round++) {
  const order = rotate(variants, round);
  const topics = new Map(order.map((variant, index) => [variant, `bench-${round}-${index}-${Date.now()}`]));
  await admin.createTopics({ topics: [...topics.values()].map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  const produceMs = new Map<Variant, number>();
  for (const variant of order) produceMs.set(variant, await variant.produce(topics.get(variant) as string));
  const consumeMs = new Map<Variant, number>(variants.map((v) => [v, Number.POSITIVE_INFINITY]));
  for (let pass = 0; pass < passes; pass++) {
    for (const variant of rotate(order, pass)) {
      const topic = topics.get(variant) as string;
      consumeMs.set(variant, Math.min(consumeMs.get(variant) as number, await variant.consume(topic, `${topic}-group-${pass}`)));
    }
  }
  await admin.deleteTopics({ topics: [...topics.values()] });
  for (const variant of variants) {
    rates.get(variant)?.produce.push((count / (produceMs.get(variant) as number)) * 1000);
    rates.get(variant)?.consume.push((count / (consumeMs.get(variant) as number)) * 1000);
  }
  const parts: string[] = [];
  for (const baseline of baselines) {
    const measured = ratios.get(baseline) as { produce: number[]; consume: number[] };
    measured.produce.push((produceMs.get(protoevents) as number) / (produceMs.get(baseline) as number));
    measured.consume.push((consumeMs.get(protoevents) as number) / (consumeMs.get(baseline) as number));
    parts.push(`${shortName(baseline)}'s: produce ${measured.produce.at(-1)?.toFixed(2)}x, consume ${measured.consume.at(-1)?.toFixed(2)}x`);
  }
  console.log(`round ${round + 1}: protoevents' time over ${parts.join("; over ")}`);
}
await admin.disconnect();

const rate = (values: number[]): string => Math.round(median(values)).toLocaleString("en-US");
console.log("| variant | produce events/s | consume events/s |");
console.log("| --- | --- | --- |");
for (const variant of variants) {
  const measured = rates.get(variant) as { produce: number[]; consume: number[] };
  console.log(`| ${variant.name} | ${rate(measured.produce)} | ${rate(measured.consume)} |`);
}
for (const baseline of baselines) {
  const measured = ratios.get(baseline) as { produce: number[]; consume: number[] };
  console.log(`| protoevents time / ${shortName(baseline)} time (median of rounds) | ${median(measured.produce).toFixed(2)}x | ${median(measured.consume).toFixed(2)}x |`);
}

function shortName(variant: Variant): string {
  return variant === rawKafkajs ? "raw kafkajs" : "hand-written";
}

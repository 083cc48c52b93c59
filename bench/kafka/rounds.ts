// The timed part of `npm run bench:kafka` (bench/kafka.ts bundles it with esbuild and runs it under
// plain node against a broker it started): fixture.account.opened events produced and consumed
// through the broker, with protoevents (publisher, consumer, router) and with raw kafkajs sending
// the same records pre-encoded and counting them, in alternating rounds.
//   node .bench/kafka-rounds.mjs --bootstrap 127.0.0.1:9092 [--events 50000] [--rounds 5]
import { parseArgs } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { AccountOpenedSchema } from "../../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { events as fixtureV1Events } from "../../gen/fixtures/ts/fixture/v1/index.js";
import { toMessage } from "../../src/cloudevents/index.js";
import { createConsumer, createPublisher } from "../../src/kafka/index.js";
import { createRouter } from "../../src/router/index.js";
import { wrap } from "../../src/wrap.js";
import { median, rotate } from "../rounds.js";

process.env["KAFKAJS_NO_PARTITIONER_WARNING"] = "1";

const { values } = parseArgs({
  options: { bootstrap: { type: "string" }, events: { type: "string" }, rounds: { type: "string" }, concurrency: { type: "string" } },
  strict: true,
});
if (values.bootstrap === undefined) throw new Error("--bootstrap <host:port> is required");
const count = Number(values.events ?? 50_000);
const rounds = Number(values.rounds ?? 5);
// Publishes in flight at once: each is its own produce request, as an application publishing
// events one by one makes them.
const concurrency = Number(values.concurrency ?? 500);
const kafka = new Kafka({ clientId: "protoevents-bench", brokers: [values.bootstrap], logLevel: logLevel.NOTHING });
const source = "/bench/accounts";

const account = (i: number): { id: string; name: string; email: string; openedAt: bigint } => ({
  id: `acc-${i}`,
  name: "Ada Lovelace",
  email: "ada@example.com",
  openedAt: 1_700_000_000_000n + BigInt(i),
});

/** Milliseconds to produce and to consume `count` events on a new topic. */
interface Timing {
  readonly produceMs: number;
  readonly consumeMs: number;
}

interface Variant {
  readonly name: string;
  run(topic: string): Promise<Timing>;
}

async function inWindows(total: number, send: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < total; start += concurrency) {
    const sends: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(total, start + concurrency); i++) sends.push(send(i));
    await Promise.all(sends);
  }
}

/** Resolves when `isDone()`, polled every millisecond or so, and gives the time of the first event. */
async function consumed(isDone: () => boolean, firstAt: () => number | undefined, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error("the events did not all arrive in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - (firstAt() ?? Number.NaN);
}

const protoevents: Variant = {
  name: "protoevents (publish + consumer + router)",
  async run(topic) {
    const publisher = createPublisher(kafka, { topic, source });
    await publisher.connect();
    const started = performance.now();
    await inWindows(count, (i) => publisher.publish(AccountOpenedSchema, account(i)));
    const produceMs = performance.now() - started;
    await publisher.disconnect();

    let handled = 0;
    let firstAt: number | undefined;
    const router = createRouter().on(AccountOpenedSchema, (event) => {
      firstAt ??= performance.now();
      if (event.id !== "") handled++;
    });
    const consumer = createConsumer(kafka, { groupId: `${topic}-group`, topics: [topic], router, fromBeginning: true });
    const running = consumer.run();
    const consumeMs = await consumed(() => handled === count, () => firstAt);
    await consumer.stop();
    await running;
    return { produceMs, consumeMs };
  },
};

const rawKafkajs: Variant = {
  name: "raw kafkajs (pre-encoded records, counted)",
  async run(topic) {
    // The same records protoevents sends, encoded before the clock starts.
    const records = Array.from({ length: count }, (_, i) => {
      const envelope = wrap(AccountOpenedSchema, account(i), { source });
      const { headers, value } = toMessage(envelope, "binary", fixtureV1Events);
      return { key: envelope.aggregateId, value: Buffer.from(value), headers: { ...headers } };
    });
    const producer = kafka.producer();
    await producer.connect();
    const started = performance.now();
    await inWindows(count, (i) => producer.send({ topic, messages: [records[i] as (typeof records)[number]] }));
    const produceMs = performance.now() - started;
    await producer.disconnect();

    let received = 0;
    let firstAt: number | undefined;
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        for (const message of batch.messages) {
          firstAt ??= performance.now();
          if (message.value !== null) received++;
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
    const consumeMs = await consumed(() => received === count, () => firstAt);
    await consumer.disconnect();
    return { produceMs, consumeMs };
  },
};

const variants = [rawKafkajs, protoevents];
const admin = kafka.admin();
await admin.connect();
const results = new Map<string, { produce: number[]; consume: number[] }>(variants.map((v) => [v.name, { produce: [], consume: [] }]));
const ratios = { produce: [] as number[], consume: [] as number[] };
console.log(`${count} fixture.account.opened events per variant and round, ${rounds} rounds, ${concurrency} publishes in flight, one partition`);
for (let round = 0; round < rounds; round++) {
  const timings = new Map<string, Timing>();
  for (const variant of rotate(variants, round)) {
    const topic = `bench-${round}-${variant === protoevents ? "protoevents" : "raw"}-${Date.now()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const timing = await variant.run(topic);
    await admin.deleteTopics({ topics: [topic] });
    timings.set(variant.name, timing);
    results.get(variant.name)?.produce.push((count / timing.produceMs) * 1000);
    results.get(variant.name)?.consume.push((count / timing.consumeMs) * 1000);
  }
  const ours = timings.get(protoevents.name) as Timing;
  const raw = timings.get(rawKafkajs.name) as Timing;
  ratios.produce.push(ours.produceMs / raw.produceMs);
  ratios.consume.push(ours.consumeMs / raw.consumeMs);
  console.log(`round ${round + 1}: produce ${ratios.produce.at(-1)?.toFixed(2)}x, consume ${ratios.consume.at(-1)?.toFixed(2)}x the time of raw kafkajs`);
}
await admin.disconnect();

const rate = (values: number[]): string => Math.round(median(values)).toLocaleString("en-US");
console.log("| variant | produce events/s | consume events/s |");
console.log("| --- | --- | --- |");
for (const variant of variants) {
  const measured = results.get(variant.name) as { produce: number[]; consume: number[] };
  console.log(`| ${variant.name} | ${rate(measured.produce)} | ${rate(measured.consume)} |`);
}
console.log(`| protoevents time / raw kafkajs time (median of rounds) | ${median(ratios.produce).toFixed(2)}x | ${median(ratios.consume).toFixed(2)}x |`);

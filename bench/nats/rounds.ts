// The timed part of `npm run bench:nats` (bench/nats.ts bundles it with esbuild and runs it under
// plain node against a server it started): fixture.account.opened events published to JetStream
// and consumed by a durable pull consumer with explicit acks, with protoevents (publisher,
// consumer, router) and with the raw client publishing the same messages pre-encoded (the same
// headers and Nats-Msg-Id) and acknowledging them, in alternating rounds.
//   node .bench/nats-rounds.mjs --server nats://127.0.0.1:4222 [--events 50000] [--rounds 5]
import { parseArgs } from "node:util";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { AccountOpenedSchema } from "../../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { events as fixtureV1Events } from "../../gen/fixtures/ts/fixture/v1/index.js";
import { toMessage } from "../../src/cloudevents/index.js";
import { createConsumer, createPublisher, ensureStreams, eventStream, eventSubject, resolveNatsNames, type NatsNameOptions } from "../../src/nats/index.js";
import { createRouter } from "../../src/router/index.js";
import { wrap } from "../../src/wrap.js";
import { accountOpened, consumed, inWindows } from "../broker-load.js";
import { median, rotate } from "../rounds.js";

const { values } = parseArgs({
  options: { server: { type: "string" }, events: { type: "string" }, rounds: { type: "string" }, concurrency: { type: "string" } },
  strict: true,
});
if (values.server === undefined) throw new Error("--server <nats url> is required");
const count = Number(values.events ?? 50_000);
const rounds = Number(values.rounds ?? 5);
// Publishes in flight at once: each waits for its own acknowledgement from the stream, as an
// application publishing events one by one does.
const concurrency = Number(values.concurrency ?? 500);
const nc = await connect({ servers: values.server });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
const source = "/bench/accounts";
const eventName = "fixture.account.opened";

/** Milliseconds to publish and to consume `count` events on new streams. */
interface Timing {
  readonly produceMs: number;
  readonly consumeMs: number;
}

interface Variant {
  readonly name: string;
  run(prefixes: Required<NatsNameOptions>): Promise<Timing>;
}

const protoevents: Variant = {
  name: "protoevents (publish + consumer + router)",
  async run(prefixes) {
    const publisher = createPublisher(nc, { source, subjectPrefix: prefixes.subjectPrefix });
    const started = performance.now();
    await inWindows(count, concurrency, (i) => publisher.publish(AccountOpenedSchema, accountOpened(i)));
    const produceMs = performance.now() - started;

    let handled = 0;
    let firstAt: number | undefined;
    const router = createRouter().on(AccountOpenedSchema, (event) => {
      firstAt ??= performance.now();
      if (event.id !== "") handled++;
    });
    const consumer = createConsumer(nc, { ...prefixes, durable: "bench", router });
    const running = consumer.run();
    const consumeMs = await consumed(() => handled === count, () => firstAt);
    await consumer.stop();
    await running;
    return { produceMs, consumeMs };
  },
};

const rawClient: Variant = {
  name: "raw @nats-io/jetstream (pre-encoded, acked)",
  async run(prefixes) {
    // The same messages protoevents publishes, encoded before the clock starts.
    const messages = Array.from({ length: count }, (_, i) => {
      const envelope = wrap(AccountOpenedSchema, accountOpened(i), { source });
      const { headers, value } = toMessage(envelope, "binary", fixtureV1Events, { headerPrefix: "ce-" });
      const natsHeaderSet: MsgHdrs = natsHeaders();
      for (const [name, text] of Object.entries(headers)) natsHeaderSet.set(name, text);
      return { msgID: envelope.eventId, headers: natsHeaderSet, value };
    });
    const names = resolveNatsNames(prefixes, "bench");
    const subject = eventSubject(names, eventName);
    const started = performance.now();
    await inWindows(count, concurrency, (i) => {
      const message = messages[i] as (typeof messages)[number];
      return js.publish(subject, message.value, { msgID: message.msgID, headers: message.headers });
    });
    const produceMs = performance.now() - started;

    const stream = eventStream(names, eventName);
    await jsm.consumers.add(stream, { durable_name: "bench", ack_policy: AckPolicy.Explicit, filter_subject: subject });
    let received = 0;
    let firstAt: number | undefined;
    const iterator = await (await js.consumers.get(stream, "bench")).consume();
    const reading = (async () => {
      for await (const message of iterator) {
        firstAt ??= performance.now();
        if (message.data.length > 0) received++;
        message.ack();
      }
    })();
    const consumeMs = await consumed(() => received === count, () => firstAt);
    await iterator.close();
    await reading;
    await nc.flush();
    return { produceMs, consumeMs };
  },
};

const variants = [rawClient, protoevents];
const results = new Map<string, { produce: number[]; consume: number[] }>(variants.map((v) => [v.name, { produce: [], consume: [] }]));
const ratios = { produce: [] as number[], consume: [] as number[] };
console.log(`${count} ${eventName} events per variant and round, ${rounds} rounds, ${concurrency} publishes in flight, one stream, file storage`);
for (let round = 0; round < rounds; round++) {
  const timings = new Map<string, Timing>();
  for (const variant of rotate(variants, round)) {
    const tag = `bench${round}_${variant === protoevents ? "protoevents" : "raw"}`;
    const prefixes = { subjectPrefix: `${tag}.events`, streamPrefix: tag, deadLetterPrefix: `${tag}.dlq` };
    const streams = await ensureStreams(jsm, fixtureV1Events, prefixes);
    const timing = await variant.run(prefixes);
    for (const { name } of streams) await jsm.streams.delete(name);
    timings.set(variant.name, timing);
    results.get(variant.name)?.produce.push((count / timing.produceMs) * 1000);
    results.get(variant.name)?.consume.push((count / timing.consumeMs) * 1000);
  }
  const ours = timings.get(protoevents.name) as Timing;
  const raw = timings.get(rawClient.name) as Timing;
  ratios.produce.push(ours.produceMs / raw.produceMs);
  ratios.consume.push(ours.consumeMs / raw.consumeMs);
  console.log(`round ${round + 1}: produce ${ratios.produce.at(-1)?.toFixed(2)}x, consume ${ratios.consume.at(-1)?.toFixed(2)}x the time of the raw client`);
}
await nc.close();

const rate = (measured: number[]): string => Math.round(median(measured)).toLocaleString("en-US");
console.log("| variant | publish events/s | consume events/s |");
console.log("| --- | --- | --- |");
for (const variant of variants) {
  const measured = results.get(variant.name) as { produce: number[]; consume: number[] };
  console.log(`| ${variant.name} | ${rate(measured.produce)} | ${rate(measured.consume)} |`);
}
console.log(`| protoevents time / raw client time (median of rounds) | ${median(ratios.produce).toFixed(2)}x | ${median(ratios.consume).toFixed(2)}x |`);

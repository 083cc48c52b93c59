// The Python NATS binding (protoevents.nats, python/tests/nats_peer.py in the latest test venv)
// against a real nats-server with JetStream (test/nats/nats-server.ts), crossing languages: the
// Python ensure_streams makes the streams with the contract's limits; every fixture event
// published by TypeScript (protoevents/nats createPublisher) is handled by the Python consumer
// with the same payload and envelope bytes; the Python publisher writes the headers and data
// TypeScript writes, which the TypeScript consumer handles, and a second publish of an envelope is
// stored once. The Python consumer dead-letters poison with its code while good messages flow,
// redelivers a failing handler's message, and loses nothing when it is killed mid-stream.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { connect, headers as natsHeaders, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";
import { ensureTestVenv } from "../../scripts/build/python-venvs.js";
import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { encodeEnvelope, unwrap, wrap } from "../../src/index.js";
import { fromMessage, toMessage } from "../../src/cloudevents/index.js";
import { createConsumer, createPublisher } from "../../src/nats/index.js";
import { createRouter } from "../../src/router/index.js";
import { AccountOpenedSchema, fixtureEvents, fixtureExamples, ScalarsRecordedSchema } from "../fixture-examples.js";
import { envelopeOf, payloadJson } from "../fixture-envelopes.js";
import { finishRoute, readPeerLines, runPeer, startPeer, type RouteResult, type RunningPeer } from "../peer-process.js";
import { toHex } from "../vectors.js";
import { startNats, type NatsServer } from "./nats-server.js";

const modes = ["binary", "structured-json", "protobuf"] as const;

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let workDir: string;

/** Runs nats_peer.py to its end, `input` on its stdin; returns its stdout as JSON. */
function peer(args: string[], input = ""): unknown {
  return runPeer("nats_peer.py", args, input);
}

function startRoute(prefix: string, durable: string, recordFile: string, ...options: string[]): RunningPeer {
  return startPeer("nats_peer.py", ["route", server.url, prefix, durable, recordFile, ...options]);
}

async function route(prefix: string, durable: string, ...options: string[]): Promise<RouteResult> {
  const recordFile = join(workDir, `${prefix}-${durable}.jsonl`);
  return finishRoute(startRoute(prefix, durable, recordFile, ...options), recordFile);
}

/** Makes a test's streams with the Python ensure_streams. */
function ensureStreams(prefix: string): { name: string; subjects: string[]; created: boolean }[] {
  return peer(["ensure", server.url, prefix]) as { name: string; subjects: string[]; created: boolean }[];
}

/** Publishes raw data and headers to a subject, with a Nats-Msg-Id. */
async function publishRaw(subject: string, data: Uint8Array, headers: Record<string, string | string[]>, msgID: string): Promise<number> {
  const h = natsHeaders();
  for (const [name, value] of Object.entries(headers)) for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
  return (await jetstream(nc).publish(subject, data, { headers: h, msgID })).seq;
}

/** An envelope as TypeScript writes it to NATS: its `ce-` headers and data. */
function natsMessage(envelope: Envelope): { headers: Record<string, string>; value: Uint8Array } {
  return toMessage(envelope, "binary", fixtureEvents, { headerPrefix: "ce-" });
}

/** Reads every message of a stream from its start, with an ephemeral ordered read. */
async function readStream(stream: string, count: number): Promise<JsMsg[]> {
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume();
  const read: JsMsg[] = [];
  if (count > 0) {
    const timer = setTimeout(() => void messages.close(), 30_000);
    for await (const message of messages) {
      read.push(message);
      if (read.length === count) break;
    }
    clearTimeout(timer);
  }
  await messages.close();
  return read;
}

function headerRecord(headers: MsgHdrs | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, values] of headers ?? []) result[name] = values;
  return result;
}

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  workDir = mkdtempSync(join(tmpdir(), "protoevents-nats-python-"));
  ensureTestVenv("latest");
}, 300_000);

afterAll(async () => {
  await nc?.close();
  await server?.stop();
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
}, 30_000);

describe("the Python NATS binding on a real JetStream server", () => {
  it("makes a stream per event name with the largest limits its versions declare, and updates them when run again", async () => {
    const first = ensureStreams("limits");
    const again = ensureStreams("limits");

    expect(first.map((s) => [s.name, s.subjects, s.created])).toEqual([
      ["limits-fixture-account-opened", ["limits.fixture.account.opened"], true],
      ["limits-fixture-legacy-recorded", ["limits.fixture.legacy.recorded"], true],
      ["limits-fixture-parcel-shipped", ["limits.fixture.parcel.shipped"], true],
      ["limits-fixture-scalars-recorded", ["limits.fixture.scalars.recorded"], true],
      ["limits-dead-letter", ["dead-letter.limits.>"], true],
    ]);
    expect(again.map((s) => s.created)).toEqual([false, false, false, false, false]);
    const parcel = (await jsm.streams.info("limits-fixture-parcel-shipped")).config;
    // v1 declares 7 days and 64 KiB, v2 1 MiB and no age: the largest size, no age limit.
    expect([parcel.max_msg_size, parcel.max_age, parcel.duplicate_window, parcel.storage, parcel.retention]).toEqual([1_048_576, 0, 120_000_000_000, "file", "limits"]);
    const scalars = (await jsm.streams.info("limits-fixture-scalars-recorded")).config;
    expect([scalars.max_msg_size, scalars.max_age]).toEqual([-1, 0]);
  }, 60_000);

  it("keeps a stream's duplicate window within its max_age, as JetStream requires", async () => {
    // fixture.parcel.shipped v1 alone declares 7 days; a window of 8 days is cut to them.
    const eightDays = 8 * 24 * 3600;
    peer(["ensure", server.url, "window", String(eightDays), "v1"]);
    const parcel = (await jsm.streams.info("window-fixture-parcel-shipped")).config;
    const scalars = (await jsm.streams.info("window-fixture-scalars-recorded")).config;
    expect([parcel.max_age, parcel.duplicate_window]).toEqual([604_800_000_000_000, 604_800_000_000_000]);
    expect([scalars.max_age, scalars.duplicate_window]).toEqual([0, eightDays * 1_000_000_000]);
  }, 60_000);

  it.each(modes)("handles every fixture event TypeScript publishes in %s mode, with the same payload and envelope bytes", async (mode) => {
    const prefix = `ts-to-py-${mode}`;
    ensureStreams(prefix);
    const publisher = createPublisher(nc, { source: "ts-test", mode, events: fixtureEvents, subjectPrefix: prefix });
    const envelopes: Envelope[] = [];
    for (const [i, { schema, init }] of fixtureExamples.entries()) {
      envelopes.push((await publisher.publish(schema, init, { aggregateId: `agg-${i}`, attributes: { tenant: "acme" } })).envelope);
    }

    const { code, lines } = await route(prefix, "python", "--stop-after", String(envelopes.length));

    expect(code).toBe(0);
    const handled = lines.filter((line) => line.kind === "run");
    expect(handled).toHaveLength(envelopes.length);
    for (const envelope of envelopes) {
      const line = handled.find((h) => h.eventId === envelope.eventId);
      expect(line, envelope.eventName).toBeDefined();
      expect([line?.name, line?.version, line?.aggregateId, line?.attempt]).toEqual([envelope.eventName, envelope.eventVersion, envelope.aggregateId, 1]);
      expect(line?.where?.[0]).toBe(`${prefix}.${envelope.eventName}`);
      expect(line?.envelopeHex).toBe(toHex(encodeEnvelope(envelope)));
      expect(line?.payload).toEqual(payloadJson(envelope));
    }
  }, 120_000);

  it.each(modes)("publishes from Python in %s mode the headers and data TypeScript writes, stores a second publish once, and TypeScript reads it back", async (mode) => {
    const prefix = `py-to-ts-${mode}`;
    ensureStreams(prefix);
    const envelopes = fixtureExamples.map(({ schema, init }, i) => wrap(schema, init, { aggregateId: `py-${i}`, source: "py-test" }));
    const dataschema = "https://schemas.example.com/fixture";
    const published = peer(["publish", server.url, prefix, mode, dataschema], envelopes.map((e) => toHex(encodeEnvelope(e))).join("\n")) as {
      envelopeHex: string;
      stream: string;
      sequence: number;
      duplicate: boolean;
    }[];

    expect(published.slice(0, envelopes.length).map((p) => p.envelopeHex)).toEqual(envelopes.map((e) => toHex(encodeEnvelope(e))));
    expect(published.map((p) => p.duplicate)).toEqual([...envelopes.map(() => false), false, true]);
    // The second publish of the first envelope: the first copy's stream and sequence.
    expect([published.at(-1)?.stream, published.at(-1)?.sequence]).toEqual([published[0]?.stream, published[0]?.sequence]);
    const streams = [...new Set(published.map((p) => p.stream))];
    let stored = 0;
    for (const stream of streams) stored += (await jsm.streams.info(stream)).state.messages;
    expect(stored).toBe(envelopes.length + 1);

    for (const [i, p] of published.slice(0, envelopes.length + 1).entries()) {
      const [message] = await readStream(p.stream, p.sequence).then((read) => read.filter((m) => m.seq === p.sequence));
      expect(message, `message ${i}`).toBeDefined();
      const envelope = fromMessage({ headers: headerRecord(message?.headers), value: message?.data ?? new Uint8Array() }, { headerPrefix: "ce-" });
      expect(toHex(encodeEnvelope(envelope))).toBe(p.envelopeHex);
      const written = toMessage(envelope, mode, fixtureEvents, { headerPrefix: "ce-", dataschema });
      const expected = Object.fromEntries([...Object.entries(written.headers), ["Nats-Msg-Id", envelope.eventId]].map(([name, value]) => [name, [value]]));
      expect(headerRecord(message?.headers)).toEqual(expected);
      expect(toHex(message?.data ?? new Uint8Array())).toBe(toHex(written.value));
    }

    const handled: Envelope[] = [];
    const router = createRouter().onEvents(fixtureEvents, (_event, context) => {
      handled.push(context.envelope);
      if (handled.length === envelopes.length + 1) void consumer.stop();
    });
    const consumer = createConsumer(nc, { durable: "typescript", router, subjectPrefix: prefix, streamPrefix: prefix, deadLetterPrefix: `dead-letter.${prefix}` });
    await consumer.run();
    expect(handled.map((e) => toHex(encodeEnvelope(e))).sort()).toEqual(published.slice(0, envelopes.length + 1).map((p) => p.envelopeHex).sort());
    const last = unwrap(handled.find((e) => e.source === "nats-peer") as Envelope, fixtureEvents);
    expect([last.name, last.envelope.aggregateId, last.payload]).toMatchObject(["fixture.scalars.recorded", "py-agg", { id: "from-python" }]);
  }, 120_000);

  it("dead-letters poison with its code, keeping data and headers, while good messages flow", async () => {
    const prefix = "poison";
    ensureStreams(prefix);
    const subject = `${prefix}.fixture.account.opened`;
    const good = (id: string): Envelope => wrap(AccountOpenedSchema, { id }, { aggregateId: id, source: "ts-test" });
    const valid = natsMessage(good("bad-payload"));
    const poison: { code: string; subject: string; data: Uint8Array; headers: Record<string, string | string[]> }[] = [
      { code: "INVALID_CLOUD_EVENT", subject, data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]), headers: { "x-single": "s", "x-spaced": "a  b" } },
      { code: "UNKNOWN_EVENT", subject, ...split(natsMessage(envelopeOf("fixture.never.heard", "v1", new Uint8Array(), "unknown"))) },
      { code: "UNSUPPORTED_VERSION", subject: `${prefix}.fixture.parcel.shipped`, ...split(natsMessage(envelopeOf("fixture.parcel.shipped", "v9", new Uint8Array(), "future"))) },
      { code: "LIMIT_EXCEEDED", subject: `${prefix}.fixture.scalars.recorded`, ...split(natsMessage(wrap(ScalarsRecordedSchema, { id: "x".repeat(5000) }, { aggregateId: "big", source: "ts-test" }))) },
      { code: "PAYLOAD_DECODE_FAILED", subject, data: new Uint8Array([0xff, 0xff, 0xff]), headers: valid.headers },
    ];
    const goods = ["g-1", "g-2", "g-3", "g-4", "g-5", "g-6"].map(good);
    const sequences: number[] = [];
    await publishRaw(subject, natsMessage(goods[0] as Envelope).value, natsMessage(goods[0] as Envelope).headers, (goods[0] as Envelope).eventId);
    for (const [i, p] of poison.entries()) {
      sequences.push(await publishRaw(p.subject, p.data, p.headers, `poison-${i}`));
      const next = goods[i + 1] as Envelope;
      await publishRaw(subject, natsMessage(next).value, natsMessage(next).headers, next.eventId);
    }

    const { code, lines } = await route(prefix, "python", "--stop-after", String(poison.length + goods.length), "--max-bytes", "4096");

    expect(code).toBe(0);
    expect(lines.filter((l) => l.kind === "handled").map((l) => l.eventId).sort()).toEqual(goods.map((e) => e.eventId).sort());
    const deadLetters = lines.filter((l) => l.kind === "dead-letter");
    const expected = poison.map((p, i) => [p.code, [p.subject, 0, sequences[i]], 0, `dead-letter.${prefix}.${p.subject}`]);
    expect(deadLetters.map((l) => [l.code, l.where, l.attempts, l.subject]).sort()).toEqual(expected.sort());

    const stored = await readStream(`${prefix}-dead-letter`, poison.length);
    for (const p of poison) {
      const [message] = stored.filter((m) => m.subject === `dead-letter.${prefix}.${p.subject}` && m.headers?.get("protoevents-error-code") === p.code);
      expect(message, p.code).toBeDefined();
      expect(toHex(message?.data ?? new Uint8Array())).toBe(toHex(p.data));
      for (const [name, value] of Object.entries(p.headers)) expect(message?.headers?.values(name), name).toEqual(Array.isArray(value) ? value : [value]);
      const where = deadLetters.find((l) => l.code === p.code)?.where;
      const stream = `${prefix}-${p.subject.slice(prefix.length + 1).replaceAll(".", "-")}`;
      expect(message?.headers?.get("Nats-Msg-Id")).toBe(`dead-letter:${stream}:${where?.[2]}`);
      expect(["protoevents-original-topic", "protoevents-original-partition", "protoevents-original-offset", "protoevents-attempts"].map((h) => message?.headers?.get(h))).toEqual([p.subject, "0", String(where?.[2]), "0"]);
    }
  }, 120_000);

  it("redelivers the message of a handler that fails once, and dead-letters one that keeps failing with HANDLER_FAILED", async () => {
    const prefix = "failures";
    ensureStreams(prefix);
    const publisher = createPublisher(nc, { source: "ts-test", subjectPrefix: prefix });
    const envelopes: Envelope[] = [];
    for (const aggregateId of ["flaky-1", "doomed-1", "steady-1"]) envelopes.push((await publisher.publish(AccountOpenedSchema, { id: aggregateId }, { aggregateId })).envelope);

    const { code, lines } = await route(prefix, "python", "--stop-after", "3", "--fail-first", "1", "--retries", "2");

    expect(code).toBe(0);
    const runs = (aggregate: string): number[] => lines.filter((l) => l.kind === "run" && l.aggregateId === aggregate).map((l) => l.attempt as number);
    expect([runs("flaky-1"), runs("doomed-1"), runs("steady-1")]).toEqual([[1, 2], [1, 2, 3], [1]]);
    expect(lines.filter((l) => l.kind === "dead-letter")).toEqual([
      { kind: "dead-letter", code: "HANDLER_FAILED", message: "handler run 3 of doomed-1 failed", where: [`${prefix}.fixture.account.opened`, 0, 2], attempts: 3, subject: `dead-letter.${prefix}.${prefix}.fixture.account.opened` },
    ]);
    const [dead] = await readStream(`${prefix}-dead-letter`, 1);
    expect(toHex(dead?.data ?? new Uint8Array())).toBe(toHex(natsMessage(envelopes[1] as Envelope).value));
    expect(["protoevents-error-code", "protoevents-error-message", "protoevents-attempts", "ce-id"].map((h) => dead?.headers?.get(h))).toEqual([
      "HANDLER_FAILED",
      "handler run 3 of doomed-1 failed",
      "3",
      envelopes[1]?.eventId,
    ]);
    const info = await jsm.consumers.info(`${prefix}-fixture-account-opened`, "python");
    expect([info.num_ack_pending, info.num_pending, info.config.ack_policy, info.config.max_deliver]).toEqual([0, 0, AckPolicy.Explicit, -1]);
  }, 120_000);

  it("loses nothing when the Python consumer is killed (SIGKILL) mid-stream and started again", async () => {
    const prefix = "killed";
    ensureStreams(prefix);
    const total = 1500;
    const publisher = createPublisher(nc, { source: "ts-test", subjectPrefix: prefix });
    const envelopes: Envelope[] = [];
    for (let i = 0; i < total; i++) envelopes.push((await publisher.publish(AccountOpenedSchema, { id: `k-${i}` }, { aggregateId: `agg-${i % 40}` })).envelope);
    const recordFile = join(workDir, "killed.jsonl");

    const first = startRoute(prefix, "python", recordFile, "--handle-seconds", "0.001", "--ack-wait", "2");
    const deadline = Date.now() + 90_000;
    while (readPeerLines(recordFile).filter((l) => l.kind === "handled").length < total / 4) {
      if (Date.now() > deadline) throw new Error("the consumer handled too little within 90 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.kill(first.pid, "SIGKILL");
    const killed = await first.done;
    const beforeKill = readPeerLines(recordFile).filter((l) => l.kind === "handled").length;
    // What the killed consumer had fetched and not acknowledged comes again after its ack wait (2 s).
    const second = await startRoute(prefix, "python", recordFile, "--ack-wait", "2", "--idle", "8").done;

    const handled = readPeerLines(recordFile).filter((l) => l.kind === "handled");
    const unique = new Set(handled.map((l) => l.eventId));
    console.log(`killed after ${beforeKill} of ${total} events; ${handled.length - unique.size} handled twice after the restart`);
    expect([killed.signal, second.code]).toEqual(["SIGKILL", 0]);
    expect(beforeKill).toBeLessThan(total);
    expect(unique.size).toBe(total);
    expect([...unique].sort()).toEqual(envelopes.map((e) => e.eventId).sort());
    const info = await jsm.consumers.info(`${prefix}-fixture-account-opened`, "python");
    expect([info.num_ack_pending, info.num_pending]).toEqual([0, 0]);
  }, 240_000);
});

function split(message: { headers: Record<string, string>; value: Uint8Array }): { data: Uint8Array; headers: Record<string, string> } {
  return { data: message.value, headers: message.headers };
}

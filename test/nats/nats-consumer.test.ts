// The NATS JetStream binding against a real nats-server (test/nats/nats-server.ts): the publisher
// and the consumer carry every fixture event to the router's handlers in each CloudEvents mode; a
// second publish of an envelope is stored once; poison messages and handlers that keep failing end
// in the dead-letter stream while good events flow; a message is acknowledged only once handled.
import { create, equals, type DescMessage } from "@bufbuild/protobuf";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstream, JetStreamApiError, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toMessage } from "../../src/cloudevents/index.js";
import { ContentType } from "../../src/content-type.js";
import { ErrorCode, EventTooLargeError, UnknownEventError } from "../../src/errors.js";
import { createConsumer, createPublisher, deadLetterStream, ensureStreams, eventStream, eventSubject, resolveNatsNames, type Consumer, type ConsumerOptions, type DeadLetterInfo, type NatsNameOptions } from "../../src/nats/index.js";
import { createRouter, type HandlerContext } from "../../src/router/index.js";
import { wrap } from "../../src/wrap.js";
import { AccountOpenedSchema, fixtureEvents, fixtureExamples, fixtureV1Events, ParcelShippedSchema, ParcelShippedV2Schema, ScalarsRecordedSchema } from "../fixture-examples.js";
import { handledIds, startConsumerProcess, type ConsumerProcess } from "../consumer-process.js";
import { bundleNatsBench } from "../../bench/nats.js";
import { startNats, type NatsServer } from "./nats-server.js";
import { streamMessages, uniquePrefixes, until } from "./nats-test-kit.js";

let server: NatsServer;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const running: Consumer[] = [];

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((consumer) => consumer.stop()));
  await nc?.close();
  await server?.stop();
}, 60_000);

/** Makes the streams of every fixture event under prefixes of the test's own. */
async function streamsFor(label: string): Promise<Required<NatsNameOptions>> {
  const prefixes = uniquePrefixes(label);
  await ensureStreams(jsm, fixtureEvents, prefixes);
  return prefixes;
}

/** Starts a consumer; its run() promise is kept to be awaited or checked. */
function start(options: ConsumerOptions): { consumer: Consumer; done: Promise<void> } {
  const consumer = createConsumer(nc, options);
  running.push(consumer);
  const done = consumer.run();
  done.catch(() => undefined);
  return { consumer, done };
}

const headerValues = (headers: { values(name: string): string[] } | undefined, name: string): string[] => headers?.values(name) ?? [];
const quickRetry = { retries: 2, initialDelayMs: 10, maxDelayMs: 20 };

describe.each(["binary", "structured-json", "protobuf"] as const)("every fixture event in %s mode", (mode) => {
  it("goes from the publisher to the handler of its schema, payload and envelope intact", async () => {
    const prefixes = await streamsFor(`fixtures_${mode.replace("-", "_")}`);
    const publisher = createPublisher(nc, { source: "/tests/nats", mode, subjectPrefix: prefixes.subjectPrefix });
    const sent = [];
    for (const contentType of [ContentType.Protobuf, ContentType.Json]) {
      for (const example of fixtureExamples) {
        const published = await publisher.publish(example.schema, example.init, { contentType, correlationId: "c-1", attributes: { tenantid: "acme" } });
        expect(published.duplicate).toBe(false);
        expect(published.stream).toBe(eventStream(resolveNatsNames(prefixes, "test"), published.envelope.eventName));
        sent.push({ example, ...published });
      }
    }

    const received = new Map<string, { schema: DescMessage; payload: unknown; context: HandlerContext }>();
    const router = createRouter();
    for (const { schema } of fixtureExamples) {
      router.on(schema, (payload, context) => void received.set(context.envelope.eventId, { schema, payload, context }));
    }
    const { consumer, done } = start({ ...prefixes, durable: "fixtures", router });
    await until(() => received.size === sent.length, 30_000, () => `${received.size} of ${sent.length} events handled`);
    await consumer.stop();
    await done;

    for (const { example, envelope, sequence } of sent) {
      const got = received.get(envelope.eventId);
      expect(got?.schema).toBe(example.schema);
      expect(equals(example.schema, got?.payload as never, create(example.schema, example.init))).toBe(true);
      expect(got?.context.envelope).toEqual(envelope);
      expect(got?.context.source).toEqual({ topic: `${prefixes.subjectPrefix}.${envelope.eventName}`, partition: 0, offset: String(sequence) });
      expect(got?.context.attempt).toBe(1);
    }
    const names = resolveNatsNames(prefixes, "test");
    for (const name of new Set(sent.map((s) => s.envelope.eventName))) {
      const info = await jsm.consumers.info(eventStream(names, name), "fixtures");
      expect([info.num_ack_pending, info.num_pending, info.num_redelivered], name).toEqual([0, 0, 0]);
    }
  }, 90_000);
});

describe("an envelope published twice", () => {
  it("is stored once, the second publish reported a duplicate of the first, and handled once", async () => {
    const prefixes = await streamsFor("duplicate");
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix });
    const envelope = wrap(ScalarsRecordedSchema, { id: "once" }, { source: "/tests/nats" });
    const first = await publisher.publishEnvelope(envelope);
    const second = await publisher.publishEnvelope(envelope);
    const other = await publisher.publish(ScalarsRecordedSchema, { id: "other" });
    expect([first.duplicate, second.duplicate, other.duplicate]).toEqual([false, true, false]);
    expect(second.sequence).toBe(first.sequence);
    expect(other.sequence).toBe(first.sequence + 1);
    const stream = eventStream(resolveNatsNames(prefixes, "test"), "fixture.scalars.recorded");
    expect((await jsm.streams.info(stream)).state.messages).toBe(2);

    const handled: string[] = [];
    const { consumer } = start({ ...prefixes, durable: "once", router: createRouter().on(ScalarsRecordedSchema, (event) => void handled.push(event.id)) });
    await until(() => handled.length === 2, 30_000);
    await consumer.stop();
    expect(handled).toEqual(["once", "other"]);
  }, 60_000);
});

describe("messages that cannot be handled", () => {
  it("go to the dead-letter stream with their code and the original message, while good events keep flowing", async () => {
    const prefixes = await streamsFor("poison");
    const names = resolveNatsNames(prefixes, "test");
    const scalars = eventSubject(names, "fixture.scalars.recorded");
    const parcels = eventSubject(names, "fixture.parcel.shipped");
    const maxBytes = 4096;
    const handled: string[] = [];
    const router = createRouter()
      .on(ScalarsRecordedSchema, (event) => void handled.push(event.id))
      .on(ParcelShippedSchema, (event) => void handled.push(event.parcelId));
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix });
    const ceHeaders = { "ce-specversion": "1.0", "ce-id": "e-garbage", "ce-source": "/tests", "ce-type": "fixture.scalars.recorded.v1", "content-type": "application/protobuf" };
    const good = async (id: string): Promise<void> => void (await publisher.publish(ScalarsRecordedSchema, { id }));
    const raw = async (subject: string, data: Uint8Array, given: Record<string, string | string[]>): Promise<number> => {
      const headers = natsHeaders();
      for (const [name, value] of Object.entries(given)) for (const one of [value].flat()) headers.append(name, one);
      return (await js.publish(subject, data, { headers })).seq;
    };
    const asCloudEvent = (envelope: ReturnType<typeof wrap>): Record<string, string> => ({ ...toMessage(envelope, "binary", fixtureEvents, { headerPrefix: "ce-" }).headers });

    await good("good-1");
    const garbage = await raw(scalars, new Uint8Array([0xff, 0xff, 0xff, 0x0f]), { ...ceHeaders, "x-trace": ["first", "second"] });
    await good("good-2");
    const noCe = await raw(scalars, new TextEncoder().encode("just some bytes"), { "x-origin": "legacy" });
    await good("good-3");
    // An event of a name the router has no handler for, on a subject the consumer reads.
    const unknownEnvelope = wrap(AccountOpenedSchema, { id: "unknown-1" }, { source: "/tests" });
    const unknown = await raw(scalars, toMessage(unknownEnvelope, "binary", fixtureEvents, { headerPrefix: "ce-" }).value, asCloudEvent(unknownEnvelope));
    const unsupported = (await publisher.publish(ParcelShippedV2Schema, { parcelId: "unsupported-1" })).sequence;
    await good("good-4");
    const oversized = await raw(scalars, new Uint8Array(maxBytes + 1).fill(0x20), { ...ceHeaders, "ce-id": "e-oversized" });
    await publisher.publish(ParcelShippedSchema, { parcelId: "good-5" });

    const deadLettered: DeadLetterInfo[] = [];
    const { consumer } = start({ ...prefixes, durable: "poison", router, limits: { maxBytes }, onDeadLetter: (info) => void deadLettered.push(info) });
    await until(() => handled.length === 5 && deadLettered.length === 5, 30_000, () => `${handled.length} handled, ${deadLettered.length} dead-lettered`);
    await consumer.stop();

    expect(handled.filter((id) => id !== "good-5")).toEqual(["good-1", "good-2", "good-3", "good-4"]);
    expect(handled).toContain("good-5");
    const letters = await streamMessages(jsm, deadLetterStream(names), 5);
    const code = (headers: (typeof letters)[number]["headers"]): string | undefined => headers?.get("protoevents-error-code");
    const byOrigin = [...letters].sort((a, b) => `${a.headers?.get("protoevents-original-topic")} ${Number(a.headers?.get("protoevents-original-offset")) + 1000}`.localeCompare(`${b.headers?.get("protoevents-original-topic")} ${Number(b.headers?.get("protoevents-original-offset")) + 1000}`));
    expect(byOrigin.map((m) => [m.subject, code(m.headers), m.headers?.get("protoevents-original-offset")])).toEqual([
      [`${prefixes.deadLetterPrefix}.${parcels}`, ErrorCode.UnsupportedVersion, String(unsupported)],
      [`${prefixes.deadLetterPrefix}.${scalars}`, ErrorCode.PayloadDecodeFailed, String(garbage)],
      [`${prefixes.deadLetterPrefix}.${scalars}`, ErrorCode.InvalidCloudEvent, String(noCe)],
      [`${prefixes.deadLetterPrefix}.${scalars}`, ErrorCode.UnknownEvent, String(unknown)],
      [`${prefixes.deadLetterPrefix}.${scalars}`, ErrorCode.LimitExceeded, String(oversized)],
    ]);
    const [, garbageLetter, noCeLetter, , oversizedLetter] = byOrigin;
    expect([...(garbageLetter?.data ?? [])]).toEqual([0xff, 0xff, 0xff, 0x0f]);
    expect(headerValues(garbageLetter?.headers, "x-trace")).toEqual(["first", "second"]);
    expect(garbageLetter?.headers?.get("ce-id")).toBe("e-garbage");
    expect(garbageLetter?.headers?.get("Nats-Msg-Id")).toBe(`dead-letter:${eventStream(names, "fixture.scalars.recorded")}:${garbage}`);
    expect(new TextDecoder().decode(noCeLetter?.data)).toBe("just some bytes");
    expect(noCeLetter?.headers?.get("x-origin")).toBe("legacy");
    expect(oversizedLetter?.data.length).toBe(maxBytes + 1);
    for (const letter of letters) {
      expect(letter.headers?.get("protoevents-original-topic")).toBe(letter.subject.slice(prefixes.deadLetterPrefix.length + 1));
      expect(letter.headers?.get("protoevents-original-partition")).toBe("0");
      expect(letter.headers?.get("protoevents-attempts")).toBe("0");
      expect(letter.headers?.get("protoevents-error-message")).toMatch(/^\[[A-Z_]+\] /);
    }
    expect(deadLettered.map((info) => `${info.code} ${info.deadLetterSubject} ${info.attempts}`).sort()).toEqual(letters.map((m) => `${code(m.headers)} ${m.subject} 0`).sort());
    // Terminated: nothing waits for an acknowledgement or a redelivery.
    const info = await jsm.consumers.info(eventStream(names, "fixture.scalars.recorded"), "poison");
    expect([info.num_ack_pending, info.num_pending]).toEqual([0, 0]);
  }, 90_000);

  it("are skipped, or stop the consumer unacknowledged, as the unknown-event policy says", async () => {
    const prefixes = await streamsFor("unknown_policy");
    const names = resolveNatsNames(prefixes, "test");
    const unknownEnvelope = wrap(AccountOpenedSchema, { id: "unknown" }, { source: "/tests" });
    const { headers, value } = toMessage(unknownEnvelope, "binary", fixtureEvents, { headerPrefix: "ce-" });
    const natsHeaderSet = natsHeaders();
    for (const [name, text] of Object.entries(headers)) natsHeaderSet.set(name, text);
    const unknownSeq = (await js.publish(eventSubject(names, "fixture.scalars.recorded"), value, { headers: natsHeaderSet })).seq;
    await createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix }).publish(ScalarsRecordedSchema, { id: "after" });

    const stoppedHandled: string[] = [];
    const stopped = start({ ...prefixes, durable: "policy", router: createRouter().on(ScalarsRecordedSchema, (event) => void stoppedHandled.push(event.id)), unknownEvents: "stop", ackWaitMs: 1000 });
    await expect(stopped.done).rejects.toBeInstanceOf(UnknownEventError);

    const handled: string[] = [];
    const skipped: string[] = [];
    const skipping = start({
      ...prefixes,
      durable: "policy",
      router: createRouter().on(ScalarsRecordedSchema, (event) => void handled.push(event.id)),
      unknownEvents: "skip",
      ackWaitMs: 1000,
      onSkip: (info) => void skipped.push(`${info.error.code} ${info.offset}`),
    });
    await until(() => handled.length >= 1 && skipped.length === 1, 30_000, () => `${handled.length} handled, ${skipped.length} skipped`);
    await skipping.consumer.stop();
    // The stopping consumer acknowledged nothing: the same durable read the unknown event again,
    // and the event after it (at least once: it may have been delivered to both).
    expect(stoppedHandled).toEqual([]);
    expect(skipped).toEqual([`UNKNOWN_EVENT ${unknownSeq}`]);
    expect(new Set(handled)).toEqual(new Set(["after"]));
    expect((await jsm.streams.info(deadLetterStream(names))).state.messages).toBe(0);
  }, 60_000);

  it("stop the consumer when the dead letter is not stored, the message neither acknowledged nor terminated, and it is dead-lettered once the stream exists", async () => {
    const prefixes = await streamsFor("no_dead_letter_stream");
    const names = resolveNatsNames(prefixes, "test");
    await jsm.streams.delete(deadLetterStream(names));
    const subject = eventSubject(names, "fixture.scalars.recorded");
    const seq = (await js.publish(subject, new TextEncoder().encode("not an event"))).seq;
    const router = createRouter().on(ScalarsRecordedSchema, () => undefined);
    const failed = start({ ...prefixes, durable: "refused", router, ackWaitMs: 1000 });
    await expect(failed.done).rejects.toThrow();

    await ensureStreams(jsm, fixtureEvents, prefixes);
    const deadLettered: DeadLetterInfo[] = [];
    const again = start({ ...prefixes, durable: "refused", router, ackWaitMs: 1000, onDeadLetter: (info) => void deadLettered.push(info) });
    await until(() => deadLettered.length === 1, 30_000);
    await again.consumer.stop();
    const [letter] = await streamMessages(jsm, deadLetterStream(names), 1);
    expect(letter?.headers?.get("protoevents-error-code")).toBe(ErrorCode.InvalidCloudEvent);
    expect(letter?.headers?.get("protoevents-original-offset")).toBe(String(seq));
  }, 60_000);
});

describe("a handler that throws", () => {
  it("runs again on the message's second delivery and is not dead-lettered when it succeeds", async () => {
    const prefixes = await streamsFor("retry_once");
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix });
    await publisher.publish(ScalarsRecordedSchema, { id: "flaky" });
    await publisher.publish(ScalarsRecordedSchema, { id: "steady" });

    const runs: string[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, (event, context) => {
      runs.push(`${event.id} ${context.attempt}`);
      if (event.id === "flaky" && context.attempt === 1) throw new Error("the database blinked");
    });
    const deadLettered: DeadLetterInfo[] = [];
    const { consumer } = start({ ...prefixes, durable: "retry", router, retry: quickRetry, onDeadLetter: (info) => void deadLettered.push(info) });
    await until(() => runs.length === 3, 30_000, () => runs.join(", "));
    await consumer.stop();
    // Other messages flow while one waits to be redelivered.
    expect(runs.slice(0, 1)).toEqual(["flaky 1"]);
    expect(runs.slice(1).sort()).toEqual(["flaky 2", "steady 1"]);
    expect(deadLettered).toEqual([]);
    expect((await jsm.streams.info(deadLetterStream(resolveNatsNames(prefixes, "test")))).state.messages).toBe(0);
  }, 60_000);

  it("ends in the dead-letter stream with HANDLER_FAILED after retries + 1 deliveries, and the next events are handled", async () => {
    const prefixes = await streamsFor("retry_always");
    const names = resolveNatsNames(prefixes, "test");
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix });
    const failing = await publisher.publish(ScalarsRecordedSchema, { id: "doomed" });
    await publisher.publish(ScalarsRecordedSchema, { id: "fine" });

    const runs: string[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, (event, context) => {
      runs.push(`${event.id} ${context.attempt}`);
      if (event.id === "doomed") throw new Error(`refused on run ${context.attempt}\nsecond line`);
    });
    const deadLettered: DeadLetterInfo[] = [];
    const { consumer } = start({ ...prefixes, durable: "always", router, retry: quickRetry, onDeadLetter: (info) => void deadLettered.push(info) });
    await until(() => deadLettered.length === 1 && runs.includes("fine 1"), 30_000, () => runs.join(", "));
    await consumer.stop();
    expect(runs.filter((run) => run.startsWith("doomed"))).toEqual(["doomed 1", "doomed 2", "doomed 3"]);
    const [letter] = await streamMessages(jsm, deadLetterStream(names), 1);
    expect(letter?.headers?.get("protoevents-error-code")).toBe("HANDLER_FAILED");
    expect(letter?.headers?.get("protoevents-error-message")).toBe("refused on run 3 second line");
    expect(letter?.headers?.get("protoevents-attempts")).toBe("3");
    expect(letter?.headers?.get("ce-id")).toBe(failing.envelope.eventId);
    expect(letter?.headers?.get("protoevents-original-offset")).toBe(String(failing.sequence));
    const info = await jsm.consumers.info(eventStream(names, "fixture.scalars.recorded"), "always");
    expect([info.num_ack_pending, info.num_pending]).toEqual([0, 0]);
  }, 60_000);
});

describe("stop()", () => {
  it("waits for the handler running, acknowledges its message, and the durable does not deliver it again", async () => {
    const prefixes = await streamsFor("stop");
    const names = resolveNatsNames(prefixes, "test");
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix });
    const slow = await publisher.publish(ScalarsRecordedSchema, { id: "slow" });

    const events: string[] = [];
    const first = start({
      ...prefixes,
      durable: "stopping",
      router: createRouter().on(ScalarsRecordedSchema, async (event) => {
        events.push(`start ${event.id}`);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        events.push(`end ${event.id}`);
      }),
    });
    await until(() => events.length === 1, 30_000);
    await first.consumer.stop();
    events.push("stopped");
    await first.done;
    expect(events).toEqual(["start slow", "end slow", "stopped"]);
    const info = await jsm.consumers.info(eventStream(names, "fixture.scalars.recorded"), "stopping");
    expect([info.ack_floor.stream_seq, info.num_ack_pending]).toEqual([slow.sequence, 0]);

    await publisher.publish(ScalarsRecordedSchema, { id: "next" });
    const second: string[] = [];
    const again = start({ ...prefixes, durable: "stopping", router: createRouter().on(ScalarsRecordedSchema, (event) => void second.push(event.id)) });
    await until(() => second.length >= 1, 30_000);
    await again.consumer.stop();
    expect(second).toEqual(["next"]);
  }, 60_000);
});

describe("a consumer process killed mid-stream", () => {
  const workDir = mkdtempSync(join(tmpdir(), "protoevents-nats-kill-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  function consumerProcess(prefixes: NatsNameOptions, durable: string, file: string): ConsumerProcess {
    return startConsumerProcess("test/nats/consume-to-file.ts", [server.url, JSON.stringify(prefixes), durable, file]);
  }

  it("loses nothing when restarted: every event is handled at least once", async () => {
    const prefixes = await streamsFor("killed");
    const count = 400;
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix });
    for (let i = 0; i < count; i++) await publisher.publish(ScalarsRecordedSchema, { id: `e-${i}` });

    const file = join(workDir, `${prefixes.streamPrefix}.ids`);
    const first = consumerProcess(prefixes, "killed", file);
    await until(() => handledIds(file).length >= 60, 60_000, () => `${handledIds(file).length} handled by the first process`);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const beforeRestart = handledIds(file).length;
    expect(beforeRestart).toBeLessThan(count);

    const second = consumerProcess(prefixes, "killed", file);
    await until(() => new Set(handledIds(file)).size === count, 90_000, () => `${new Set(handledIds(file)).size} of ${count} ids handled`);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    const ids = handledIds(file);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: count }, (_, i) => `e-${i}`)));
    const info = await jsm.consumers.info(eventStream(resolveNatsNames(prefixes, "test"), "fixture.scalars.recorded"), "killed");
    expect([info.num_ack_pending, info.num_pending]).toEqual([0, 0]);
    // Redelivered after the kill: at most what was delivered and not yet acknowledged.
    console.log(`killed after ${beforeRestart} events handled; ${ids.length - count} handled twice after the restart`);
  }, 180_000);
});

describe("ensureStreams", () => {
  it("makes a stream per event name with the limits its versions declare and the dead-letter stream, then updates them", async () => {
    const prefixes = uniquePrefixes("ensure");
    const names = resolveNatsNames(prefixes, "test");
    const made = await ensureStreams(jsm, fixtureEvents, prefixes);
    const eventNames = [...new Set(fixtureEvents.map((e) => e.name))];
    expect(made).toEqual([
      ...eventNames.map((name) => ({ name: eventStream(names, name), subjects: [eventSubject(names, name)], created: true })),
      { name: deadLetterStream(names), subjects: [`${prefixes.deadLetterPrefix}.>`], created: true },
    ]);
    const config = async (eventName: string) => (await jsm.streams.info(eventStream(names, eventName))).config;
    expect(await config("fixture.scalars.recorded")).toMatchObject({ storage: "file", retention: "limits", duplicate_window: 120_000_000_000, max_age: 0, max_msg_size: -1 });
    // parcel.shipped v1 declares 7 days and 64 KiB, v2 1 MiB and no max_age: the largest, none for the age.
    expect(await config("fixture.parcel.shipped")).toMatchObject({ max_age: 0, max_msg_size: 1_048_576 });
    expect((await jsm.streams.info(deadLetterStream(names))).config).toMatchObject({ max_age: 0, max_msg_size: -1 });

    const updated = await ensureStreams(jsm, fixtureV1Events, { ...prefixes, duplicateWindowMs: 30_000 });
    expect(updated.map((stream) => [stream.name, stream.created])).toEqual([
      ...[...new Set(fixtureV1Events.map((e) => e.name))].map((name) => [eventStream(names, name), false]),
      [deadLetterStream(names), false],
    ]);
    expect(await config("fixture.parcel.shipped")).toMatchObject({ max_age: 604_800_000_000_000, max_msg_size: 65_536, duplicate_window: 30_000_000_000 });
    expect(await config("fixture.scalars.recorded")).toMatchObject({ max_age: 0, max_msg_size: -1, duplicate_window: 30_000_000_000 });
  }, 60_000);
});

describe("the publisher's size check", () => {
  it("refuses a message over its version's max_bytes before sending, counting as the stream counts: one byte under is stored, one byte over the server refuses too", async () => {
    const prefixes = uniquePrefixes("size");
    const names = resolveNatsNames(prefixes, "test");
    // Only v1 of parcel.shipped: its stream's max_msg_size is v1's max_bytes, 65536.
    await ensureStreams(jsm, fixtureV1Events, prefixes);
    const stream = eventStream(names, "fixture.parcel.shipped");
    const publisher = createPublisher(nc, { source: "/tests/nats", subjectPrefix: prefixes.subjectPrefix, events: fixtureEvents });
    let serial = 0;
    // Ids and times of one length, so that only the note changes the size.
    const wrapOptions = () => ({ eventId: `event-${String(++serial).padStart(6, "0")}`, timestamp: 1_700_000_000_000 });
    const parcel = (noteLength: number) => ({ parcelId: "p-big", note: "n".repeat(noteLength) });

    const over = await publisher.publish(ParcelShippedSchema, parcel(70_000), wrapOptions()).catch((error: unknown) => error);
    expect(over).toBeInstanceOf(EventTooLargeError);
    expect(over).toMatchObject({ code: ErrorCode.EventTooLarge, eventName: "fixture.parcel.shipped", eventVersion: "v1", maxBytes: 65_536 });
    const fits = 70_000 - ((over as EventTooLargeError).size - 65_536);
    const exact = await publisher.publish(ParcelShippedSchema, parcel(fits), wrapOptions());
    expect(exact.duplicate).toBe(false);
    const oneOver = wrap(ParcelShippedSchema, parcel(fits + 1), { ...wrapOptions(), source: "/tests/nats" });
    await expect(publisher.publishEnvelope(oneOver)).rejects.toMatchObject({ code: ErrorCode.EventTooLarge, size: 65_537 });
    expect((await jsm.streams.info(stream)).state.messages).toBe(1);

    // The same message sent by the raw client: the stream refuses it (10054, over max_msg_size).
    const { headers, value } = toMessage(oneOver, "binary", fixtureEvents, { headerPrefix: "ce-" });
    const natsHeaderSet = natsHeaders();
    for (const [name, text] of Object.entries(headers)) natsHeaderSet.set(name, text);
    const refused = await js.publish(eventSubject(names, "fixture.parcel.shipped"), value, { msgID: oneOver.eventId, headers: natsHeaderSet }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(JetStreamApiError);
    expect((refused as JetStreamApiError).code).toBe(10054);
    // An event that declares no max_bytes is not checked: the stream's own limit is none.
    await expect(publisher.publish(ScalarsRecordedSchema, { id: "big", optionalValue: "x".repeat(200_000) })).resolves.toMatchObject({ duplicate: false });
  }, 60_000);
});

describe("the NATS benchmark (npm run bench:nats)", () => {
  it("bundles, runs under plain node against the server, and reports both variants and their ratio", async () => {
    // Beside the repository's node_modules, where the bundle finds the @nats-io clients, as .bench/ does.
    const bundle = join(import.meta.dirname, "..", "..", ".bench", `nats-rounds-${process.pid}.mjs`);
    await bundleNatsBench(bundle);
    const run = spawnSync(process.execPath, [bundle, "--server", server.url, "--events", "30", "--rounds", "1", "--concurrency", "10"], { encoding: "utf8", timeout: 120_000 });
    rmSync(bundle, { force: true });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\| raw @nats-io\/jetstream \(pre-encoded, acked\) \| [\d,]+ \| [\d,]+ \|$/m);
    expect(run.stdout).toMatch(/^\| protoevents \(publish \+ consumer \+ router\) \| [\d,]+ \| [\d,]+ \|$/m);
    expect(run.stdout).toMatch(/^\| protoevents time \/ raw client time \(median of rounds\) \| \d+\.\d\dx \| \d+\.\d\dx \|$/m);
  }, 180_000);
});

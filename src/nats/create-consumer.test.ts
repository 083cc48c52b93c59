// What the NATS binding refuses before it talks to a server; what it does with messages is tested
// against a real nats-server in test/nats/.
import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { ScalarsRecordedSchema } from "../../test/fixture-examples.js";
import { createRouter } from "../router/create-router.js";
import { createConsumer } from "./create-consumer.js";
import { createPublisher } from "./create-publisher.js";
import { ensureStreams } from "./ensure-streams.js";

// A connection that fails the test if the binding uses it at all.
const untouchable = new Proxy({} as NatsConnection, {
  get: (_, property) => {
    throw new Error(`the connection was used: ${String(property)}`);
  },
});
const router = createRouter().on(ScalarsRecordedSchema, () => undefined);

describe("createConsumer", () => {
  it("refuses a durable name JetStream would refuse", () => {
    for (const durable of ["", "a.b", "a b", "a*", "a>", "a/b"]) {
      expect(() => createConsumer(untouchable, { durable, router })).toThrow(`createConsumer: \`durable\` must be a consumer name`);
    }
  });

  it("refuses a policy that is none, a limit out of range, and a wait or a pending count that is not a positive whole number", () => {
    expect(() => createConsumer(untouchable, { durable: "d", router, retry: { retries: -1 } })).toThrow(RangeError);
    expect(() => createConsumer(untouchable, { durable: "d", router, unknownEvents: "drop" as "skip" })).toThrow(RangeError);
    expect(() => createConsumer(untouchable, { durable: "d", router, limits: { maxDepth: 101 } })).toThrow(RangeError);
    expect(() => createConsumer(untouchable, { durable: "d", router, ackWaitMs: 0 })).toThrow("createConsumer: `ackWaitMs` must be a positive whole number, got 0");
    expect(() => createConsumer(untouchable, { durable: "d", router, maxAckPending: 1.5 })).toThrow("createConsumer: `maxAckPending` must be a positive whole number, got 1.5");
    expect(() => createConsumer(untouchable, { durable: "d", router, subjectPrefix: "a.>" })).toThrow(TypeError);
  });

  it("rejects run() for a router that handles no event, before it uses the connection", async () => {
    await expect(createConsumer(untouchable, { durable: "d", router: createRouter() }).run()).rejects.toThrow("createConsumer: the router handles no event");
  });

  it("resolves run() at once when stopped before it runs", async () => {
    const consumer = createConsumer(untouchable, { durable: "d", router });
    await consumer.stop();
    await expect(consumer.run()).resolves.toBeUndefined();
  });

  it("runs once: a second run() rejects, as Python's raises", async () => {
    const consumer = createConsumer(untouchable, { durable: "d", router });
    await consumer.stop();
    await consumer.run();
    await expect(consumer.run()).rejects.toThrow("this consumer is already running or has run");
  });
});

describe("createPublisher", () => {
  it("refuses a subject prefix that is not subject tokens", () => {
    expect(() => createPublisher(untouchable, { source: "/s", subjectPrefix: "events.*" })).toThrow("createPublisher: `subjectPrefix` must be subject tokens");
  });
});

describe("ensureStreams", () => {
  const manager = untouchable as unknown as JetStreamManager;

  it("refuses a duplicate window that is not a positive whole number of milliseconds", async () => {
    await expect(ensureStreams(manager, [], { duplicateWindowMs: 0 })).rejects.toThrow(RangeError);
    await expect(ensureStreams(manager, [], { duplicateWindowMs: 0.5 })).rejects.toThrow("ensureStreams: `duplicateWindowMs` must be a positive whole number of milliseconds, got 0.5");
  });

  it("refuses a prefix that is not subject tokens", async () => {
    await expect(ensureStreams(manager, [], { streamPrefix: "a.b" })).rejects.toThrow("ensureStreams: `streamPrefix` must be one token");
  });
});

// The README's NATS JetStream example, examples/nats.ts, against a real nats-server
// (test/nats/nats-server.ts): it makes the streams, publishes a user.created v1, its handler prints
// the event, and the durable consumer "welcome-mailer" acknowledges it; nothing is dead-lettered.
// Skipped, as the README's other examples are, when they are not written for this repository's
// package names and events (examples/written-for.json).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examplesMismatch, examplesNotice } from "../../scripts/build/example-events.js";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { events } from "../../gen/ts/registry.js";
import { fromMessage } from "../../src/cloudevents/index.js";
import { startNats, type NatsServer } from "./nats-server.js";
import { streamMessages } from "./nats-test-kit.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const mismatch = examplesMismatch(root, loadPackageNames(root), events);
if (mismatch.length > 0) console.warn(examplesNotice(mismatch));

// What the example names, and what it prints for the event it handles.
const stream = "events-user-created";
const durable = "welcome-mailer";
const printed = "user.created v1: Ada Lovelace <ada@example.com>, aggregate u-1001\n";

let server: NatsServer;
let nc: NatsConnection;

describe.skipIf(mismatch.length > 0)("the README's NATS JetStream example on a real server", () => {
  beforeAll(async () => {
    server = await startNats();
    nc = await connect({ servers: server.url });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  }, 30_000);

  it("runs examples/nats.ts, which prints the event it published, as the README says, and acknowledges it", async () => {
    const { stdout } = await run(join(root, "node_modules", ".bin", "tsx"), ["examples/nats.ts"], { cwd: root, env: { ...process.env, NATS_URL: server.url }, timeout: 90_000 });
    expect(stdout).toBe(printed);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`${printed.trim()}\``);

    const jsm = await jetstreamManager(nc);
    const [stored] = await streamMessages(jsm, stream, 1);
    const headers = Object.fromEntries([...(stored?.headers ?? [])].map(([name, values]) => [name, values]));
    const envelope = fromMessage({ headers, value: stored?.data ?? new Uint8Array() }, { headerPrefix: "ce-" });
    expect([stored?.subject, envelope.eventName, envelope.eventVersion, envelope.source, envelope.aggregateId]).toEqual(["events.user.created", "user.created", "v1", "/services/identity", "u-1001"]);
    expect(stored?.headers?.get("Nats-Msg-Id")).toBe(envelope.eventId);
    const info = await jsm.consumers.info(stream, durable);
    expect([info.ack_floor.stream_seq, info.num_ack_pending, info.num_pending]).toEqual([1, 0, 0]);
    expect((await jsm.streams.info("events-dead-letter")).state.messages).toBe(0);
  }, 120_000);
});

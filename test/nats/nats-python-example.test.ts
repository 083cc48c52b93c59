// The README's Python NATS example, examples/python/jetstream.py (not nats.py: a script of that
// name would shadow the nats package it imports), against a real nats-server with
// JetStream (test/nats/nats-server.ts): it makes the streams, publishes a user.created v1, its
// handler prints the event, and its message is acknowledged; nothing is dead-lettered. It passes
// mypy --strict on the installed wheel. Skipped, as the README's other examples are, when they are
// not written for this repository's package names and events (examples/written-for.json).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { examplesMismatch, examplesNotice } from "../../scripts/build/example-events.js";
import { ensureTestVenv, venvPython } from "../../scripts/build/python-venvs.js";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { events } from "../../gen/ts/registry.js";
import { startNats, type NatsServer } from "./nats-server.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const mismatch = examplesMismatch(root, loadPackageNames(root), events);
if (mismatch.length > 0) console.warn(examplesNotice(mismatch));

const printed = "user.created v1: Ada Lovelace <ada@example.com>, aggregate u-1001\n";

let server: NatsServer;
let python: string;
let workDir: string;

describe.skipIf(mismatch.length > 0)("the README's Python NATS example on a real server", () => {
  beforeAll(async () => {
    python = venvPython(ensureTestVenv("latest"));
    server = await startNats();
    // Run outside the repository, so that only the installed wheel provides the package.
    workDir = mkdtempSync(join(tmpdir(), "protoevents-nats-examples-"));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  it("runs examples/python/jetstream.py, which prints the event it published and acknowledges it", async () => {
    const { stdout } = await run(python, [join(root, "examples", "python", "jetstream.py")], { cwd: workDir, env: { ...process.env, NATS_URL: server.url }, timeout: 90_000 });
    expect(stdout).toBe(printed);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`${printed.trim()}\``);

    const nc = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = await jsm.streams.info("events-user-created");
      expect([stream.config.subjects, stream.state.messages]).toEqual([["events.user.created"], 1]);
      const consumer = await jsm.consumers.info("events-user-created", "welcome-mailer");
      expect([consumer.ack_floor.stream_seq, consumer.num_ack_pending, consumer.num_pending]).toEqual([1, 0, 0]);
      expect((await jsm.streams.info("events-dead-letter")).state.messages).toBe(0);
    } finally {
      await nc.close();
    }
  }, 120_000);

  it("type-checks examples/python/jetstream.py with mypy --strict against the installed wheel", async () => {
    const script = join(root, "examples", "python", "jetstream.py");
    const { stdout } = await run(python, ["-m", "mypy", "--strict", "--no-incremental", script], { cwd: workDir, timeout: 120_000 });
    expect(stdout).toContain("Success: no issues found in 1 source file");
  }, 150_000);
});

// The README's Kafka examples, examples/kafka.ts and examples/python/kafka.py, against a real
// broker (test/kafka/kafka-broker.ts): one after the other, on the topic and in the consumer group
// they name, each publishes a user.created v1, its handler prints the event, and its offset is
// committed; nothing is dead-lettered. The Python one passes mypy --strict on the installed wheel.
// Skipped, as the README's other examples are, when they are not written for this repository's
// package names and events (examples/written-for.json).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { examplesMismatch, examplesNotice } from "../../scripts/build/example-events.js";
import { ensureTestVenv, venvPython } from "../../scripts/build/python-venvs.js";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { events } from "../../gen/ts/registry.js";
import { fromMessage } from "../../src/cloudevents/index.js";
import { startKafka, type KafkaBroker } from "./kafka-broker.js";
import { createTopics, kafkaClient, readRecords } from "./kafka-test-kit.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const mismatch = examplesMismatch(root, loadPackageNames(root), events);
if (mismatch.length > 0) console.warn(examplesNotice(mismatch));

// What both examples name, and what each prints for the event it handles.
const topic = "users";
const group = "welcome-mailer";
const printed = "user.created v1: Ada Lovelace <ada@example.com>, aggregate u-1001\n";

let broker: KafkaBroker;
let kafka: Kafka;
let python: string;
let workDir: string;

/** The examples' environment: the test broker, and kafkajs's logs (JSON on stdout) down to errors. */
function exampleEnv(): NodeJS.ProcessEnv {
  return { ...process.env, KAFKA_BOOTSTRAP: broker.bootstrap, KAFKAJS_LOG_LEVEL: "error" };
}

describe.skipIf(mismatch.length > 0)("the README's Kafka examples on a real broker", () => {
  beforeAll(async () => {
    python = venvPython(ensureTestVenv("latest"));
    broker = await startKafka(120_000);
    kafka = kafkaClient(broker.bootstrap);
    await createTopics(kafka, [topic, `${topic}.dead-letter`]);
    // The Python example runs outside the repository, so that only the installed wheel provides the package.
    workDir = mkdtempSync(join(tmpdir(), "protoevents-kafka-examples-"));
  }, 300_000);

  afterAll(async () => {
    await broker?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  it("runs examples/kafka.ts, which prints the event it published, as the README says", async () => {
    const { stdout } = await run(join(root, "node_modules", ".bin", "tsx"), ["examples/kafka.ts"], { cwd: root, env: exampleEnv(), timeout: 90_000 });
    expect(stdout).toBe(printed);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`${printed.trim()}\``);
  }, 120_000);

  it("runs examples/python/kafka.py next, in the same group: it prints the event it published, and the group has committed both", async () => {
    const { stdout } = await run(python, [join(root, "examples", "python", "kafka.py")], { cwd: workDir, env: exampleEnv(), timeout: 90_000 });
    expect(stdout).toBe(printed);

    const records = await readRecords(kafka, topic, 2);
    const envelopes = records.map((record) => fromMessage({ headers: record.headers, value: record.value ?? new Uint8Array() }));
    expect(records.map((record) => [record.key, record.offset])).toEqual([
      ["u-1001", "0"],
      ["u-1001", "1"],
    ]);
    expect(envelopes.map((e) => [e.eventName, e.eventVersion, e.source, e.aggregateId])).toEqual([
      ["user.created", "v1", "/services/identity", "u-1001"],
      ["user.created", "v1", "/services/identity", "u-1001"],
    ]);
    expect(new Set(envelopes.map((e) => e.eventId)).size).toBe(2);
    // Had the TypeScript example left its record uncommitted, the Python one would have handled it
    // again and stopped, committing offset 1.
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.fetchOffsets({ groupId: group, topics: [topic] })).toEqual([{ topic, partitions: [{ partition: 0, offset: "2", metadata: null }] }]);
      expect(await admin.fetchTopicOffsets(`${topic}.dead-letter`)).toMatchObject([{ partition: 0, offset: "0" }]);
    } finally {
      await admin.disconnect();
    }
  }, 120_000);

  it("type-checks examples/python/kafka.py with mypy --strict against the installed wheel", async () => {
    const script = join(root, "examples", "python", "kafka.py");
    const { stdout } = await run(python, ["-m", "mypy", "--strict", "--no-incremental", script], { cwd: workDir, timeout: 120_000 });
    expect(stdout).toContain("Success: no issues found in 1 source file");
  }, 150_000);
});

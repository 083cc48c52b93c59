// The benchmark in bench/ is run by `npm run bench`, not by the tests: these only prove that it
// bundles, runs under plain node and measures operations that do their job.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AllocationMeasurement } from "../bench/allocation.js";
import { checkTasks, type BenchTask } from "../bench/bench-task.js";
import { bundleBench } from "../bench/bundle.js";
import { oneEventBundleSizes } from "../bench/bundle-size.js";
import { decodeUnwrap, envelopeTasks, rawDecode } from "../bench/envelope-tasks.js";
import { readGoals, type GoalResult } from "../bench/goals.js";
import { largeDecodeUnwrap, largeDecodeUnwrapShared, largePayloadTasks, largeRawEncode, largeWrapEncode } from "../bench/large-payload-tasks.js";
import { peekTasks } from "../bench/peek-task.js";
import { protobufjsRoundTripFixed, protobufjsTaskNames, protoeventsRoundTripFixed } from "../bench/protobufjs-tasks.js";
import { median, rotate, type TaskMeasurement } from "../bench/rounds.js";

const workDir = mkdtempSync(join(tmpdir(), "protoevents-bench-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function taskNamed(tasks: readonly BenchTask[], name: string): BenchTask {
  const task = tasks.find((t) => t.name === name);
  if (task === undefined) throw new Error(`the benchmark has no task "${name}"`);
  return task;
}

const bundle = join(workDir, "envelope.bench.mjs");

describe("envelope benchmark", () => {
  beforeAll(() => bundleBench(bundle));

  it("generates protobufjs static code, bundles with esbuild, runs under plain node, and every task gives a correct result", () => {
    const run = spawnSync(process.execPath, [bundle, "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const names = [...envelopeTasks().map((task) => task.name), ...protobufjsTaskNames, ...[...peekTasks(), ...largePayloadTasks()].map((task) => task.name)];
    expect(run.stdout.trim().split("\n")).toEqual(names.map((name) => `ok ${name}`));
  });

  it("measures what the large-payload tasks allocate, in a process with --expose-gc", () => {
    const run = spawnSync(process.execPath, ["--expose-gc", "--single-threaded", bundle, "--allocation"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const allocations = JSON.parse(run.stdout) as AllocationMeasurement[];
    expect(allocations.map((a) => a.name)).toEqual(largePayloadTasks().map((task) => task.name));
    // Encoding writes the 1 MiB payload at least twice: its own bytes, then the envelope's.
    for (const name of [largeRawEncode, largeWrapEncode]) expect(allocations.find((a) => a.name === name)?.bytes).toBeGreaterThan(2 * 1024 * 1024);
    // Decoding copies the megabyte by default; with shareMemory it copies nothing, as raw protobuf-es.
    expect(allocations.find((a) => a.name === largeDecodeUnwrap)?.bytes).toBeGreaterThan(1024 * 1024);
    expect(allocations.find((a) => a.name === largeDecodeUnwrapShared)?.bytes).toBeLessThan(256 * 1024);
  });

  it("refuses to measure allocation without --expose-gc", () => {
    const run = spawnSync(process.execPath, [bundle, "--allocation"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("measuring allocation needs node --expose-gc");
  });

  it("refuses to time a task whose result is wrong", () => {
    const tasks = envelopeTasks();
    const decode = taskNamed(tasks, "decodeEnvelope + unwrap, all fixture events");
    const broken = tasks.map((task) =>
      task === decode ? { ...task, op: () => ({ ...(decode.op() as object), name: "fixture.account.closed" }) } : task,
    );
    expect(() => checkTasks(broken)).toThrow('task "decodeEnvelope + unwrap, all fixture events" gave a wrong result: unwrapped fixture.account.closed v1');
  });

  it("refuses a task whose baseline is not a task", () => {
    const orphan = { ...taskNamed(envelopeTasks(), "wrap"), baseline: "no such task" };
    expect(() => checkTasks([orphan])).toThrow('task "wrap": its baseline "no such task" is not a task');
  });
});

describe("the one-event browser bundle", () => {
  it("bundles wrap, encodeEnvelope, decodeEnvelope, unwrap and one event schema, minified and gzipped, and raw protobuf-es's bundles of the same event", async () => {
    const { app, rawBinary, rawWithJson } = await oneEventBundleSizes();
    // protobuf-es's runtime alone is over 10 kB gzipped; gzip shrinks minified code by more than half.
    for (const size of [app, rawBinary, rawWithJson]) {
      expect(size.gzipBytes).toBeGreaterThan(10_000);
      expect(size.gzipBytes).toBeLessThan(size.minifiedBytes / 2);
    }
    // Each bundle holds what the one before it holds, and more.
    expect(rawWithJson.minifiedBytes).toBeGreaterThan(rawBinary.minifiedBytes);
    expect(app.minifiedBytes).toBeGreaterThan(rawWithJson.minifiedBytes);
  });
});

function measurement(name: string, baseline: string | undefined, opsPerSecondByRound: number[]): TaskMeasurement {
  return { name, baseline, opsPerSecond: median(opsPerSecondByRound), ratio: 1, ratioRange: [1, 1], opsPerSecondByRound, ratioByRound: [] };
}

function goalNamed(goals: readonly GoalResult[], prefix: string): GoalResult {
  const goal = goals.find((g) => g.goal.startsWith(prefix));
  if (goal === undefined) throw new Error(`no goal "${prefix}..."`);
  return goal;
}

describe("goals", () => {
  const tasks = [
    measurement(protobufjsRoundTripFixed, undefined, [100, 100, 100]),
    measurement(protoeventsRoundTripFixed, protobufjsRoundTripFixed, [150, 120, 130]),
    measurement(rawDecode, undefined, [100, 100, 100]),
    measurement(decodeUnwrap, rawDecode, [100, 80, 90]),
  ];
  const goals = readGoals({ tasks, allocations: [], bundle: { minifiedBytes: 90_000, gzipBytes: 27_401 } });

  it("reads a speed as the reference's time over the task's, round by round, and meets it at or above the limit", () => {
    const speed = goalNamed(goals, "round trip, speed relative to protobufjs static code (id and timestamp given");
    expect(speed.value).toBeCloseTo(1.3);
    expect(speed.range).toEqual([1.2, 1.5]);
    expect(speed.met).toBe(true);
  });

  it("reads a time as the task's time over the reference's and meets it at or below the limit", () => {
    const decode = goalNamed(goals, "decodeEnvelope + unwrap vs raw");
    expect(decode.value).toBeCloseTo(100 / 90);
    expect(decode.met).toBe(false);
  });

  it("leaves goals without measurements neither met nor not, and says why", () => {
    const peek = goalNamed(goals, "peekEnvelope");
    expect(peek.met).toBeUndefined();
    expect(peek.note).toBe("src/index.ts does not export peekEnvelope");
    expect(goalNamed(goals, "1 MiB payload: wrap + encodeEnvelope vs raw protobuf-es, bytes").note).toBe("allocation was not measured");
  });

  it("holds the bundle to 27,400 bytes gzipped", () => {
    expect(goalNamed(goals, "one event in a browser bundle").met).toBe(false);
    const fits = readGoals({ tasks, allocations: [], bundle: { minifiedBytes: 90_000, gzipBytes: 27_400 } });
    expect(goalNamed(fits, "one event in a browser bundle").met).toBe(true);
  });
});

describe("round statistics", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow("the median of no values is undefined");
  });

  it("rotates the task order by any amount", () => {
    expect(rotate(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(rotate(["a", "b", "c"], 5)).toEqual(["c", "a", "b"]);
    expect(rotate(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
  });
});

describe("import-time benchmark", () => {
  it("imports every variant in fresh processes, as ESM and CJS, and reports each against one subpath", () => {
    const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
    const run = spawnSync(tsx, [join(import.meta.dirname, "..", "bench", "import-time", "run.ts"), "--rounds", "1"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const rows = run.stdout.split("\n").filter((line) => /^\| (ESM|CJS) \|/.test(line));
    const variants = ["@bufbuild/protobuf alone", "one subpath", "root", "every event"];
    expect(rows.map((row) => row.split(" | ")[1]?.replace(/ \(.*\)$/, ""))).toEqual([...variants, ...variants]);
    for (const row of rows) expect(row).toMatch(/\| \d+\.\d ms \| \d+\.\d\dx \|$/);
    expect(rows.filter((row) => row.includes("one subpath")).every((row) => row.endsWith("| 1.00x |"))).toBe(true);
  });
});

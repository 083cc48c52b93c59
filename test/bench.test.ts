// The benchmark in bench/ is run by `npm run bench`, not by the tests: these only prove that it
// bundles, runs under plain node and measures operations that do their job.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkTasks, type BenchTask } from "../bench/bench-task.js";
import { bundleBench } from "../bench/bundle.js";
import { envelopeTasks } from "../bench/envelope-tasks.js";
import { median, rotate } from "../bench/rounds.js";

const workDir = mkdtempSync(join(tmpdir(), "protoevents-bench-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function taskNamed(tasks: readonly BenchTask[], name: string): BenchTask {
  const task = tasks.find((t) => t.name === name);
  if (task === undefined) throw new Error(`the benchmark has no task "${name}"`);
  return task;
}

describe("envelope benchmark", () => {
  it("bundles with esbuild, runs under plain node, and every task gives a correct result", async () => {
    const bundle = join(workDir, "envelope.bench.mjs");
    await bundleBench(bundle);
    const run = spawnSync(process.execPath, [bundle, "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(envelopeTasks().map((task) => `ok ${task.name}`));
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

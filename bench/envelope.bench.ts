// Entry of the envelope benchmark. bench/run.ts bundles it with esbuild and runs the bundle
// under plain node, so no TypeScript loader runs in the timed process.
//   --check                  run every task once, check its result, print the task names, exit
//   --rounds <n>             rounds in this process (default 7)
//   --time <ms>              time budget per task and round (default 400)
//   --out <file>             also write the results as JSON to this file
//   --bundle-minified <n>    the one-event browser bundle's size, minified (bench/run.ts measures it)
//   --bundle-gzip <n>        the same gzipped, for the bundle-size goal
//   --allocation             only measure what the large-payload tasks allocate, print it as JSON
//                            (the timing run starts itself so, in a process of its own: see below)
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { allocatedBytes, type AllocationMeasurement } from "./allocation.js";
import { checkTasks, type BenchTask } from "./bench-task.js";
import type { BundleSize } from "./bundle-size.js";
import { envelopeFixtureSizes, envelopeTasks } from "./envelope-tasks.js";
import { readGoals } from "./goals.js";
import { largePayloadSizes, largePayloadTasks } from "./large-payload-tasks.js";
import { peekTasks } from "./peek-task.js";
import * as protobufjsStatic from "./protobufjs-static.js";
import { protobufjsTasks } from "./protobufjs-tasks.js";
import { formatGoals, formatResults, type BenchResults } from "./report.js";
import { median, runRounds, type TaskMeasurement } from "./rounds.js";

const opsPerSample = 100;
const warmupMs = 100;
const allocationRepetitions = 9;

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${flag} must be a positive whole number, got "${text}"`);
  return value;
}

function bundleSize(minified: string | undefined, gzip: string | undefined): BundleSize | undefined {
  if (minified === undefined || gzip === undefined) return undefined;
  return { minifiedBytes: positiveInteger("bundle-minified", minified), gzipBytes: positiveInteger("bundle-gzip", gzip) };
}

function measureAllocations(tasks: readonly BenchTask[]): AllocationMeasurement[] {
  return tasks.map((task) => {
    const bytesByRepetition = allocatedBytes(task.op, allocationRepetitions);
    return { name: task.name, bytes: median(bytesByRepetition), bytesByRepetition };
  });
}

/**
 * Measures allocation in a child process of this bundle: with --expose-gc to collect before each
 * reading, and --single-threaded so that a collection has swept everything, array buffers
 * included, when it returns, and optimized code is installed when it is compiled. By default V8
 * does both on background threads, and the heap and external memory then jump in the middle of
 * a measured call (by a megabyte, or by the 240 kB of a code object). The timed process keeps
 * V8's defaults.
 */
function allocationsInChild(): AllocationMeasurement[] {
  const script = process.argv[1];
  if (script === undefined) throw new Error("cannot tell which script this process runs");
  const child = spawnSync(process.execPath, ["--expose-gc", "--single-threaded", script, "--allocation"], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`measuring allocation failed: ${child.stderr || child.error?.message || `exit ${child.status}`}`);
  return JSON.parse(child.stdout) as AllocationMeasurement[];
}

function main(): void {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      rounds: { type: "string", default: "7" },
      time: { type: "string", default: "400" },
      out: { type: "string" },
      "bundle-minified": { type: "string" },
      "bundle-gzip": { type: "string" },
      allocation: { type: "boolean", default: false },
    },
  });
  const small = [...envelopeTasks(), ...protobufjsTasks(protobufjsStatic), ...peekTasks()];
  const large = largePayloadTasks();
  if (values.allocation) {
    console.log(JSON.stringify(measureAllocations(large)));
    return;
  }
  const names = checkTasks([...small, ...large]);
  if (values.check) {
    for (const name of names) console.log(`ok ${name}`);
    return;
  }

  const rounds = positiveInteger("rounds", values.rounds);
  const timeMs = positiveInteger("time", values.time);
  const bundle = bundleSize(values["bundle-minified"], values["bundle-gzip"]);
  console.log(`envelope benchmark: allocation of the ${large.length} large-payload tasks, ${allocationRepetitions} times each, in a child process`);
  const allocations = allocationsInChild();
  // The large payload's tasks leave megabytes of garbage that the next task pays for: in rounds
  // of their own, they disturb no small task.
  const measured: TaskMeasurement[] = [];
  for (const [group, tasks] of [
    ["small event", small],
    ["1 MiB payload", large],
  ] as const) {
    console.log(`envelope benchmark, ${group}: ${tasks.length} tasks, ${rounds} rounds of about ${Math.round((tasks.length * (timeMs + warmupMs)) / 1000)} s`);
    const options = { rounds, opsPerSample, timeMs, warmupMs, onRound: (round: number) => console.log(`  round ${round}/${rounds} done`) };
    measured.push(...runRounds(tasks, options));
  }
  const results: BenchResults = {
    benchmark: "envelope (fixture.account.opened v1)",
    date: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
      execArgv: process.execArgv,
    },
    method: { rounds, opsPerSample, timeMs, warmupMs, statistic: "median over rounds of per-round medians and ratios" },
    sizes: { ...envelopeFixtureSizes, ...largePayloadSizes },
    tasks: measured,
    allocations,
    bundle,
    goals: readGoals({ tasks: measured, allocations, bundle }),
  };
  console.log(`\n${formatResults(results)}\n\n${formatGoals(results)}`);
  if (values.out !== undefined) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results written to ${values.out}`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

// Entry of the envelope benchmark. bench/run.ts bundles it with esbuild and runs the bundle
// under plain node, so no TypeScript loader runs in the timed process.
//   --check           run every task once, check its result, print the task names, exit
//   --rounds <n>      rounds in this process (default 7)
//   --time <ms>       time budget per task and round (default 400)
//   --out <file>      also write the results as JSON to this file
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { checkTasks } from "./bench-task.js";
import { envelopeFixtureSizes, envelopeTasks } from "./envelope-tasks.js";
import { formatResults, type BenchResults } from "./report.js";
import { runRounds } from "./rounds.js";

const opsPerSample = 100;
const warmupMs = 100;

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${flag} must be a positive whole number, got "${text}"`);
  return value;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      rounds: { type: "string", default: "7" },
      time: { type: "string", default: "400" },
      out: { type: "string" },
    },
  });
  const tasks = envelopeTasks();
  const names = checkTasks(tasks);
  if (values.check) {
    for (const name of names) console.log(`ok ${name}`);
    return;
  }

  const rounds = positiveInteger("rounds", values.rounds);
  const timeMs = positiveInteger("time", values.time);
  console.log(`envelope benchmark: ${tasks.length} tasks, ${rounds} rounds of about ${Math.round((tasks.length * (timeMs + warmupMs)) / 1000)} s`);
  const measured = runRounds(tasks, {
    rounds,
    opsPerSample,
    timeMs,
    warmupMs,
    onRound: (round) => console.log(`  round ${round}/${rounds} done`),
  });
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
    sizes: envelopeFixtureSizes,
    tasks: measured,
  };
  console.log(`\n${formatResults(results)}`);
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

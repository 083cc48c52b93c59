// `npm run bench:scale`: how long `npm run build` takes, and how much memory each step needs,
// for an organisation of many domains. It copies the repository to a temp folder, generates
// the domains there, and runs the build in the copy. See bench/scale/README.md.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateProtos, type ScaleShape } from "./generate-protos.js";
import { copyWorkingTree } from "../../scripts/lib/working-tree.js";
import { treeSampler, type TreeSample } from "./process-tree-usage.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const sampleEveryMs = 500;

/** One line of the task runner's PROTOEVENTS_STEP_REPORT file. */
interface StepTime {
  readonly title: string;
  readonly start: number;
  readonly end: number;
}

interface BuildRun {
  readonly status: number;
  readonly start: number;
  readonly end: number;
  readonly samples: readonly TreeSample[];
  readonly steps: readonly StepTime[];
}

function options(): ScaleShape & { keep: boolean; runs: number } {
  const { values } = parseArgs({
    options: {
      domains: { type: "string", default: "100" },
      events: { type: "string", default: "10" },
      versions: { type: "string", default: "2" },
      runs: { type: "string", default: "1" },
      keep: { type: "boolean", default: false },
    },
  });
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
    return n;
  };
  return {
    domains: positive("domains", values.domains),
    events: positive("events", values.events),
    versions: positive("versions", values.versions),
    runs: positive("runs", values.runs),
    keep: values.keep,
  };
}

/**
 * Copies the repository's files (tracked, and untracked but not ignored: the working tree as
 * it is) into `work`, links the installed toolchain in, installs node_modules from pnpm's
 * store, and commits the whole as release v0.0.0 so that the breaking gate has a release
 * to compare against, as it has in an adopter's repository.
 */
function prepareCopy(work: string, shape: ScaleShape): number {
  copyWorkingTree(repoRoot, work);
  // The build only reads .tools (pnpm) and .venv (checked by its stamp, unchanged): link them.
  for (const dir of [".tools", ".venv"]) {
    if (!existsSync(join(repoRoot, dir))) throw new Error(`${dir}/ is missing: run \`npm run build\` in the repository first`);
    symlinkSync(join(repoRoot, dir), join(work, dir));
  }
  const written = generateProtos(join(work, "proto"), shape);
  const pnpm = join(repoRoot, ".tools", "node_modules", "pnpm", "bin", "pnpm.cjs");
  execFileSync(process.execPath, [pnpm, "install", "--frozen-lockfile", "--offline", "--reporter=silent"], { cwd: work, stdio: "inherit" });
  const git = (...args: string[]): void => {
    execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd: work, stdio: "ignore" });
  };
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "scale benchmark");
  git("tag", "v0.0.0");
  return written;
}

/** Runs `npm run build` in `work`, sampling the memory of its process tree. */
function build(work: string, log: string): Promise<BuildRun> {
  const report = join(work, ".bench-steps.jsonl");
  rmSync(report, { force: true });
  const samples: TreeSample[] = [];
  const start = Date.now();
  const child = spawn("npm", ["run", "build"], {
    cwd: work,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PROTOEVENTS_STEP_REPORT: report },
  });
  const output: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
  const sample = treeSampler(child.pid ?? 0);
  const timer = setInterval(() => samples.push(sample()), sampleEveryMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      clearInterval(timer);
      writeFileSync(log, Buffer.concat(output));
      const steps = existsSync(report)
        ? readFileSync(report, "utf8")
            .trim()
            .split("\n")
            .filter((line) => line !== "")
            .map((line) => JSON.parse(line) as StepTime)
        : [];
      resolve({ status: status ?? 1, start, end: Date.now(), samples, steps });
    });
  });
}

/** Wall seconds, CPU seconds and peak memory of the tree between two times. */
function usage(samples: readonly TreeSample[], from: number, to: number): [string, string, string] {
  const inside = samples.filter((s) => s.time >= from && s.time <= to);
  const cpuAt = (time: number): number => samples.filter((s) => s.time <= time).at(-1)?.cpuSeconds ?? 0;
  const cpu = cpuAt(to) - cpuAt(from);
  const peak = inside.reduce((max, s) => Math.max(max, s.bytes), 0);
  return [((to - from) / 1000).toFixed(1), cpu.toFixed(1), mb(peak)];
}

function printTable(run: BuildRun): void {
  const rows: [string, string, string, string][] = [];
  const firstStart = run.steps[0]?.start ?? run.end;
  rows.push(["bootstrap (pnpm install, tsx start)", ...usage(run.samples, run.start, firstStart)]);
  for (const step of run.steps) rows.push([step.title, ...usage(run.samples, step.start, step.end)]);
  const lastEnd = run.steps.at(-1)?.end ?? run.start;
  if (run.status !== 0) rows.push([`FAILED: the step after the last one above, exit status ${run.status}`, ...usage(run.samples, lastEnd, run.end)]);
  rows.push(["whole `npm run build`", ...usage(run.samples, run.start, run.end)]);
  const width = Math.max(...rows.map(([title]) => title.length));
  console.log(`\n| ${"step".padEnd(width)} | wall s | CPU s | peak MB |`);
  console.log(`| ${"-".repeat(width)} | -----: | ----: | ------: |`);
  for (const [title, wall, cpu, memory] of rows) {
    console.log(`| ${title.padEnd(width)} | ${wall.padStart(6)} | ${cpu.padStart(5)} | ${memory.padStart(7)} |`);
  }
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

const shape = options();
const work = mkdtempSync(join(tmpdir(), "protoevents-scale-"));
try {
  console.log(`▶ bench:scale: copying the repository to ${work}`);
  const written = prepareCopy(work, shape);
  console.log(`▶ bench:scale: ${shape.domains} domains x ${shape.versions} versions, ${written} event contracts generated`);
  for (let i = 1; i <= shape.runs; i++) {
    console.log(`▶ bench:scale: npm run build, run ${i} of ${shape.runs} (memory: summed PSS of the process tree, sampled every ${sampleEveryMs} ms; CPU: user+system of the tree)`);
    const log = join(work, `build-${i}.log`);
    const run = await build(work, log);
    if (run.status !== 0) console.error(readFileSync(log, "utf8"));
    printTable(run);
    if (run.status !== 0) {
      console.error(`✘ bench:scale: npm run build failed with exit status ${run.status} (log: ${log})`);
      process.exitCode = run.status;
      break;
    }
  }
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  console.log(`\nthe benchmark's own CPU time (copy, generation, memory sampling): ${((userCPUTime + systemCPUTime) / 1e6).toFixed(1)} s`);
} finally {
  if (shape.keep || process.exitCode !== undefined) console.log(`\nthe copy stays in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { hasExitStatus, statusError } from "../lib/exit-status.mjs";
import { root } from "../lib/repository-root.js";

/**
 * One step of a task: a title to print and the work. A step fails by throwing (or rejecting);
 * a failed command throws an error with its exit `status`.
 */
export interface Step {
  readonly title: string;
  readonly run: () => void | Promise<void>;
}

/**
 * Runs a command in the repository root with node_modules/.bin first on PATH
 * (buf finds its plugins there), its output going to ours.
 *
 * @throws the child_process error, with `status`, when the command fails.
 */
export function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  execFileSync(command, args, { cwd: root, stdio: "inherit", env: commandEnv(env) });
}

/**
 * Runs a command like {@link exec}, but keeps its output (stdout, then stderr) to
 * itself unless it fails: a build that succeeds prints each step in a line or two.
 *
 * @throws the child_process error, with `status`, when the command fails, after printing its output.
 */
export function execQuiet(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, { cwd: root, env: commandEnv(env), stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  if (result.error !== undefined) throw result.error;
  if (result.status === 0) return;
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  throw statusError(`${command} ${args.join(" ")} failed with exit status ${result.status ?? result.signal}`, result.status ?? 1);
}

function commandEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...env, PATH: `${join(root, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` };
}

/** Thrown by {@link runStep} when a step's command or check failed with an exit status. */
export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`step "${step}" failed with exit status ${status}`);
  }
}

/**
 * Runs one step of `task`, the one step runner of the build, the tests and the release: prints
 * `▶ <label> <title>`, runs it, prints how long it took, and appends a line to the file named by
 * PROTOEVENTS_STEP_REPORT (bench/scale measures each step's memory from it).
 *
 * @throws {StepFailed} when the step failed with an exit status (a command or check); what
 *   else it throws, as it is.
 */
export async function runStep(task: string, label: string, step: Step): Promise<void> {
  console.log(`\n▶ ${label} ${step.title}`);
  const t0 = Date.now();
  try {
    await step.run();
  } catch (error) {
    if (hasExitStatus(error)) throw new StepFailed(step.title, error.status);
    throw error;
  }
  console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const report = process.env["PROTOEVENTS_STEP_REPORT"];
  if (report) appendFileSync(report, `${JSON.stringify({ task, title: step.title, start: t0, end: Date.now() })}\n`);
}

/**
 * Runs the steps of `task` in order, numbered (`▶ build [3/12] ...`), stopping at the first
 * failure, then prints the task's time.
 *
 * @throws {StepFailed} as {@link runStep} does.
 */
export async function runSteps(task: string, steps: readonly Step[]): Promise<void> {
  const started = Date.now();
  for (const [i, step] of steps.entries()) await runStep(task, `${task} [${i + 1}/${steps.length}]`, step);
  console.log(`\n✔ ${task} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

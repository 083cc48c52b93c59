// The task runner behind `npm run build` and `npm test`, started by scripts/bootstrap.mjs
// once pnpm and the dependencies are installed. Each step prints what it does; the first
// failure stops the task with the failing command's exit status.
import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { exec, root, type Step } from "./steps.js";
import { stepsBeside } from "./steps-beside.js";
import { parseTestArgs } from "./test-selection.js";
import { catalogSteps, governanceLintSteps } from "./governance-steps.js";
import { nameSteps } from "./names-steps.js";
import { pythonBuildSteps, pythonToolSteps } from "./python-steps.js";
import { testSteps } from "./test-steps.js";
import { typescriptBuildSteps } from "./typescript-steps.js";

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`step "${step}" failed with exit status ${status}`);
  }
}

const lintSteps: Step[] = [...governanceLintSteps];

const generateSteps: Step[] = [
  ...pythonToolSteps,
  { title: "buf generate (TypeScript and Python code, registries)", run: () => exec("buf", ["generate"]) },
];

const buildSteps: Step[] = [
  ...nameSteps,
  // The lints read only proto/: generation runs beside them, and a lint that fails still fails the build.
  ...stepsBeside("lint", "lint (buf lint, event lint, breaking-change gate)", generateSteps),
  ...stepsBeside("build-python", "python package (stage, mypy --strict, wheel and sdist)", [...catalogSteps, ...typescriptBuildSteps]),
];

const tasks: Record<string, (args: readonly string[]) => Step[]> = {
  lint: () => lintSteps,
  build: () => buildSteps,
  // The build runs this beside the TypeScript steps, once the code is generated.
  "build-python": () => pythonBuildSteps,
  test: (args) => {
    const steps = testSteps(parseTestArgs(args));
    return existsSync(join(root, "dist", "index.js")) ? steps : [...buildSteps, ...steps];
  },
};

/** The tasks that take arguments: `npm test -- <args>`. */
const withArgs = new Set(["test"]);

async function runSteps(task: string, steps: readonly Step[]): Promise<void> {
  const started = Date.now();
  for (const [i, step] of steps.entries()) {
    console.log(`\n▶ ${task} [${i + 1}/${steps.length}] ${step.title}`);
    const t0 = Date.now();
    try {
      await step.run();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === "number") throw new StepFailed(step.title, status);
      throw error;
    }
    console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // A machine-readable line per step for bench/scale, which measures each step's memory.
    const report = process.env["PROTOEVENTS_STEP_REPORT"];
    if (report) appendFileSync(report, `${JSON.stringify({ task, title: step.title, start: t0, end: Date.now() })}\n`);
  }
  console.log(`\n✔ ${task} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const [task, ...args] = process.argv.slice(2);
const steps = task === undefined ? undefined : tasks[task];
if (steps === undefined || (args.length > 0 && !withArgs.has(task as string))) {
  console.error(`usage: tasks.ts <lint|build|test> (test takes [--quick] [vitest paths or -t <filter>] [python/tests/<file>])`);
  process.exit(2);
}
try {
  await runSteps(task as string, steps(args));
} catch (error) {
  if (error instanceof StepFailed) {
    console.error(`\n✘ ${task}: ${error.message}`);
    process.exit(error.status);
  }
  throw error;
}

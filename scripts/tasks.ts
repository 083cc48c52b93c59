// The task runner behind `npm run build` and `npm test`, started by scripts/bootstrap.mjs
// once pnpm and the dependencies are installed. Each step prints what it does; the first
// failure stops the task with the failing command's exit status.
import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { exec, root, type Step } from "./lib/steps.js";
import { catalogSteps, governanceLintSteps } from "./steps/governance.js";
import { pythonBuildSteps, pythonTestPrepareSteps, pythonTestSteps, pythonToolSteps } from "./steps/python.js";
import { typescriptBuildSteps } from "./steps/typescript.js";

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`step "${step}" failed with exit status ${status}`);
  }
}

const lintSteps: Step[] = [{ title: "buf lint", run: () => exec("buf", ["lint"]) }, ...governanceLintSteps];

const generateSteps: Step[] = [
  ...pythonToolSteps,
  { title: "buf generate (TypeScript and Python code, registries)", run: () => exec("buf", ["generate"]) },
];

const buildSteps: Step[] = [...lintSteps, ...generateSteps, ...catalogSteps, ...typescriptBuildSteps, ...pythonBuildSteps];

const testSteps: Step[] = [
  {
    title: "Chromium from Debian's packages for the catalog's browser test (.ci/install-chromium)",
    run: () => exec("bash", [".ci/install-chromium"]),
  },
  ...pythonTestPrepareSteps,
  { title: "vitest run", run: () => exec("vitest", ["run"]) },
  ...pythonTestSteps,
];

const tasks: Record<string, () => Step[]> = {
  lint: () => lintSteps,
  build: () => buildSteps,
  test: () => (existsSync(join(root, "dist", "index.js")) ? testSteps : [...buildSteps, ...testSteps]),
};

function runSteps(task: string, steps: readonly Step[]): void {
  const started = Date.now();
  steps.forEach((step, i) => {
    console.log(`\n▶ ${task} [${i + 1}/${steps.length}] ${step.title}`);
    const t0 = Date.now();
    try {
      step.run();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === "number") throw new StepFailed(step.title, status);
      throw error;
    }
    console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // A machine-readable line per step for bench/scale, which measures each step's memory.
    const report = process.env["PROTOEVENTS_STEP_REPORT"];
    if (report) appendFileSync(report, `${JSON.stringify({ task, title: step.title, start: t0, end: Date.now() })}\n`);
  });
  console.log(`\n✔ ${task} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const [task, ...args] = process.argv.slice(2);
const steps = task === undefined ? undefined : tasks[task];
if (steps === undefined || args.length > 0) {
  console.error(`usage: tasks.ts <${Object.keys(tasks).join("|")}>`);
  process.exit(2);
}
try {
  runSteps(task as string, steps());
} catch (error) {
  if (error instanceof StepFailed) {
    console.error(`\n✘ ${task}: ${error.message}`);
    process.exit(error.status);
  }
  throw error;
}

// The task runner behind `npm run build` and `npm test`, started by scripts/bootstrap.mjs
// once pnpm and the dependencies are installed. Each step prints what it does; the first
// failure stops the task with the failing command's exit status.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { exec, runSteps, StepFailed, type Step } from "./steps.js";
import { root } from "../lib/repository-root.js";
import { stepsBeside } from "./steps-beside.js";
import { parseTestArgs } from "./test-selection.js";
import { catalogSteps, governanceLintSteps } from "./governance-steps.js";
import { nameSteps } from "./names-steps.js";
import { pythonBuildSteps, pythonToolSteps } from "./python-steps.js";
import { testSteps } from "./test-steps.js";
import { typescriptBuildSteps } from "./typescript-steps.js";

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

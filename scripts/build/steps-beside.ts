import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Step } from "./steps.js";
import { statusError } from "../lib/exit-status.mjs";
import { root } from "../lib/repository-root.js";

/**
 * Runs the task `task` of scripts/build/tasks.ts in a child process while `steps` run here, and waits
 * for it after them: on this 2-core machine the Python package (staging, mypy, the wheel) builds
 * on one core while the TypeScript package (tsc, tsup) builds on the other. The child's output
 * goes to a file, printed whole once it ends, so the two never interleave.
 *
 * @returns a step that starts the child, then `steps`, then a step that waits for the child and
 * fails with its exit status when it failed.
 */
export function stepsBeside(task: string, what: string, steps: readonly Step[]): Step[] {
  let child: Promise<{ status: number; output: string }> | undefined;
  return [
    {
      title: `${what}: started beside the next steps (tasks.ts ${task})`,
      run: () => {
        const dir = mkdtempSync(join(tmpdir(), "protoevents-beside-"));
        const log = join(dir, "output.log");
        const fd = openSync(log, "w");
        const started = spawn(join(root, "node_modules", ".bin", "tsx"), [join(root, "scripts", "build", "tasks.ts"), task], {
          cwd: root,
          stdio: ["ignore", fd, fd],
        });
        closeSync(fd);
        child = new Promise((resolve) => {
          started.on("close", (status) => {
            const output = readFileSync(log, "utf8");
            rmSync(dir, { recursive: true, force: true });
            resolve({ status: status ?? 1, output });
          });
          // A child that cannot start never closes: say so as its output.
          started.on("error", (error) => resolve({ status: 1, output: `${error.message}\n` }));
        });
      },
    },
    ...steps,
    {
      title: `${what}: wait for it`,
      run: async () => {
        if (child === undefined) throw new Error(`${what} was not started`);
        const { status, output } = await child;
        process.stdout.write(output.replace(/^/gm, "  | "));
        if (status !== 0) throw statusError(`tasks.ts ${task} failed with exit status ${status}`, status);
      },
    },
  ];
}

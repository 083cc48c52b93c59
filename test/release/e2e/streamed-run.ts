// Runs a command for the end-to-end release test without going quiet for minutes: the
// child's output is collected for assertions, and its release progress lines (`▶ release`,
// `✔`, `✘`) are forwarded to stderr as they come.
import { spawn } from "node:child_process";
import { basename } from "node:path";
import { createInterface } from "node:readline";

/** How a command ended. Lines keep their order within a stream, not across the two. */
export interface RunResult {
  readonly status: number | null;
  /** stdout and stderr, interleaved as their lines came. */
  readonly output: string;
  /** stdout alone. */
  readonly stdout: string;
}

const progress = /^\s*(▶ release|✔|✘)/;

/**
 * Runs `command` in `cwd`, killing it after `timeoutMs`. Forwarded lines name the folder
 * they come from, as two releases may run at once.
 *
 * @throws when the command cannot be started.
 */
export async function streamedRun(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<RunResult> {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
  const lines: string[] = [];
  const stdout: string[] = [];
  const started = Date.now();
  const collect = (line: string): void => {
    lines.push(line);
    if (progress.test(line)) process.stderr.write(`  [${basename(cwd)} +${((Date.now() - started) / 1000).toFixed(0)} s] ${line.trim()}\n`);
  };
  const closed = [
    new Promise<void>((resolve) =>
      createInterface({ input: child.stdout })
        .on("line", (line) => {
          stdout.push(line);
          collect(line);
        })
        .on("close", resolve),
    ),
    new Promise<void>((resolve) => createInterface({ input: child.stderr }).on("line", collect).on("close", resolve)),
  ];
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  await Promise.all(closed);
  return { status, output: lines.join("\n"), stdout: stdout.join("\n") };
}

import { execFileSync, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

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
  throw Object.assign(new Error(`${command} ${args.join(" ")} failed with exit status ${result.status ?? result.signal}`), {
    status: result.status ?? 1,
  });
}

function commandEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...env, PATH: `${join(root, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` };
}

import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/**
 * One step of a task: a title to print and the work. A step fails by throwing;
 * a failed command throws an error with its exit `status`.
 */
export interface Step {
  readonly title: string;
  readonly run: () => void;
}

/**
 * Runs a command in the repository root with node_modules/.bin first on PATH
 * (buf finds its plugins there), its output going to ours.
 *
 * @throws the child_process error, with `status`, when the command fails.
 */
export function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  execFileSync(command, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env, PATH: `${join(root, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` },
  });
}

/**
 * Runs a command like {@link exec}, but keeps its output to itself unless it fails: then
 * it prints what the command wrote (stdout, then stderr) before throwing.
 *
 * @throws the child_process error, with `status`, when the command fails.
 */
export function execQuiet(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  try {
    execFileSync(command, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 2 ** 20,
      env: { ...process.env, ...env, PATH: `${join(root, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    if (stdout !== undefined) process.stdout.write(stdout);
    if (stderr !== undefined) process.stderr.write(stderr);
    throw error;
  }
}

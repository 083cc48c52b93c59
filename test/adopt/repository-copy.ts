// Copies of the repository in temp folders, for the tests that adopt it as an organisation
// would: change proto/ or the names, then run the README's commands in the copy.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { copyWorkingTree } from "../../scripts/lib/working-tree.js";

/** The repository root. */
export const repoRoot = join(import.meta.dirname, "..", "..");

const gitIdentity = {
  GIT_AUTHOR_NAME: "Adoption Test",
  GIT_AUTHOR_EMAIL: "adoption-test@example.com",
  GIT_COMMITTER_NAME: "Adoption Test",
  GIT_COMMITTER_EMAIL: "adoption-test@example.com",
};

/** Runs git in `dir`, returning its output. */
export function git(dir: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "commit.gpgsign=false", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...gitIdentity } });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * Copies the repository's files (tracked, and untracked ones git does not ignore) into a new
 * temp folder and commits them there, as a fresh clone would have them. The pinned pnpm and the
 * Python venvs are hard-linked from this checkout to save minutes: the copy finds them up to date
 * with their pinned versions and requirements, as on a second build, and reinstalls its own wheel
 * into the test venvs. node_modules is installed by the copy's own bootstrap, from pnpm's store.
 */
export function copyRepository(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), `protoevents-${name}-`)), "repo");
  mkdirSync(dir);
  copyWorkingTree(repoRoot, dir);
  // Hard links: the copy's pip replaces files (new inodes), it never writes into the originals.
  for (const tool of [".tools", ".venv"]) {
    spawnSync("cp", ["-al", join(repoRoot, tool), join(dir, tool)]);
  }
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "the repository as adopted");
  return dir;
}

/** Deletes a copy made by {@link copyRepository}. */
export function removeCopy(dir: string): void {
  rmSync(dirname(dir), { recursive: true, force: true });
}

/** What a command printed and how it ended. */
export interface CommandOutcome {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs `npm <args>` in a copy with the environment a developer would have, streaming its output
 * line by line (prefixed with `label`) to stderr while it runs, so minutes of work show progress.
 */
export function npm(dir: string, label: string, args: readonly string[]): Promise<CommandOutcome> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PROTOEVENTS_") && !key.startsWith("VITEST")));
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: dir, env: { ...env, ...gitIdentity, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let pending = "";
    const forward = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      output += text;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) process.stderr.write(`[${label}] ${line}\n`);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", reject);
    child.on("close", (status) => {
      if (pending !== "") process.stderr.write(`[${label}] ${pending}\n`);
      resolve({ status, output });
    });
  });
}

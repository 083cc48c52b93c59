import { execFileSync } from "node:child_process";

/** Runs git in `cwd` and returns its trimmed output. */
export function git(cwd: string, args: readonly string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The paths `git status --porcelain` lists: changed, staged or untracked files (ignored ones are not listed). */
export function uncommittedPaths(cwd: string): string[] {
  // -z: entries "XY path" end in NUL, untrimmed and unquoted.
  return execFileSync("git", ["status", "--porcelain", "-z", "--untracked-files=all"], { cwd, encoding: "utf8" })
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => entry.slice(3));
}

/** Whether the tag exists. */
export function tagExists(cwd: string, tag: string): boolean {
  return git(cwd, ["tag", "--list", tag]) === tag;
}

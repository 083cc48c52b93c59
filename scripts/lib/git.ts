// The one way the scripts run git: the release, the breaking-change gate's release lookup and
// the copies of the working tree.
import { execFileSync } from "node:child_process";

/**
 * Runs git in `cwd` and returns its output, trimmed unless `trim` is false (NUL-separated
 * output keeps its names as they are).
 *
 * @throws the child_process error, with git's `status` and stderr, when git fails.
 */
export function git(cwd: string, args: readonly string[], { trim = true }: { readonly trim?: boolean } = {}): string {
  const output = execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  return trim ? output.trim() : output;
}

/** Runs git like {@link git}, returning undefined where git fails (not a repository, no such ref). */
export function gitOrUndefined(cwd: string, args: readonly string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

/** The paths `git status --porcelain` lists: changed, staged or untracked files (ignored ones are not listed). */
export function uncommittedPaths(cwd: string): string[] {
  // -z: entries "XY path" end in NUL, untrimmed and unquoted.
  return git(cwd, ["status", "--porcelain", "-z", "--untracked-files=all"], { trim: false })
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => entry.slice(3));
}

/** Whether the tag exists. */
export function tagExists(cwd: string, tag: string): boolean {
  return git(cwd, ["tag", "--list", tag]) === tag;
}

// Which branch a release may run on, and the command that pushes what it made.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { git } from "../lib/git.js";

/** Thrown when the checkout is not on the branch a release is made from; the message says what to do. */
export class ReleaseBranchError extends Error {
  override readonly name = "ReleaseBranchError";
}

/** The branch a release commits and tags on, and the remote it is pushed to. */
export interface ReleaseTarget {
  readonly branch: string;
  /** The branch's upstream remote, `origin` when it has none. */
  readonly remote: string;
}

/** The branch releases come from: `baseBranch` of .changeset/config.json, `main` when unset. */
export function defaultReleaseBranch(root: string): string {
  const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8")) as { baseBranch?: unknown };
  return typeof config.baseBranch === "string" && config.baseBranch !== "" ? config.baseBranch : "main";
}

/** The checked-out branch, or undefined when HEAD is detached. */
export function currentBranch(cwd: string): string | undefined {
  try {
    return git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  } catch {
    return undefined;
  }
}

/**
 * Checks that the checkout in `cwd` is on `wanted`, the release branch, and names the remote.
 *
 * @throws {ReleaseBranchError} when HEAD is detached or on another branch.
 */
export function checkReleaseBranch(cwd: string, wanted: string): ReleaseTarget {
  const branch = currentBranch(cwd);
  if (branch === undefined) {
    const commit = git(cwd, ["rev-parse", "--short", "HEAD"]);
    throw new ReleaseBranchError(
      `HEAD is detached at ${commit}: a release commits and tags on a branch. Check out ${wanted} (git switch ${wanted}) and run it again.`,
    );
  }
  if (branch !== wanted) {
    throw new ReleaseBranchError(
      `the checked-out branch is ${branch}, not ${wanted}: releases are made from ${wanted} (git switch ${wanted}). ` +
        `To release from ${branch} on purpose, say so: npm run release -- --branch ${branch}`,
    );
  }
  let remote = "origin";
  try {
    remote = git(cwd, ["config", "--get", `branch.${branch}.remote`]) || remote;
  } catch {
    // No upstream configured: origin is where a fresh clone pushes.
  }
  return { branch, remote };
}

/** The command that pushes the release commit and its annotated tag together. */
export function pushCommand(target: ReleaseTarget): string {
  return `git push --follow-tags ${target.remote} ${target.branch}`;
}

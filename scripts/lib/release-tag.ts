import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";

/**
 * A release to compare against: the newest `v*` tag of the repository and the
 * buf input that reads the module as it was at that tag.
 */
export interface Release {
  /** The tag, e.g. `v0.3.0`. */
  readonly tag: string;
  /** A buf input for the module at the tag, e.g. `.git#tag=v0.3.0,subdir=proto`. */
  readonly bufInput: string;
}

/**
 * Why there is no release to compare against, in words for the terminal, or
 * the release.
 */
export type ReleaseLookup = { readonly release: Release } | { readonly none: string };

/**
 * Finds the newest tag matching `v*` (by version order, so `v1.10.0` is newer
 * than `v1.9.0`) of the git repository at `root`, and checks that the module
 * folder `moduleDir` existed at that tag.
 */
export function findRelease(root: string, moduleDir: string): ReleaseLookup {
  const toplevel = git(root, ["rev-parse", "--show-toplevel"]);
  if (toplevel === undefined) return { none: "not a git repository: there is no release to compare against" };
  const tag = git(root, ["tag", "--list", "v*", "--sort=-v:refname"])?.split("\n")[0];
  if (tag === undefined || tag === "") return { none: "no release tag (v*) yet: there is nothing to compare against" };
  const subdir = join(relative(toplevel, root), moduleDir);
  if (git(root, ["cat-file", "-e", `${tag}:${subdir}`]) === undefined) {
    return { none: `release ${tag} has no ${subdir}/ folder: there is nothing to compare against` };
  }
  const gitDir = join(relative(root, toplevel), ".git");
  return { release: { tag, bufInput: `${gitDir}#tag=${tag},subdir=${subdir}` } };
}

function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

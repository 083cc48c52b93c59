import { join, relative } from "node:path";
import { gitOrUndefined } from "../lib/git.js";

/**
 * A release to compare against: the newest release tag behind HEAD and the buf
 * input that reads the module as it was at that tag.
 */
export interface Release {
  /** The tag, e.g. `v0.3.0`. */
  readonly tag: string;
  /** A buf input for the module at the tag, e.g. `.git#tag=v0.3.0,subdir=proto`. */
  readonly bufInput: string;
}

/**
 * The release, or why there is none to compare against (`none`: nothing was
 * released, the checks pass), or why it cannot be found (`error`: the checks
 * must fail), in words for the terminal.
 */
export type ReleaseLookup = { readonly release: Release } | { readonly none: string } | { readonly error: string };

/** The project's release tags: `v` and a version, as the release script writes them. */
const releaseTag = /^v\d+\.\d+\.\d+$/;

/**
 * Finds the release to compare the git work tree at `root` against: the
 * newest tag of the form `vX.Y.Z` (by version order, so `v1.10.0` is newer than
 * `v1.9.0`) that is an ancestor of HEAD. Other tags are ignored, and so are
 * releases on other branches: a maintenance branch cut from `v0.1.0` compares
 * against `v0.1.0` however many releases main has made since.
 *
 * Whether the project was ever released is known from CHANGELOG.md beside
 * `root` as committed in HEAD, where the release (`changeset version`) writes
 * a `## X.Y.Z` heading for every version: a project with such a heading and no release tag in sight
 * is a clone without its history or tags (a shallow CI checkout), an error
 * that says how to fetch them, and never a gate that passes for want of a
 * baseline.
 */
export function findRelease(root: string, moduleDir: string): ReleaseLookup {
  const toplevel = gitOrUndefined(root, ["rev-parse", "--show-toplevel"]);
  if (toplevel === undefined) return { none: "not a git repository: there is no release to compare against" };
  const tags = gitOrUndefined(root, ["tag", "--merged", "HEAD", "--list", "v*", "--sort=-v:refname"]) ?? "";
  const tag = tags.split("\n").find((name) => releaseTag.test(name));
  if (tag === undefined) {
    const released = changelogVersion(root, toplevel);
    if (released === undefined) {
      return { none: "no release yet (no vX.Y.Z tag behind HEAD, and CHANGELOG.md records none): there is nothing to compare against" };
    }
    const shallow = gitOrUndefined(root, ["rev-parse", "--is-shallow-repository"]) === "true";
    return {
      error:
        `CHANGELOG.md records release ${released}, but no release tag (vX.Y.Z) behind HEAD is in this clone` +
        `${shallow ? ", which is shallow" : ""}: the breaking-change checks need the release to compare against. ` +
        "Fetch the history and the tags (git fetch --tags --unshallow; in CI, a full checkout such as actions/checkout with fetch-depth: 0)",
    };
  }
  const subdir = join(relative(toplevel, root), moduleDir);
  if (gitOrUndefined(root, ["cat-file", "-e", `${tag}:${subdir}`]) === undefined) {
    return { none: `release ${tag} has no ${subdir}/ folder: there is nothing to compare against` };
  }
  const gitDir = join(relative(root, toplevel), ".git");
  return { release: { tag, bufInput: `${gitDir}#tag=${tag},subdir=${subdir}` } };
}

/**
 * The newest version CHANGELOG.md records (its first `## X.Y.Z` heading) in the commit HEAD, if
 * any: not the working tree's, where a release in progress has written its version before its
 * commit and its tag.
 */
function changelogVersion(root: string, toplevel: string): string | undefined {
  const text = gitOrUndefined(root, ["show", `HEAD:${join(relative(toplevel, root), "CHANGELOG.md")}`]);
  return text === undefined ? undefined : /^## (\d+\.\d+\.\d+)\s*$/m.exec(text)?.[1];
}

// The release's branch rule on real git repositories: the release branch passes, another
// branch and a detached HEAD stop it, and the push command names the branch's remote.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkReleaseBranch, currentBranch, defaultReleaseBranch, pushCommand, ReleaseBranchError } from "../../scripts/release/branch.js";

const repo = mkdtempSync(join(tmpdir(), "protoevents-branch-"));

function git(...args: string[]): string {
  return execFileSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.com" },
  });
}

beforeAll(() => {
  git("init", "--quiet", "--initial-branch=main");
  writeFileSync(join(repo, "file.txt"), "one\n");
  git("add", "file.txt");
  git("commit", "--quiet", "-m", "one");
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("checkReleaseBranch", () => {
  it("passes on the release branch, pushed to origin when it has no upstream", () => {
    git("switch", "--quiet", "main");
    const target = checkReleaseBranch(repo, "main");
    expect(target).toEqual({ branch: "main", remote: "origin" });
    expect(pushCommand(target)).toBe("git push --follow-tags origin main");
  });

  it("stops on another branch and names the flag that allows it", () => {
    git("switch", "--quiet", "--create", "feature/billing");
    expect(() => checkReleaseBranch(repo, "main")).toThrow(ReleaseBranchError);
    expect(() => checkReleaseBranch(repo, "main")).toThrow(
      "the checked-out branch is feature/billing, not main: releases are made from main (git switch main). " +
        "To release from feature/billing on purpose, say so: npm run release -- --branch feature/billing",
    );
    expect(checkReleaseBranch(repo, "feature/billing").branch).toBe("feature/billing");
  });

  it("pushes to the branch's upstream remote", () => {
    git("switch", "--quiet", "main");
    git("config", "branch.main.remote", "upstream");
    try {
      expect(pushCommand(checkReleaseBranch(repo, "main"))).toBe("git push --follow-tags upstream main");
    } finally {
      git("config", "--unset", "branch.main.remote");
    }
  });

  it("stops on a detached HEAD, whatever branch is asked for", () => {
    git("switch", "--quiet", "--detach", "main");
    try {
      expect(currentBranch(repo)).toBeUndefined();
      const commit = git("rev-parse", "--short", "HEAD").trim();
      expect(() => checkReleaseBranch(repo, "main")).toThrow(`HEAD is detached at ${commit}`);
      expect(() => checkReleaseBranch(repo, "feature/billing")).toThrow(ReleaseBranchError);
    } finally {
      git("switch", "--quiet", "main");
    }
  });
});

describe("defaultReleaseBranch", () => {
  it("is the changesets baseBranch, main when the config has none", () => {
    const root = mkdtempSync(join(tmpdir(), "protoevents-base-branch-"));
    try {
      mkdirSync(join(root, ".changeset"));
      writeFileSync(join(root, ".changeset", "config.json"), JSON.stringify({ baseBranch: "trunk" }));
      expect(defaultReleaseBranch(root)).toBe("trunk");
      writeFileSync(join(root, ".changeset", "config.json"), JSON.stringify({ access: "public" }));
      expect(defaultReleaseBranch(root)).toBe("main");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

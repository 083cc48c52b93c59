// Temp buf workspaces for the governance tests: the repository's buf.yaml and
// options.proto, plus the .proto files a test gives or the framework's fixture module
// (testdata/fixtures/proto), optionally in a git repository.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished } from "vitest";

/** The repository root. */
export const repoRoot = join(import.meta.dirname, "..", "..");

/**
 * Creates a temp workspace: buf.yaml and proto/protoevents/v1/options.proto
 * copied from the repository, and `files` (paths relative to the workspace).
 * Call it inside a test: the workspace is deleted when the test finishes.
 */
export function createWorkspace(files: Record<string, string>): string {
  const dir = testTempDir();
  writeWorkspace(dir, files);
  return dir;
}

/**
 * Creates a temp workspace like createWorkspace whose module also holds the
 * framework's fixture protos (see writeFixtureWorkspace). Call it inside a
 * test: the workspace is deleted when the test finishes.
 */
export function createFixtureWorkspace(files: Record<string, string> = {}): string {
  const dir = testTempDir();
  writeFixtureWorkspace(dir, files);
  return dir;
}

/** A temp folder deleted when the current test finishes. */
function testTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "protoevents-governance-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The framework's fixture protos, packages fixture.v1 and fixture.v2 (testdata/fixtures/README.md). */
export const fixtureProtoDir = join(repoRoot, "testdata", "fixtures", "proto");

/**
 * Writes a workspace into the folder `dir`: buf.yaml and
 * proto/protoevents/v1/options.proto copied from the repository, and `files`.
 */
export function writeWorkspace(dir: string, files: Record<string, string>): void {
  copyFileSync(join(repoRoot, "buf.yaml"), join(dir, "buf.yaml"));
  mkdirSync(join(dir, "proto", "protoevents", "v1"), { recursive: true });
  copyFileSync(join(repoRoot, "proto", "protoevents", "v1", "options.proto"), join(dir, "proto", "protoevents", "v1", "options.proto"));
  writeFiles(dir, files);
}

/**
 * Writes a workspace into the folder `dir` (see writeWorkspace) whose module
 * holds the fixture protos under proto/fixture/, the repository's
 * envelope.proto, and `files`.
 */
export function writeFixtureWorkspace(dir: string, files: Record<string, string> = {}): void {
  writeWorkspace(dir, {});
  cpSync(fixtureProtoDir, join(dir, "proto"), { recursive: true });
  copyFileSync(join(repoRoot, "proto", "protoevents", "v1", "envelope.proto"), join(dir, "proto", "protoevents", "v1", "envelope.proto"));
  writeFiles(dir, files);
}

/** Writes files (paths relative to `dir`), creating their folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Deletes a file or folder of a workspace. */
export function removePath(dir: string, path: string): void {
  rmSync(join(dir, path), { recursive: true, force: true });
}

/** Runs git in `dir` with a fixed identity, returning its output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Release Bot",
      GIT_AUTHOR_EMAIL: "release@example.com",
      GIT_COMMITTER_NAME: "Release Bot",
      GIT_COMMITTER_EMAIL: "release@example.com",
    },
  });
}

/** Commits everything in `dir` (a git repository from now on) and tags it `tag`. */
export function releaseAs(dir: string, tag: string): void {
  if (!existsSync(join(dir, ".git"))) git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", `release ${tag}`);
  git(dir, "tag", "-a", tag, "-m", tag);
}

/**
 * A .proto file of one event on fixed lines, so that tests can name positions:
 * the package on line 2 (col 1), the message name on line 4 (col 9), the event
 * name on line 6 (col 5), `body` from line 8.
 */
export function eventProto(pkg: string, message: string, name: string, body = "string id = 1;"): string {
  return [
    'syntax = "proto3";',
    `package ${pkg};`,
    'import "protoevents/v1/options.proto";',
    `message ${message} {`,
    "  option (protoevents.v1.event) = {",
    `    name: "${name}"`,
    "  };",
    ...body.split("\n").map((line) => `  ${line}`),
    "}",
    "",
  ].join("\n");
}

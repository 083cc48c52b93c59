// `npm run release` end to end against real registries on 127.0.0.1: verdaccio for npm and
// pypiserver for PyPI. In a temp clone of the repository: a release from another branch or a
// detached HEAD stops; a changeset is released; the new version is installed with npm into a
// fresh project and with pip into a fresh venv, and the README's TypeScript and Python examples
// run against the installed packages; a dry run leaves the tree and the build outputs as they
// were; a release whose lint fails publishes nothing.
//
// The release here runs with PROTOEVENTS_RELEASE_TESTS, so its tests step runs one small test
// file instead of the whole suite: this test proves the release pipeline, and `npm test` has
// just run the suite itself. The release runs its tests in quick mode, which never collects this
// folder (vitest.config.ts).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPackageNames } from "../../../scripts/lib/package-names.js";
import { buildOutputs } from "../../../scripts/release/build-outputs.js";
import { pythonArtifactNames } from "../../../scripts/release/package-files.js";
import { installRegistryTools, type LocalRegistry, startPypiserver, startVerdaccio, stop } from "./local-registries.js";
import { cloneSharingDependencies } from "./release-clone.js";
import { type RunResult, streamedRun } from "./streamed-run.js";

const root = join(import.meta.dirname, "..", "..", "..");
const names = loadPackageNames(root);
const work = mkdtempSync(join(tmpdir(), "protoevents-release-e2e-"));
const clone = join(work, "repo");
const pypiUser = "release";
const pypiPassword = "release-password";
const innerTests = "src/wrap.test.ts";
// A release is killed before its test times out, so no release outlives its test and meets the next.
const releaseTimeout = 420_000;
const releaseTestTimeout = 480_000;
let verdaccio: (LocalRegistry & { readonly token: string }) | undefined;
let pypiserver: LocalRegistry | undefined;

const gitIdentity = {
  GIT_AUTHOR_NAME: "Release Test",
  GIT_AUTHOR_EMAIL: "release-test@example.com",
  GIT_COMMITTER_NAME: "Release Test",
  GIT_COMMITTER_EMAIL: "release-test@example.com",
};

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<RunResult> {
  return streamedRun(command, args, cwd, { ...process.env, ...gitIdentity, ...env }, timeoutMs);
}

/** Runs a command and returns its stdout. */
async function runOrThrow(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with ${result.status}:\n${result.output}`);
  return result.stdout;
}

function git(...args: string[]): Promise<string> {
  return runOrThrow("git", args, clone).then((output) => output.trim());
}

function registryEnv(): NodeJS.ProcessEnv {
  if (verdaccio === undefined || pypiserver === undefined) throw new Error("the registries did not start");
  return {
    NPM_CONFIG_REGISTRY: verdaccio.url,
    NPM_TOKEN: verdaccio.token,
    TWINE_REPOSITORY_URL: pypiserver.url,
    TWINE_USERNAME: pypiUser,
    TWINE_PASSWORD: pypiPassword,
    PIP_INDEX_URL: `${pypiserver.url}simple/`,
    PROTOEVENTS_RELEASE_TESTS: innerTests,
  };
}

/** `npm run release` in the clone, as the README tells a user to run it. */
function release(...args: string[]): Promise<RunResult> {
  return run("npm", ["run", "--silent", "release", "--", ...args], clone, registryEnv(), releaseTimeout);
}

async function commitChangeset(bump: "patch" | "minor", summary: string): Promise<void> {
  await runOrThrow("npm", ["run", "--silent", "changeset", "--", "--bump", bump, "--summary", summary], clone);
  await git("add", ".changeset");
  await git("commit", "--quiet", "-m", summary);
}

function cloneVersion(): string {
  return (JSON.parse(readFileSync(join(clone, "package.json"), "utf8")) as { version: string }).version;
}

async function npmVersions(): Promise<string[]> {
  const result = await run("npm", ["view", names.npm, "versions", "--json"], work, { NPM_CONFIG_REGISTRY: verdaccio?.url ?? "" });
  return result.status === 0 ? ([] as string[]).concat(JSON.parse(result.stdout) as string | string[]) : [];
}

async function pypiFiles(): Promise<string[]> {
  const response = await fetch(`${pypiserver?.url ?? ""}simple/${names.pythonDistribution}/`);
  if (response.status === 404) return [];
  return [...(await response.text()).matchAll(/>\s*([^<>\s]+\.(?:whl|tar\.gz))\s*</g)].map((match) => match[1] ?? "").sort();
}

/** Everything a release could leave behind: HEAD, tags, `git status`, and every build output file's hash. */
async function cloneState(): Promise<Record<string, string>> {
  const state: Record<string, string> = {
    HEAD: await git("rev-parse", "HEAD"),
    branch: await git("symbolic-ref", "--short", "HEAD"),
    tags: await git("tag", "--list"),
    status: await git("status", "--porcelain", "--untracked-files=all"),
  };
  for (const dir of buildOutputs) {
    const folder = join(clone, dir);
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      state[relative(clone, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  }
  return state;
}

beforeAll(async () => {
  cloneSharingDependencies(root, clone);
  await installRegistryTools();
  [verdaccio, pypiserver] = await Promise.all([
    startVerdaccio(join(work, "verdaccio")),
    startPypiserver(join(work, "pypiserver"), pypiUser, pypiPassword),
  ]);
}, 300_000);

afterAll(async () => {
  await stop(verdaccio);
  await stop(pypiserver);
  rmSync(work, { recursive: true, force: true });
});

describe("npm run release against verdaccio and pypiserver", () => {
  let version = "";

  it("stops on a branch other than main and on a detached HEAD, changing nothing", async () => {
    await commitChangeset("minor", "First release through the local registries.");
    const before = cloneVersion();
    await git("switch", "--quiet", "--create", "feature/billing");
    const onBranch = await release();
    expect(onBranch.status).not.toBe(0);
    expect(onBranch.output).toContain("the checked-out branch is feature/billing, not main");
    expect(onBranch.output).toContain("npm run release -- --branch feature/billing");
    await git("switch", "--quiet", "--detach", "main");
    const detached = await release("--dry-run");
    expect(detached.status).not.toBe(0);
    expect(detached.output).toMatch(/HEAD is detached at [0-9a-f]+/);
    await git("switch", "--quiet", "main");
    await git("branch", "--quiet", "--delete", "feature/billing");
    expect(cloneVersion()).toBe(before);
    expect(await git("status", "--porcelain")).toBe("");
    expect(await npmVersions()).toEqual([]);
  }, 120_000);

  it("publishes the changeset's version to both registries, tags it and says how to push", async () => {
    const before = cloneVersion();
    const result = await release();
    expect(result.output).toContain(`tests: only npm test -- --quick ${innerTests}`);
    expect(result.status, result.output).toBe(0);
    version = cloneVersion();
    const [major, minor] = before.split(".").map(Number);
    expect(version).toBe(`${major}.${(minor ?? 0) + 1}.0`);
    expect(result.output).toContain(`✔ released v${version} to npm and PyPI`);
    expect(result.output).toContain("git push --follow-tags origin main");
    expect(await npmVersions()).toEqual([version]);
    expect(await pypiFiles()).toEqual([...pythonArtifactNames(names.pythonDistribution, version)].sort());
    expect(await git("tag", "--list", `v${version}`)).toBe(`v${version}`);
    expect(await git("log", "-1", "--format=%s")).toBe(`Release v${version}`);
    expect(await git("status", "--porcelain")).toBe("");
    expect(readFileSync(join(clone, "CHANGELOG.md"), "utf8")).toContain("First release through the local registries.");
  }, releaseTestTimeout);

  // The installs wait on the network and the dry run on the CPU: the three run at once.
  it.concurrent("installs from npm and the README's TypeScript example runs", async ({ expect }) => {
    const project = join(work, "npm-consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const peer = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> })
      .devDependencies["@bufbuild/protobuf"];
    // Our package from verdaccio (it has no uplinks), its dependencies from the public registry.
    const tarball = `${verdaccio?.url ?? ""}${names.npm}/-/${names.npm.split("/").pop() ?? ""}-${version}.tgz`;
    await runOrThrow("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, `@bufbuild/protobuf@${peer ?? ""}`], project);
    const installed = JSON.parse(readFileSync(join(project, "node_modules", names.npm, "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(version);
    writeFileSync(join(project, "quickstart.ts"), readFileSync(join(root, "examples", "quickstart.ts")));
    const output = await runOrThrow(join(root, "node_modules", ".bin", "tsx"), ["quickstart.ts"], project);
    expect(output).toBe("user.created v1: Ada Lovelace <ada@example.com>, aggregate u-1001\nMALFORMED_ENVELOPE");
  }, 240_000);

  it.concurrent("installs from the package index and the README's Python example runs", async ({ expect }) => {
    const venv = join(work, "pip-consumer");
    await runOrThrow("python3", ["-m", "venv", venv], work);
    const python = join(venv, "bin", "python");
    await runOrThrow(python, [
      "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
      "--index-url", `${pypiserver?.url ?? ""}simple/`, "--extra-index-url", "https://pypi.org/simple/", `${names.pythonDistribution}==${version}`,
    ], work);
    // The README shows this file verbatim (test/readme.test.ts, python/tests/test_readme.py).
    writeFileSync(join(work, "readme_example.py"), readFileSync(join(root, "examples", "python", "quickstart.py")));
    const output = await runOrThrow(python, [join(work, "readme_example.py")], work);
    expect(output).toBe("user.created v1: Ada Lovelace <ada@example.com>\naggregate u-1001, tenant acme");
  }, 240_000);

  it.concurrent("a dry run says what it would do and leaves the tree and the build outputs as they were", async ({ expect }) => {
    await commitChangeset("patch", "A change the dry run must not release.");
    const next = `${version.split(".").slice(0, 2).join(".")}.${Number(version.split(".")[2]) + 1}`;
    const before = await cloneState();
    expect(Object.keys(before).some((path) => path.startsWith(join("python", "dist")))).toBe(true);

    const result = await release("--dry-run");
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`✔ dry run of v${next} passed`);
    expect(result.output).toContain(`- commit "Release v${next}"`);
    expect(result.output).toContain(`- publish ${names.npm}@${next} to ${verdaccio?.url ?? ""}`);
    expect(result.output).toContain(`- upload ${pythonArtifactNames(names.pythonDistribution, next).join(" and ")} to ${pypiserver?.url ?? ""}`);
    expect(result.output).toContain(`- tag v${next}`);
    expect(result.output).toContain("git push --follow-tags origin main");

    expect(await cloneState()).toEqual(before);
    expect(cloneVersion()).toBe(version);
    expect(readdirSync(join(clone, "python", "dist")).sort()).toEqual([...pythonArtifactNames(names.pythonDistribution, version)].sort());
    expect(await npmVersions()).toEqual([version]);
    expect(await pypiFiles()).toHaveLength(2);
  }, releaseTestTimeout);

  it("publishes nothing when a check fails, and puts the tree back", async () => {
    mkdirSync(join(clone, "proto", "broken", "v1"), { recursive: true });
    writeFileSync(join(clone, "proto", "broken", "v1", "BadName.proto"), 'syntax = "proto3";\npackage broken.v1;\nmessage bad_message {}\n');
    await git("add", "proto");
    await git("commit", "--quiet", "-m", "A proto that fails lint");
    const before = await cloneState();
    const result = await release();
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/step "buf lint[^"]*" failed/);
    expect(result.output).toMatch(/✘ release stopped at "lint and build/);
    expect(result.output).toContain("Nothing was published; the tree and the build outputs are as they were.");
    expect(await cloneState()).toEqual(before);
    expect(cloneVersion()).toBe(version);
    expect(await npmVersions()).toEqual([version]);
    expect(await pypiFiles()).toHaveLength(2);
    expect(await git("tag", "--list")).toBe(`v${version}`);
  }, releaseTestTimeout);
});

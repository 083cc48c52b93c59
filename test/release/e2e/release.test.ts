// `pnpm release` end to end against real registries on 127.0.0.1: verdaccio for npm and
// pypiserver for PyPI. A temp clone of the repository gets a changeset and is released; the
// new version is installed with npm into a fresh project and with pip into a fresh venv, and
// the README's TypeScript and Python examples run against the installed packages. A second
// release whose lint fails publishes nothing.
//
// `pnpm release` runs the test suite with PROTOEVENTS_EXCLUDE_RELEASE_TESTS=1, which leaves
// this folder out, so the release in the clone does not start this test again.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRegistryTools, type LocalRegistry, startPypiserver, startVerdaccio, stop } from "./local-registries.js";

const root = join(import.meta.dirname, "..", "..", "..");
const work = mkdtempSync(join(tmpdir(), "protoevents-release-e2e-"));
const clone = join(work, "repo");
const pypiUser = "release";
const pypiPassword = "release-password";
let verdaccio: (LocalRegistry & { readonly token: string }) | undefined;
let pypiserver: LocalRegistry | undefined;

const gitIdentity = {
  GIT_AUTHOR_NAME: "Release Test",
  GIT_AUTHOR_EMAIL: "release-test@example.com",
  GIT_COMMITTER_NAME: "Release Test",
  GIT_COMMITTER_EMAIL: "release-test@example.com",
};

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...gitIdentity, ...env } });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function runOrThrow(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed with ${result.status}:\n${result.output}`);
  return result.output;
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
  };
}

function release(): { status: number | null; output: string } {
  const pnpm = join(clone, ".tools", "node_modules", "pnpm", "bin", "pnpm.cjs");
  return run(process.execPath, [pnpm, "release"], clone, registryEnv());
}

function commitChangeset(name: string, bump: "patch" | "minor", summary: string): void {
  writeFileSync(join(clone, ".changeset", `${name}.md`), `---\n"protoevents": ${bump}\n---\n\n${summary}\n`);
  runOrThrow("git", ["add", ".changeset"], clone);
  runOrThrow("git", ["commit", "--quiet", "-m", summary], clone);
}

function cloneVersion(): string {
  return (JSON.parse(readFileSync(join(clone, "package.json"), "utf8")) as { version: string }).version;
}

function npmVersions(): string[] {
  const result = spawnSync("npm", ["view", "protoevents", "versions", "--json"], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, NPM_CONFIG_REGISTRY: verdaccio?.url ?? "" },
  });
  return result.status === 0 ? ([] as string[]).concat(JSON.parse(result.stdout) as string | string[]) : [];
}

async function pypiFiles(): Promise<string[]> {
  const response = await fetch(`${pypiserver?.url ?? ""}simple/protoevents/`);
  if (response.status === 404) return [];
  return [...(await response.text()).matchAll(/>(protoevents-[^<]+)</g)].map((match) => match[1] ?? "");
}

beforeAll(async () => {
  installRegistryTools();
  verdaccio = await startVerdaccio(join(work, "verdaccio"));
  pypiserver = await startPypiserver(join(work, "pypiserver"), pypiUser, pypiPassword);
  runOrThrow("git", ["clone", "--quiet", root, clone], work);
  runOrThrow("npm", ["run", "build"], clone);
}, 600_000);

afterAll(async () => {
  await stop(verdaccio);
  await stop(pypiserver);
  rmSync(work, { recursive: true, force: true });
});

describe("pnpm release against verdaccio and pypiserver", () => {
  let version = "";

  it("publishes the changeset's version to both registries and tags it", async () => {
    const before = cloneVersion();
    commitChangeset("first-release", "minor", "First release through the local registries.");
    const started = Date.now();
    const result = release();
    console.info(`pnpm release took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(result.output).toContain("✔ released v");
    expect(result.status).toBe(0);
    version = cloneVersion();
    const [major, minor] = before.split(".").map(Number);
    expect(version).toBe(`${major}.${(minor ?? 0) + 1}.0`);
    expect(npmVersions()).toEqual([version]);
    expect((await pypiFiles()).sort()).toEqual([`protoevents-${version}-py3-none-any.whl`, `protoevents-${version}.tar.gz`]);
    expect(runOrThrow("git", ["tag", "--list", `v${version}`], clone).trim()).toBe(`v${version}`);
    expect(runOrThrow("git", ["log", "-1", "--format=%s"], clone).trim()).toBe(`Release v${version}`);
    expect(readFileSync(join(clone, "CHANGELOG.md"), "utf8")).toContain("First release through the local registries.");
  }, 600_000);

  it("installs from npm and the README's TypeScript example runs", () => {
    const project = join(work, "npm-consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const peer = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> })
      .devDependencies["@bufbuild/protobuf"];
    // Our package from verdaccio (it has no uplinks), its dependencies from the public registry.
    const tarball = `${verdaccio?.url ?? ""}protoevents/-/protoevents-${version}.tgz`;
    runOrThrow("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, `@bufbuild/protobuf@${peer ?? ""}`], project);
    const installed = JSON.parse(readFileSync(join(project, "node_modules", "protoevents", "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(version);
    writeFileSync(join(project, "quickstart.ts"), readFileSync(join(root, "examples", "quickstart.ts")));
    const output = execFileSync(join(root, "node_modules", ".bin", "tsx"), ["quickstart.ts"], { cwd: project, encoding: "utf8" });
    expect(output).toBe("user.created v1: Ada Lovelace <ada@example.com>, aggregate u-1001\nMALFORMED_ENVELOPE\n");
  }, 300_000);

  it("installs from the package index and the README's Python example runs", () => {
    const venv = join(work, "pip-consumer");
    runOrThrow("python3", ["-m", "venv", venv], work);
    const python = join(venv, "bin", "python");
    runOrThrow(python, [
      "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
      "--index-url", `${pypiserver?.url ?? ""}simple/`, "--extra-index-url", "https://pypi.org/simple/", `protoevents==${version}`,
    ], work);
    const example = /```python\n([\s\S]*?)```/.exec(readFileSync(join(root, "README.md"), "utf8"))?.[1];
    expect(example).toBeDefined();
    writeFileSync(join(work, "readme_example.py"), example ?? "");
    const output = runOrThrow(python, [join(work, "readme_example.py")], work);
    expect(output).toBe("user.created v1: Ada Lovelace <ada@example.com>\naggregate u-1001, tenant acme\n");
  }, 300_000);

  it("publishes nothing when a check fails", async () => {
    commitChangeset("broken", "patch", "A change whose proto fails buf lint.");
    mkdirSync(join(clone, "proto", "broken", "v1"), { recursive: true });
    writeFileSync(join(clone, "proto", "broken", "v1", "BadName.proto"), 'syntax = "proto3";\npackage broken.v1;\nmessage bad_message {}\n');
    runOrThrow("git", ["add", "proto"], clone);
    runOrThrow("git", ["commit", "--quiet", "-m", "A proto that fails lint"], clone);
    const result = release();
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/✘ release stopped at "lint/);
    expect(result.output).toContain("Nothing was published.");
    expect(cloneVersion()).toBe(version);
    expect(npmVersions()).toEqual([version]);
    expect(await pypiFiles()).toHaveLength(2);
    expect(runOrThrow("git", ["tag", "--list"], clone).trim()).toBe(`v${version}`);
  }, 300_000);
});

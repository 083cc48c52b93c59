// `pnpm release [--dry-run]`: releases the npm and the PyPI package `protoevents` at one
// version. Steps: preflight, clean, lint, build, tests, `changeset version` (then the
// "Release vX.Y.Z" commit and a rebuild), checks on the artifacts, publish to npm, publish
// to PyPI, tag. Each step prints what it does; the first failure stops the release.
//
// With no changeset pending, it releases the version package.json already has, doing only
// what is missing: a run that published to npm and then failed on PyPI is finished by
// running it again, without a second bump. `--dry-run` does everything but publish and tag,
// and restores the files `changeset version` changed.
//
// The tests run with PROTOEVENTS_EXCLUDE_RELEASE_TESTS=1, which makes vitest leave out
// test/release/e2e/ (the end-to-end test that runs this script), so a release never starts itself.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pendingChangesets } from "./release/changesets.js";
import { git, tagExists, uncommittedPaths } from "./release/git.js";
import { npmAuthEnv, npmHasVersion, pypiHasVersion, readRegistries, registryEnvKeys } from "./release/registries.js";
import { exec, root } from "./lib/steps.js";
import { devVenv, pythonDist, venvPython } from "./steps/python.js";

const packageName = "protoevents";
const tasks = join("scripts", "tasks.ts");

/** A step that cannot go on, with the reason in words. */
class ReleaseError extends Error {}

/** What the release knows so far. */
interface State {
  version: string;
  /** The packed npm tarball, once packed. */
  tarball?: string;
  /** Whether npm has the version, once published or found there. */
  onNpm: boolean;
  /** Whether the release commit of a bump was made in this run. */
  committed: boolean;
}

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
if (args.some((arg) => arg !== "--dry-run")) {
  console.error("usage: pnpm release [--dry-run]");
  process.exit(2);
}
const registries = readRegistries(process.env);
for (const key of registryEnvKeys) delete process.env[key];
const state: State = { version: readVersion(), onNpm: false, committed: false };
const restore: string[] = [];
const started = Date.now();
let work: string | undefined;
let currentStep = "";

async function step(title: string, run: () => void | Promise<void>): Promise<void> {
  currentStep = title;
  console.log(`\n▶ release${dryRun ? " (dry run)" : ""}: ${title}`);
  const t0 = Date.now();
  await run();
  console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function readVersion(): string {
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string") throw new ReleaseError("package.json has no version");
  return version;
}

function tag(): string {
  return `v${state.version}`;
}

function pythonArtifacts(): string[] {
  const files = existsSync(pythonDist) ? readdirSync(pythonDist).sort() : [];
  const wanted = [`${packageName}-${state.version}-py3-none-any.whl`, `${packageName}-${state.version}.tar.gz`];
  const missing = wanted.filter((name) => !files.includes(name));
  if (missing.length > 0) {
    throw new ReleaseError(`python/dist/ lacks ${missing.join(" and ")} (it has: ${files.join(", ") || "nothing"})`);
  }
  return wanted.map((name) => join(pythonDist, name));
}

function pnpm(pnpmArgs: readonly string[]): void {
  const bundled = join(root, ".tools", "node_modules", "pnpm", "bin", "pnpm.cjs");
  const cli = existsSync(bundled) ? bundled : process.env["npm_execpath"];
  if (cli === undefined) throw new ReleaseError("pnpm not found: run `npm run build` once, or start the release with `pnpm release`");
  exec(process.execPath, [cli, ...pnpmArgs]);
}

/** Puts back what `changeset version` changed in a dry run: the tree was clean before it. */
function restoreTree(): void {
  for (const path of restore) {
    try {
      git(root, ["cat-file", "-e", `HEAD:${path}`]);
      git(root, ["checkout", "HEAD", "--", path]);
    } catch {
      rmSync(join(root, path), { force: true });
    }
  }
  if (restore.length > 0) console.log(`\n  dry run: restored ${restore.join(", ")}`);
}

async function release(): Promise<"released" | "nothing"> {
  const pending = pendingChangesets(root);
  let needNpm = true;
  let needPypi = true;

  await step("preflight: git tree, version, changesets, registries", async () => {
    const dirty = uncommittedPaths(root);
    if (dirty.length > 0) {
      throw new ReleaseError(`the git tree has uncommitted changes, commit or stash them first: ${dirty.slice(0, 10).join(", ")}`);
    }
    console.log(`  version in package.json: ${state.version}`);
    console.log(`  pending changesets: ${pending.length === 0 ? "none" : pending.join(", ")}`);
    console.log(`  npm registry: ${registries.npmRegistry} (NPM_TOKEN ${registries.npmToken === undefined ? "unset" : "set"})`);
    console.log(
      `  PyPI upload: ${registries.twineRepositoryUrl ?? "twine's default (pypi.org)"} (TWINE_USERNAME/TWINE_PASSWORD ${registries.twineCredentials ? "set" : "unset"}), read from ${registries.pipIndex}`,
    );
    if (pending.length === 0) {
      needNpm = !npmHasVersion(registries, packageName, state.version);
      needPypi = !(await pypiHasVersion(registries, packageName, state.version));
      const needTag = !tagExists(root, tag());
      console.log(`  ${packageName}@${state.version} on npm: ${needNpm ? "no" : "yes"}; on PyPI: ${needPypi ? "no" : "yes"}; tag ${tag()}: ${needTag ? "no" : "yes"}`);
      if (!needNpm && !needPypi && !needTag) return;
      console.log(`  no changeset pending: releasing ${state.version}, doing only what is missing`);
    }
    if (dryRun) return;
    if (needNpm && registries.npmToken === undefined) throw new ReleaseError("NPM_TOKEN is not set: npm publish needs it");
    if (needPypi && !registries.twineCredentials) {
      throw new ReleaseError("TWINE_USERNAME and TWINE_PASSWORD must be set: twine upload needs them");
    }
  });
  if (pending.length === 0 && !needNpm && !needPypi && tagExists(root, tag())) {
    console.log(`\n✔ nothing to release: ${state.version} is on npm and PyPI and tagged ${tag()}; record a change with \`pnpm changeset\``);
    return "nothing";
  }

  await step("clean gen/, dist/, python/dist/, dist-catalog/", () => {
    for (const dir of ["gen", "dist", join("python", "dist"), "dist-catalog"]) rmSync(join(root, dir), { recursive: true, force: true });
  });
  await step("lint (buf lint, event lint, breaking-change gate)", () => exec("tsx", [tasks, "lint"]));
  await step("build both packages", () => exec("tsx", [tasks, "build"]));
  await step("tests (without test/release/e2e/)", () => exec("tsx", [tasks, "test"], { PROTOEVENTS_EXCLUDE_RELEASE_TESTS: "1" }));

  if (pending.length > 0) {
    await step(`changeset version (${pending.length} changeset${pending.length === 1 ? "" : "s"})`, () => {
      const before = state.version;
      exec("changeset", ["version"]);
      state.version = readVersion();
      const changed = uncommittedPaths(root);
      if (dryRun) restore.push(...changed);
      console.log(`  ${before} -> ${state.version}; changed ${changed.join(", ")}`);
      if (state.version === before) throw new ReleaseError(`changeset version left the version at ${before}`);
      if (dryRun) return;
      git(root, ["add", "--all", "--", ...changed]);
      git(root, ["commit", "--quiet", "-m", `Release ${tag()}`]);
      state.committed = true;
      console.log(`  committed "Release ${tag()}"`);
    });
    await step(`rebuild both packages at ${state.version}`, () => exec("tsx", [tasks, "build"]));
    needNpm = true;
    needPypi = true;
  }

  await step("check the npm package: pnpm pack, publint --strict, attw", () => {
    work = mkdtempSync(join(tmpdir(), "protoevents-release-"));
    pnpm(["pack", "--pack-destination", work]);
    state.tarball = join(work, `${packageName}-${state.version}.tgz`);
    if (!existsSync(state.tarball)) throw new ReleaseError(`pnpm pack did not write ${state.tarball}`);
    exec("publint", ["run", "--strict", state.tarball]);
    exec("attw", [state.tarball, "--profile", "node16"]);
  });
  await step("check the Python package: twine check --strict", () => {
    exec(venvPython(devVenv), ["-m", "twine", "check", "--strict", ...pythonArtifacts()]);
  });

  await step(`publish ${packageName}@${state.version} to npm (${registries.npmRegistry})`, () => {
    if (needNpm && npmHasVersion(registries, packageName, state.version)) needNpm = false;
    state.onNpm = !needNpm;
    if (!needNpm) return console.log(`  already there: skipped`);
    const tarball = state.tarball as string;
    if (dryRun) return console.log(`  dry run: would run npm publish ${tarball}`);
    const token = registries.npmToken as string;
    exec("npm", ["publish", tarball, "--ignore-scripts"], { NPM_CONFIG_REGISTRY: registries.npmRegistry, ...npmAuthEnv(registries.npmRegistry, token) });
    state.onNpm = true;
  });
  await step(`publish ${packageName}==${state.version} to PyPI (${registries.twineRepositoryUrl ?? "pypi.org"})`, async () => {
    if (needPypi && (await pypiHasVersion(registries, packageName, state.version))) needPypi = false;
    if (!needPypi) return console.log(`  already there: skipped`);
    const files = pythonArtifacts();
    if (dryRun) return console.log(`  dry run: would run twine upload ${files.join(" ")}`);
    exec(venvPython(devVenv), ["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", ...files], registries.twineEnv);
  });
  await step(`tag ${tag()}`, () => {
    if (tagExists(root, tag())) return console.log(`  tag ${tag()} exists: skipped`);
    if (dryRun) return console.log(`  dry run: would run git tag -a ${tag()}`);
    git(root, ["tag", "-a", tag(), "-m", `Release ${tag()}`]);
  });
  return "released";
}

function failureAdvice(): string[] {
  const advice: string[] = [];
  if (state.committed) advice.push(`The release commit "Release ${tag()}" is made; the version is ${state.version}.`);
  if (state.onNpm) advice.push(`npm has ${packageName}@${state.version}; PyPI may not.`);
  if (state.committed || state.onNpm) {
    advice.push(`Fix the cause and run \`pnpm release\` again: with no changeset pending it finishes ${state.version} without bumping.`);
  } else if (!dryRun) {
    advice.push("Nothing was published.");
  }
  return advice;
}

try {
  const outcome = await release();
  if (outcome === "released") {
    const what = dryRun ? `dry run of ${tag()} passed; nothing published` : `released ${tag()} to npm and PyPI`;
    console.log(`\n✔ ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} catch (error) {
  const status = (error as { status?: unknown }).status;
  const reason = error instanceof ReleaseError || typeof status !== "number" ? (error as Error).message : `exit status ${status}`;
  console.error(`\n✘ release stopped at "${currentStep}": ${reason}`);
  for (const line of failureAdvice()) console.error(`  ${line}`);
  process.exitCode = typeof status === "number" && status !== 0 ? status : 1;
} finally {
  if (dryRun) restoreTree();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
}

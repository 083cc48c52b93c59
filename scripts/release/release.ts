// `npm run release -- [--dry-run] [--branch <name>]`: releases the npm and the PyPI package
// named in protoevents.names.yaml at one version, from the release branch (the changesets
// baseBranch, `main`) unless `--branch` names the checked-out one. Steps: preflight, clean,
// `changeset version`, lint and build, tests, checks on the artifacts, the "Release vX.Y.Z"
// commit, publish to npm, publish to PyPI, tag. Each step prints what it does; the first
// failure stops the release, and a release that stops before its commit puts the tree and the
// build outputs back as they were. A release ends by printing the command that pushes its
// commit and tag.
//
// With no changeset pending, it releases the version package.json already has, doing only
// what is missing: a run that published to npm and then failed on PyPI is finished by
// running it again, without a second bump. `--dry-run` does everything but commit, publish
// and tag, says what it would have done, and leaves the tree and the build outputs as it
// found them.
//
// The tests run as `npm test -- --quick`: everything but the whole-repository tests of test/adopt/
// and test/release/e2e/ (the end-to-end test that runs this script), so a release never starts
// itself; CI runs those on every change of main.
// PROTOEVENTS_RELEASE_TESTS, when set, narrows the tests to `npm test -- --quick <its words>`:
// the end-to-end test sets it, because it proves the release pipeline, not the suite again.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkReleaseBranch, defaultReleaseBranch, pushCommand, type ReleaseTarget } from "./branch.js";
import { buildOutputs, type BuildOutputsSnapshot, snapshotBuildOutputs } from "./build-outputs.js";
import { pendingChangesets } from "./changesets.js";
import { git, tagExists, uncommittedPaths } from "../lib/git.js";
import { packNpmPackage } from "./npm-package.js";
import { applyReleasePlan, planRelease, type ReleaseAction, type ReleaseObservation, type ReleasePlan } from "./release-plan.js";
import { pythonArtifactNames } from "./package-files.js";
import { npmAuthEnv, npmHasVersion, pypiHasVersion, readRegistries, registryEnvKeys } from "./registries.js";
import { loadPackageNames } from "../lib/package-names.js";
import { exec, execQuiet, runStep, type Step } from "../build/steps.js";
import { exitStatusOf, hasExitStatus } from "../lib/exit-status.mjs";
import { root } from "../lib/repository-root.js";
import { devVenv, pythonDist, venvPython } from "../build/python-venvs.js";

const tasks = join("scripts", "build", "tasks.ts");
const usage = "usage: npm run release -- [--dry-run] [--branch <name>]";

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

function parseOptions(): { dryRun: boolean; branch: string | undefined } {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { "dry-run": { type: "boolean", default: false }, branch: { type: "string" } },
      strict: true,
      allowPositionals: false,
    });
    return { dryRun: values["dry-run"], branch: values.branch };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return process.exit(2);
  }
}

const options = parseOptions();
const dryRun = options.dryRun;
const releaseBranch = options.branch ?? defaultReleaseBranch(root);
const names = loadPackageNames(root);
const registries = readRegistries(process.env);
for (const key of registryEnvKeys) delete process.env[key];
const testFilter = (process.env["PROTOEVENTS_RELEASE_TESTS"] ?? "").split(/\s+/).filter((word) => word !== "");
const state: State = { version: readVersion(), onNpm: false, committed: false };
/** What a dry run would have done, in order, to print at its end. */
const wouldHave: string[] = [];
const started = Date.now();
let work: string | undefined;
let currentStep = "";
let target: ReleaseTarget | undefined;
/** Set once preflight found the tree clean: the release may then put every changed path back. */
let treeWasClean = false;
let snapshot: BuildOutputsSnapshot | undefined;

async function step(title: string, run: () => void | Promise<void>): Promise<void> {
  currentStep = title;
  await runStep("release", `release${dryRun ? " (dry run)" : ""}:`, { title, run });
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
  const wanted = pythonArtifactNames(names.pythonDistribution, state.version);
  const missing = wanted.filter((name) => !files.includes(name));
  if (missing.length > 0) {
    throw new ReleaseError(`python/dist/ lacks ${missing.join(" and ")} (it has: ${files.join(", ") || "nothing"})`);
  }
  return wanted.map((name) => join(pythonDist, name));
}

/**
 * Puts back what the release changed before its commit: every path git sees changed (the tree
 * was clean when it started; `changeset version` changes package.json, CHANGELOG.md and
 * .changeset/), and the build outputs as they were before it.
 */
function undoUncommitted(): string[] {
  const restored: string[] = [];
  if (treeWasClean) {
    for (const path of uncommittedPaths(root)) {
      try {
        git(root, ["cat-file", "-e", `HEAD:${path}`]);
        git(root, ["checkout", "HEAD", "--", path]);
      } catch {
        rmSync(join(root, path), { force: true });
      }
      restored.push(path);
    }
  }
  if (snapshot !== undefined) restored.push(...snapshot.restore().map((dir) => `${dir}/`));
  return restored;
}

/** The preflight: what the repository and the registries hold, printed as it is found. */
async function observe(): Promise<ReleaseObservation> {
  const pending = pendingChangesets(root);
  let branchProblem: string | undefined;
  try {
    target = checkReleaseBranch(root, releaseBranch);
    console.log(`  branch: ${target.branch}${options.branch === undefined ? "" : " (--branch)"}, pushed to ${target.remote}`);
  } catch (error) {
    branchProblem = (error as Error).message;
  }
  const uncommitted = uncommittedPaths(root);
  console.log(`  packages: ${names.npm} on npm, ${names.pythonDistribution} on PyPI (protoevents.names.yaml)`);
  console.log(`  version in package.json: ${state.version}`);
  console.log(`  pending changesets: ${pending.length === 0 ? "none" : pending.join(", ")}`);
  console.log(`  npm registry: ${registries.npmRegistry} (NPM_TOKEN ${registries.npmToken === undefined ? "unset" : "set"})`);
  if (registries.oidc) console.log("  OIDC: the CI offers trusted publishing; npm signs the provenance of the package");
  console.log(
    `  PyPI upload: ${registries.twineRepositoryUrl ?? "twine's default (pypi.org)"} (TWINE_USERNAME/TWINE_PASSWORD ${registries.twineCredentials ? "set" : "unset"}), read from ${registries.pipIndex}`,
  );
  // The registries and the tag matter only to finish a version already set: a pending
  // changeset makes a new one.
  const finishing = pending.length === 0 && branchProblem === undefined && uncommitted.length === 0;
  const onNpm = finishing && npmHasVersion(registries, names.npm, state.version);
  const onPypi = finishing && (await pypiHasVersion(registries, names.pythonDistribution, state.version));
  const tagged = finishing && tagExists(root, tag());
  if (finishing) {
    console.log(`  ${names.npm}@${state.version} on npm: ${onNpm ? "yes" : "no"}; ${names.pythonDistribution}==${state.version} on PyPI: ${onPypi ? "yes" : "no"}; tag ${tag()}: ${tagged ? "yes" : "no"}`);
  }
  return {
    branchProblem,
    uncommitted,
    version: state.version,
    pendingChangesets: pending,
    onNpm,
    onPypi,
    tagged,
    credentials: { npm: registries.npmToken !== undefined || registries.oidc, pypi: registries.twineCredentials || registries.oidc },
    dryRun,
  };
}

async function release(): Promise<"released" | "nothing"> {
  let plan: ReleasePlan | undefined;
  let pending = 0;
  await step("preflight: branch, git tree, version, changesets, registries", async () => {
    const observed = await observe();
    pending = observed.pendingChangesets.length;
    plan = planRelease(observed);
    if (plan.kind === "refuse") throw new ReleaseError(plan.reason);
    // The tree is clean from here on: the release may put every path it changes back.
    treeWasClean = true;
    if (plan.kind === "release" && !plan.bump) console.log(`  no changeset pending: releasing ${state.version}, doing only what is missing`);
    if (plan.kind === "release") console.log(`  plan: ${plan.actions.join(", ")}`);
    if (testFilter.length > 0) console.log(`  tests: only \`npm test -- --quick ${testFilter.join(" ")}\` (PROTOEVENTS_RELEASE_TESTS is set)`);
  });
  if (plan === undefined || plan.kind !== "release") {
    console.log(`\n✔ nothing to release: ${state.version} is on npm and PyPI and tagged ${tag()}; record a change with \`npm run changeset\``);
    return "nothing";
  }
  await applyReleasePlan(plan, (action) => actionStep(action, pending), (s) => step(s.title, s.run));
  return "released";
}

// The paths `changeset version` changed, which the release commit records.
let versionChanges: string[] = [];

/** How the release does each action of its plan; in a dry run, the effectful ones report instead. */
function actionStep(action: ReleaseAction, pending: number): Step {
  switch (action) {
    case "clean":
      return {
        title: `clean ${buildOutputs.map((dir) => `${dir}/`).join(", ")}`,
        run: () => {
          // Copied aside first: a dry run, or a release that stops before its commit, puts them back.
          snapshot = snapshotBuildOutputs(root);
          for (const dir of buildOutputs) rmSync(join(root, dir), { recursive: true, force: true });
        },
      };
    case "bump":
      // The version is bumped before the build, so the build, the tests and the checks see
      // exactly what is published; the bump is committed only once they pass.
      return {
        title: `changeset version (${pending} changeset${pending === 1 ? "" : "s"})`,
        run: () => {
          const before = state.version;
          exec("changeset", ["version"]);
          state.version = readVersion();
          versionChanges = uncommittedPaths(root);
          console.log(`  ${before} -> ${state.version}; changed ${versionChanges.join(", ")}`);
          if (state.version === before) throw new ReleaseError(`changeset version left the version at ${before}`);
        },
      };
    case "build":
      return { title: `lint and build both packages at ${state.version} (the steps of npm run build)`, run: () => exec("tsx", [tasks, "build"]) };
    case "test":
      return testFilter.length > 0
        ? { title: `tests: only npm test -- --quick ${testFilter.join(" ")} (PROTOEVENTS_RELEASE_TESTS)`, run: () => exec("tsx", [tasks, "test", "--quick", ...testFilter]) }
        : { title: "tests (npm test -- --quick: all but test/adopt/ and test/release/e2e/)", run: () => exec("tsx", [tasks, "test", "--quick"]) };
    case "check-npm":
      return {
        title: "check the npm package: pnpm pack, publint --strict, attw",
        run: () => {
          work = mkdtempSync(join(tmpdir(), "protoevents-release-"));
          state.tarball = packNpmPackage(root, work);
          exec("publint", ["run", "--strict", state.tarball]);
          // attw prints a table of every entry point and resolution mode: worth reading only when it fails.
          execQuiet("attw", [state.tarball]);
          console.log("  attw, every resolution mode (node10 included): no problems");
        },
      };
    case "check-pypi":
      return { title: "check the Python package: twine check --strict", run: () => exec(venvPython(devVenv), ["-m", "twine", "check", "--strict", ...pythonArtifacts()]) };
    case "commit":
      return {
        title: `commit "Release ${tag()}"`,
        run: () => {
          if (dryRun) {
            wouldHave.push(`commit "Release ${tag()}" (${versionChanges.join(", ")})`);
            return console.log(`  dry run: would commit ${versionChanges.join(", ")}`);
          }
          git(root, ["add", "--all", "--", ...versionChanges]);
          git(root, ["commit", "--quiet", "-m", `Release ${tag()}`]);
          state.committed = true;
        },
      };
    case "publish-npm":
      return {
        title: `publish ${names.npm}@${state.version} to npm (${registries.npmRegistry})`,
        run: () => {
          // Asked again: another run may have published it since the preflight.
          state.onNpm = npmHasVersion(registries, names.npm, state.version);
          if (state.onNpm) return console.log(`  already there: skipped`);
          const tarball = state.tarball as string;
          if (dryRun) {
            wouldHave.push(`publish ${names.npm}@${state.version} to ${registries.npmRegistry}`);
            return console.log(`  dry run: would run npm publish ${tarball}`);
          }
          // --access public: a scoped name (@acme/events) is published restricted otherwise. Without a
          // token, npm publishes by trusted publishing (OIDC); with OIDC at hand, --provenance signs
          // where and from which commit the tarball was built.
          const auth = registries.npmToken === undefined ? {} : npmAuthEnv(registries.npmRegistry, registries.npmToken);
          const provenance = registries.oidc ? ["--provenance"] : [];
          exec("npm", ["publish", tarball, "--ignore-scripts", "--access", "public", ...provenance], { NPM_CONFIG_REGISTRY: registries.npmRegistry, ...auth });
          state.onNpm = true;
        },
      };
    case "publish-pypi": {
      const pypiTarget = registries.twineRepositoryUrl ?? "pypi.org";
      return {
        title: `publish ${names.pythonDistribution}==${state.version} to PyPI (${pypiTarget})`,
        run: async () => {
          if (await pypiHasVersion(registries, names.pythonDistribution, state.version)) return console.log(`  already there: skipped`);
          const files = pythonArtifacts();
          if (dryRun) {
            wouldHave.push(`upload ${files.map((file) => file.slice(pythonDist.length + 1)).join(" and ")} to ${pypiTarget}`);
            return console.log(`  dry run: would run twine upload ${files.join(" ")}`);
          }
          exec(venvPython(devVenv), ["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", ...files], registries.twineEnv);
        },
      };
    }
    case "tag":
      return {
        title: `tag ${tag()}`,
        run: () => {
          if (tagExists(root, tag())) return console.log(`  tag ${tag()} exists: skipped`);
          if (dryRun) {
            wouldHave.push(`tag ${tag()}`);
            return console.log(`  dry run: would run git tag -a ${tag()}`);
          }
          git(root, ["tag", "-a", tag(), "-m", `Release ${tag()}`]);
        },
      };
  }
}

function failureAdvice(): string[] {
  const advice: string[] = [];
  if (state.committed) advice.push(`The release commit "Release ${tag()}" is made; the version is ${state.version}.`);
  if (state.onNpm) advice.push(`npm has ${names.npm}@${state.version}; PyPI may not.`);
  if (state.committed || state.onNpm) {
    advice.push(`Fix the cause and run \`npm run release\` again: with no changeset pending it finishes ${state.version} without bumping.`);
  } else if (dryRun) {
    advice.push("Dry run: nothing was committed, published or tagged; the tree and the build outputs are as they were.");
  } else {
    advice.push("Nothing was published; the tree and the build outputs are as they were.");
  }
  return advice;
}

function seconds(): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

let outcome: Awaited<ReturnType<typeof release>> | undefined;
let failure: unknown;
try {
  outcome = await release();
} catch (error) {
  failure = error;
} finally {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
}
if (dryRun || (failure !== undefined && !state.committed)) {
  const restored = undoUncommitted();
  if (restored.length > 0) console.log(`\n  ${dryRun ? "dry run" : "stopped before the commit"}: put back as they were: ${restored.join(", ")}`);
} else {
  snapshot?.discard();
}
if (failure !== undefined) {
  const reason = hasExitStatus(failure) ? `exit status ${failure.status}` : (failure as Error).message;
  console.error(`\n✘ release stopped at "${currentStep}": ${reason}`);
  for (const line of failureAdvice()) console.error(`  ${line}`);
  process.exitCode = exitStatusOf(failure);
} else if (outcome === "released" && dryRun) {
  console.log(`\n✔ dry run of ${tag()} passed in ${seconds()}: nothing was committed, published or tagged.`);
  console.log("  A release would have:");
  for (const action of wouldHave) console.log(`  - ${action}`);
  if (target !== undefined) console.log(`  and then asked you to push them: ${pushCommand(target)}`);
} else if (outcome === "released") {
  console.log(`\n✔ released ${tag()} to npm and PyPI in ${seconds()}`);
  if (target !== undefined) console.log(`  Push the release commit and the tag ${tag()}:\n    ${pushCommand(target)}`);
}

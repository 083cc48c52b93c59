// The Python package's steps: the build venv, staging, type checking and packing of the
// wheel and sdist, and the tests that run on the installed wheel in fresh venvs.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { developmentStatuses, loadPackageNames } from "../lib/package-names.js";
import { exec, execQuiet, type Step } from "./steps.js";
import { root } from "../lib/repository-root.js";

/** The build's venv: protoc (grpcio-tools), mypy-protobuf, mypy, build and hatchling. */
export const devVenv = join(root, ".venv");

/** Where the wheel and sdist go. */
export const pythonDist = join(root, "python", "dist");

const requirementsDir = join(root, "python", "requirements");
const stageDir = join(root, "gen", "python-package");
const stampName = "protoevents-venv.stamp";

/**
 * A venv the tests install the built wheel into, with mypy and one `protobuf` runtime: `latest`
 * the newest the package accepts, `minimum-6` the oldest it declares (the generated code's
 * version), `minimum-7` the first of the next major, which the cross-version guarantee covers.
 */
export type TestVenv = "latest" | "minimum-6" | "minimum-7";

const testRequirements: Record<TestVenv, string> = { latest: "test.txt", "minimum-6": "test-minimum-6.txt", "minimum-7": "test-minimum-7.txt" };

/** Every test venv, in the order the tests run in them. */
export const testVenvs: readonly TestVenv[] = ["latest", "minimum-6", "minimum-7"];

/** The Python interpreter of a venv. */
export function venvPython(venv: string): string {
  return join(venv, "bin", "python");
}

/** The folder of a test venv, inside the git-ignored .venv/. */
export function testVenvDir(name: TestVenv): string {
  return join(devVenv, "wheel-tests", name);
}

interface VenvStamp {
  /** Hash of the interpreter and the requirements. */
  readonly base?: string;
  /** Hash of the installed wheel, "" for none. */
  readonly wheel?: string;
}

/** The stamp a venv was made with; empty when there is none or it is of an older form. */
function readStamp(file: string): VenvStamp {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof value === "object" && value !== null ? (value as VenvStamp) : {};
  } catch {
    return {};
  }
}

/** Writes a stamp as a new file: a venv copied with hard links must not write through to the original's. */
function writeStamp(file: string, stamp: VenvStamp): void {
  rmSync(file, { force: true });
  writeFileSync(file, JSON.stringify(stamp));
}

/** What {@link ensureVenv} did: nothing, reinstall only the wheel, or make the venv anew. */
export type VenvChange = "up to date" | "wheel reinstalled" | "made anew";

/**
 * Makes a venv from pinned requirements (`pip install --no-deps`: the file lists every package),
 * then installs `wheel` into it when given. A stamp keyed on the interpreter and the requirements
 * makes the venv anew only when they change; a changed wheel (every rebuild) is reinstalled alone,
 * in seconds instead of a venv's minute.
 *
 * @throws the child_process error when python3 or pip fails.
 */
export function ensureVenv(venv: string, requirements: string, wheel?: string): VenvChange {
  const base = createHash("sha256");
  base.update(execFileSync("python3", ["-c", "import sys; print(sys.executable, sys.version)"]));
  base.update(readFileSync(requirements));
  const stamp = { base: base.digest("hex"), wheel: wheel === undefined ? "" : createHash("sha256").update(readFileSync(wheel)).digest("hex") };
  const stampFile = join(venv, stampName);
  const previous = readStamp(stampFile);
  const pipInstall = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"];
  if (previous.base === stamp.base) {
    if (previous.wheel === stamp.wheel) return "up to date";
    // --no-index: the wheel's own dependencies must be met by the pinned set, never fetched.
    exec(venvPython(venv), [...pipInstall, "--no-index", "--no-deps", "--force-reinstall", wheel as string]);
    writeStamp(stampFile, stamp);
    return "wheel reinstalled";
  }
  rmSync(venv, { recursive: true, force: true });
  exec("python3", ["-m", "venv", venv]);
  exec(venvPython(venv), [...pipInstall, "--no-deps", "--requirement", requirements]);
  if (wheel !== undefined) exec(venvPython(venv), [...pipInstall, "--no-index", wheel]);
  writeStamp(stampFile, stamp);
  return "made anew";
}

/**
 * Returns the wheel in python/dist/.
 *
 * @throws when there is none, or more than one.
 */
export function builtWheel(): string {
  const wheels = existsSync(pythonDist) ? readdirSync(pythonDist).filter((f) => f.endsWith(".whl")) : [];
  if (wheels.length !== 1) {
    throw new Error(`expected one wheel in python/dist/, found ${wheels.length}: run \`npm run build\``);
  }
  return join(pythonDist, wheels[0] as string);
}

/**
 * Makes the test venv `name` with the built wheel installed, anew whenever the wheel changed.
 *
 * @returns the venv's folder.
 */
export function ensureTestVenv(name: TestVenv): string {
  const venv = testVenvDir(name);
  mkdirSync(join(devVenv, "wheel-tests"), { recursive: true });
  const change = ensureVenv(venv, join(requirementsDir, testRequirements[name]), builtWheel());
  console.log(`  ${name}: ${change === "up to date" ? "up to date with the built wheel" : `${change} (the built wheel)`}`);
  return venv;
}

function ensureDevVenv(): void {
  const change = ensureVenv(devVenv, join(requirementsDir, "dev.txt"));
  console.log(change === "made anew" ? "  .venv made from python/requirements/dev.txt" : "  .venv up to date");
}

function stagePackage(): void {
  const names = loadPackageNames(root);
  const { project } = names;
  const projectJson = JSON.stringify({ ...project, classifier: developmentStatuses[project.status] });
  const nameArgs = ["--npm-name", names.npm, "--distribution", names.pythonDistribution, "--import-name", names.pythonImport, "--project", projectJson, "--proto-prefix", names.protoPrefix];
  exec(venvPython(devVenv), [join("python", "tools", "stage_package.py"), root, join(root, "gen", "python"), stageDir, ...nameArgs]);
}

function typecheckPackage(): void {
  execFileSync(join(devVenv, "bin", "mypy"), [], { cwd: stageDir, stdio: "inherit" });
}

function buildDistributions(): void {
  rmSync(pythonDist, { recursive: true, force: true });
  // Built from a copy outside the repository: hatchling puts the nearest .gitignore up to the
  // git root into every sdist (ignore-vcs notwithstanding), which would ship the repository's.
  const buildDir = mkdtempSync(join(tmpdir(), "protoevents-python-build-"));
  try {
    cpSync(stageDir, buildDir, { recursive: true, filter: (source) => !source.endsWith(".mypy_cache") });
    // --no-isolation: the pinned hatchling of .venv builds, nothing is fetched. The sdist is built
    // first and the wheel from the unpacked sdist, which proves the sdist is complete.
    execQuiet(venvPython(devVenv), ["-m", "build", "--no-isolation", "--outdir", pythonDist, buildDir]);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  console.log(`  ${readdirSync(pythonDist).sort().join(", ")}`);
}

function runPytest(name: TestVenv, args: readonly string[]): void {
  const venv = ensureTestVenv(name);
  // From python/tests/, so only the installed wheel can provide the package. pytest exits
  // 5 when it collects nothing; like any other non-zero status, that fails the step.
  execFileSync(venvPython(venv), ["-m", "pytest", "-p", "no:cacheprovider", "-q", ...args], {
    cwd: join(root, "python", "tests"),
    stdio: "inherit",
    // The tests import the package as `protoevents`; python/tests/package_alias.py maps that
    // name to the installed one when the organisation named it otherwise.
    env: { ...process.env, PROTOEVENTS_TEST_VENV: name, PROTOEVENTS_PYTHON_IMPORT: loadPackageNames(root).pythonImport },
  });
}

/** Makes .venv, which `buf generate` needs for protoc and protoc-gen-mypy: runs before it. */
export const pythonToolSteps: Step[] = [
  { title: "python build venv (.venv from python/requirements/dev.txt)", run: ensureDevVenv },
];

/** Stages, typechecks and packs the Python package: runs after `buf generate`. */
export const pythonBuildSteps: Step[] = [
  { title: "stage the python package (gen/python + python/src -> gen/python-package)", run: stagePackage },
  { title: "typecheck the python package (mypy --strict)", run: typecheckPackage },
  { title: "build the python wheel and sdist (python/dist)", run: buildDistributions },
];

/**
 * Makes sure a wheel exists (building it only when python/dist/ has none) and the test venvs
 * have it installed: runs before vitest, whose cross-language test uses the `latest` venv.
 */
export const pythonTestPrepareSteps: Step[] = [
  {
    title: "python test venvs with the built wheel",
    run: () => {
      if (!existsSync(pythonDist) || !readdirSync(pythonDist).some((f) => f.endsWith(".whl"))) {
        console.log("  no wheel in python/dist/: building it");
        ensureDevVenv();
        exec("buf", ["generate"]);
        pythonBuildSteps.forEach((step) => step.run());
      }
      for (const venv of testVenvs) ensureTestVenv(venv);
    },
  },
];

/**
 * pytest on the installed wheel, with each test venv's protobuf runtime (the newest, and the
 * first of each accepted major); `args` (paths relative to python/tests/) select tests, none
 * runs them all.
 */
export function pythonTestSteps(args: readonly string[]): Step[] {
  return testVenvs.map((venv) => ({ title: `pytest on the installed wheel (protobuf ${venv})`, run: () => runPytest(venv, args) }));
}

// The Python package's steps: the build venv, staging, type checking and packing of the
// wheel and sdist, and the tests that run on the installed wheel in fresh venvs.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackageNames } from "../lib/package-names.js";
import { exec, root, type Step } from "../lib/steps.js";

/** The build's venv: protoc (grpcio-tools), mypy-protobuf, mypy, build and hatchling. */
export const devVenv = join(root, ".venv");

/** Where the wheel and sdist go. */
export const pythonDist = join(root, "python", "dist");

const requirementsDir = join(root, "python", "requirements");
const stageDir = join(root, "gen", "python-package");
const stampName = "protoevents-venv.stamp";

/**
 * A venv the tests install the built wheel into: `latest` has the newest `protobuf` runtime
 * the package accepts and mypy, `minimum` the oldest runtime it declares.
 */
export type TestVenv = "latest" | "minimum";

const testRequirements: Record<TestVenv, string> = { latest: "test.txt", minimum: "test-minimum.txt" };

/** The Python interpreter of a venv. */
export function venvPython(venv: string): string {
  return join(venv, "bin", "python");
}

/** The folder of a test venv, inside the git-ignored .venv/. */
export function testVenvDir(name: TestVenv): string {
  return join(devVenv, "wheel-tests", name);
}

/**
 * Makes a venv from pinned requirements (`pip install --no-deps`: the file lists every package),
 * then installs `wheel` into it when given. A stamp keyed on the interpreter, the requirements
 * and the wheel's bytes makes this a no-op when nothing changed; otherwise the venv is made anew.
 *
 * @returns whether the venv was made anew.
 * @throws the child_process error when python3 or pip fails.
 */
export function ensureVenv(venv: string, requirements: string, wheel?: string): boolean {
  const hash = createHash("sha256");
  hash.update(execFileSync("python3", ["-c", "import sys; print(sys.executable, sys.version)"]));
  hash.update(readFileSync(requirements));
  if (wheel !== undefined) hash.update(readFileSync(wheel));
  const stamp = hash.digest("hex");
  const stampFile = join(venv, stampName);
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return false;
  rmSync(venv, { recursive: true, force: true });
  exec("python3", ["-m", "venv", venv]);
  const pipInstall = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"];
  exec(venvPython(venv), [...pipInstall, "--no-deps", "--requirement", requirements]);
  // --no-index: the wheel's own dependencies must be met by the pinned set, never fetched.
  if (wheel !== undefined) exec(venvPython(venv), [...pipInstall, "--no-index", wheel]);
  writeFileSync(stampFile, stamp);
  return true;
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
  const made = ensureVenv(venv, join(requirementsDir, testRequirements[name]), builtWheel());
  console.log(`  ${name}: ${made ? "made anew with the built wheel" : "up to date with the built wheel"}`);
  return venv;
}

function ensureDevVenv(): void {
  const made = ensureVenv(devVenv, join(requirementsDir, "dev.txt"));
  console.log(made ? "  .venv made from python/requirements/dev.txt" : "  .venv up to date");
}

function stagePackage(): void {
  const names = loadPackageNames(root);
  const nameArgs = ["--npm-name", names.npm, "--distribution", names.pythonDistribution, "--import-name", names.pythonImport];
  exec(venvPython(devVenv), [join("python", "tools", "stage_package.py"), root, join(root, "gen", "python"), stageDir, ...nameArgs]);
}

function typecheckPackage(): void {
  execFileSync(join(devVenv, "bin", "mypy"), [], { cwd: stageDir, stdio: "inherit" });
}

function buildDistributions(): void {
  rmSync(pythonDist, { recursive: true, force: true });
  // --no-isolation: the pinned hatchling of .venv builds, nothing is fetched. The sdist is built
  // first and the wheel from the unpacked sdist, which proves the sdist is complete.
  exec(venvPython(devVenv), ["-m", "build", "--no-isolation", "--outdir", pythonDist, stageDir]);
}

function runPytest(name: TestVenv): void {
  const venv = ensureTestVenv(name);
  // From python/tests/, so only the installed wheel can provide `protoevents`. pytest exits
  // 5 when it collects nothing; like any other non-zero status, that fails the step.
  execFileSync(venvPython(venv), ["-m", "pytest", "-p", "no:cacheprovider", "-q"], {
    cwd: join(root, "python", "tests"),
    stdio: "inherit",
    env: { ...process.env, PROTOEVENTS_TEST_VENV: name },
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
      ensureTestVenv("latest");
      ensureTestVenv("minimum");
    },
  },
];

/** pytest on the installed wheel, with the newest and with the oldest accepted protobuf runtime. */
export const pythonTestSteps: Step[] = [
  { title: "pytest on the installed wheel (protobuf latest)", run: () => runPytest("latest") },
  { title: "pytest on the installed wheel (protobuf minimum)", run: () => runPytest("minimum") },
];

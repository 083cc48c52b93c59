// The Python package's steps: the build venv, staging, type checking and packing of the
// wheel and sdist, and the tests that run on the installed wheel in the test venvs
// (python-venvs.ts).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { developmentStatuses, loadPackageNames } from "../lib/package-names.js";
import { exec, execQuiet, type Step } from "./steps.js";
import { root } from "../lib/repository-root.js";
import { fixturesPythonPath } from "./fixtures-steps.js";
import { devVenv, ensureTestVenv, ensureVenv, pythonDist, requirementsDir, testVenvs, venvPython, type TestVenv } from "./python-venvs.js";

const stageDir = join(root, "gen", "python-package");

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
  // 5 when it collects nothing; like any other non-zero status, that fails the step. `-W error`:
  // a warning (a deprecated protobuf API, an unclosed client) fails the test that caused it.
  execFileSync(venvPython(venv), ["-m", "pytest", "-p", "no:cacheprovider", "-q", "-W", "error", ...args], {
    cwd: join(root, "python", "tests"),
    stdio: "inherit",
    // The tests import the package as `protoevents`; python/tests/package_alias.py maps that
    // name to the installed one when the organisation named it otherwise.
    env: { ...process.env, PROTOEVENTS_TEST_VENV: name, PROTOEVENTS_PYTHON_IMPORT: loadPackageNames(root).pythonImport },
  });
}

/**
 * mypy --strict on python/tests/ against the wheel installed in the latest test venv and the
 * fixtures' package, with no configuration file (python/pyproject.toml's would point mypy at
 * python/src/ instead of the wheel). Left out, and said so, when the organisation renamed the
 * Python package: the tests import it as `protoevents` through an import hook
 * (python/tests/package_alias.py) that mypy cannot follow.
 */
export const typecheckPythonTestsStep: Step = {
  title: "typecheck the python tests (mypy --strict, against the installed wheel)",
  run: () => {
    const { pythonImport } = loadPackageNames(root);
    if (pythonImport !== "protoevents") {
      console.log(`  not run: the package is imported as ${pythonImport}, and mypy cannot follow the tests' alias to it`);
      return;
    }
    const venv = ensureTestVenv("latest");
    execFileSync(venvPython(venv), ["-m", "mypy", "--config-file=", "--strict", "."], {
      cwd: join(root, "python", "tests"),
      stdio: "inherit",
      env: { ...process.env, MYPYPATH: fixturesPythonPath },
    });
  },
};

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
 * Test files that need a package only the latest venv installs (requirements/test.txt): the
 * official CloudEvents SDK.
 */
const latestVenvOnlyTests = ["test_cloudevents_sdk.py"];

/**
 * pytest's arguments in a venv: in the others than `latest`, without the files that need its
 * packages, which are also ignored when no file is named (pytest ignores no file it is given, so
 * both are needed); undefined when only such files were named.
 */
function pytestArgs(venv: TestVenv, args: readonly string[]): readonly string[] | undefined {
  if (venv === "latest") return args;
  const kept = args.filter((arg) => !latestVenvOnlyTests.some((file) => arg === file || arg.startsWith(`${file}::`)));
  if (args.length > 0 && kept.length === 0) return undefined;
  return [...latestVenvOnlyTests.map((file) => `--ignore=${file}`), ...kept];
}

/**
 * pytest on the installed wheel, with each test venv's protobuf runtime (the newest, and the
 * first of each accepted major); `args` (paths relative to python/tests/) select tests, none
 * runs them all. A venv none of whose selected tests can run in it is left out.
 */
export function pythonTestSteps(args: readonly string[]): Step[] {
  return testVenvs.flatMap((venv) => {
    const venvArgs = pytestArgs(venv, args);
    return venvArgs === undefined ? [] : [{ title: `pytest on the installed wheel (protobuf ${venv})`, run: () => runPytest(venv, venvArgs) }];
  });
}

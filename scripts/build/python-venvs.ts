// The Python venvs of the build and the tests: the build's own (.venv/, protoc, mypy, build
// tools) and one per tested protobuf runtime with the built wheel installed, each made from
// pinned requirements and kept until they change. The tests and benchmarks that run Python
// take their interpreter from here.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../lib/repository-root.js";
import { exec } from "./steps.js";

/** The build's venv: protoc (grpcio-tools), mypy-protobuf, mypy, build and hatchling. */
export const devVenv = join(root, ".venv");

/** Where the wheel and sdist go. */
export const pythonDist = join(root, "python", "dist");

/** The pinned requirements of every venv. */
export const requirementsDir = join(root, "python", "requirements");
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

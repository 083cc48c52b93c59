// An organisation adopts the repository under its own names: a copy of the working tree gets
// `@acme/events` / `acme-events` / `acme_events`, its own catalog title and the proto package
// prefix `acme` (the example domains moved to proto/acme/) in protoevents.names.yaml, is built,
// packed and installed (npm into a fresh project, the wheel
// into a fresh venv), and the README's quickstart examples, with the names substituted, compile
// (tsc --strict as ESM and CJS, mypy --strict) and print what the originals print.
//
// The copy reuses the pinned toolchain through symlinks (node_modules/, .tools/, .venv/): a
// second install of the same lockfile would prove pnpm and pip, not the names.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyWorkingTree } from "../../scripts/lib/working-tree.js";
import { packNpmPackage } from "../../scripts/release/npm-package.js";
import { npmSpecifierLeftovers, pythonModuleLeftovers } from "./leftover-names.js";

const root = join(import.meta.dirname, "..", "..");
const names = { npm: "@acme/events", distribution: "acme-events", import: "acme_events", title: "Acme Corp event catalog", repository: "https://git.acme.example/platform/events", prefix: "acme" };
const namesYaml = `version: v1
npm: "${names.npm}"
python:
  distribution: ${names.distribution}
  import: ${names.import}
catalog:
  title: ${names.title}
project:
  repository: ${names.repository}
  author: Acme Corp
  keywords: [events, acme]
  status: beta
proto:
  prefix: ${names.prefix}
`;

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "protoevents-adopt-"));
const copy = join(work, "repo");
const consumer = join(work, "consumer");
const venv = join(work, "venv");
const devVenvPython = join(root, ".venv", "bin", "python");
const bin = (name: string): string => join(root, "node_modules", ".bin", name);

/** Runs a command and returns its stdout; a failure throws with the command's whole output. */
async function output(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    return (await run(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

/** The npm and Python quickstarts as an adopter's README shows them: the same code under the new names. */
function renameTypeScript(code: string): string {
  return code.replace(/(["'\s])protoevents(?=["'/])/g, `$1${names.npm}`);
}
function renamePython(code: string): string {
  return code.replace(/\bprotoevents(?=[. ])/g, names.import);
}

/**
 * Moves the example domains under the proto prefix, as an organisation that sets `proto.prefix`
 * does: `proto/user/v1/` to `proto/acme/user/v1/`, `package user.v1;` to `package acme.user.v1;`,
 * and imports of its own files with them. The framework's `proto/protoevents/` stays.
 */
function moveUnderPrefix(): void {
  const protoDir = join(copy, "proto");
  const domains = readdirSync(protoDir).filter((name) => name !== "protoevents" && !name.includes("."));
  mkdirSync(join(protoDir, names.prefix));
  for (const domain of domains) renameSync(join(protoDir, domain), join(protoDir, names.prefix, domain));
  for (const file of filesUnder(join(protoDir, names.prefix)).filter((f) => f.endsWith(".proto"))) {
    const path = join(protoDir, names.prefix, file);
    const text = readFileSync(path, "utf8")
      .replace(/^package ([a-z0-9_.]+);$/m, `package ${names.prefix}.$1;`)
      .replace(/^import "(?!protoevents\/|google\/)([^"]+)";$/gm, `import "${names.prefix}/$1";`);
    writeFileSync(path, text);
  }
}

function prepareRenamedCopy(): void {
  copyWorkingTree(root, copy);
  for (const toolchain of ["node_modules", ".tools", ".venv"]) symlinkSync(join(root, toolchain), join(copy, toolchain));
  writeFileSync(join(copy, "protoevents.names.yaml"), namesYaml);
  moveUnderPrefix();
  for (const [example, rename] of [
    ["examples/quickstart.ts", renameTypeScript],
    ["examples/python/quickstart.py", renamePython],
  ] as const) {
    writeFileSync(join(copy, example), rename(readFileSync(join(root, example), "utf8")));
  }
}

function pinned(requirement: string): string {
  const pin = readFileSync(join(root, "python", "requirements", "test.txt"), "utf8")
    .split("\n")
    .find((line) => line.startsWith(`${requirement}==`));
  if (pin === undefined) throw new Error(`python/requirements/test.txt pins no ${requirement}`);
  return pin;
}

function devDependency(name: string): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  return `${name}@${manifest.devDependencies[name] ?? "missing"}`;
}

/** The files below `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

let tarball = "";
let wheel = "";
let installedPackage = "";
let quickstartTs = { esm: "", cjs: "", expected: "" };
let quickstartPy = { mypy: "", output: "", expected: "", facts: {} as Record<string, unknown>, oldImport: "" };
let buildLog = "";

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "index.js")) || !existsSync(join(root, ".venv", "wheel-tests", "latest"))) {
    throw new Error("run `npm test` (or `npm run build` and the python test venvs): this test compares against the built package");
  }
  prepareRenamedCopy();
  buildLog = await output(bin("tsx"), [join("scripts", "build", "tasks.ts"), "build"], copy);

  const pack = join(work, "pack");
  mkdirSync(pack);
  tarball = packNpmPackage(copy, pack);
  wheel = join(copy, "python", "dist", readdirSync(join(copy, "python", "dist")).find((file) => file.endsWith(".whl")) ?? "no wheel");

  const npmSide = async (): Promise<void> => {
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "acme-service", private: true }));
    const install = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball];
    await output("npm", [...install, devDependency("@bufbuild/protobuf"), devDependency("@types/node")], consumer);
    installedPackage = join(consumer, "node_modules", ...names.npm.split("/"));
    const example = renameTypeScript(readFileSync(join(root, "examples", "quickstart.ts"), "utf8"));
    writeFileSync(join(consumer, "quickstart.mts"), example);
    writeFileSync(join(consumer, "quickstart.cts"), example);
    const strict = ["--strict", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess", "--skipLibCheck", "false"];
    const target = ["--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--types", "node", "--outDir", "out"];
    await output(bin("tsc"), [...strict, ...target, "quickstart.mts", "quickstart.cts"], consumer);
    const [esm, cjs, expected] = await Promise.all([
      output(process.execPath, [join("out", "quickstart.mjs")], consumer),
      output(process.execPath, [join("out", "quickstart.cjs")], consumer),
      output(bin("tsx"), [join("examples", "quickstart.ts")], root),
    ]);
    quickstartTs = { esm, cjs, expected };
  };

  const pythonSide = async (): Promise<void> => {
    await output("python3", ["-m", "venv", "--without-pip", venv], work);
    const pip = ["-m", "pip", "--python", join(venv, "bin", "python"), "install", "--quiet", "--disable-pip-version-check", "--no-deps"];
    await output(devVenvPython, [...pip, wheel, pinned("protobuf"), pinned("types-protobuf")], work);
    const example = join(work, "quickstart.py");
    writeFileSync(example, renamePython(readFileSync(join(root, "examples", "python", "quickstart.py"), "utf8")));
    const python = join(venv, "bin", "python");
    const facts = `import json, importlib.metadata, ${names.import}
from ${names.import}.v1 import envelope_pb2
from ${names.import}.registry import events
print(json.dumps({"version": importlib.metadata.version("${names.distribution}"), "module": ${names.import}.Envelope.__module__,
  "fullName": ${names.import}.Envelope.DESCRIPTOR.full_name, "file": envelope_pb2.DESCRIPTOR.name,
  "events": [[e.message_type.__module__, e.message_type.DESCRIPTOR.full_name, e.message_type.DESCRIPTOR.file.name] for e in events]}))`;
    const oldImport = await run(python, ["-c", "import protoevents"], { cwd: work }).then(
      () => "imported",
      (error: { stderr?: string }) => error.stderr ?? "",
    );
    const [mypy, printed, expected, factsJson] = await Promise.all([
      output(join(root, ".venv", "bin", "mypy"), ["--strict", "--no-incremental", "--python-executable", python, example], work),
      output(python, [example], work),
      output(join(root, ".venv", "wheel-tests", "latest", "bin", "python"), [join("examples", "python", "quickstart.py")], root),
      output(python, ["-c", facts], work),
    ]);
    quickstartPy = { mypy, output: printed, expected, facts: JSON.parse(factsJson) as Record<string, unknown>, oldImport };
  };

  await Promise.all([npmSide(), pythonSide()]);
}, 900_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("a repository adopted as @acme/events, acme-events, acme_events", () => {
  it("writes the npm name into package.json and packs the tarball under it", () => {
    expect(buildLog).toContain(`npm ${names.npm}, PyPI ${names.distribution} (import ${names.import})`);
    const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as { name: string; version: string };
    expect(manifest.name).toBe(names.npm);
    expect(tarball.endsWith(`acme-events-${manifest.version}.tgz`)).toBe(true);
    const installed = JSON.parse(readFileSync(join(installedPackage, "package.json"), "utf8")) as Record<string, unknown>;
    expect(installed).toMatchObject({ name: names.npm, author: "Acme Corp", homepage: `${names.repository}#readme`, keywords: ["events", "acme"] });
    expect(installed["repository"]).toEqual({ type: "git", url: `git+${names.repository}.git` });
    expect(readFileSync(join(installedPackage, "README.md"), "utf8")).toMatch(new RegExp(`^# ${names.npm}\n[\\s\\S]*npm install ${names.npm} `));
    expect(existsSync(join(consumer, "node_modules", "protoevents"))).toBe(false);
  });

  it("runs the TypeScript quickstart under the new name, compiled by tsc --strict as ESM and as CJS", () => {
    expect(quickstartTs.expected).not.toBe("");
    expect(quickstartTs.esm).toBe(quickstartTs.expected);
    expect(quickstartTs.cjs).toBe(quickstartTs.expected);
  });

  it("leaves no protoevents specifier in the installed npm package", () => {
    const code = filesUnder(installedPackage).filter((file) => /\.(c?js|d\.c?ts|json|md)$/.test(file));
    expect(code.length).toBeGreaterThan(0);
    const leftovers = code.flatMap((file) => npmSpecifierLeftovers(readFileSync(join(installedPackage, file), "utf8")).map((m) => `${file}: ${m}`));
    expect(leftovers).toEqual([]);
  });

  it("builds the wheel as acme-events with the import package acme_events, and no protoevents module", () => {
    expect(wheel.endsWith(`acme_events-${String(quickstartPy.facts["version"])}-py3-none-any.whl`)).toBe(true);
    expect(quickstartPy.oldImport).toContain("ModuleNotFoundError: No module named 'protoevents'");
    const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as { version: string };
    const { events, ...facts } = quickstartPy.facts as { events: [string, string, string][] };
    expect(facts).toEqual({
      version: manifest.version,
      module: `${names.import}.v1.envelope_pb2`,
      fullName: "protoevents.v1.Envelope",
      file: "protoevents/v1/envelope.proto",
    });
    // Every event moved under the prefix: its proto names carry it, its module does not.
    expect(events.length).toBeGreaterThan(0);
    for (const [module, fullName, file] of events) {
      const inPackage = fullName.slice(0, fullName.lastIndexOf("."));
      expect(fullName.startsWith(`${names.prefix}.`), fullName).toBe(true);
      expect(file.startsWith(`${names.prefix}/`), file).toBe(true);
      expect(module).toBe(`${names.import}.${inPackage.slice(names.prefix.length + 1)}.${file.slice(file.lastIndexOf("/") + 1, -".proto".length)}_pb2`);
    }
  });

  it("runs the Python quickstart under the new name after mypy --strict", () => {
    expect(quickstartPy.mypy).toContain("Success: no issues found in 1 source file");
    expect(quickstartPy.expected).not.toBe("");
    expect(quickstartPy.output).toBe(quickstartPy.expected);
  });

  it("leaves no protoevents Python module in the wheel's code, stubs or README", () => {
    const listing = execFileSync(devVenvPython, ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", wheel], { encoding: "utf8" })
      .trim()
      .split("\n");
    expect(new Set(listing.map((file) => file.split("/")[0]))).toEqual(new Set([names.import, `${names.import}-${String(quickstartPy.facts["version"])}.dist-info`]));
    const site = join(venv, "lib", readdirSync(join(venv, "lib"))[0] ?? "", "site-packages");
    const texts = [
      ...filesUnder(join(site, names.import)).filter((file) => /\.pyi?$/.test(file)).map((file) => join(site, names.import, file)),
      join(site, `${names.import}-${String(quickstartPy.facts["version"])}.dist-info`, "METADATA"),
    ];
    expect(texts.length).toBeGreaterThan(2);
    const leftovers = texts.flatMap((file) => pythonModuleLeftovers(readFileSync(file, "utf8")).map((m) => `${file}: ${m}`));
    expect(leftovers).toEqual([]);
    const metadata = readFileSync(texts.at(-1) ?? "", "utf8");
    expect(metadata).toContain(`Project-URL: Repository, ${names.repository}\n`);
    expect(metadata).toContain("Classifier: Development Status :: 4 - Beta\n");
  });

  it("titles the catalog and writes its import lines with the new names, on every event page", () => {
    const catalog = join(copy, "dist-catalog");
    expect(readFileSync(join(catalog, "index.html"), "utf8")).toContain(`<title>Events · ${names.title}</title>`);
    const pages = filesUnder(join(catalog, "events")).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      const text = readFileSync(join(catalog, "events", page), "utf8");
      expect(text, page).toMatch(new RegExp(`from &#34;${names.npm}/[a-z0-9_/]+&#34;`));
      expect(text, page).toMatch(new RegExp(`from ${names.import}\\.[a-z0-9_.]+ import`));
      expect(text, page).not.toMatch(/&#34;protoevents[/&]|from protoevents\./);
    }
  });
});

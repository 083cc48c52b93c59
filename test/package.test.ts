// The package as its users get it: packed with pnpm, checked by publint and
// "Are the Types Wrong?", installed with npm into a fresh project (test/consumer),
// compiled with tsc --strict as ESM and as CJS, run with node, and bundled with
// esbuild to see what an app pays for each import.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { fromBinary, fromJson, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event, EnvelopeSchema, wrap } from "../src/index.js";
import { loadPackageNames } from "../scripts/lib/package-names.js";
import { packNpmPackage } from "../scripts/release/npm-package.js";
import { bundleCases, consumerEvents, consumerSource, expectedConsumerLine, recordedAt, unnarrowedSource } from "./consumer-sources.js";

interface Manifest {
  readonly license: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, unknown>>;
  readonly typesVersions: { readonly "*": Readonly<Record<string, readonly string[]>> };
  readonly devDependencies: Readonly<Record<string, string>>;
}

interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The part of `attw --format json` this test reads. */
interface AttwReport {
  readonly analysis: {
    readonly entrypoints: Readonly<Record<string, unknown>>;
    readonly problems: readonly { readonly kind: string; readonly entrypoint?: string; readonly resolutionKind?: string }[];
  };
}

const root = join(import.meta.dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
const fixtures = join(import.meta.dirname, "consumer");

function bin(name: string): string {
  return join(root, "node_modules", ".bin", name);
}

function run(command: string, args: readonly string[], cwd: string): CommandResult {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runOrThrow(what: string, command: string, args: readonly string[], cwd: string): CommandResult {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${what} failed with exit status ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

function devDependency(name: string): string {
  const version = manifest.devDependencies[name];
  if (version === undefined) throw new Error(`package.json has no devDependency ${name}`);
  return `${name}@${version}`;
}

/**
 * The esbuild that tsup bundles the package with: the root does not depend on
 * esbuild itself, so it resolves from tsup's own dependencies.
 */
function esbuildBinary(): string {
  const fromTsup = createRequire(createRequire(import.meta.url).resolve("tsup"));
  return join(dirname(fromTsup.resolve("esbuild/package.json")), "bin", "esbuild");
}

/**
 * The .proto files whose descriptors a bundle embeds. protoc-gen-es embeds each
 * file as a base64 string literal of its FileDescriptorProto, which keeps its
 * name in field 1.
 */
function embeddedProtoFiles(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/(["'`])([A-Za-z0-9+/]{16,}={0,2})\1/g)) {
    try {
      const name = fromBinary(FileDescriptorProtoSchema, Buffer.from(match[2] ?? "", "base64")).name;
      if (name.endsWith(".proto")) names.add(name);
    } catch {
      // An ordinary string that happens to look like base64.
    }
  }
  return [...names].sort();
}

const npmName = loadPackageNames(root).npm;
const consumer = consumerEvents();
const bundles = bundleCases(npmName, consumer, { envelope: EnvelopeSchema.file, options: event.file });

let work = "";
let tarball = "";
let project = "";
let compile: CommandResult;
let compileUnnarrowed: CommandResult;

beforeAll(() => {
  if (!existsSync(join(root, "dist", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first; this test packs the built package");
  }
  work = mkdtempSync(join(tmpdir(), "protoevents-package-"));
  const packDir = join(work, "pack");
  mkdirSync(packDir);
  tarball = packNpmPackage(root, packDir);

  project = join(work, "consumer");
  cpSync(fixtures, project, { recursive: true });
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  write("src/esm-consumer.ts", consumerSource("esm", npmName, consumer));
  write("src/cjs-consumer.cts", consumerSource("cjs", npmName, consumer));
  write("unnarrowed/unnarrowed.ts", unnarrowedSource(npmName, consumer));
  for (const { entry, source } of bundles) write(`bundle/${entry}.ts`, source);
  runOrThrow(
    "npm install of the packed tarball",
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      "--save-exact",
      tarball,
      devDependency("@bufbuild/protobuf"),
      devDependency("typescript"),
      devDependency("@types/node"),
    ],
    project,
  );
  const tsc = join(project, "node_modules", ".bin", "tsc");
  compile = run(tsc, ["-p", "tsconfig.json", "--strict", "--pretty", "false"], project);
  compileUnnarrowed = run(tsc, ["-p", "tsconfig.unnarrowed.json", "--strict", "--pretty", "false"], project);
});

afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("passes publint --strict with no message at all", () => {
    const result = run(bin("publint"), ["run", "--strict", tarball], root);
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(0);
    expect(output).toContain("All good!");
  });

  // Every resolution mode, node10 included: it ignores `exports` and finds a subpath's types
  // through `typesVersions`.
  it("passes attw in every resolution mode, node10 included, for every entry point of the exports map", () => {
    const result = run(bin("attw"), [tarball, "--format", "json"], root);
    const report = JSON.parse(result.stdout) as AttwReport;
    expect(Object.keys(report.analysis.entrypoints)).toEqual(Object.keys(manifest.exports));
    expect(report.analysis.problems, result.stdout + result.stderr).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  });

  it("maps every subpath of the exports map in typesVersions to the declarations exports gives require", () => {
    const exportsMap = manifest.exports as Record<string, { require?: { types?: string } } | string>;
    const subpaths = Object.keys(exportsMap).filter((key) => key !== "." && key !== "./package.json");
    expect(subpaths.length).toBeGreaterThan(1);
    const mapped = manifest.typesVersions["*"];
    expect(Object.keys(mapped).map((key) => `./${key}`)).toEqual(subpaths);
    for (const subpath of subpaths) {
      const target = exportsMap[subpath];
      expect(mapped[subpath.slice(2)], subpath).toEqual([typeof target === "string" ? target : target?.require?.types]);
    }
  });

  it("has no runtime dependency of its own and takes its peers as caret ranges, so that users get fixes and one copy", () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies)).toContain("@bufbuild/protobuf");
    for (const [name, range] of Object.entries(manifest.peerDependencies)) expect(range, name).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it("ships the repository's LICENSE, which its license field names", () => {
    const installed = join(project, "node_modules", ...npmName.split("/"));
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toBe(readFileSync(join(root, "LICENSE"), "utf8"));
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(manifest.license).toBe("Apache-2.0");
  });

  it("loads the root, ./kafka and ./router without the optional peers installed; ./nats asks for the @nats-io clients", () => {
    for (const peer of ["kafkajs", "@nats-io/jetstream", "@nats-io/transport-node"]) expect(existsSync(join(project, "node_modules", ...peer.split("/"))), peer).toBe(false);
    const load = (specifiers: readonly string[]): CommandResult =>
      run(process.execPath, ["--input-type=module", "-e", `${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(" ")} console.log("loaded");`], project);
    const withoutPeers = load([npmName, `${npmName}/kafka`, `${npmName}/router`, `${npmName}/cloudevents`]);
    expect(withoutPeers.stderr).toBe("");
    expect(withoutPeers.stdout).toBe("loaded\n");
    const nats = load([`${npmName}/nats`]);
    expect(nats.status).not.toBe(0);
    expect(nats.stderr).toMatch(/Cannot find package '@nats-io\/(jetstream|transport-node)'/);
  });

  it("installs with a single copy of @bufbuild/protobuf, the consumer's own", () => {
    expect(existsSync(join(project, "node_modules", "@bufbuild", "protobuf"))).toBe(true);
    expect(existsSync(join(project, "node_modules", ...npmName.split("/"), "node_modules"))).toBe(false);
  });
});

describe("a consumer of the installed package, wrapping and unwrapping every event", () => {
  const expectedEvents = [
    ...consumer.map((e, i) =>
      expectedConsumerLine(e, toBinary(EnvelopeSchema, wrap(e.schema, fromJson(e.schema, e.payload), { eventId: `evt-${i}`, timestamp: recordedAt })).length),
    ),
    "unknown event: UNKNOWN_EVENT UnknownEventError",
    "wrap a message that is not an event: NOT_AN_EVENT NotAnEventError",
  ];
  const firstSubpath = consumer[0]?.subpath ?? "";

  it("compiles as ESM and as CJS with tsc --strict, assigning each narrowed payload to its generated type", () => {
    expect(compile.stdout + compile.stderr).toBe("");
    expect(compile.status).toBe(0);
    expect(readdirSync(join(project, "out")).sort()).toEqual(["cjs-consumer.cjs", "esm-consumer.js"]);
  });

  it("cannot take one event's payload type without checking the name, unless the package holds one event", () => {
    const errors = compileUnnarrowed.stdout.split("\n").filter((line) => line.includes("error TS"));
    if (consumer.length === 1) {
      expect(errors, compileUnnarrowed.stdout).toEqual([]);
      expect(compileUnnarrowed.status).toBe(0);
    } else {
      expect(errors, compileUnnarrowed.stdout).toHaveLength(1);
      expect(errors[0]).toMatch(/^unnarrowed\/unnarrowed\.ts\(6,9\): error TS2322: /);
      expect(compileUnnarrowed.status).not.toBe(0);
    }
  });

  it("runs as ESM on the import build", () => {
    const result = runOrThrow("the ESM consumer", process.execPath, [join("out", "esm-consumer.js")], project);
    expect(result.stdout.trimEnd().split("\n")).toEqual([`resolved ${npmName}/dist/index.js ${npmName}/dist/${firstSubpath}/index.js`, ...expectedEvents]);
  });

  it("runs as CJS on the require build", () => {
    const result = runOrThrow("the CJS consumer", process.execPath, [join("out", "cjs-consumer.cjs")], project);
    expect(result.stdout.trimEnd().split("\n")).toEqual([`resolved ${npmName}/dist/index.cjs ${npmName}/dist/${firstSubpath}/index.cjs`, ...expectedEvents]);
  });
});

describe("an app bundle (esbuild, minified ESM)", () => {
  function bundle(entry: string, external: readonly string[]): string {
    const args = [join("bundle", `${entry}.ts`), "--bundle", "--minify", "--format=esm", "--platform=node", "--log-level=warning"];
    return runOrThrow(`esbuild ${entry}`, esbuildBinary(), [...args, ...external.map((e) => `--external:${e}`)], project).stdout;
  }

  function size(code: string): string {
    return `${Buffer.byteLength(code)} B min, ${gzipSync(code, { level: 9 }).length} B min+gzip`;
  }

  it.each(bundles)("$entry embeds only the descriptors it imports", ({ entry, protoFiles }) => {
    const packageOnly = bundle(entry, ["@bufbuild/protobuf"]);
    const whole = bundle(entry, []);
    expect(embeddedProtoFiles(packageOnly)).toEqual(protoFiles);
    expect(embeddedProtoFiles(whole).filter((name) => !name.startsWith("google/protobuf/"))).toEqual(protoFiles);
    console.info(`bundle ${entry}: protoevents code ${size(packageOnly)}; with @bufbuild/protobuf ${size(whole)}`);
  });
});

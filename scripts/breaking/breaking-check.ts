import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { bufBinary } from "../schema/buf-image.js";
import { bufModuleDir } from "../schema/buf-module.js";
import { findRelease } from "./release-tag.js";
import { majorVersion } from "../schema/schema-version.js";
import { packageVersion } from "../../src/event-version.js";

/** One breaking change as `buf breaking --error-format json` reports it. */
export interface BreakingChange {
  /** The file, relative to the repository root, e.g. `proto/user/v1/user_created.proto`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** buf's rule, e.g. `FIELD_WIRE_JSON_COMPATIBLE_TYPE`. */
  readonly type: string;
  readonly message: string;
}

/** A version folder that a breaking change touched, and where its next version goes. */
export interface FrozenFolder {
  /** The released folder, e.g. `proto/user/v1`. */
  readonly folder: string;
  /** The files of the folder with breaking changes. */
  readonly files: readonly string[];
  /** The folder to add instead, e.g. `proto/user/v3`, and its package, `user.v3`. */
  readonly next: { readonly folder: string; readonly package: string } | undefined;
  /** Whether the folder is the envelope's, `protoevents/v1`, which has no next version folder. */
  readonly envelope: boolean;
}

/** The outcome of the breaking-change gate. */
export type GateResult =
  | { readonly status: "no-release"; readonly reason: string }
  | { readonly status: "no-baseline"; readonly reason: string }
  | { readonly status: "does-not-compile"; readonly tag: string | undefined; readonly errors: readonly BreakingChange[] }
  | { readonly status: "passed"; readonly tag: string }
  | { readonly status: "failed"; readonly tag: string; readonly changes: readonly BreakingChange[]; readonly folders: readonly FrozenFolder[] };

/**
 * Runs `buf breaking <module> --against '.git#tag=<newest release tag behind HEAD>,subdir=<module>'`
 * in the workspace at `root`, with the rules of buf.yaml (WIRE_JSON), and
 * groups the breaking changes by version folder.
 *
 * @throws when buf fails for another reason than breaking changes (it cannot
 * build either side); buf's output is in the error's message.
 */
export function runBreakingGate(root: string): GateResult {
  const moduleDir = bufModuleDir(root);
  const lookup = findRelease(root, moduleDir);
  if ("none" in lookup) {
    // Nothing to compare with, but protos that do not compile still fail, with the compiler's words.
    const build = spawnSync(bufBinary, ["build", moduleDir, "-o", "/dev/null", "--error-format", "json"], { cwd: root, encoding: "utf8" });
    const errors = compileErrors(`${build.stdout}\n${build.stderr}`, moduleDir);
    if (build.status !== 0 && errors.length > 0) return { status: "does-not-compile", tag: undefined, errors };
    return { status: "no-release", reason: lookup.none };
  }
  if ("error" in lookup) return { status: "no-baseline", reason: lookup.error };
  const { tag, bufInput } = lookup.release;
  const run = spawnSync(bufBinary, ["breaking", moduleDir, "--against", bufInput, "--error-format", "json"], { cwd: root, encoding: "utf8" });
  if (run.status === 0) return { status: "passed", tag };
  if (run.status !== 100) {
    throw new Error(`buf breaking failed with exit status ${String(run.status)}:\n${run.stderr}${run.stdout}`);
  }
  const changes = run.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => toChange(JSON.parse(line) as Record<string, unknown>, moduleDir));
  // buf reports the compiler's errors as findings of type COMPILE: not a change to revert.
  const errors = changes.filter((change) => change.type === "COMPILE");
  if (errors.length > 0) return { status: "does-not-compile", tag, errors };
  return { status: "failed", tag, changes, folders: frozenFolders(root, moduleDir, changes) };
}

// buf's JSON lines of compiler errors, from its output.
function compileErrors(output: string, moduleDir: string): BreakingChange[] {
  return output
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => toChange(JSON.parse(line) as Record<string, unknown>, moduleDir));
}

function toChange(json: Record<string, unknown>, moduleDir: string): BreakingChange {
  const message = String(json["message"] ?? "");
  return {
    path: String(json["path"] ?? "") || packageFolder(message, moduleDir),
    line: Number(json["start_line"] ?? 1),
    column: Number(json["start_column"] ?? 1),
    type: String(json["type"] ?? ""),
    message,
  };
}

// A deletion from a package (PACKAGE_MESSAGE_NO_DELETE...) comes without a file: the package's
// folder stands for it, `proto/protoevents/v1` for `package "protoevents.v1"`.
function packageFolder(message: string, moduleDir: string): string {
  const pkg = /package "([\w.]+)"/.exec(message)?.[1];
  if (pkg === undefined) return moduleDir;
  const folder = pkg.replaceAll(".", "/");
  return `${moduleDir === "." ? "" : `${moduleDir}/`}${folder}/`;
}

function frozenFolders(root: string, moduleDir: string, changes: readonly BreakingChange[]): FrozenFolder[] {
  const byFolder = new Map<string, Set<string>>();
  for (const change of changes) {
    const folder = change.path.slice(0, Math.max(0, change.path.lastIndexOf("/")));
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(change.path));
  }
  const envelopeFolder = moduleDir === "." ? "protoevents/v1" : `${moduleDir}/protoevents/v1`;
  return [...byFolder].map(([folder, files]) => {
    const envelope = folder === envelopeFolder;
    return { folder, files: [...files].sort(), next: envelope ? undefined : nextVersionFolder(root, moduleDir, folder), envelope };
  });
}

/**
 * For a version folder `<module>/<domain>/<version>`, the folder of the next
 * major version that does not exist yet: `proto/user/v1` gives `proto/user/v3`
 * when `proto/user/v2` exists.
 */
function nextVersionFolder(root: string, moduleDir: string, folder: string): FrozenFolder["next"] {
  const prefix = moduleDir === "." ? "" : `${moduleDir}/`;
  const relative = folder.startsWith(prefix) ? folder.slice(prefix.length) : folder;
  const parts = relative.split("/");
  const [domain, version] = parts;
  if (parts.length !== 2 || domain === undefined || version === undefined || packageVersion(`${domain}.${version}`) === undefined) {
    return undefined;
  }
  const domainDir = join(root, moduleDir, domain);
  const majors = existsSync(domainDir)
    ? readdirSync(domainDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && packageVersion(`${domain}.${d.name}`) !== undefined)
        .map((d) => majorVersion(d.name))
    : [];
  const next = `v${Math.max(majorVersion(version), ...majors) + 1}`;
  return { folder: `${prefix}${domain}/${next}`, package: `${domain}.${next}` };
}

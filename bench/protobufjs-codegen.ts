// protobufjs static code for the messages the benchmark compares protoevents with, generated at
// bench time with pbjs (protobufjs-cli) into .bench/protobufjs/, which git ignores: generated code
// is never committed. bench/protobufjs-static.js imports it, and esbuild bundles it with the rest.
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../scripts/lib/repository-root.js";

/** The protos pbjs reads, and the include paths their imports resolve from. */
const protoFiles = [
  join("proto", "protoevents", "v1", "envelope.proto"),
  join("testdata", "fixtures", "proto", "fixture", "v1", "account_opened.proto"),
];
const includePaths = [join(root, "proto"), join(root, "testdata", "fixtures", "proto")];

/**
 * The messages to generate. The fixtures import protoevents/v1/options.proto, which imports
 * google/protobuf/descriptor.proto (pbjs takes it from the copy bundled with protobufjs);
 * without the filter every descriptor message would be generated too, a megabyte of code.
 */
const messageNames = ["protoevents.v1.Envelope", "fixture.v1.AccountOpened"];

/** The generated module: ES2015 syntax, importing `protobufjs/minimal.js`, the runtime of static code. */
export const protobufjsStaticFile = join(root, ".bench", "protobufjs", "static.js");

/**
 * Generates protobufjs's static code, `pbjs -t static-module -w es6` with its default options,
 * for the envelope and the fixture event the benchmark uses, into {@link protobufjsStaticFile}.
 * Written to a temporary file first and renamed, so that a bundle never reads half a file.
 *
 * @throws {Error} when pbjs fails, with its output.
 */
export function generateProtobufjsStatic(): void {
  const outDir = join(root, ".bench", "protobufjs");
  mkdirSync(outDir, { recursive: true });
  const filter = join(outDir, `filter-${process.pid}.json`);
  writeFileSync(filter, JSON.stringify({ messageNames }));
  const partial = `${protobufjsStaticFile}.${process.pid}.tmp`;
  const pbjs = join(root, "node_modules", "protobufjs-cli", "bin", "pbjs");
  const args = ["-t", "static-module", "-w", "es6", "--filter", filter, ...includePaths.flatMap((path) => ["-p", path]), "-o", partial];
  try {
    execFileSync(process.execPath, [pbjs, ...args, ...protoFiles.map((file) => join(root, file))], { cwd: root, stdio: "pipe" });
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`pbjs failed to generate protobufjs static code: ${output || String(error)}`, { cause: error });
  } finally {
    rmSync(filter, { force: true });
  }
  renameSync(partial, protobufjsStaticFile);
}

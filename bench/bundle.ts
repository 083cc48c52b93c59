import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { generateProtobufjsStatic } from "./protobufjs-codegen.js";

/** The repository root. */
export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** The benchmark's entry, bundled with the runtime it measures. */
export const benchEntry = join(repoRoot, "bench", "envelope.bench.ts");

/**
 * Bundles the benchmark entry, and with it the runtime from src/, the
 * generated code from gen/ts and gen/fixtures/ts, and protobufjs's static
 * code (generated first into .bench/protobufjs/), into one ES module that
 * plain node runs. Not minified, so that a profile of the bundle reads like
 * the source.
 *
 * @throws {Error} when pbjs or esbuild fails, e.g. because gen/ts has not been generated.
 */
export async function bundleBench(outFile: string): Promise<void> {
  generateProtobufjsStatic();
  await build({
    entryPoints: [benchEntry],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
}

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository root. */
export const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** The benchmark's entry, bundled with the runtime it measures. */
export const benchEntry = join(repoRoot, "bench", "envelope.bench.ts");

/**
 * Bundles the benchmark entry, and with it the runtime from src/ and the
 * generated code from gen/ts, into one ES module that plain node runs.
 * Not minified, so that a profile of the bundle reads like the source.
 *
 * @throws {Error} when esbuild fails, e.g. because gen/ts has not been generated.
 */
export async function bundleBench(outFile: string): Promise<void> {
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

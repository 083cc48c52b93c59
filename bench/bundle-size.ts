// The size of one event in a browser bundle with the runtime: bench/one-event-app.ts bundled by
// esbuild for the browser, minified, then gzipped at level 9.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { root } from "../scripts/lib/repository-root.js";

/** A bundle's size in bytes, minified and then gzipped. */
export interface BundleSize {
  /** The minified bundle. */
  readonly minifiedBytes: number;
  /** The minified bundle gzipped at level 9. */
  readonly gzipBytes: number;
}

/**
 * Bundles bench/one-event-app.ts (esbuild, platform browser, ESM, minified, tree-shaken) in
 * memory and returns its sizes.
 *
 * @throws {Error} when esbuild fails.
 */
export async function oneEventBundleSize(): Promise<BundleSize> {
  const result = await build({
    entryPoints: [join(root, "bench", "one-event-app.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error("esbuild wrote no bundle of bench/one-event-app.ts");
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

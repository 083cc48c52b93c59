// The size of one event in a browser bundle with the runtime: bench/one-event-app.ts bundled by
// esbuild for the browser, minified, then gzipped at level 9; and the same event and envelope
// with raw protobuf-es alone, the floor any runtime on protobuf-es starts from.
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

/** The one-event bundle and raw protobuf-es's bundles of the same event and envelope. */
export interface BundleSizes {
  /** bench/one-event-app.ts: the event with wrap, encodeEnvelope, decodeEnvelope and unwrap. */
  readonly app: BundleSize;
  /** bench/raw-one-event-app.ts: the event and envelope schemas with protobuf-es's binary codec. */
  readonly rawBinary: BundleSize;
  /** bench/raw-one-event-json-app.ts: the same with protobuf-es's JSON codec too. */
  readonly rawWithJson: BundleSize;
}

/**
 * Bundles an entry of bench/ (esbuild, platform browser, ESM, minified, tree-shaken) in memory
 * and returns its sizes.
 *
 * @throws {Error} when esbuild fails.
 */
export async function bundleSize(entry: string): Promise<BundleSize> {
  const result = await build({
    entryPoints: [join(root, "bench", entry)],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild wrote no bundle of bench/${entry}`);
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/**
 * Measures the one-event bundle and raw protobuf-es's two bundles of the same event.
 *
 * @throws {Error} when esbuild fails.
 */
export async function oneEventBundleSizes(): Promise<BundleSizes> {
  return {
    app: await bundleSize("one-event-app.ts"),
    rawBinary: await bundleSize("raw-one-event-app.ts"),
    rawWithJson: await bundleSize("raw-one-event-json-app.ts"),
  };
}

// `npm run bench`: bundles the benchmark with esbuild into .bench/, then times the bundle
// under plain node. Arguments are passed on to the benchmark (see bench/README.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundleBench, repoRoot } from "./bundle.js";
import { oneEventBundleSizes } from "./bundle-size.js";

const bundle = join(repoRoot, ".bench", "envelope.bench.mjs");
const results = join(repoRoot, ".bench", "results-ts.json");

if (!existsSync(join(repoRoot, "gen", "ts", "registry.ts")) || !existsSync(join(repoRoot, "gen", "fixtures", "ts", "registry.ts"))) {
  console.error("gen/ts or gen/fixtures/ts is missing: run `npm run build` and `npm test` first (the test task generates the fixture event the benchmark measures).");
  process.exit(2);
}
console.log("▶ bench: generating protobufjs static code (pbjs) into .bench/protobufjs/, bundling bench/envelope.bench.ts with esbuild");
await bundleBench(bundle);
console.log("▶ bench: bundling bench/one-event-app.ts and raw protobuf-es's bundles of the same event for the browser (minified, gzip -9)");
const sizes = await oneEventBundleSizes();
const bytes = new Intl.NumberFormat("en-US");
console.log(
  `  raw protobuf-es, the same event and envelope: ${bytes.format(sizes.rawBinary.gzipBytes)} B gzipped binary only, ` +
    `${bytes.format(sizes.rawWithJson.gzipBytes)} B with its JSON codec (which wrap and unwrap reach); protoevents: ${bytes.format(sizes.app.gzipBytes)} B`,
);
const size = sizes.app;
// V8 resizes the young generation as a process allocates, from 2 MB up to 32 MB (two 16 MB
// semi-spaces), past the 2 MB L2 cache here: allocation-heavy tasks then swing by up to 2x
// from one round to the next. Semi-spaces held at 1 MB keep rounds within a few percent and
// leave the median ratios where they were (see bench/README.md).
const nodeFlags = ["--max-semi-space-size=1"];
console.log(`▶ bench: node ${nodeFlags.join(" ")} ${join(".bench", "envelope.bench.mjs")}`);
const sizeArgs = ["--bundle-minified", String(size.minifiedBytes), "--bundle-gzip", String(size.gzipBytes)];
const child = spawnSync(process.execPath, [...nodeFlags, bundle, "--out", results, ...sizeArgs, ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(child.status ?? 1);

import { defineConfig } from "tsup";
import { entryPoints } from "./scripts/build/entry-points.js";

export default defineConfig({
  entry: Object.fromEntries(entryPoints(process.cwd()).map((e) => [e.outName, e.source])),
  format: ["esm", "cjs"],
  // The declarations come from tsc (tsconfig.build.json and scripts/build/package-declarations.ts):
  // tsup's .d.ts build bundles every entry point on its own and runs out of memory at a few
  // hundred of them.
  dts: false,
  // Shared code (the envelope, the options) goes to chunks, in CJS too, so that
  // every entry point shares one copy of each descriptor and error class.
  splitting: true,
  treeshake: true,
  clean: true,
  target: "node20",
  outDir: "dist",
});

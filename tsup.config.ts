import { defineConfig } from "tsup";
import { entryPoints } from "./scripts/lib/entry-points.js";

export default defineConfig({
  entry: Object.fromEntries(entryPoints(process.cwd()).map((e) => [e.outName, e.source])),
  format: ["esm", "cjs"],
  // tsup 8 passes baseUrl to the d.ts build, which TypeScript 6 deprecates.
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
  // Shared code (the envelope, the options) goes to chunks, in CJS too, so that
  // every entry point shares one copy of each descriptor and error class.
  splitting: true,
  treeshake: true,
  clean: true,
  target: "node20",
  outDir: "dist",
});

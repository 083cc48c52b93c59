// The npm package's steps: the exports map, the typecheck with the declarations, the bundle
// and the examples' typecheck against what was bundled. They run after `buf generate`.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildImage } from "../lib/buf-image.js";
import { entryPoints } from "../lib/entry-points.js";
import { examplesMismatch, examplesNotice } from "../lib/example-events.js";
import { imageEvents } from "../lib/image-events.js";
import { writePackageDeclarations } from "../lib/package-declarations.js";
import { loadPackageNames } from "../lib/package-names.js";
import { exec, execQuiet, root, type Step } from "../lib/steps.js";
import { syncExports } from "../sync-exports.js";

function typecheckExamples(): void {
  const mismatch = examplesMismatch(root, loadPackageNames(root), imageEvents(buildImage(".", root)).events);
  if (mismatch.length > 0) return console.log(`  ${examplesNotice(mismatch)}`);
  exec("tsc", ["-p", "examples"]);
}

function bundle(): void {
  execQuiet("tsup", []);
  const files = readdirSync(join(root, "dist"), { recursive: true, encoding: "utf8" }).filter((f) => /\.c?js$/.test(f));
  console.log(`  ${entryPoints(root).length} entry points bundled: ${files.length} .js and .cjs files in dist/`);
}

/**
 * Syncs the exports map, typechecks the package while tsc writes its declarations, then the
 * scripts and tests against those, bundles the npm package, puts the declarations beside the
 * bundle and typechecks examples/ against the result.
 */
export const typescriptBuildSteps: Step[] = [
  {
    title: "sync package.json exports with the generated domains",
    run: () => console.log(syncExports(root) ? "  package.json exports updated" : "  package.json exports up to date"),
  },
  {
    title: "typecheck the package, writing its declarations (tsc -b tsconfig.build.json -> gen/types/)",
    run: () => exec("tsc", ["-b", "tsconfig.build.json"]),
  },
  {
    title: "typecheck scripts, tests and benchmarks against them (tsc -b tsconfig.check.json)",
    run: () => exec("tsc", ["-b", "tsconfig.check.json"]),
  },
  { title: "bundle the npm package (tsup: ESM and CJS)", run: bundle },
  {
    title: "package the declarations (gen/types/ -> dist/, .d.ts and .d.cts)",
    run: () => console.log(`  ${writePackageDeclarations(root, entryPoints(root))} declaration files written`),
  },
  { title: "typecheck examples/ against the built package", run: typecheckExamples },
];

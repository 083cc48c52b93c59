// The npm package's steps: the exports map, the typecheck with the declarations and the bundle,
// after `buf generate`; and the typechecks `npm test` runs first: the scripts and tests, and the
// README's examples against the built package.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildImage } from "../schema/buf-image.js";
import { entryPoints } from "./entry-points.js";
import { examplesMismatch, examplesNotice } from "./example-events.js";
import { imageEvents } from "../schema/image-events.js";
import { writePackageDeclarations } from "./package-declarations.js";
import { loadPackageNames } from "../lib/package-names.js";
import { exec, execQuiet, type Step } from "./steps.js";
import { root } from "../lib/repository-root.js";
import { syncExports } from "./sync-exports.js";

/** Typechecks the README's examples against the built package, when they fit this repository. */
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
 * Syncs the exports map, typechecks the package while tsc writes its declarations, bundles the
 * npm package and puts the declarations beside the bundle.
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
  { title: "bundle the npm package (tsup: ESM and CJS)", run: bundle },
  {
    title: "package the declarations (gen/types/ -> dist/, .d.ts and .d.cts)",
    run: () => console.log(`  ${writePackageDeclarations(root, entryPoints(root))} declaration files written`),
  },
];

/**
 * Typechecks the scripts, tests and benchmarks against the package's declarations (incremental).
 * `npm test` runs it first: it checks the code that builds and tests the package, not the package,
 * and at a thousand events it is a fifth of the build.
 */
export const typecheckToolingStep: Step = {
  title: "typecheck scripts, tests and benchmarks (tsc -b tsconfig.check.json)",
  run: () => exec("tsc", ["-b", "tsconfig.check.json"]),
};

/** Typechecks examples/ against the built package; `npm test` runs it, it is the README's test. */
export const typecheckExamplesStep: Step = {
  title: "typecheck examples/ against the built package",
  run: typecheckExamples,
};

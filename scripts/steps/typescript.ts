// The npm package's steps: the exports map, the typecheck, the bundle and the examples'
// typecheck against what was bundled. They run after `buf generate`.
import { buildImage } from "../lib/buf-image.js";
import { examplesMismatch, examplesNotice } from "../lib/example-events.js";
import { imageEvents } from "../lib/image-events.js";
import { loadPackageNames } from "../lib/package-names.js";
import { exec, root, type Step } from "../lib/steps.js";
import { syncExports } from "../sync-exports.js";

function typecheckExamples(): void {
  const mismatch = examplesMismatch(root, loadPackageNames(root), imageEvents(buildImage(".", root)).events);
  if (mismatch.length > 0) return console.log(`  ${examplesNotice(mismatch)}`);
  exec("tsc", ["-p", "examples"]);
}

/** Syncs the exports map, typechecks, bundles the npm package and typechecks examples/ against it. */
export const typescriptBuildSteps: Step[] = [
  {
    title: "sync package.json exports with the generated domains",
    run: () => console.log(syncExports(root) ? "  package.json exports updated" : "  package.json exports up to date"),
  },
  { title: "typecheck (tsc --noEmit)", run: () => exec("tsc", ["-p", "."]) },
  { title: "bundle the npm package (tsup: ESM, CJS, .d.ts)", run: () => exec("tsup", []) },
  { title: "typecheck examples/ against the built package", run: typecheckExamples },
];

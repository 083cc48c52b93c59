// The npm package's steps: the exports map, the typecheck, the bundle and the examples'
// typecheck against what was bundled. They run after `buf generate`.
import { exec, root, type Step } from "../lib/steps.js";
import { syncExports } from "../sync-exports.js";

/** Syncs the exports map, typechecks, bundles the npm package and typechecks examples/ against it. */
export const typescriptBuildSteps: Step[] = [
  {
    title: "sync package.json exports with the generated domains",
    run: () => console.log(syncExports(root) ? "  package.json exports updated" : "  package.json exports up to date"),
  },
  { title: "typecheck (tsc --noEmit)", run: () => exec("tsc", ["-p", "."]) },
  { title: "bundle the npm package (tsup: ESM, CJS, .d.ts)", run: () => exec("tsup", []) },
  { title: "typecheck examples/ against the built package", run: () => exec("tsc", ["-p", "examples"]) },
];

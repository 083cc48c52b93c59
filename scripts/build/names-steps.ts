// The package names step: protoevents.names.yaml is read first, so a wrong name fails the
// build before any work, and package.json's `name` and project metadata follow it. The Python names reach the
// package when it is staged (scripts/build/python-steps.ts), the catalog's when it is written.
import { loadPackageNames, packageNamesFile } from "../lib/package-names.js";
import { type Step } from "./steps.js";
import { root } from "../lib/repository-root.js";
import { syncPackageName } from "./sync-package-names.js";

/** Checks protoevents.names.yaml and writes the npm package name and project metadata into package.json. */
export const nameSteps: Step[] = [
  {
    title: `package names (${packageNamesFile} -> package.json name and metadata)`,
    run: () => {
      const names = loadPackageNames(root);
      const changed = syncPackageName(root);
      console.log(`  npm ${names.npm}, PyPI ${names.pythonDistribution} (import ${names.pythonImport})`);
      console.log(changed ? "  package.json name and metadata updated" : "  package.json name and metadata up to date");
    },
  },
];

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackageNames } from "./lib/package-names.js";
import { writeFileAtomic } from "./lib/write-file-atomic.js";

/**
 * Writes package.json's `name` from protoevents.names.yaml, so the npm package, its tarball
 * and the changesets that name it follow the organisation's choice with no hand edit.
 * Returns whether package.json changed.
 *
 * @throws {PackageNamesError} when protoevents.names.yaml is missing or not valid.
 */
export function syncPackageName(root: string): boolean {
  const { npm } = loadPackageNames(root);
  const path = join(root, "package.json");
  const text = readFileSync(path, "utf8");
  const pkg = JSON.parse(text) as Record<string, unknown>;
  pkg["name"] = npm;
  const next = `${JSON.stringify(pkg, null, 2)}\n`;
  if (next === text) return false;
  writeFileAtomic(path, next);
  return true;
}

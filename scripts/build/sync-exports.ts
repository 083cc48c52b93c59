import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entryPoints, exportsMap, typesVersionsMap } from "./entry-points.js";
import { writeFileAtomic } from "../lib/write-file-atomic.js";

/**
 * Writes the `exports` map of package.json from the generated entry points, and the
 * `typesVersions` map right after it for TypeScript's `node10` resolution, so a new
 * proto/<domain>/<version>/ folder becomes a subpath with no hand edit.
 * Returns whether package.json changed.
 */
export function syncExports(root: string): boolean {
  const path = join(root, "package.json");
  const text = readFileSync(path, "utf8");
  const entries = entryPoints(root);
  const pkg: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(JSON.parse(text) as Record<string, unknown>)) {
    if (key === "typesVersions") continue;
    pkg[key] = key === "exports" ? exportsMap(entries) : value;
    if (key === "exports") pkg["typesVersions"] = typesVersionsMap(entries);
  }
  if (!("exports" in pkg)) Object.assign(pkg, { exports: exportsMap(entries), typesVersions: typesVersionsMap(entries) });
  const next = `${JSON.stringify(pkg, null, 2)}\n`;
  if (next === text) return false;
  writeFileAtomic(path, next);
  return true;
}

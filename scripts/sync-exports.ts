import { readFileSync } from "node:fs";
import { join } from "node:path";
import { entryPoints, exportsMap } from "./lib/entry-points.js";
import { writeFileAtomic } from "./lib/write-file-atomic.js";

/**
 * Writes the `exports` map of package.json from the generated entry points, so
 * a new proto/<domain>/<version>/ folder becomes a subpath with no hand edit.
 * Returns whether package.json changed.
 */
export function syncExports(root: string): boolean {
  const path = join(root, "package.json");
  const text = readFileSync(path, "utf8");
  const pkg = JSON.parse(text) as Record<string, unknown>;
  pkg["exports"] = exportsMap(entryPoints(root));
  const next = `${JSON.stringify(pkg, null, 2)}\n`;
  if (next === text) return false;
  writeFileAtomic(path, next);
  return true;
}

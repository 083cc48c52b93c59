import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackageNames, type PackageNames } from "../lib/package-names.js";
import { writeFileAtomic } from "../lib/write-file-atomic.js";

/** The package.json fields that come from protoevents.names.yaml, in the order npm's docs list them. */
export function manifestMetadata(names: PackageNames): Record<string, unknown> {
  const { project } = names;
  return {
    author: project.author,
    repository: { type: "git", url: `git+${project.repository}.git` },
    homepage: project.homepage,
    bugs: { url: project.issues },
    keywords: [...project.keywords],
  };
}

/**
 * Writes package.json's `name` and project metadata (`author`, `repository`, `homepage`, `bugs`,
 * `keywords`, placed after `license`) from protoevents.names.yaml, so the npm package, its
 * tarball and the changesets that name it follow the organisation's choice with no hand edit.
 * Returns whether package.json changed.
 *
 * @throws {PackageNamesError} when protoevents.names.yaml is missing or not valid.
 */
export function syncPackageName(root: string): boolean {
  const names = loadPackageNames(root);
  const path = join(root, "package.json");
  const text = readFileSync(path, "utf8");
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const metadata = manifestMetadata(names);
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pkg)) {
    if (key in metadata) continue;
    next[key] = key === "name" ? names.npm : value;
    if (key === "license") Object.assign(next, metadata);
  }
  if (!("license" in next)) Object.assign(next, metadata);
  const json = `${JSON.stringify(next, null, 2)}\n`;
  if (json === text) return false;
  writeFileAtomic(path, json);
  return true;
}

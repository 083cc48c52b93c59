import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The changesets waiting in `.changeset/`: every Markdown file but the folder's README,
 * as `changeset version` reads them.
 */
export function pendingChangesets(root: string): string[] {
  return readdirSync(join(root, ".changeset"))
    .filter((name) => name.endsWith(".md") && name !== "README.md")
    .sort();
}

// A changeset written without the interactive prompt, in the format `changeset add` writes.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The semver bumps a changeset can ask for. */
export const bumps = ["patch", "minor", "major"] as const;

/** A semver bump a changeset can ask for. */
export type Bump = (typeof bumps)[number];

/** Thrown when a changeset cannot be written; the message says why. */
export class ChangesetError extends Error {
  override readonly name = "ChangesetError";
}

/**
 * The file name stem for a summary: its first words, lowercase, joined by `-`
 * ("Add billing events" -> `add-billing-events`).
 */
export function changesetSlug(summary: string): string {
  const words = summary.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  let slug = "";
  for (const word of words) {
    const next = slug === "" ? word : `${slug}-${word}`;
    if (next.length > 48) break;
    slug = next;
  }
  return slug === "" ? "changeset" : slug;
}

/**
 * Writes `.changeset/<slug>.md` in `root` asking for a `bump` of the npm package `packageName`,
 * with `summary` as its CHANGELOG entry; a number is added to the slug when the file exists.
 *
 * @returns the path written.
 * @throws {ChangesetError} when the summary is empty, or package.json in `root` is not named `packageName`.
 */
export function writeChangeset(root: string, packageName: string, bump: Bump, summary: string): string {
  const text = summary.trim();
  if (text === "") throw new ChangesetError("the summary is empty: it becomes the CHANGELOG entry");
  const manifestName = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name?: unknown }).name;
  if (manifestName !== packageName) {
    throw new ChangesetError(
      `package.json is named ${JSON.stringify(manifestName)}, protoevents.names.yaml says ${JSON.stringify(packageName)}: run \`npm run build\`, which writes the name`,
    );
  }
  const slug = changesetSlug(text);
  let path = join(root, ".changeset", `${slug}.md`);
  for (let n = 2; existsSync(path); n++) path = join(root, ".changeset", `${slug}-${n}.md`);
  writeFileSync(path, `---\n${JSON.stringify(packageName)}: ${bump}\n---\n\n${text}\n`, { flag: "wx" });
  return path;
}

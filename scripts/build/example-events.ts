import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PackageNames } from "../lib/package-names.js";

/** The file that says which package names and example events the README's examples use. */
export const examplesWrittenForFile = join("examples", "written-for.json");

interface WrittenFor {
  readonly npm: string;
  readonly pythonImport: string;
  readonly events: readonly { readonly name: string; readonly version: string }[];
}

function readWrittenFor(root: string): WrittenFor {
  const value = JSON.parse(readFileSync(join(root, examplesWrittenForFile), "utf8")) as Partial<WrittenFor>;
  const events = value.events;
  if (
    typeof value.npm !== "string" ||
    typeof value.pythonImport !== "string" ||
    !Array.isArray(events) ||
    !events.every((e) => typeof e?.name === "string" && typeof e?.version === "string")
  ) {
    throw new Error(`${examplesWrittenForFile}: expected "npm", "pythonImport" and "events": [{ "name", "version" }]`);
  }
  return value as WrittenFor;
}

/**
 * Why the README's examples cannot run against this repository's packages, or [] when they can:
 * they are written for the example domains of proto/ under the names in examples/written-for.json,
 * and an organisation that renamed the packages or replaced the example domains has neither.
 *
 * @throws when examples/written-for.json is missing or malformed.
 */
export function examplesMismatch(
  root: string,
  names: PackageNames,
  registered: readonly { readonly name: string; readonly version: string }[],
): string[] {
  const writtenFor = readWrittenFor(root);
  const reasons: string[] = [];
  if (names.npm !== writtenFor.npm) reasons.push(`they import the npm package "${writtenFor.npm}", not "${names.npm}"`);
  if (names.pythonImport !== writtenFor.pythonImport) {
    reasons.push(`they import the Python package "${writtenFor.pythonImport}", not "${names.pythonImport}"`);
  }
  const have = new Set(registered.map((e) => `${e.name} ${e.version}`));
  const missing = writtenFor.events.map((e) => `${e.name} ${e.version}`).filter((e) => !have.has(e));
  if (missing.length > 0) reasons.push(`they use ${missing.join(", ")}, which proto/ does not hold`);
  return reasons;
}

/** The notice printed when the examples are left unchecked. */
export function examplesNotice(reasons: readonly string[]): string {
  return `the README's examples are not run: ${reasons.join("; ")}. Rewrite examples/ for your own events and update ${examplesWrittenForFile}.`;
}

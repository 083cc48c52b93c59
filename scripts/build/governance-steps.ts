// Schema governance steps of the task runner: buf lint, the event lint and the
// breaking-change gate (the lint steps), and the event catalog (after generation in the build).
import { join } from "node:path";
import { breakingGate } from "../breaking/breaking-gate.js";
import { catalogDir, writeCatalog } from "../catalog/build-catalog.js";
import { eventLint } from "../lint/event-lint.js";
import { runBufLint } from "../lint/buf-lint.js";
import { type Step } from "./steps.js";
import { statusError } from "../lib/exit-status.mjs";
import { root } from "../lib/repository-root.js";

/** Turns a script's exit status into a step failure the task runner reports. */
function failOnStatus(status: number): void {
  if (status !== 0) throw statusError(`exit status ${status}`, status);
}

/**
 * Runs buf lint on the repository and prints its output, then a hint for each
 * error buf does not explain, such as the import a file is missing.
 *
 * @throws an error with buf's exit `status` when buf lint fails.
 */
function bufLint(): void {
  const result = runBufLint(root);
  const print = result.status === 0 ? console.log : console.error;
  if (result.output.trim() !== "") print(result.output.trimEnd());
  for (const hint of result.hints) print(hint);
  failOnStatus(result.status);
}

/** buf lint, the event lint and the breaking-change gate against the last release (vX.Y.Z behind HEAD). */
export const governanceLintSteps: Step[] = [
  { title: "buf lint (buf.yaml's STANDARD rules)", run: bufLint },
  { title: "event lint (scripts/lint/event-lint.ts, exceptions in protoevents.lint.yaml)", run: () => failOnStatus(eventLint(root)) },
  { title: "breaking-change gate (buf breaking, WIRE_JSON, against the last release)", run: () => failOnStatus(breakingGate(root)) },
];

/** The event catalog, a static site from the descriptors and comments, into dist-catalog/. */
export const catalogSteps: Step[] = [
  {
    title: `event catalog (scripts/catalog/build-catalog.ts -> ${catalogDir}/)`,
    run: () => console.log(`  ${writeCatalog(root, join(root, catalogDir)).length} pages written; open ${catalogDir}/index.html`),
  },
];

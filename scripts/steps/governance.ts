// Schema governance steps of the task runner: the event lint and the breaking-change
// gate (in the lint steps), and the event catalog (after generation in the build).
import { join } from "node:path";
import { breakingGate } from "../breaking-gate.js";
import { catalogDir, writeCatalog } from "../catalog/build-catalog.js";
import { eventLint } from "../event-lint.js";
import { root, type Step } from "../lib/steps.js";

/** Turns a script's exit status into a step failure the task runner reports. */
function failOnStatus(status: number): void {
  if (status !== 0) throw Object.assign(new Error(`exit status ${status}`), { status });
}

/** The event lint and the breaking-change gate against the newest `v*` tag. */
export const governanceLintSteps: Step[] = [
  { title: "event lint (scripts/event-lint.ts, exceptions in protoevents.lint.yaml)", run: () => failOnStatus(eventLint(root)) },
  { title: "breaking-change gate (buf breaking, WIRE_JSON, against the newest v* tag)", run: () => failOnStatus(breakingGate(root)) },
];

/** The event catalog, a static site from the descriptors and comments, into dist-catalog/. */
export const catalogSteps: Step[] = [
  {
    title: `event catalog (scripts/catalog/build-catalog.ts -> ${catalogDir}/)`,
    run: () => console.log(`  ${writeCatalog(root, join(root, catalogDir)).length} pages written; open ${catalogDir}/index.html`),
  },
];

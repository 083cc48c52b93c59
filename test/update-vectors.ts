// Writes the `expected` block of every case in testdata/vectors/envelopes.json from its
// inputs, as the TypeScript package computes it, and testdata/vectors/cloudevents.json whole. Run it after adding a case; review the diff:
// a change to an existing case's bytes is a wire-format change.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cloudEventsVectorsPath, computeCloudEventsVectors } from "./cloudevents-vectors.js";
import { computeExpected, readVectors, vectorsDir, type EnvelopeVector } from "./vectors.js";

const cases = readVectors<EnvelopeVector>("envelopes.json").map((vector) => ({
  ...vector,
  expected: computeExpected(vector),
}));
writeFileSync(join(vectorsDir, "envelopes.json"), `${JSON.stringify({ cases }, null, 2)}\n`);
console.log(`wrote the expected envelopes of ${cases.length} cases to testdata/vectors/envelopes.json`);

// The CloudEvents vectors' cases are defined in test/cloudevents-vectors.ts; the whole file is written.
const cloudEvents = computeCloudEventsVectors();
writeFileSync(cloudEventsVectorsPath, `${JSON.stringify(cloudEvents, null, 2)}\n`);
console.log(
  `wrote ${cloudEvents.writing.length} writing, ${cloudEvents.reading.length} reading, ${cloudEvents.errors.length} error and ${cloudEvents.writeErrors.length} write-error cases to testdata/vectors/cloudevents.json`,
);

// The differential fuzzer as a test: a seeded slice of every input class must give the same
// outcome in TypeScript and Python, and never escape, on each tested protobuf runtime. `npm run fuzz` runs the long version.
import { describe, expect, it } from "vitest";
import { formatReport, hasFindings } from "./fuzz-report.js";
import { fuzzPeerCommand } from "./python-peer.js";
import { runFuzz } from "./run-fuzz.js";
import { testVenvs } from "../../scripts/build/python-venvs.js";

const SEED = 20240601;
const COUNT = 20_000;

// On every protobuf runtime the Python package is tested with: their parsers refuse different
// malformed bytes, and the package must not.
describe.each(testVenvs)("differential fuzzing: TypeScript and Python on protobuf %s", (venv) => {
  it(`give the same outcome for ${COUNT} inputs of seed ${SEED}, with no escape`, async () => {
    const report = await runFuzz({ seed: SEED, count: COUNT, peer: fuzzPeerCommand(venv) });
    expect(report.count).toBe(COUNT);
    expect(hasFindings(report), formatReport(report)).toBe(false);
  }, 60_000);
});

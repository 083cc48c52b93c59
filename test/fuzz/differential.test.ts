// The differential fuzzer as a test: a seeded slice of every input class must give the same
// outcome in TypeScript and Python, and never escape. `npm run fuzz` runs the long version.
import { describe, expect, it } from "vitest";
import { formatReport, hasFindings } from "./fuzz-report.js";
import { runFuzz } from "./run-fuzz.js";

const SEED = 20240601;
const COUNT = 20_000;

describe("differential fuzzing: TypeScript and Python", () => {
  it(`give the same outcome for ${COUNT} inputs of seed ${SEED}, with no escape`, async () => {
    const report = await runFuzz({ seed: SEED, count: COUNT });
    expect(report.count).toBe(COUNT);
    expect(hasFindings(report), formatReport(report)).toBe(false);
  }, 60_000);
});

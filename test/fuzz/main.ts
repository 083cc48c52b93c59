// `npm run fuzz`: the differential fuzzer of the TypeScript and Python packages (docs/fuzzing.md).
// Options: --seed <n> (default 1), --count <n> (default 200000), --out <file> for a JSON report,
// --runtime latest|minimum-6|minimum-7: the Python test venv, by its protobuf runtime (default latest).
// Exits 1 when any input gives different outcomes in the two languages, or escapes.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fixtureSteps } from "../../scripts/build/fixtures-steps.js";
import { testVenvs, type TestVenv } from "../../scripts/build/python-venvs.js";

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`--${name} must be a non-negative integer, got "${text}"`);
    process.exit(2);
  }
  return value;
}

const { values } = parseArgs({
  options: { seed: { type: "string" }, count: { type: "string" }, out: { type: "string" }, runtime: { type: "string" } },
  strict: true,
});
const seed = integer("seed", values.seed, 1);
const count = integer("count", values.count, 200_000);
const runtime = values.runtime ?? "latest";
if (!(testVenvs as readonly string[]).includes(runtime)) {
  console.error(`--runtime must be one of ${testVenvs.join(", ")}, got "${runtime}"`);
  process.exit(2);
}

// The generators import the fixture events: generate them first when no test run has.
if (!existsSync(join(import.meta.dirname, "..", "..", "gen", "fixtures", "ts", "registry.ts"))) {
  for (const step of fixtureSteps) {
    console.log(`▶ fuzz: ${step.title}`);
    step.run();
  }
}
const { formatReport, hasFindings } = await import("./fuzz-report.js");
const { runFuzz } = await import("./run-fuzz.js");
const { fuzzPeerCommand } = await import("./python-peer.js");

console.log(`▶ fuzz: seed ${seed}, ${count} inputs, TypeScript in-process and python/tests/fuzz_peer.py (protobuf ${runtime})`);
const report = await runFuzz({
  seed,
  count,
  peer: fuzzPeerCommand(runtime as TestVenv),
  onProgress: (done) => {
    if (done % 20_000 === 0 || done === count) console.log(`  ${done} / ${count}`);
  },
});
console.log(formatReport(report));
if (values.out !== undefined) {
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report written to ${values.out}`);
}
process.exit(hasFindings(report) ? 1 : 0);

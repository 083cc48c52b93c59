// `npm run bench:decode-memory`: what decoding costs in memory and time at the size limits, in
// both languages, each case in a fresh process (decode-ts.ts, decode_py.py). Prints a table.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fixturesPythonPath } from "../../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython } from "../../scripts/build/python-venvs.js";
import { memoryCases } from "./cases.js";

interface Measured {
  readonly outcome: string;
  readonly seconds: number;
  readonly inputMiB: number;
  readonly peakAboveInputMiB: number;
}

const here = import.meta.dirname;
const root = join(here, "..", "..");
const python = venvPython(ensureTestVenv("latest"));

function measure(language: "TypeScript" | "Python", kind: string, mib: number): Measured {
  const out =
    language === "TypeScript"
      ? execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", join(here, "decode-ts.ts"), kind, String(mib)], { cwd: root })
      : execFileSync(python, [join(here, "decode_py.py"), kind, String(mib)], { cwd: root, env: { ...process.env, PYTHONPATH: fixturesPythonPath } });
  return JSON.parse(out.toString()) as Measured;
}

console.log("| input | language | outcome | time | peak RSS above the input | × input |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const { name, mib, kind } of memoryCases) {
  for (const language of ["TypeScript", "Python"] as const) {
    const m = measure(language, kind, mib);
    const peak = Math.max(0, m.peakAboveInputMiB);
    console.log(`| ${name} | ${language} | ${m.outcome} | ${(m.seconds * 1000).toFixed(0)} ms | ${peak.toFixed(0)} MiB | ${(peak / m.inputMiB).toFixed(2)} |`);
  }
}

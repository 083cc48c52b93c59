// `npm run bench:import-time`: what importing the package costs, each sample in a fresh Node
// process: the root entry, one domain's subpath and every event (the `registry` subpath, when
// the package has one), against @bufbuild/protobuf alone, as ESM and as CJS. Reports the median
// of each and its ratio to one subpath, per round (bench/README.md, "Import time").
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median, rotate } from "../rounds.js";

const { values } = parseArgs({
  options: { package: { type: "string" }, rounds: { type: "string" } },
  strict: true,
});
// A built package: this repository by default, or a copy kept by `npm run bench:scale -- --keep`.
const packageDir = resolve(values.package ?? join(import.meta.dirname, "..", ".."));
const rounds = Number(values.rounds ?? 15);
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
const subpaths = Object.keys(manifest.exports).filter((key) => key !== "./package.json");
const domains = subpaths.filter((key) => /^\.\/[^/]+\/[^/]+$/.test(key));
const firstDomain = domains[0];
if (firstDomain === undefined) throw new Error(`${packageDir}: the exports map has no domain subpath; run \`npm run build\``);

interface Variant {
  readonly name: string;
  readonly specifier: string;
}
const variants: Variant[] = [
  { name: "@bufbuild/protobuf alone", specifier: "@bufbuild/protobuf" },
  { name: `one subpath (${manifest.name}${firstDomain.slice(1)})`, specifier: `${manifest.name}${firstDomain.slice(1)}` },
  { name: `root (${manifest.name})`, specifier: manifest.name },
  ...(subpaths.includes("./registry") ? [{ name: `every event (${manifest.name}/registry)`, specifier: `${manifest.name}/registry` }] : []),
];
const baseline = variants[1] as Variant;

/** Milliseconds one fresh process takes to import (or require) `specifier`, timed inside it. */
function sample(specifier: string, mode: "esm" | "cjs"): number {
  const load = mode === "esm" ? `await import(${JSON.stringify(specifier)})` : `require(${JSON.stringify(specifier)})`;
  const code = `const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t));`;
  const args = mode === "esm" ? ["--input-type=module", "-e", code] : ["--input-type=commonjs", "-e", code];
  return Number(execFileSync(process.execPath, args, { cwd: packageDir, encoding: "utf8" }));
}

console.log(`${manifest.name} in ${packageDir}: ${domains.length} domain subpaths; ${rounds} rounds, one fresh process per sample`);
console.log("| mode | import | median | × one subpath (median of rounds) |");
console.log("| --- | --- | --- | --- |");
for (const mode of ["esm", "cjs"] as const) {
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const ratios = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    const measured = new Map<string, number>();
    for (const variant of rotate(variants, round)) measured.set(variant.name, sample(variant.specifier, mode));
    for (const variant of variants) {
      times.get(variant.name)?.push(measured.get(variant.name) ?? Number.NaN);
      ratios.get(variant.name)?.push((measured.get(variant.name) ?? Number.NaN) / (measured.get(baseline.name) ?? Number.NaN));
    }
  }
  for (const variant of variants) {
    const ms = median(times.get(variant.name) ?? []);
    console.log(`| ${mode.toUpperCase()} | ${variant.name} | ${ms.toFixed(1)} ms | ${median(ratios.get(variant.name) ?? []).toFixed(2)}x |`);
  }
}

// `npm run bench:import-time`: what importing the package costs, each sample in a fresh Node
// process: the root entry, one domain's subpath and every event (the `registry` subpath, when
// the package has one), against @bufbuild/protobuf alone, as ESM and as CJS. Reports the median
// of each and its ratio to the package's one subpath, per round (bench/README.md, "Import time").
// `--package` may be given more than once: every package's imports are then measured in the same
// rounds, so that packages of different sizes compare on one machine state.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median, rotate } from "../rounds.js";

const { values } = parseArgs({
  options: { package: { type: "string", multiple: true }, rounds: { type: "string" } },
  strict: true,
});
const rounds = Number(values.rounds ?? 15);

/** One import to time: what, from which package directory, and the variant its ratio is to. */
interface Variant {
  readonly name: string;
  readonly specifier: string;
  readonly packageDir: string;
  readonly baseline: string;
}

/** The imports measured for one built package: @bufbuild/protobuf alone, one subpath, the root, every event. */
function packageVariants(packageDir: string, label: string): Variant[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  const subpaths = Object.keys(manifest.exports).filter((key) => key !== "./package.json");
  const domains = subpaths.filter((key) => /^\.\/[^/]+\/[^/]+$/.test(key));
  const firstDomain = domains[0];
  if (firstDomain === undefined) throw new Error(`${packageDir}: the exports map has no domain subpath; run \`npm run build\``);
  console.log(`${label}${manifest.name} in ${packageDir}: ${domains.length} domain subpaths`);
  const baseline = `${label}one subpath (${manifest.name}${firstDomain.slice(1)})`;
  const variants = [
    { name: `${label}@bufbuild/protobuf alone`, specifier: "@bufbuild/protobuf" },
    { name: baseline, specifier: `${manifest.name}${firstDomain.slice(1)}` },
    { name: `${label}root (${manifest.name})`, specifier: manifest.name },
    ...(subpaths.includes("./registry") ? [{ name: `${label}every event (${manifest.name}/registry)`, specifier: `${manifest.name}/registry` }] : []),
  ];
  return variants.map((variant) => ({ ...variant, packageDir, baseline }));
}

// Built packages: this repository by default, or copies kept by `npm run bench:scale -- --keep`.
const packageDirs = (values.package ?? [join(import.meta.dirname, "..", "..")]).map((dir) => resolve(dir));
const variants = packageDirs.flatMap((dir, i) => packageVariants(dir, packageDirs.length > 1 ? `[${i + 1}] ` : ""));

/** Milliseconds one fresh process takes to import (or require) `specifier`, timed inside it. */
function sample(variant: Variant, mode: "esm" | "cjs"): number {
  const load = mode === "esm" ? `await import(${JSON.stringify(variant.specifier)})` : `require(${JSON.stringify(variant.specifier)})`;
  const code = `const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t));`;
  const args = mode === "esm" ? ["--input-type=module", "-e", code] : ["--input-type=commonjs", "-e", code];
  return Number(execFileSync(process.execPath, args, { cwd: variant.packageDir, encoding: "utf8" }));
}

console.log(`${rounds} rounds, one fresh process per sample, the order rotated each round`);
console.log("| mode | import | median | × one subpath (median of rounds) |");
console.log("| --- | --- | --- | --- |");
for (const mode of ["esm", "cjs"] as const) {
  const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const ratios = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    const measured = new Map<string, number>();
    for (const variant of rotate(variants, round)) measured.set(variant.name, sample(variant, mode));
    for (const variant of variants) {
      times.get(variant.name)?.push(measured.get(variant.name) ?? Number.NaN);
      ratios.get(variant.name)?.push((measured.get(variant.name) ?? Number.NaN) / (measured.get(variant.baseline) ?? Number.NaN));
    }
  }
  for (const variant of variants) {
    const ms = median(times.get(variant.name) ?? []);
    console.log(`| ${mode.toUpperCase()} | ${variant.name} | ${ms.toFixed(1)} ms | ${median(ratios.get(variant.name) ?? []).toFixed(2)}x |`);
  }
}

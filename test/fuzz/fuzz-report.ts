// The fuzzer's findings: inputs per generator class, disagreements and escapes grouped by a class
// key with the shortest input of each group, and the summary printed at the end of a run.
import { inputBody, inputSize, type FuzzInput } from "./fuzz-input.js";
import { generatorClass } from "./generate-inputs.js";
import type { Outcome } from "./outcome.js";

/** One group of findings of the same key, and its shortest input with both outcomes. */
export interface FindingGroup {
  readonly key: string;
  count: number;
  example: { readonly generator: string; readonly input: Omit<FuzzInput, "generator">; readonly ts: Outcome; readonly py: Outcome };
  exampleSize: number;
}

/** What a run found. */
export interface FuzzReport {
  readonly seed: number;
  readonly count: number;
  /** Inputs per generator class. */
  readonly classes: Record<string, number>;
  /** Disagreements by key `<difference>@<generator>`. */
  readonly disagreements: FindingGroup[];
  /** Escapes by key `<side>:escape(<class>)@<generator>`. */
  readonly escapes: FindingGroup[];
  /** Disagreements and escapes by key without the generator: the list of what to fix. */
  readonly byDifference: FindingGroup[];
  readonly rates: { typescriptPerSecond: number; pythonPerSecond: number; seconds: number };
}

/** Collects findings into groups as a run goes. */
export interface ReportBuilder {
  /** Counts an input of a generator. */
  count(input: FuzzInput): void;
  /** Adds a finding under `key`, keeping the shortest input of the group. */
  add(kind: "disagreements" | "escapes", key: string, input: FuzzInput, ts: Outcome, py: Outcome): void;
  /** The report so far. */
  build(seed: number, count: number, rates: FuzzReport["rates"]): FuzzReport;
}

/** Starts an empty report. */
export function createReportBuilder(): ReportBuilder {
  const classes: Record<string, number> = {};
  const groups = { disagreements: new Map<string, FindingGroup>(), escapes: new Map<string, FindingGroup>() };
  const sorted = (map: Map<string, FindingGroup>): FindingGroup[] => [...map.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    count(input) {
      const name = generatorClass(input.generator);
      classes[name] = (classes[name] ?? 0) + 1;
    },
    add(kind, key, input, ts, py) {
      const size = inputSize(input);
      const example = { generator: input.generator, input: inputBody(input), ts, py };
      const group = groups[kind].get(key);
      if (group === undefined) groups[kind].set(key, { key, count: 1, example, exampleSize: size });
      else {
        group.count++;
        if (size < group.exampleSize) Object.assign(group, { example, exampleSize: size });
      }
    },
    build(seed, count, rates) {
      const disagreements = sorted(groups.disagreements);
      const escapes = sorted(groups.escapes);
      return { seed, count, classes: { ...classes }, disagreements, escapes, byDifference: rollUp([...disagreements, ...escapes]), rates };
    },
  };
}

/** Merges groups whose keys differ only in the generator, keeping the shortest example. */
function rollUp(groups: readonly FindingGroup[]): FindingGroup[] {
  const merged = new Map<string, FindingGroup>();
  for (const group of groups) {
    const key = group.key.slice(0, group.key.lastIndexOf("@"));
    const found = merged.get(key);
    if (found === undefined) merged.set(key, { ...group, key });
    else {
      found.count += group.count;
      if (group.exampleSize < found.exampleSize) Object.assign(found, { example: group.example, exampleSize: group.exampleSize });
    }
  }
  return [...merged.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Whether a report has any disagreement or escape. */
export function hasFindings(report: FuzzReport): boolean {
  return report.disagreements.length > 0 || report.escapes.length > 0;
}

function clip(text: string, max = 400): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} chars)`;
}

/** The report as text: the counts, then every group with its count and shortest example. */
export function formatReport(report: FuzzReport): string {
  const lines = [
    `seed ${report.seed}, ${report.count} inputs in ${report.rates.seconds.toFixed(1)} s`,
    `  TypeScript ${Math.round(report.rates.typescriptPerSecond)} inputs/s, Python ${Math.round(report.rates.pythonPerSecond)} inputs/s`,
    `  inputs by class: ${Object.entries(report.classes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(", ")}`,
  ];
  for (const kind of ["disagreements", "escapes", "byDifference"] as const) {
    const groups = report[kind];
    const title = kind === "byDifference" ? "all findings by difference, any generator" : kind;
    lines.push(`${title}: ${groups.reduce((n, g) => n + g.count, 0)} in ${groups.length} groups`);
    for (const group of groups) {
      lines.push(`  ${group.count} x ${group.key}${kind === "byDifference" ? ` (shortest from ${group.example.generator})` : ""}`);
      lines.push(`    input: ${clip(JSON.stringify(group.example.input))}`);
      lines.push(`    ts: ${clip(JSON.stringify(group.example.ts), 300)}`);
      lines.push(`    py: ${clip(JSON.stringify(group.example.py), 300)}`);
    }
  }
  return lines.join("\n");
}

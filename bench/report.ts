import type { RoundOptions, TaskMeasurement } from "./rounds.js";

/** Everything a benchmark run measured, as written to its results file. */
export interface BenchResults {
  /** The benchmark's name. */
  readonly benchmark: string;
  /** When the run finished, ISO 8601. */
  readonly date: string;
  /** Where it ran: Node version, platform, CPU count, and the Node flags of the timed process. */
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly execArgv: readonly string[];
  };
  /** How it measured. */
  readonly method: Omit<RoundOptions, "onRound"> & { readonly statistic: string };
  /** Sizes of the measured messages, in bytes. */
  readonly sizes: Readonly<Record<string, number>>;
  /** One entry per task, baselines first within each group. */
  readonly tasks: readonly TaskMeasurement[];
}

const opsFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function ratioText(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

/**
 * Formats the results as a plain-text table: each baseline, then the tasks
 * compared with it, with the median ops/s, the median ratio of cost to the
 * baseline (2.00x takes twice as long) and the range of ratios over the rounds.
 */
export function formatResults(results: BenchResults): string {
  const rows: string[][] = [["task", "ops/s", "x baseline", "range over rounds"]];
  for (const baseline of results.tasks.filter((t) => t.baseline === undefined)) {
    rows.push([baseline.name, opsFormat.format(baseline.opsPerSecond), "baseline", ""]);
    for (const task of results.tasks.filter((t) => t.baseline === baseline.name)) {
      const [low, high] = task.ratioRange;
      rows.push([`  ${task.name}`, opsFormat.format(task.opsPerSecond), ratioText(task.ratio), `${ratioText(low)} - ${ratioText(high)}`]);
    }
  }
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ");
  const { method, environment, sizes } = results;
  return [
    `${results.benchmark}: Node ${environment.node}, ${environment.cpus} CPUs, ${method.rounds} rounds x ${method.timeMs} ms per task, ${method.opsPerSample} ops per sample`,
    `sizes (bytes): ${Object.entries(sizes)
      .map(([name, size]) => `${name} ${size}`)
      .join(", ")}`,
    "",
    line(rows[0] ?? []),
    line((rows[0] ?? []).map((_, column) => "-".repeat(widths[column] ?? 0))),
    ...rows.slice(1).map(line),
    "",
    "ops/s: median over rounds. x baseline: median over rounds of (task time / baseline time in the same round).",
  ].join("\n");
}

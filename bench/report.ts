import type { AllocationMeasurement } from "./allocation.js";
import type { BundleSize } from "./bundle-size.js";
import type { GoalResult } from "./goals.js";
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
  /** Bytes allocated per operation by the large-payload tasks. */
  readonly allocations: readonly AllocationMeasurement[];
  /** The one-event browser bundle, when bench/run.ts measured it. */
  readonly bundle: BundleSize | undefined;
  /** Each goal of issue 15, its measured value and whether it is met. */
  readonly goals: readonly GoalResult[];
}

const opsFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const bytesFormat = opsFormat;

function ratioText(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

/** Lays out rows as columns: the first left-aligned, the others right-aligned unless listed in `leftAligned`. */
function table(rows: readonly (readonly string[])[], leftAligned: readonly number[] = [0]): string[] {
  const header = rows[0] ?? [];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => (leftAligned.includes(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(header.map((_, column) => "-".repeat(widths[column] ?? 0))), ...rows.slice(1).map(line)];
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
  const { method, environment, sizes } = results;
  return [
    `${results.benchmark}: Node ${environment.node}, ${environment.cpus} CPUs, ${method.rounds} rounds x ${method.timeMs} ms per task, ${method.opsPerSample} ops per sample`,
    `sizes (bytes): ${Object.entries(sizes)
      .map(([name, size]) => `${name} ${size}`)
      .join(", ")}`,
    "",
    ...table(rows),
    "",
    "ops/s: median over rounds. x baseline: median over rounds of (task time / baseline time in the same round).",
  ].join("\n");
}

function goalValueText(goal: GoalResult): string {
  if (goal.value === undefined) return "not measured";
  if (goal.kind === "size") return `${bytesFormat.format(goal.value)} B`;
  const range = goal.range === undefined ? "" : ` (${ratioText(goal.range[0])} - ${ratioText(goal.range[1])})`;
  return `${ratioText(goal.value)}${range}`;
}

function goalLimitText(goal: GoalResult): string {
  if (goal.kind === "size") return `at most ${bytesFormat.format(goal.limit)} B`;
  return `${goal.kind === "speed" ? "at least" : "at most"} ${ratioText(goal.limit)}`;
}

function goalStatus(goal: GoalResult): string {
  if (goal.met === undefined) return goal.value === undefined ? "-" : "info";
  return goal.met ? "met" : "NOT met";
}

/**
 * Formats the allocation of the large-payload tasks and the goals of issue 15: each goal's
 * median value with its range over the rounds (or repetitions), its bound, and met / NOT met;
 * rows for information and goals not measured say why below the table.
 */
export function formatGoals(results: BenchResults): string {
  const allocationRows = [
    ["task", "bytes allocated per operation (median)", "range over repetitions"],
    ...results.allocations.map((a) => [
      a.name,
      bytesFormat.format(a.bytes),
      `${bytesFormat.format(Math.min(...a.bytesByRepetition))} - ${bytesFormat.format(Math.max(...a.bytesByRepetition))}`,
    ]),
  ];
  const goalRows = [["goal", "measured (median, range)", "goal", "status"], ...results.goals.map((g) => [g.goal, goalValueText(g), goalLimitText(g), goalStatus(g)])];
  const notes = results.goals.filter((g) => g.note !== undefined).map((g) => `- ${g.goal}: ${g.note}`);
  const bundle = results.bundle === undefined ? [] : [`one-event browser bundle: ${bytesFormat.format(results.bundle.minifiedBytes)} B minified, ${bytesFormat.format(results.bundle.gzipBytes)} B gzipped (KB = 1000 B)`];
  return [
    "allocation (heap + external growth over one call after a full gc; node --expose-gc --single-threaded)",
    ...table(allocationRows),
    "",
    ...bundle,
    "goals (issue 15): speed = protobufjs's time / protoevents' time; time and memory = protoevents' / the reference's",
    ...table(goalRows, [0, 3]),
    ...notes,
  ].join("\n");
}

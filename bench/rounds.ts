import { Bench } from "tinybench";
import type { BenchTask } from "./bench-task.js";

/** How {@link runRounds} measures. */
export interface RoundOptions {
  /** Rounds in the process; each task is measured once per round. */
  readonly rounds: number;
  /**
   * Operations per timed sample, so that a sample lasts well above the timer's resolution; a
   * task's own `opsPerSample` overrides it.
   */
  readonly opsPerSample: number;
  /** Time budget per task and round, in milliseconds. */
  readonly timeMs: number;
  /** Warm-up budget per task and round, in milliseconds. */
  readonly warmupMs: number;
  /** Called after each round with its number, from 1. */
  readonly onRound?: (round: number) => void;
}

/** What {@link runRounds} measured for one task. */
export interface TaskMeasurement {
  /** The task's name. */
  readonly name: string;
  /** The task's baseline, or undefined for a baseline. */
  readonly baseline: string | undefined;
  /** Median over the rounds of the operations per second (from each round's median sample). */
  readonly opsPerSecond: number;
  /** Median over the rounds of this task's cost divided by its baseline's cost in the same round; 1 for a baseline. */
  readonly ratio: number;
  /** Smallest and largest per-round ratio. */
  readonly ratioRange: readonly [number, number];
  /** Operations per second of each round, in round order. */
  readonly opsPerSecondByRound: readonly number[];
  /** Ratio of each round, in round order. */
  readonly ratioByRound: readonly number[];
}

/**
 * Returns the median of non-empty `values`.
 *
 * @throws {Error} when `values` is empty.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("the median of no values is undefined");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Returns `items` rotated left by `by` places.
 */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = ((by % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Measures `tasks` in rounds within this process. Every round runs all tasks in
 * an order rotated from the previous round's, so that no task always runs at
 * the same point of a round; each task's cost is divided by its baseline's cost
 * from the same round, which cancels most of the drift of a shared machine. A first round warms up and is not recorded.
 * Reports medians over the recorded rounds.
 *
 * @throws {Error} when a task fails or its baseline is not a baseline task.
 */
export function runRounds(tasks: readonly BenchTask[], options: RoundOptions): TaskMeasurement[] {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  for (const task of tasks) {
    if (task.baseline !== undefined && byName.get(task.baseline)?.baseline !== undefined) {
      throw new Error(`task "${task.name}": its baseline "${task.baseline}" must be a baseline task`);
    }
  }
  const rotationStep = Math.max(1, Math.ceil(tasks.length / options.rounds));
  const opsByRound = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  const ratiosByRound = new Map<string, number[]>(tasks.map((t) => [t.name, []]));

  // Until every task has run, the shared protobuf-es code is optimized for the few message
  // shapes it has seen, and the first tasks measure faster than they will once the others
  // have run: one unrecorded round brings every task to the same steady state.
  measureRound(tasks, options);
  for (let round = 0; round < options.rounds; round++) {
    const msPerOp = measureRound(rotate(tasks, round * rotationStep), options);
    for (const task of tasks) {
      const ms = msPerOp.get(task.name) as number;
      const baselineMs = task.baseline === undefined ? ms : (msPerOp.get(task.baseline) as number);
      opsByRound.get(task.name)?.push(1000 / ms);
      ratiosByRound.get(task.name)?.push(ms / baselineMs);
    }
    options.onRound?.(round + 1);
  }

  return tasks.map((task) => {
    const ops = opsByRound.get(task.name) ?? [];
    const ratios = ratiosByRound.get(task.name) ?? [];
    return {
      name: task.name,
      baseline: task.baseline,
      opsPerSecond: median(ops),
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      opsPerSecondByRound: ops,
      ratioByRound: ratios,
    };
  });
}

/**
 * Returns a function that runs `op` `times` times and returns the last result,
 * which keeps the operations observable to the optimizer. Each loop is compiled
 * from its own source: closures of one shared function literal would share
 * V8's type feedback, so the `op()` call would see every task's operation,
 * turn megamorphic and stop being inlined, and the tasks would then cost what
 * depends on the order the optimizer saw them in.
 */
function sampleLoop(op: () => unknown, times: number): () => unknown {
  const loop = new Function("op", "times", "let result; for (let i = 0; i < times; i++) result = op(); return result;") as (
    op: () => unknown,
    times: number,
  ) => unknown;
  return () => loop(op, times);
}

/** Runs one round with tinybench; returns each task's median sample time divided by its operations per sample, in milliseconds. */
function measureRound(ordered: readonly BenchTask[], options: RoundOptions): Map<string, number> {
  const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs, throws: true });
  const opsPerSample = new Map(ordered.map((task) => [task.name, task.opsPerSample ?? options.opsPerSample]));
  for (const task of ordered) bench.add(task.name, sampleLoop(task.op, opsPerSample.get(task.name) as number));
  const msPerOp = new Map<string, number>();
  for (const task of bench.runSync()) {
    const { result } = task;
    if (result.state !== "completed") throw new Error(`task "${task.name}" ended in state ${result.state}`);
    msPerOp.set(task.name, result.latency.p50 / (opsPerSample.get(task.name) as number));
  }
  return msPerOp;
}

/**
 * One measured operation of a benchmark: what it does, what it is compared
 * with, and how to tell that it did the right thing.
 */
export interface BenchTask {
  /** The task's label, unique within a benchmark. */
  readonly name: string;
  /**
   * The name of the task this one's cost is divided by within each round, or
   * undefined when this task is itself a baseline.
   */
  readonly baseline: string | undefined;
  /** Runs the operation once and returns its result. */
  readonly op: () => unknown;
  /** Throws an Error that says what is wrong when `result`, a result of `op`, is not correct. */
  readonly check: (result: unknown) => void;
  /**
   * Operations per timed sample when the benchmark's default would make a sample last too long
   * (an operation of a millisecond); absent for the default.
   */
  readonly opsPerSample?: number;
}

/**
 * Defines a baseline task: the raw operation the others are compared with.
 */
export function baselineTask<T>(name: string, op: () => T, check: (result: T) => void): BenchTask {
  return { name, baseline: undefined, op, check: check as (result: unknown) => void };
}

/**
 * Defines a task whose cost is reported as a ratio to the baseline task named `baseline`.
 */
export function comparedTask<T>(name: string, baseline: string, op: () => T, check: (result: T) => void): BenchTask {
  return { name, baseline, op, check: check as (result: unknown) => void };
}

/**
 * Runs every task's operation once and checks its result, so that a benchmark
 * never times an operation that does not do its job. Returns the task names.
 *
 * @throws {Error} naming the first task whose baseline is missing or whose result is wrong.
 */
export function checkTasks(tasks: readonly BenchTask[]): string[] {
  const names = new Set(tasks.map((t) => t.name));
  if (names.size !== tasks.length) throw new Error("task names must be unique");
  for (const task of tasks) {
    if (task.baseline !== undefined && !names.has(task.baseline)) {
      throw new Error(`task "${task.name}": its baseline "${task.baseline}" is not a task`);
    }
    try {
      task.check(task.op());
    } catch (cause) {
      throw new Error(`task "${task.name}" gave a wrong result: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  }
  return [...names];
}

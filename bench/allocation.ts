// What one operation allocates: the growth of the JavaScript heap plus external memory (where
// the backing stores of Uint8Arrays live) over a single call, right after a full garbage
// collection, so that no collection runs during the call and every byte it allocates, kept or
// garbage, is counted. Needs a process started with --expose-gc, and --single-threaded for
// readings that repeat: no background thread then frees array buffers or installs optimized code
// in the middle of a measured call.

/** The allocation of one operation over several repetitions, in bytes. */
export interface AllocationMeasurement {
  /** The task measured. */
  readonly name: string;
  /** Median over the repetitions of the bytes allocated by one call. */
  readonly bytes: number;
  /** The bytes of each repetition. */
  readonly bytesByRepetition: readonly number[];
}

/**
 * Returns the bytes allocated by each of `repetitions` calls of `op`. After a warm-up, before
 * each measured call `op` runs once unmeasured (so that compiling and caches are not counted)
 * and the heap is collected in full. What the call allocated is counted whether it is garbage or kept: no
 * collection runs between the two readings.
 *
 * @throws {Error} when the process was not started with --expose-gc.
 */
// Calls before the first measurement, so that V8 has optimized `op` and installed its code (code
// objects live on the heap too) before anything is measured.
const warmupCalls = 50;

export function allocatedBytes(op: () => unknown, repetitions: number): number[] {
  const gc: unknown = Reflect.get(globalThis, "gc");
  if (typeof gc !== "function") throw new Error("measuring allocation needs node --expose-gc");
  const collect = gc as () => void;
  const bytes: number[] = [];
  for (let i = 0; i < warmupCalls; i++) op();
  for (let i = 0; i < repetitions; i++) {
    op();
    collect();
    const before = process.memoryUsage();
    op();
    const after = process.memoryUsage();
    bytes.push(after.heapUsed - before.heapUsed + after.external - before.external);
  }
  return bytes;
}

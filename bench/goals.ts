// The goals of issue 15 for the TypeScript envelope, each read from what the benchmark measured:
// a ratio of two tasks' times in the same round, a ratio of two tasks' allocation, or the size of
// a browser bundle.
import type { AllocationMeasurement } from "./allocation.js";
import type { BundleSize } from "./bundle-size.js";
import { decodeUnwrap, rawDecode, rawEncode, wrapEncode } from "./envelope-tasks.js";
import { largeDecodeUnwrap, largeDecodeUnwrapShared, largeRawDecode, largeRawEncode, largeWrapEncode } from "./large-payload-tasks.js";
import { peekTaskName } from "./peek-task.js";
import {
  protobufjsRoundTripFixed,
  protobufjsRoundTripGenerated,
  protoeventsRoundTripFixed,
  protoeventsRoundTripGenerated,
} from "./protobufjs-tasks.js";
import { median, type TaskMeasurement } from "./rounds.js";

/** How a goal's value is read and bounded. */
type GoalKind =
  /** The task's time over the reference's, in the same round; met when at most the limit. */
  | "time"
  /** The reference's time over the task's (the task's speed relative to it); met when at least the limit. */
  | "speed"
  /** The task's allocation per operation over the reference's; met when at most the limit. */
  | "memory"
  /** The gzipped bundle in bytes; met when at most the limit. */
  | "size";

/** One goal and what the run measured for it. */
export interface GoalResult {
  /** What is compared. */
  readonly goal: string;
  /** How the value is read: see the kinds in bench/goals.ts. */
  readonly kind: GoalKind;
  /** The bound: a ratio, or bytes for a size. */
  readonly limit: number;
  /** The measured value: the median ratio, or the bytes; undefined when it was not measured. */
  readonly value: number | undefined;
  /** The smallest and largest value over the rounds or repetitions, when there are several. */
  readonly range: readonly [number, number] | undefined;
  /** Whether the value is within the limit; undefined for a row shown for information or not measured. */
  readonly met: boolean | undefined;
  /** Why the row is there or why it has no value, when that needs saying. */
  readonly note?: string;
}

/** What the goals are read from. */
export interface GoalInputs {
  /** The timed tasks. */
  readonly tasks: readonly TaskMeasurement[];
  /** The allocation of the large-payload tasks. */
  readonly allocations: readonly AllocationMeasurement[];
  /** The browser bundle of one event, or undefined when it was not measured. */
  readonly bundle: BundleSize | undefined;
}

interface RatioGoal {
  readonly goal: string;
  readonly kind: "time" | "speed" | "memory";
  readonly task: string;
  readonly reference: string;
  readonly limit: number;
  readonly informational?: string;
}

/** The bundle-size goal: one event with the runtime, minified and gzipped, at most 27.4 KB with KB = 1000 bytes. */
export const bundleLimitBytes = 27_400;

const ratioGoals: readonly RatioGoal[] = [
  {
    goal: "round trip, speed relative to protobufjs static code (id and timestamp given to both)",
    kind: "speed",
    task: protoeventsRoundTripFixed,
    reference: protobufjsRoundTripFixed,
    limit: 1.25,
  },
  {
    goal: "round trip, speed relative to protobufjs static code (id and timestamp made per event)",
    kind: "speed",
    task: protoeventsRoundTripGenerated,
    reference: protobufjsRoundTripGenerated,
    limit: 1.25,
    informational:
      "for information: protoevents makes the id inside wrap, protobufjs's side calls uuidv7() and Date.now(); equal work only while wrap does the same",
  },
  { goal: "wrap + encodeEnvelope vs raw protobuf-es (payload toBinary, envelope toBinary)", kind: "time", task: wrapEncode, reference: rawEncode, limit: 1.2 },
  { goal: "decodeEnvelope + unwrap vs raw protobuf-es (envelope fromBinary, payload fromBinary)", kind: "time", task: decodeUnwrap, reference: rawDecode, limit: 0.9 },
  { goal: "peekEnvelope vs decodeEnvelope + unwrap", kind: "time", task: peekTaskName, reference: decodeUnwrap, limit: 0.3 },
  { goal: "1 MiB payload: wrap + encodeEnvelope vs raw protobuf-es, time", kind: "time", task: largeWrapEncode, reference: largeRawEncode, limit: 1.1 },
  { goal: "1 MiB payload: decodeEnvelope + unwrap vs raw protobuf-es, time", kind: "time", task: largeDecodeUnwrap, reference: largeRawDecode, limit: 1.1 },
  { goal: "1 MiB payload: wrap + encodeEnvelope vs raw protobuf-es, bytes allocated", kind: "memory", task: largeWrapEncode, reference: largeRawEncode, limit: 1.1 },
  {
    goal: "1 MiB payload: decodeEnvelope + unwrap vs raw protobuf-es, bytes allocated",
    kind: "memory",
    task: largeDecodeUnwrap,
    reference: largeRawDecode,
    limit: 1.1,
  },
  {
    goal: "1 MiB payload: decodeEnvelope + unwrap with shareMemory vs raw protobuf-es, time",
    kind: "time",
    task: largeDecodeUnwrapShared,
    reference: largeRawDecode,
    limit: 1.1,
  },
  {
    goal: "1 MiB payload: decodeEnvelope + unwrap with shareMemory vs raw protobuf-es, bytes allocated",
    kind: "memory",
    task: largeDecodeUnwrapShared,
    reference: largeRawDecode,
    limit: 1.1,
  },
];

function notMeasured(goal: RatioGoal, note: string): GoalResult {
  return { goal: goal.goal, kind: goal.kind, limit: goal.limit, value: undefined, range: undefined, met: undefined, note };
}

function judged(goal: RatioGoal, values: readonly number[]): GoalResult {
  const value = median(values);
  const met = goal.kind === "speed" ? value >= goal.limit : value <= goal.limit;
  const range = [Math.min(...values), Math.max(...values)] as const;
  if (goal.informational !== undefined) return { goal: goal.goal, kind: goal.kind, limit: goal.limit, value, range, met: undefined, note: goal.informational };
  return { goal: goal.goal, kind: goal.kind, limit: goal.limit, value, range, met };
}

function timeGoal(goal: RatioGoal, tasks: readonly TaskMeasurement[]): GoalResult {
  const task = tasks.find((t) => t.name === goal.task);
  const reference = tasks.find((t) => t.name === goal.reference);
  if (task === undefined) {
    return notMeasured(goal, goal.task === peekTaskName ? "src/index.ts does not export peekEnvelope" : `no task "${goal.task}" in this run`);
  }
  if (reference === undefined) return notMeasured(goal, `no task "${goal.reference}" in this run`);
  // Time is the inverse of operations per second: the task's time over the reference's is the
  // reference's ops/s over the task's, round by round.
  const ratios = task.opsPerSecondByRound.map((ops, round) => (reference.opsPerSecondByRound[round] as number) / ops);
  return judged(goal, goal.kind === "speed" ? ratios.map((ratio) => 1 / ratio) : ratios);
}

function memoryGoal(goal: RatioGoal, allocations: readonly AllocationMeasurement[]): GoalResult {
  const task = allocations.find((a) => a.name === goal.task);
  const reference = allocations.find((a) => a.name === goal.reference);
  if (task === undefined || reference === undefined) return notMeasured(goal, "allocation was not measured");
  const ratios = task.bytesByRepetition.map((bytes, i) => bytes / (reference.bytesByRepetition[i] as number));
  return judged(goal, ratios);
}

/**
 * Reads every goal from what the run measured. A goal whose task did not run (e.g. the bundle
 * when not measured) has no value and is neither met nor not.
 */
export function readGoals({ tasks, allocations, bundle }: GoalInputs): GoalResult[] {
  const goals = ratioGoals.map((goal) => (goal.kind === "memory" ? memoryGoal(goal, allocations) : timeGoal(goal, tasks)));
  const bundleGoal = "one event in a browser bundle with the runtime (esbuild, minified, gzip -9), bytes";
  goals.push(
    bundle === undefined
      ? { goal: bundleGoal, kind: "size", limit: bundleLimitBytes, value: undefined, range: undefined, met: undefined, note: "not measured" }
      : { goal: bundleGoal, kind: "size", limit: bundleLimitBytes, value: bundle.gzipBytes, range: undefined, met: bundle.gzipBytes <= bundleLimitBytes },
  );
  return goals;
}

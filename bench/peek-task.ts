// The header peek: `peekEnvelope(bytes)` reads the routing fields (event id, name, version and
// aggregate id) from an envelope's bytes without decoding the payload.
import { peekEnvelope } from "../src/index.js";
import { comparedTask, type BenchTask } from "./bench-task.js";
import { fail, protobufBytes, protobufEnvelope } from "./envelope-fixture.js";
import { rawDecode } from "./envelope-tasks.js";

/** The peek task's name. */
export const peekTaskName = "peekEnvelope";

/**
 * Returns the peek task, compared in the table with raw protobuf-es decoding (its goal compares it
 * with decodeEnvelope + unwrap, bench/goals.ts).
 */
export function peekTasks(): BenchTask[] {
  return [
    comparedTask(peekTaskName, rawDecode, () => peekEnvelope(protobufBytes), (header) => {
      for (const field of ["eventId", "eventName", "eventVersion", "aggregateId"] as const) {
        if (header[field] !== protobufEnvelope[field]) fail(`${field} is ${header[field]}, not ${protobufEnvelope[field]}`);
      }
    }),
  ];
}

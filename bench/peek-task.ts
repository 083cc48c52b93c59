// The header peek: `peekEnvelope(bytes)` reads the routing fields (event id, name, version and
// aggregate id) from an envelope's bytes without decoding the payload. It is measured once
// src/index.ts exports it (issue 15 adds it); until then the benchmark has no such task and its
// goal reads "not measured".
import * as protoevents from "../src/index.js";
import { comparedTask, type BenchTask } from "./bench-task.js";
import { fail, protobufBytes, protobufEnvelope } from "./envelope-fixture.js";
import { rawDecode } from "./envelope-tasks.js";

/** The routing fields `peekEnvelope` returns. */
interface EnvelopeHeader {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventVersion: string;
  readonly aggregateId: string;
}

/** The peek task's name. */
export const peekTaskName = "peekEnvelope";

// Looked up by name rather than imported, so that this file compiles and bundles before and
// after src/index.ts exports it.
const peekEnvelope: unknown = Reflect.get(protoevents, "peekEnvelope");

/**
 * Returns the peek task, compared in the table with raw protobuf-es decoding (its goal compares it
 * with decodeEnvelope + unwrap, bench/goals.ts), or no task when src/index.ts has no peekEnvelope.
 */
export function peekTasks(): BenchTask[] {
  if (typeof peekEnvelope !== "function") return [];
  const peek = peekEnvelope as (bytes: Uint8Array) => EnvelopeHeader;
  return [
    comparedTask(peekTaskName, rawDecode, () => peek(protobufBytes), (header) => {
      for (const field of ["eventId", "eventName", "eventVersion", "aggregateId"] as const) {
        if (header[field] !== protobufEnvelope[field]) fail(`${field} is ${header[field]}, not ${protobufEnvelope[field]}`);
      }
    }),
  ];
}

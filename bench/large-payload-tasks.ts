// A large event: fixture.scalars.recorded v1 carrying 1 MiB in its bytes field, with the metadata
// of the small event's tasks, produced and consumed by protoevents and by raw protobuf-es. The
// tasks are timed with the others; bench/allocation.ts measures what each allocates.
import { create, equals, fromBinary, isMessage, toBinary } from "@bufbuild/protobuf";
import { ScalarsRecordedSchema, type ScalarsRecorded } from "../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import { decodeEnvelope, encodeEnvelope, EnvelopeSchema, unwrap, wrap, type Envelope } from "../src/index.js";
import { baselineTask, comparedTask, type BenchTask } from "./bench-task.js";
import { checkBytes, fail, fixedOptions, fixtureRegistry } from "./envelope-fixture.js";

/** The size of the payload's bytes field. */
export const largeFieldBytes = 1024 * 1024;

// Bytes that do not repeat in short cycles, so that no layer could shortcut them.
const largeField = Uint8Array.from({ length: largeFieldBytes }, (_, i) => (Math.imul(i, 2654435761) >>> 24) & 0xff);
const largePayload: ScalarsRecorded = create(ScalarsRecordedSchema, { id: "u-1001", int64Value: 42n, bytesValue: largeField });
const largeEnvelope: Envelope = wrap(ScalarsRecordedSchema, largePayload, fixedOptions);
const largeBytes: Uint8Array = toBinary(EnvelopeSchema, largeEnvelope);
/** The envelope without its payload, which raw encoding sets before each `toBinary`. */
const prebuiltEnvelope: Envelope = { ...largeEnvelope, payload: new Uint8Array(0) };

/** The sizes of the large event's payload and envelope, in bytes. */
export const largePayloadSizes = { largePayload: largeEnvelope.payload.length, largeEnvelope: largeBytes.length } as const;

/** Raw protobuf-es producing the large event. */
export const largeRawEncode = "1 MiB payload: toBinary(ScalarsRecorded) + toBinary(Envelope)";
/** protoevents producing it with the same work. */
export const largeWrapEncode = "1 MiB payload: wrap(message) + encodeEnvelope, id and timestamp given";
/** Raw protobuf-es consuming it. */
export const largeRawDecode = "1 MiB payload: fromBinary(Envelope) + fromBinary(ScalarsRecorded)";
/** protoevents consuming it. */
export const largeDecodeUnwrap = "1 MiB payload: decodeEnvelope + unwrap, all fixture events";
/** protoevents consuming it with views into the input, as raw protobuf-es decodes. */
export const largeDecodeUnwrapShared = "1 MiB payload: decodeEnvelope + unwrap with shareMemory, all fixture events";

const shared = { shareMemory: true } as const;

// One operation lasts about a millisecond: a few per sample are far above the timer's resolution,
// and 100 would take tinybench's minimum of 64 samples past the time budget.
const opsPerSample = 4;

function checkLargePayload(payload: unknown): void {
  if (!isMessage(payload, ScalarsRecordedSchema)) fail("the payload is not a fixture.v1.ScalarsRecorded");
  if (!equals(ScalarsRecordedSchema, payload, largePayload)) fail("the decoded payload differs from the one wrapped");
}

/** Returns the large event's tasks: producing and consuming, each compared with raw protobuf-es. */
export function largePayloadTasks(): BenchTask[] {
  const tasks = [
    baselineTask(
      largeRawEncode,
      () => {
        prebuiltEnvelope.payload = toBinary(ScalarsRecordedSchema, largePayload);
        return toBinary(EnvelopeSchema, prebuiltEnvelope);
      },
      (bytes) => checkBytes(bytes, largeBytes),
    ),
    comparedTask(largeWrapEncode, largeRawEncode, () => encodeEnvelope(wrap(ScalarsRecordedSchema, largePayload, fixedOptions)), (bytes) =>
      checkBytes(bytes, largeBytes),
    ),
    baselineTask(
      largeRawDecode,
      () => fromBinary(ScalarsRecordedSchema, fromBinary(EnvelopeSchema, largeBytes).payload),
      checkLargePayload,
    ),
    // What decodeEnvelope's copy of its input (the payload never shares the caller's buffer) adds
    // to raw decoding, which reads bytes fields as views into the input.
    comparedTask(
      "1 MiB payload: fromBinary(Envelope) of a copy + fromBinary(ScalarsRecorded)",
      largeRawDecode,
      () => fromBinary(ScalarsRecordedSchema, fromBinary(EnvelopeSchema, new Uint8Array(largeBytes)).payload),
      checkLargePayload,
    ),
    comparedTask(largeDecodeUnwrap, largeRawDecode, () => unwrap(decodeEnvelope(largeBytes), fixtureRegistry), (event) => {
      if (event.name !== "fixture.scalars.recorded") fail(`unwrapped ${event.name}`);
      checkLargePayload(event.payload);
    }),
    comparedTask(
      largeDecodeUnwrapShared,
      largeRawDecode,
      () => unwrap(decodeEnvelope(largeBytes, shared), fixtureRegistry, shared),
      (event) => {
        if (event.name !== "fixture.scalars.recorded") fail(`unwrapped ${event.name}`);
        checkLargePayload(event.payload);
      },
    ),
  ];
  return tasks.map((task) => ({ ...task, opsPerSample }));
}

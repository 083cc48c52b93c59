// The TypeScript side of the differential fuzzer: runs one input through the package in-process.
import { fromJson, toJson } from "@bufbuild/protobuf";
import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeFromJsonString,
  peekEnvelope,
  ProtoeventsError,
  unwrap,
  wrap,
  type Envelope,
  type UnwrappedEvent,
  type WrapOptions,
} from "../../src/index.js";
import type { ContentType } from "../../src/content-type.js";
import { fixtureEvents } from "../fixture-examples.js";
import { messageSchema } from "../vectors.js";
import type { FuzzInput, FuzzLimits, TimestampSpec, WrapSpec } from "./fuzz-input.js";
import type { InputOutcome, Outcome, PeekOutcome } from "./outcome.js";

/** The one call of `unwrap`, with the fixture events: the only line to change when its signature does. */
export function unwrapFixture(envelope: Envelope, limits: FuzzLimits = {}, shareMemory = false): UnwrappedEvent<(typeof fixtureEvents)[number]> {
  return unwrap(envelope, fixtureEvents, { limits, shareMemory });
}

/** The outcome of a call: its result, the code of a ProtoeventsError, or an escape for anything else thrown. */
export function outcomeOf<T extends Outcome | PeekOutcome>(run: () => T): T | { readonly ok: false; readonly code: string } | { readonly escape: string } {
  try {
    return run();
  } catch (error) {
    if (error instanceof ProtoeventsError) return { ok: false, code: error.code };
    const name = error instanceof Error ? error.constructor.name : typeof error;
    const message = error instanceof Error ? error.message : String(error);
    return { escape: `${name}: ${message.slice(0, 200)}` };
  }
}

/** Runs one fuzz input through the TypeScript package. */
export function typescriptOutcome(input: FuzzInput): InputOutcome {
  if ("wrap" in input) return outcomeOf(() => wrapped(input.wrap));
  const limits = input.limits ?? {};
  if ("jsonText" in input) return outcomeOf(() => decoded(envelopeFromJsonString(input.jsonText, { limits }), limits));
  const bytes = new Uint8Array(Buffer.from(input.bytesHex, "hex"));
  const outcome = outcomeOf(() => decoded(decodeEnvelope(bytes, { limits }), limits));
  return { ...sameWhenShared(outcome, bytes, limits), peek: outcomeOf(() => peeked(bytes, limits)) };
}

// Decoding with shareMemory must give what the copy gives: otherwise the input is reported as an
// escape of the TypeScript side, which the fuzzer counts like any other.
function sameWhenShared(outcome: Outcome, bytes: Uint8Array, limits: FuzzLimits): Outcome {
  const shared = outcomeOf(() => decoded(decodeEnvelope(bytes, { limits, shareMemory: true }), limits, true));
  if (JSON.stringify(shared) === JSON.stringify(outcome)) return outcome;
  return { escape: `shareMemory: ${JSON.stringify(shared).slice(0, 200)}, where the copy gave ${JSON.stringify(outcome).slice(0, 200)}` };
}

function peeked(bytes: Uint8Array, limits: FuzzLimits): PeekOutcome {
  const { eventId, eventName, eventVersion, aggregateId } = peekEnvelope(bytes, { limits });
  return { ok: true, eventId, eventName, eventVersion, aggregateId };
}

function decoded(envelope: Envelope, limits: FuzzLimits, shareMemory = false): Outcome {
  const event = unwrapFixture(envelope, limits, shareMemory);
  const entry = fixtureEvents.find((e) => e.name === event.name && e.version === event.version);
  if (entry === undefined) throw new Error(`unwrap returned ${event.name} ${event.version}, not a fixture event`);
  return {
    ok: true,
    name: event.name,
    version: event.version,
    payload: toJson(entry.schema, event.payload),
    reencodedHex: Buffer.from(encodeEnvelope(event.envelope)).toString("hex"),
  };
}

function wrapped(spec: WrapSpec): Outcome {
  const schema = messageSchema(spec.type);
  const options: WrapOptions = {
    eventId: spec.eventId,
    timestamp: timestamp(spec.timestamp),
    aggregateId: spec.options.aggregate_id,
    traceId: spec.options.trace_id,
    correlationId: spec.options.correlation_id,
    causationId: spec.options.causation_id,
    source: spec.options.source,
    contentType: spec.options.content_type as ContentType | undefined,
    attributes: spec.options.attributes,
  };
  const envelope = wrap(schema, fromJson(schema, spec.payload), options);
  return { ok: true, wrappedHex: Buffer.from(encodeEnvelope(envelope)).toString("hex") };
}

function timestamp(spec: TimestampSpec): WrapOptions["timestamp"] {
  if ("integer" in spec) return BigInt(spec.integer);
  if ("number" in spec) return Number(spec.number);
  // A value of the wrong type, as an untyped caller would pass it.
  return spec.odd as unknown as WrapOptions["timestamp"];
}

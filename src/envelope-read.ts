import { protoInt64 } from "@bufbuild/protobuf";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { copyBytes } from "./byte-slab.js";
import type { DecodeLimits } from "./decode-limits.js";
import { EnvelopeField, walked, walkEnvelope } from "./envelope-walk.js";
import { readRecentUtf8, readUtf8 } from "./utf8.js";

/**
 * Decodes envelope bytes that {@link walkEnvelope} accepts, straight into the
 * object `fromBinary(EnvelopeSchema, bytes)` returns: the same properties in
 * the same order (as `create` makes them), no `$unknown` (the walk accepts no
 * unknown field), and a payload copied out of `bytes`. Returns undefined when
 * the walk leaves the bytes to the general path.
 *
 * @internal
 */
export function readEnvelope(bytes: Uint8Array, limits: DecodeLimits): Envelope | undefined {
  // Without BigInt (BUF_BIGINT_DISABLE=1) protobuf-es reads int64 as strings: its own path then.
  if (!protoInt64.supported || !walkEnvelope(bytes, limits)) return undefined;
  const { present, starts, ends } = walked;
  const attributes = readAttributes(bytes);
  const payload = (present & (1 << EnvelopeField.Payload)) === 0 ? new Uint8Array(0) : copyBytes(bytes, starts[EnvelopeField.Payload] as number, ends[EnvelopeField.Payload] as number);
  return {
    $typeName: "protoevents.v1.Envelope",
    eventId: stringField(bytes, EnvelopeField.EventId),
    eventName: stringField(bytes, EnvelopeField.EventName),
    eventVersion: stringField(bytes, EnvelopeField.EventVersion),
    aggregateId: stringField(bytes, EnvelopeField.AggregateId),
    timestamp: (present & (1 << EnvelopeField.Timestamp)) === 0 ? protoInt64.zero : BigInt(walked.timestamp),
    traceId: stringField(bytes, EnvelopeField.TraceId),
    correlationId: stringField(bytes, EnvelopeField.CorrelationId),
    causationId: stringField(bytes, EnvelopeField.CausationId),
    source: stringField(bytes, EnvelopeField.Source),
    contentType: stringField(bytes, EnvelopeField.ContentType),
    payload,
    attributes,
    traceparent: stringField(bytes, EnvelopeField.Traceparent),
    tracestate: stringField(bytes, EnvelopeField.Tracestate),
  };
}

/**
 * The string of a field found by the last walk, "" when absent.
 *
 * @internal
 */
export function stringField(bytes: Uint8Array, field: EnvelopeField): string {
  const bit = 1 << field;
  if ((walked.present & bit) === 0) return "";
  // The walk checked the bytes as UTF-8: reading them gives a string.
  return readRecentUtf8(bytes, walked.starts[field] as number, walked.ends[field] as number, field) as string;
}

// Places 15 and up of readRecentUtf8: the key and the value of each of the first 16 entries.
const recentEntries = 16;

// The walk checked the bytes as UTF-8: reading them gives a string.
function entryText(bytes: Uint8Array, start: number, end: number, index: number, part: 0 | 1): string {
  return (index < recentEntries ? readRecentUtf8(bytes, start, end, 15 + 2 * index + part) : readUtf8(bytes, start, end)) as string;
}

// As protobuf-es fills a map: in wire order, a repeated key overwriting in place, and
// "__proto__" defined as an own key, as its setOwn does, where assigning would set the prototype.
function readAttributes(bytes: Uint8Array): Record<string, string> {
  const attributes: Record<string, string> = {};
  const spans = walked.entrySpans;
  for (let i = 0, at = 0; i < walked.entries; i++, at += 4) {
    const key = entryText(bytes, spans[at] as number, spans[at + 1] as number, i, 0);
    const value = entryText(bytes, spans[at + 2] as number, spans[at + 3] as number, i, 1);
    if (key === "__proto__") Object.defineProperty(attributes, key, { value, writable: true, enumerable: true, configurable: true });
    else attributes[key] = value;
  }
  return attributes;
}

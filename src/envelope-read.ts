import { protoInt64 } from "@bufbuild/protobuf";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { copyBytes } from "./byte-slab.js";
import type { DecodeLimits } from "./decode-limits.js";
import { EnvelopeField, everyText, walked, walkEnvelope } from "./envelope-walk.js";
import { plainView } from "./plain-view.js";
import { readRecentUtf8, readUtf8 } from "./utf8.js";

/**
 * Decodes envelope bytes that {@link walkEnvelope} accepts, straight into the
 * object `fromBinary(EnvelopeSchema, bytes)` returns: the same properties in
 * the same order (as `create` makes them), no `$unknown` (the walk accepts no
 * unknown field), and a payload copied out of `bytes`, or a view into them
 * when `share`. Returns undefined when the walk leaves the bytes to the
 * general path.
 *
 * @internal
 */
export function readEnvelope(bytes: Uint8Array, limits: DecodeLimits, share: boolean): Envelope | undefined {
  // Without BigInt (BUF_BIGINT_DISABLE=1) protobuf-es reads int64 as strings: its own path then.
  if (!protoInt64.supported || !walkEnvelope(bytes, limits, everyText)) return undefined;
  const { present, starts, ends } = walked;
  invalidText = false;
  const attributes = readAttributes(bytes);
  const payload = (present & (1 << EnvelopeField.Payload)) === 0 ? new Uint8Array(0) : payloadOf(bytes, starts[EnvelopeField.Payload] as number, ends[EnvelopeField.Payload] as number, share);
  const envelope: Envelope = {
    $typeName: "protoevents.v1.Envelope",
    eventId: textField(bytes, EnvelopeField.EventId),
    eventName: textField(bytes, EnvelopeField.EventName),
    eventVersion: textField(bytes, EnvelopeField.EventVersion),
    aggregateId: textField(bytes, EnvelopeField.AggregateId),
    timestamp: (present & (1 << EnvelopeField.Timestamp)) === 0 ? protoInt64.zero : BigInt(walked.timestamp),
    traceId: textField(bytes, EnvelopeField.TraceId),
    correlationId: textField(bytes, EnvelopeField.CorrelationId),
    causationId: textField(bytes, EnvelopeField.CausationId),
    source: textField(bytes, EnvelopeField.Source),
    contentType: textField(bytes, EnvelopeField.ContentType),
    payload,
    attributes,
    traceparent: textField(bytes, EnvelopeField.Traceparent),
    tracestate: textField(bytes, EnvelopeField.Tracestate),
  };
  // The walk left the strings' UTF-8 to the reading: invalid text is the general path's to refuse.
  return invalidText ? undefined : envelope;
}

// The payload's bytes: a copy, or a plain view when shared (of a Buffer too, as the copy is plain).
function payloadOf(bytes: Uint8Array, start: number, end: number, share: boolean): Uint8Array {
  return share ? plainView(bytes).subarray(start, end) : copyBytes(bytes, start, end);
}

// Whether a string read by readEnvelope met bytes that are not UTF-8 (read as "").
let invalidText = false;

/**
 * The string of a field found by the last walk: "" when absent, undefined
 * when its bytes are not UTF-8.
 *
 * @internal
 */
export function stringField(bytes: Uint8Array, field: EnvelopeField): string | undefined {
  const bit = 1 << field;
  if ((walked.present & bit) === 0) return "";
  return readRecentUtf8(bytes, walked.starts[field] as number, walked.ends[field] as number, field);
}

// A string as readEnvelope takes it: text that is not UTF-8 is noted, to leave the bytes to the
// general path, and read as "" meanwhile.
function checked(text: string | undefined): string {
  if (text !== undefined) return text;
  invalidText = true;
  return "";
}

function textField(bytes: Uint8Array, field: EnvelopeField): string {
  return checked(stringField(bytes, field));
}

// Places 15 and up of readRecentUtf8: the key and the value of each of the first 16 entries.
const recentEntries = 16;

function entryText(bytes: Uint8Array, start: number, end: number, index: number, part: 0 | 1): string {
  return checked(index < recentEntries ? readRecentUtf8(bytes, start, end, 15 + 2 * index + part) : readUtf8(bytes, start, end));
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

import type { DecodeLimits } from "./decode-limits.js";
import { isUtf8 } from "./utf8.js";

// The envelope's schema is fixed (proto/protoevents/v1/envelope.proto: its field numbers never
// change), so its wire layout is written out here by hand instead of interpreted from the
// descriptor. The walk accepts only the envelopes it can decide alone: every field a known one
// in its declared wire type, once (attributes aside), each map entry exactly a key then a
// value, varints in their shortest form, strings valid UTF-8, and within the limits. On
// anything else it answers no and the caller takes the general path (scanWire, then
// fromBinary), which accepts or refuses with its own error: the walk never refuses. The UTF-8 of
// the strings a caller reads anyway is left to the reading (readUtf8 checks as it reads, and a
// cached string compared equal is ASCII), which must then take the general path on invalid
// text: one pass over those bytes instead of two. src/envelope-read.test.ts and
// src/peek-envelope.test.ts hold both readers to that path.

/** Field numbers of the envelope (proto/protoevents/v1/envelope.proto). */
export const enum EnvelopeField {
  EventId = 1,
  EventName = 2,
  EventVersion = 3,
  AggregateId = 4,
  Timestamp = 5,
  TraceId = 6,
  CorrelationId = 7,
  CausationId = 8,
  Source = 9,
  ContentType = 10,
  Payload = 11,
  Attributes = 12,
  Traceparent = 13,
  Tracestate = 14,
}

/** In a `readLater` mask: the caller reads every attributes entry's key and value. */
export const entriesBit = 1 << 15;

/** A `readLater` mask of every string field and the attributes: what decoding reads. */
export const everyText = 0x7ffe & ~(1 << EnvelopeField.Timestamp) & ~(1 << EnvelopeField.Payload) | entriesBit;

const timestampTag = (EnvelopeField.Timestamp << 3) | 0; // varint
const mapKeyTag = (1 << 3) | 2;
const mapValueTag = (2 << 3) | 2;
const lengthDelimited = 2;
// A longer length prefix (2^28 bytes and over) is left to the general path.
const maxLengthBytes = 4;
// 8 varint bytes hold 56 bits; a timestamp is taken up to 2^53 - 1, exact as a number.
const maxTimestampBytes = 8;
// Per attributes entry in `entrySpans`: key start, key end, value start, value end.
const entrySlots = 4;

/**
 * Where the last {@link walkEnvelope} that answered yes found each field: a
 * string or bytes field's bytes are [starts[n], ends[n]) for field number n
 * when bit n of `present` is set; the attributes entries are in `entrySpans`.
 * Overwritten by the next walk.
 *
 * @internal
 */
export const walked = {
  /** A bit per field number seen (1 << number); attributes not included. */
  present: 0,
  /** Start offsets by field number. */
  starts: new Int32Array(15),
  /** End offsets by field number. */
  ends: new Int32Array(15),
  /** The timestamp, when present. */
  timestamp: 0,
  /** How many attributes entries. */
  entries: 0,
  /** Four numbers per entry: key start, key end, value start, value end. */
  entrySpans: new Int32Array(16 * entrySlots),
};

// The offset after the last varint read, and its value: module state, so that reading one
// returns two numbers without allocating.
let varintEnd = 0;

/**
 * Walks envelope bytes, checking what decoding would check, and records
 * where each field is in {@link walked}. Answers false when the bytes are
 * not in the form this walk decides alone (see the comment at the top), or
 * are over `limits`: then the general path must decide. `readLater` has bit
 * n set for each string field n whose UTF-8 the caller checks by reading it,
 * and {@link entriesBit} when it reads the attributes: those are not checked
 * here.
 *
 * @internal
 */
export function walkEnvelope(bytes: Uint8Array, limits: DecodeLimits, readLater: number): boolean {
  const end = bytes.length;
  const { starts, ends } = walked;
  let present = 0;
  let entries = 0;
  let pos = 0;
  while (pos < end) {
    const tag = bytes[pos] as number;
    const field = tag >>> 3;
    if ((tag & 7) !== lengthDelimited) {
      if (tag !== timestampTag || (present & (1 << EnvelopeField.Timestamp)) !== 0) return false;
      const value = readVarint(bytes, pos + 1, end, maxTimestampBytes);
      if (value < 0 || value > Number.MAX_SAFE_INTEGER) return false;
      walked.timestamp = value;
      present |= 1 << EnvelopeField.Timestamp;
      pos = varintEnd;
      continue;
    }
    // A tag byte of 0x80 or more starts a tag of field 16 or over: unknown, or overlong. The
    // timestamp is a varint, never length-delimited.
    if (field === 0 || field > EnvelopeField.Tracestate || field === EnvelopeField.Timestamp) return false;
    // Most lengths take one byte: read here, the others by readVarint.
    let length = pos + 1 < end ? (bytes[pos + 1] as number) : 0x80;
    let start = pos + 2;
    if (length >= 0x80) {
      length = readVarint(bytes, pos + 1, end, maxLengthBytes);
      if (length < 0) return false;
      start = varintEnd;
    }
    const stop = start + length;
    if (stop > end) return false;
    const bit = 1 << field;
    if (field === EnvelopeField.Attributes) {
      if (!walkEntry(bytes, start, stop, entries, (readLater & entriesBit) === 0)) return false;
      entries += 1;
    } else {
      if ((present & bit) !== 0) return false;
      present |= bit;
      starts[field] = start;
      ends[field] = stop;
      if (field !== EnvelopeField.Payload && (readLater & bit) === 0 && !isUtf8(bytes, start, stop)) return false;
    }
    pos = stop;
  }
  // The general path counts the envelope and each entry as a message, an entry at depth 2.
  if (entries > 0 && (limits.maxDepth < 2 || entries + 1 > limits.maxMessages)) return false;
  walked.present = present;
  walked.entries = entries;
  return true;
}

/** Walks one attributes entry in [start, stop): a key, then a value, nothing else; their UTF-8 checked when `checkText`. */
function walkEntry(bytes: Uint8Array, start: number, stop: number, index: number, checkText: boolean): boolean {
  if (start >= stop || bytes[start] !== mapKeyTag) return false;
  const keyLength = readVarint(bytes, start + 1, stop, maxLengthBytes);
  if (keyLength < 0) return false;
  const keyStart = varintEnd;
  const keyEnd = keyStart + keyLength;
  if (keyEnd >= stop || bytes[keyEnd] !== mapValueTag) return false;
  const valueLength = readVarint(bytes, keyEnd + 1, stop, maxLengthBytes);
  if (valueLength < 0) return false;
  const valueStart = varintEnd;
  if (valueStart + valueLength !== stop) return false;
  if (checkText && (!isUtf8(bytes, keyStart, keyEnd) || !isUtf8(bytes, valueStart, stop))) return false;
  let spans = walked.entrySpans;
  const at = index * entrySlots;
  if (at + entrySlots > spans.length) {
    spans = new Int32Array(spans.length * 2);
    spans.set(walked.entrySpans);
    walked.entrySpans = spans;
  }
  spans[at] = keyStart;
  spans[at + 1] = keyEnd;
  spans[at + 2] = valueStart;
  spans[at + 3] = stop;
  return true;
}

/**
 * Reads a varint of at most `maxBytes` bytes in its shortest form at `pos`,
 * ending by `end`: its value, the offset after it in `varintEnd`; or -1.
 */
function readVarint(bytes: Uint8Array, pos: number, end: number, maxBytes: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < maxBytes && pos + i < end; i++) {
    const byte = bytes[pos + i] as number;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      // A last byte of 0 after others is an overlong form.
      if (byte === 0 && i > 0) return -1;
      varintEnd = pos + i + 1;
      return value;
    }
    scale *= 128;
  }
  return -1;
}

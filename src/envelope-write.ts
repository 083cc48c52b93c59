import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { allocateBytes, copyInto } from "./byte-slab.js";
import { toWords, writeWords } from "./byte-words.js";
import { compareCodePoints, envelopeBytes } from "./envelope-bytes.js";
import { utf8Size, writeUtf8 } from "./utf8.js";

// The envelope's schema is fixed (proto/protoevents/v1/envelope.proto: its field numbers never
// change), so its encoder is written out here by hand: one pass for the size, one allocation,
// one pass to write. It writes the canonical bytes of docs/envelope-bytes.md, exactly the bytes
// of envelopeBytes (protobuf-es's toBinary with sorted attributes), which stays the path for
// what this one does not take: an envelope whose fields are not of their declared types
// (protobuf-es converts or refuses those), or whose unknown fields are not well-formed.
// src/envelope-write.test.ts holds the two to the same bytes.

const typeName = "protoevents.v1.Envelope";
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

// The UTF-8 sizes of the strings, found by the size pass and used by the writing pass.
const sizes = new Int32Array(15);
// The last string of each field and its size: the event name, version, source and content type
// mostly repeat from one envelope to the next, often as the same string, and comparing them costs
// less than measuring them again.
const lastTexts = new Array<string>(15).fill("");
const lastSizes = new Int32Array(15);
// Whether this envelope's string of each field is the last one; and the UTF-8 bytes of a field's
// last string once it came twice (a string that changes every time, the event id, is never
// kept), as words copied four bytes a step instead of encoded again (src/byte-words.ts).
const repeats = new Uint8Array(15);
const lastWords = new Array<Int32Array | undefined>(15).fill(undefined);
// Shorter strings are written by writeUtf8 every time, longer ones by it with TextEncoder's encodeInto.
const shortestKept = 4;
const longestKept = 64;
let entrySizes = new Int32Array(32);

/**
 * Encodes an envelope to its canonical bytes (docs/envelope-bytes.md), the
 * same bytes as {@link envelopeBytes}.
 *
 * @internal
 */
export function writeEnvelope(envelope: Envelope): Uint8Array {
  const { eventId, eventName, eventVersion, aggregateId, timestamp, traceId, correlationId, causationId, source, contentType, payload, attributes, traceparent, tracestate } =
    envelope;
  const unknown = envelope.$unknown;
  // The timestamp as a number, exact when it is a safe integer (nearly always: epoch
  // milliseconds): Number() rounds a bigint of 2^53 or more to 2^53 or more. Comparing numbers
  // costs less than comparing bigints.
  const millis = typeof timestamp === "bigint" ? Number(timestamp) : Number.NaN;
  const safe = millis >= 0 && millis <= Number.MAX_SAFE_INTEGER;
  if (
    envelope.$typeName !== typeName ||
    typeof eventId !== "string" ||
    typeof eventName !== "string" ||
    typeof eventVersion !== "string" ||
    typeof aggregateId !== "string" ||
    typeof timestamp !== "bigint" ||
    (!safe && (timestamp < int64Min || timestamp > int64Max)) ||
    typeof traceId !== "string" ||
    typeof correlationId !== "string" ||
    typeof causationId !== "string" ||
    typeof source !== "string" ||
    typeof contentType !== "string" ||
    !(payload instanceof Uint8Array) ||
    typeof attributes !== "object" ||
    attributes === null ||
    typeof traceparent !== "string" ||
    typeof tracestate !== "string" ||
    (unknown !== undefined && !wellFormedUnknown(unknown))
  ) {
    return envelopeBytes(envelope);
  }
  const keys = Object.keys(attributes);
  const values: string[] = [];
  for (const key of keys) {
    const value: unknown = attributes[key];
    if (typeof value !== "string") return envelopeBytes(envelope);
    values.push(value);
  }
  const order = sortedOrder(keys);

  let size =
    stringSize(1, eventId) +
    stringSize(2, eventName) +
    stringSize(3, eventVersion) +
    stringSize(4, aggregateId) +
    (millis === 0 ? 0 : 1 + (safe ? varintSize64(millis) : int64Size(timestamp))) +
    stringSize(6, traceId) +
    stringSize(7, correlationId) +
    stringSize(8, causationId) +
    stringSize(9, source) +
    stringSize(10, contentType) +
    (payload.length === 0 ? 0 : 1 + varintSize(payload.length) + payload.length) +
    stringSize(13, traceparent) +
    stringSize(14, tracestate);
  if (entrySizes.length < keys.length * 2) entrySizes = new Int32Array(keys.length * 2);
  for (let i = 0; i < keys.length; i++) {
    const keySize = utf8Size(keys[i] as string);
    const valueSize = utf8Size(values[i] as string);
    entrySizes[2 * i] = keySize;
    entrySizes[2 * i + 1] = valueSize;
    const entrySize = 2 + varintSize(keySize) + keySize + varintSize(valueSize) + valueSize;
    size += 1 + varintSize(entrySize) + entrySize;
  }
  if (unknown !== undefined) {
    for (const { no, wireType, data } of unknown) size += varintSize(((no << 3) | wireType) >>> 0) + data.length;
  }

  const buffer = allocateBytes(size);
  let pos = writeString(buffer, 0, 1, eventId);
  pos = writeString(buffer, pos, 2, eventName);
  pos = writeString(buffer, pos, 3, eventVersion);
  pos = writeString(buffer, pos, 4, aggregateId);
  if (millis !== 0) {
    buffer[pos++] = (5 << 3) | 0;
    pos = safe ? writeVarint(buffer, pos, millis) : writeInt64(buffer, pos, timestamp);
  }
  pos = writeString(buffer, pos, 6, traceId);
  pos = writeString(buffer, pos, 7, correlationId);
  pos = writeString(buffer, pos, 8, causationId);
  pos = writeString(buffer, pos, 9, source);
  pos = writeString(buffer, pos, 10, contentType);
  if (payload.length > 0) {
    buffer[pos++] = (11 << 3) | 2;
    pos = writeVarint(buffer, pos, payload.length);
    copyInto(buffer, pos, payload, 0, payload.length);
    pos += payload.length;
  }
  for (let n = 0; n < keys.length; n++) {
    const i = order === undefined ? n : (order[n] as number);
    const keySize = entrySizes[2 * i] as number;
    const valueSize = entrySizes[2 * i + 1] as number;
    buffer[pos++] = (12 << 3) | 2;
    pos = writeVarint(buffer, pos, 2 + varintSize(keySize) + keySize + varintSize(valueSize) + valueSize);
    buffer[pos++] = (1 << 3) | 2;
    pos = writeVarint(buffer, pos, keySize);
    pos = writeUtf8(buffer, pos, keys[i] as string);
    buffer[pos++] = (2 << 3) | 2;
    pos = writeVarint(buffer, pos, valueSize);
    pos = writeUtf8(buffer, pos, values[i] as string);
  }
  pos = writeString(buffer, pos, 13, traceparent);
  pos = writeString(buffer, pos, 14, tracestate);
  if (unknown !== undefined) {
    for (const { no, wireType, data } of unknown) {
      pos = writeVarint(buffer, pos, ((no << 3) | wireType) >>> 0);
      buffer.set(data, pos);
      pos += data.length;
    }
  }
  return buffer;
}

/** The indexes of `keys` in code point order, or undefined when they are in that order already. */
function sortedOrder(keys: readonly string[]): number[] | undefined {
  for (let i = 1; i < keys.length; i++) {
    if (compareCodePoints(keys[i - 1] as string, keys[i] as string) >= 0) {
      return keys.map((_, index) => index).sort((a, b) => compareCodePoints(keys[a] as string, keys[b] as string));
    }
  }
  return undefined;
}

// What protobuf-es writes as it is (tag, then the data); anything else takes its path.
function wellFormedUnknown(unknown: unknown): unknown is NonNullable<Envelope["$unknown"]> {
  if (!Array.isArray(unknown)) return false;
  for (const field of unknown as unknown[]) {
    if (typeof field !== "object" || field === null) return false;
    const { no, wireType, data } = field as { no?: unknown; wireType?: unknown; data?: unknown };
    if (typeof no !== "number" || !Number.isInteger(no) || no < 1 || no > 0x1fffffff) return false;
    if (typeof wireType !== "number" || !Number.isInteger(wireType) || wireType < 0 || wireType > 5) return false;
    if (!(data instanceof Uint8Array)) return false;
  }
  return true;
}

function stringSize(field: number, text: string): number {
  if (text === "") return 0;
  let size: number;
  if (text === lastTexts[field]) {
    size = lastSizes[field] as number;
    repeats[field] = 1;
  } else {
    size = utf8Size(text);
    lastTexts[field] = text;
    lastSizes[field] = size;
    lastWords[field] = undefined;
    repeats[field] = 0;
  }
  sizes[field] = size;
  return 1 + varintSize(size) + size;
}

function writeString(buffer: Uint8Array, pos: number, field: number, text: string): number {
  if (text === "") return pos;
  const size = sizes[field] as number;
  buffer[pos] = (field << 3) | 2;
  const start = writeVarint(buffer, pos + 1, size);
  const kept = lastWords[field];
  if (kept !== undefined && repeats[field] === 1) {
    writeWords(buffer, start, kept, size);
    return start + size;
  }
  const end = writeUtf8(buffer, start, text);
  if (repeats[field] === 1 && size >= shortestKept && size <= longestKept) lastWords[field] = toWords(buffer, start, end);
  return end;
}

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Writes a varint of a non-negative safe integer. */
function writeVarint(buffer: Uint8Array, pos: number, value: number): number {
  // The bitwise operators see 32 bits: of a larger number, the low 28 bits go first by arithmetic.
  if (value > 0x7fffffff) {
    const low = value % 0x10000000;
    buffer[pos++] = (low & 0x7f) | 0x80;
    buffer[pos++] = ((low >>> 7) & 0x7f) | 0x80;
    buffer[pos++] = ((low >>> 14) & 0x7f) | 0x80;
    buffer[pos++] = (low >>> 21) | 0x80;
    value = (value - low) / 0x10000000;
  }
  while (value > 0x7f) {
    buffer[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buffer[pos++] = value;
  return pos;
}

// An int64 outside the safe integers (the caller writes those as numbers), written as its two's
// complement, a uint64: a negative one takes 10 bytes.
function int64Size(value: bigint): number {
  let unsigned = BigInt.asUintN(64, value);
  let size = 1;
  while (unsigned >= 0x80n) {
    unsigned >>= 7n;
    size++;
  }
  return size;
}

/** The size of a varint of a non-negative safe integer. */
function varintSize64(value: number): number {
  if (value < 0x10000000) return varintSize(value);
  if (value < 2 ** 35) return 5;
  if (value < 2 ** 42) return 6;
  if (value < 2 ** 49) return 7;
  return 8;
}

function writeInt64(buffer: Uint8Array, pos: number, value: bigint): number {
  let unsigned = BigInt.asUintN(64, value);
  while (unsigned >= 0x80n) {
    buffer[pos++] = Number(unsigned & 0x7fn) | 0x80;
    unsigned >>= 7n;
  }
  buffer[pos++] = Number(unsigned);
  return pos;
}

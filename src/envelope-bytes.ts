import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";

const attributesField = 12;

/**
 * Returns the canonical protobuf binary of an envelope, the same bytes the
 * Python package writes: the fields 1 to 11 in field-number order as protobuf
 * writes them, then one `attributes` entry (field 12) per key sorted by code
 * point (the order of their UTF-8 bytes), each with its key and value written
 * even when empty, then the fields 13 and 14, then the unknown fields in the
 * order they were read.
 *
 * protobuf-es writes a map in the object's key order, which lists array-index
 * keys such as "7" first and keeps the other keys in the order they were added
 * (the wire order of a decoded envelope), so the entries are written here.
 *
 * @internal
 */
export function envelopeBytes(envelope: Envelope): Uint8Array {
  const attributes = envelope.attributes;
  const keys = Object.keys(attributes);
  if (inCodePointOrder(keys)) return toBinary(EnvelopeSchema, envelope);
  const writer = new BinaryWriter();
  // The fields below 12, the entries of field 12, then the fields above it, in number order.
  writer.raw(toBinary(EnvelopeSchema, { ...envelope, attributes: {}, traceparent: "", tracestate: "" }, { writeUnknownFields: false }));
  for (const key of keys.sort(compareCodePoints)) {
    writer
      .tag(attributesField, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.LengthDelimited)
      .string(key)
      .tag(2, WireType.LengthDelimited)
      .string(attributes[key] as string)
      .join();
  }
  writer.raw(toBinary(EnvelopeSchema, create(EnvelopeSchema, { traceparent: envelope.traceparent, tracestate: envelope.tracestate })));
  for (const { no, wireType, data } of envelope.$unknown ?? []) writer.tag(no, wireType).raw(data);
  return writer.finish();
}

/**
 * Compares two strings by code point, as their UTF-8 bytes compare; `<` on
 * strings compares UTF-16 code units, which puts U+E000 to U+FFFF after the
 * code points above U+FFFF.
 *
 * @internal
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const unitA = a.charCodeAt(i);
    const unitB = b.charCodeAt(i);
    if (unitA !== unitB) return codePointRank(unitA) - codePointRank(unitB);
  }
  return a.length - b.length;
}

// A surrogate is half of a code point above U+FFFF: it ranks after U+E000 to U+FFFF.
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

function inCodePointOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (compareCodePoints(keys[i - 1] as string, keys[i] as string) >= 0) return false;
  }
  return true;
}

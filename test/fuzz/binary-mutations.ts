// Mutations of encoded protobuf messages, applied alike to envelopes and to payloads: each takes
// valid bytes and returns bytes that a strict decoder must accept or reject the same way in both
// languages.
import type { DescMessage } from "@bufbuild/protobuf";
import type { Prng } from "./prng.js";
import {
  concat,
  fixed32Field,
  fixed64Field,
  group,
  lenField,
  paddedVarint,
  splitFields,
  tag,
  varintField,
  WireType,
  type WireField,
} from "./wire.js";

/** A field of a schema and the wire type its values are written with. */
export interface KnownField {
  readonly number: number;
  readonly wireType: number;
}

/** What a binary mutation works on: the bytes, the fields their schema declares, and another message to splice in. */
export interface MutationTarget {
  readonly bytes: Uint8Array;
  readonly fields: readonly KnownField[];
  readonly other: Uint8Array;
}

/** A named mutation of encoded bytes. */
export interface BinaryMutation {
  readonly name: string;
  readonly apply: (prng: Prng, target: MutationTarget) => Uint8Array;
}

/** The fields of a message schema with the wire type a proto3 encoder writes them with. */
export function knownFields(schema: DescMessage): KnownField[] {
  return schema.fields.map((field) => ({ number: field.number, wireType: declaredWireType(field) }));
}

function declaredWireType(field: DescMessage["fields"][number]): number {
  if (field.fieldKind === "map" || field.fieldKind === "message") return WireType.Len;
  if (field.fieldKind === "list") return WireType.Len;
  if (field.fieldKind === "enum") return WireType.Varint;
  switch (field.scalar) {
    case 1: // double
    case 6: // fixed64
    case 16: // sfixed64
      return WireType.Fixed64;
    case 2: // float
    case 7: // fixed32
    case 15: // sfixed32
      return WireType.Fixed32;
    case 9: // string
    case 12: // bytes
      return WireType.Len;
    default:
      return WireType.Varint;
  }
}

/** A random value of any wire type for field `number`, 6 and 7 included. */
export function randomField(prng: Prng, number: number, wireType = prng.int(0, 7)): Uint8Array {
  switch (wireType) {
    case WireType.Varint:
      return varintField(number, prng.pick([0n, 1n, 150n, 2n ** 31n, 2n ** 63n, 2n ** 64n - 1n, BigInt(prng.int(0, 1e9))]));
    case WireType.Fixed64:
      return fixed64Field(number, prng.bytes(8));
    case WireType.Len:
      return lenField(number, prng.bytes(prng.int(0, 12)));
    case WireType.StartGroup:
      return group(number, prng.chance(0.5) ? randomField(prng, prng.int(1, 40), prng.pick([0, 1, 2, 5])) : new Uint8Array());
    case WireType.Fixed32:
      return fixed32Field(number, prng.bytes(4));
    default:
      return concat(tag(number, wireType), prng.bytes(prng.int(0, 4)));
  }
}

function fieldsOf(bytes: Uint8Array): WireField[] {
  return splitFields(bytes) ?? [];
}

/** A random offset between top-level fields (or anywhere, when the bytes do not split). */
function boundary(prng: Prng, bytes: Uint8Array): number {
  const fields = fieldsOf(bytes);
  if (fields.length === 0) return prng.int(0, bytes.length);
  return prng.pick([0, ...fields.map((f) => f.end)]);
}

function insertAt(bytes: Uint8Array, offset: number, inserted: Uint8Array): Uint8Array {
  return concat(bytes.subarray(0, offset), inserted, bytes.subarray(offset));
}

function insertField(prng: Prng, bytes: Uint8Array, field: Uint8Array): Uint8Array {
  return insertAt(bytes, boundary(prng, bytes), field);
}

/** Re-encodes a varint at `offset` (a tag, a length prefix or a value) with `length` bytes. */
function padVarintAt(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  let end = offset;
  let value = 0n;
  for (let i = 0; end < bytes.length && i < 10; i++) {
    const b = bytes[end] as number;
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    end++;
    if ((b & 0x80) === 0) break;
  }
  return concat(bytes.subarray(0, offset), paddedVarint(value, length), bytes.subarray(end));
}

function wrongWireType(prng: Prng, field: KnownField): Uint8Array {
  const others = [0, 1, 2, 3, 5].filter((w) => w !== field.wireType);
  return randomField(prng, field.number, prng.pick(others));
}

/** Every binary mutation, by name. */
export const binaryMutations: readonly BinaryMutation[] = [
  {
    name: "bitflip",
    apply: (prng, { bytes }) => {
      const out = bytes.slice();
      if (out.length === 0) return prng.bytes(1);
      for (let n = prng.int(1, 3); n > 0; n--) {
        const i = prng.int(0, out.length - 1);
        out[i] = (out[i] as number) ^ (1 << prng.int(0, 7));
      }
      return out;
    },
  },
  { name: "truncate", apply: (prng, { bytes }) => bytes.slice(0, prng.int(0, Math.max(0, bytes.length - 1))) },
  { name: "insert-random", apply: (prng, { bytes }) => insertAt(bytes, prng.int(0, bytes.length), prng.bytes(prng.int(1, 8))) },
  {
    name: "duplicate-field",
    apply: (prng, { bytes }) => {
      const fields = fieldsOf(bytes);
      if (fields.length === 0) return bytes;
      const field = prng.pick(fields);
      return insertField(prng, bytes, bytes.slice(field.start, field.end));
    },
  },
  {
    name: "drop-field",
    apply: (prng, { bytes }) => {
      const fields = fieldsOf(bytes);
      if (fields.length === 0) return bytes;
      const field = prng.pick(fields);
      return concat(bytes.subarray(0, field.start), bytes.subarray(field.end));
    },
  },
  {
    name: "splice",
    apply: (prng, { bytes, other }) => {
      const at = prng.chance(0.5) ? boundary(prng, bytes) : prng.int(0, bytes.length);
      const from = prng.chance(0.5) ? boundary(prng, other) : prng.int(0, other.length);
      return concat(bytes.subarray(0, at), other.subarray(from));
    },
  },
  {
    name: "wrong-wire-type",
    apply: (prng, { bytes, fields }) => {
      if (fields.length === 0) return bytes;
      const field = prng.pick(fields);
      const wrong = wrongWireType(prng, field);
      const present = fieldsOf(bytes).filter((f) => f.number === field.number);
      if (present.length > 0 && prng.chance(0.5)) {
        const replaced = prng.pick(present);
        return concat(bytes.subarray(0, replaced.start), wrong, bytes.subarray(replaced.end));
      }
      return insertField(prng, bytes, wrong);
    },
  },
  {
    name: "overlong-varint",
    apply: (prng, { bytes }) => {
      const fields = fieldsOf(bytes);
      if (fields.length === 0) return bytes;
      const field = prng.pick(fields);
      const length = prng.int(6, 11);
      // The tag, or the varint after it: a length prefix or a varint value.
      const padsTag = prng.chance(0.4) || (field.wireType !== WireType.Len && field.wireType !== WireType.Varint);
      return padVarintAt(bytes, padsTag ? field.start : field.start + varintLength(bytes, field.start), length);
    },
  },
  {
    name: "edge-field-number",
    apply: (prng, { bytes }) => insertField(prng, bytes, randomField(prng, prng.pick([0, 2 ** 29 - 1, 19000, 19999, 2 ** 29, 2 ** 32 - 1]))),
  },
  {
    name: "unknown-group",
    apply: (prng, { bytes }) => {
      const number = prng.int(13, 60);
      const inner = randomField(prng, prng.int(1, 20), prng.pick([0, 1, 2, 5]));
      const shapes = [
        () => group(number, inner),
        () => group(number, group(number + 1, inner)),
        () => group(number, inner, number + 1),
        () => tag(number, WireType.EndGroup),
        () => concat(tag(number, WireType.StartGroup), inner),
        () => group(number, group(number, group(number, inner))),
      ];
      return insertField(prng, bytes, prng.pick(shapes)());
    },
  },
  { name: "unknown-field", apply: (prng, { bytes }) => insertField(prng, bytes, randomField(prng, prng.int(13, 2000))) },
  {
    name: "known-field-random-value",
    apply: (prng, { bytes, fields }) => {
      if (fields.length === 0) return bytes;
      const field = prng.pick(fields);
      return insertField(prng, bytes, randomField(prng, field.number, field.wireType));
    },
  },
];

function varintLength(bytes: Uint8Array, offset: number): number {
  let n = 0;
  while (offset + n < bytes.length && ((bytes[offset + n] as number) & 0x80) !== 0) n++;
  return n + 1;
}

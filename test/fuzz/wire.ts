// The protobuf wire format at the byte level, for building inputs that no encoder would write:
// tags of any field number and wire type, varints padded past their minimal length, groups,
// and the top-level fields of a message as byte ranges to duplicate, drop or replace.

/** The wire types of the protobuf encoding, 6 and 7 being invalid. */
export const WireType = { Varint: 0, Fixed64: 1, Len: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

/** One top-level field of an encoded message: its tag and the bytes it spans, tag included. */
export interface WireField {
  readonly number: number;
  readonly wireType: number;
  /** Offset of the tag. */
  readonly start: number;
  /** Offset of the value (after the tag, and after the length prefix for length-delimited fields). */
  readonly valueStart: number;
  /** Offset just past the field. */
  readonly end: number;
}

/** Concatenates byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The minimal varint of a non-negative integer below 2^64 (a negative one as its 64-bit two's complement). */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return new Uint8Array(out);
}

/**
 * A varint of `value` padded with continuation bytes to `length` bytes. Past 10 bytes it is no
 * longer a valid varint, which decoders must reject.
 */
export function paddedVarint(value: number | bigint, length: number): Uint8Array {
  const minimal = [...varint(value)];
  const out = minimal.map((b) => b | 0x80);
  while (out.length < length - 1) out.push(0x80);
  out.push(0x00);
  if (length <= minimal.length) return new Uint8Array(minimal);
  return new Uint8Array(out);
}

/** The tag of a field number and wire type; numbers beyond 2^29-1 wrap as a 32-bit decoder would see them. */
export function tag(number: number, wireType: number): Uint8Array {
  return varint((BigInt(number) << 3n) | BigInt(wireType & 7));
}

/** A length-delimited field. */
export function lenField(number: number, value: Uint8Array): Uint8Array {
  return concat(tag(number, WireType.Len), varint(value.length), value);
}

/** A varint field. */
export function varintField(number: number, value: number | bigint): Uint8Array {
  return concat(tag(number, WireType.Varint), varint(value));
}

/** A fixed32 field of 4 given bytes. */
export function fixed32Field(number: number, value: Uint8Array): Uint8Array {
  return concat(tag(number, WireType.Fixed32), value.subarray(0, 4));
}

/** A fixed64 field of 8 given bytes. */
export function fixed64Field(number: number, value: Uint8Array): Uint8Array {
  return concat(tag(number, WireType.Fixed64), value.subarray(0, 8));
}

/** A group: start tag, the encoded inner fields, end tag of `endNumber` (the same number unless mismatched on purpose). */
export function group(number: number, inner: Uint8Array, endNumber = number): Uint8Array {
  return concat(tag(number, WireType.StartGroup), inner, tag(endNumber, WireType.EndGroup));
}

/** A field holding a UTF-8 string. */
export function stringField(number: number, value: string): Uint8Array {
  return lenField(number, new TextEncoder().encode(value));
}

function readVarint(bytes: Uint8Array, offset: number): { value: bigint; next: number } | undefined {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const b = bytes[offset + i];
    if (b === undefined) return undefined;
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  return undefined;
}

/**
 * Splits an encoded message into its top-level fields, groups skipped whole; `undefined` when
 * the bytes are not well-formed wire format.
 */
export function splitFields(bytes: Uint8Array): WireField[] | undefined {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const start = offset;
    const key = readVarint(bytes, offset);
    if (key === undefined) return undefined;
    const number = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    const end = skipValue(bytes, key.next, number, wireType);
    if (end === undefined || number === 0) return undefined;
    const valueStart = wireType === WireType.Len ? (readVarint(bytes, key.next)?.next ?? key.next) : key.next;
    fields.push({ number, wireType, start, valueStart, end });
    offset = end;
  }
  return fields;
}

function skipValue(bytes: Uint8Array, offset: number, number: number, wireType: number): number | undefined {
  switch (wireType) {
    case WireType.Varint:
      return readVarint(bytes, offset)?.next;
    case WireType.Fixed64:
      return offset + 8 <= bytes.length ? offset + 8 : undefined;
    case WireType.Fixed32:
      return offset + 4 <= bytes.length ? offset + 4 : undefined;
    case WireType.Len: {
      const length = readVarint(bytes, offset);
      if (length === undefined) return undefined;
      const end = length.next + Number(length.value);
      return end <= bytes.length ? end : undefined;
    }
    case WireType.StartGroup: {
      let at = offset;
      for (;;) {
        const key = readVarint(bytes, at);
        if (key === undefined) return undefined;
        const innerNumber = Number(key.value >> 3n);
        const innerType = Number(key.value & 7n);
        if (innerType === WireType.EndGroup) return innerNumber === number ? key.next : undefined;
        const next = skipValue(bytes, key.next, innerNumber, innerType);
        if (next === undefined) return undefined;
        at = next;
      }
    }
    default:
      return undefined;
  }
}

import { create, protoInt64, type DescField, type DescMessage, type MessageShape, ScalarType } from "@bufbuild/protobuf";
import { copyBytes } from "../byte-slab.js";
import { plainView } from "../plain-view.js";
import type { DecodeLimits } from "../decode-limits.js";
import { readUtf8 } from "../utf8.js";
import { Scalar } from "./scalar.js";

// The fast half of decode-message.ts. It decodes only bytes it can prove that the wire scan
// (src/wire-scan.ts) accepts and that protobuf-es's fromBinary reads to exactly this message:
// every field known, in its declared wire type (or packed), every tag, length and value within
// its message, valid UTF-8, well within the limits; nothing for an unknown field, a group, a
// closed enum's unknown value or a google.protobuf.Struct held as JSON. On anything else it
// gives up, and the caller runs the scan and protobuf-es, which give the outcome. It builds
// the message as fromBinary does (create, then fields assigned in wire order, sub-messages
// merged, the last of a repeated singular field kept), so the two cannot be told apart.

/** Thrown inside the reader when the bytes leave the subset it decodes. */
const bail: unique symbol = Symbol("bail");

/** How a field's value is read and stored. */
const enum Kind {
  Scalar,
  /** A string outside a oneof group: the most common field, read without the scalar switch. */
  String,
  OneofScalar,
  /** A singular closed enum: a value it does not list goes to `$unknown` in protobuf-es, so the reader gives up. */
  ClosedEnum,
  OneofClosedEnum,
  Message,
  OneofMessage,
  /** A google.protobuf wrapper field outside a oneof group, held as its unwrapped scalar. */
  Wrapper,
  /** One element of a repeated scalar or enum. */
  ListElement,
  /** A packed run of a repeated scalar or enum. */
  PackedList,
  ListMessage,
  Map,
}

/** What the reader needs of one field in one wire type, resolved once from its descriptor. */
interface FieldReader {
  readonly kind: Kind;
  readonly localName: string;
  /** The local name of the field's oneof group, or "". */
  readonly oneof: string;
  /** The scalar type read (an enum is an int32); of a map value. */
  readonly scalar: Scalar;
  /** 64-bit integers as strings (`jstype = JS_STRING`). */
  readonly longAsString: boolean;
  /** The values of a closed enum. */
  readonly enumValues: ReadonlySet<number> | undefined;
  /** The scalar type of a map key. */
  readonly key: Scalar;
  /** The tags of a map entry's key and value, or of a wrapper's value. */
  readonly keyTag: number;
  readonly valueTag: number;
  /** The zero value of a map value that is not a message, or of a wrapper. */
  readonly zero: unknown;
  /** The message of a message field, list or map value, created for each value; resolved after the plan, for recursive types. */
  message: MessagePlan | undefined;
}

/** What the reader needs of one message type. */
interface MessagePlan {
  /** A new message with every field unset, as `create(schema)` makes it. */
  readonly blank: () => Record<string, unknown>;
  /** The field readers by tag, for tags below `nearTags`. */
  readonly near: readonly (FieldReader | undefined)[];
  /** The field readers of larger tags. */
  readonly far: ReadonlyMap<number, FieldReader>;
}

const nearTags = 2048;

/**
 * Decodes `bytes` as `schema` if they are in the subset this reader proves
 * equal to the wire scan followed by protobuf-es's `fromBinary`; returns
 * undefined otherwise, and for any input it is unsure of. Bytes fields are
 * copies, so that the message shares no memory with `bytes`, or views into
 * them when `share`.
 *
 * @internal
 */
export function fastDecode<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array, limits: DecodeLimits, share: boolean): MessageShape<Desc> | undefined {
  const input = plainView(bytes);
  const plan = planOf(schema);
  const message = plan.blank();
  try {
    reader.start(input, limits, share).readFields(plan, message, input.length, 1);
  } catch (error) {
    if (error === bail) return undefined;
    throw error;
  }
  return message as unknown as MessageShape<Desc>;
}

// The two 32-bit halves of the last 64-bit varint read; no object per value.
let low = 0;
let high = 0;

/**
 * The state of one decoding. One reader serves every call: a decoding runs no
 * code but this module's, so no call can start while another is under way.
 */
class Reader {
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private messages = 1;
  private maxDepth = 1;
  private maxMessages = 1;
  private share = false;

  /**
   * Prepares to read `bytes`, a message at depth 1 and the first of
   * `limits.maxMessages`, reading bytes fields as views into `bytes` when `share`.
   */
  start(bytes: Uint8Array, limits: DecodeLimits, share: boolean): this {
    this.bytes = bytes;
    this.pos = 0;
    this.messages = 1;
    this.maxDepth = limits.maxDepth;
    this.maxMessages = limits.maxMessages;
    this.share = share;
    return this;
  }

  /** Reads the fields in [pos, end) into `message`, a message of `plan` at `depth`. */
  readFields(plan: MessagePlan, message: Record<string, unknown>, end: number, depth: number): void {
    const near = plan.near;
    while (this.pos < end) {
      const tag = this.tag(end);
      const field = tag < nearTags ? near[tag] : plan.far.get(tag);
      if (field === undefined) throw bail;
      switch (field.kind) {
        case Kind.String:
          message[field.localName] = this.string(end);
          break;
        case Kind.Scalar:
          message[field.localName] = this.scalar(field.scalar, field.longAsString, end);
          break;
        case Kind.OneofScalar:
          message[field.oneof] = { case: field.localName, value: this.scalar(field.scalar, field.longAsString, end) };
          break;
        case Kind.ClosedEnum:
          message[field.localName] = this.closedEnum(field, end);
          break;
        case Kind.OneofClosedEnum:
          message[field.oneof] = { case: field.localName, value: this.closedEnum(field, end) };
          break;
        case Kind.Message:
          message[field.localName] = this.child(field, message[field.localName], end, depth);
          break;
        case Kind.OneofMessage: {
          const oneof = message[field.oneof] as { case: unknown; value: unknown };
          const child = this.child(field, oneof.case === field.localName ? oneof.value : undefined, end, depth);
          message[field.oneof] = { case: field.localName, value: child };
          break;
        }
        case Kind.Wrapper:
          message[field.localName] = this.wrapper(field, message[field.localName], end, depth);
          break;
        case Kind.ListElement:
          (message[field.localName] as unknown[]).push(this.scalar(field.scalar, field.longAsString, end));
          break;
        case Kind.PackedList:
          this.packed(field, message[field.localName] as unknown[], end);
          break;
        case Kind.ListMessage:
          (message[field.localName] as unknown[]).push(this.child(field, undefined, end, depth));
          break;
        case Kind.Map:
          this.mapEntry(field, message[field.localName] as Record<string, unknown>, end, depth);
          break;
      }
    }
  }

  /** Counts a sub-message or map entry at `depth`, giving up where the scan would count past a limit. */
  private enter(depth: number): void {
    if (depth > this.maxDepth || ++this.messages > this.maxMessages) throw bail;
  }

  /** Reads a length-delimited sub-message into `existing` (merging, as protobuf-es does) or a new message. */
  private child(field: FieldReader, existing: unknown, end: number, depth: number): Record<string, unknown> {
    const stop = this.length(end);
    this.enter(depth + 1);
    const plan = field.message as MessagePlan;
    const child = (existing ?? plan.blank()) as Record<string, unknown>;
    this.readFields(plan, child, stop, depth + 1);
    return child;
  }

  /** Reads a wrapper message to its value: its field 1, else the value it merges into, else the zero value. */
  private wrapper(field: FieldReader, existing: unknown, end: number, depth: number): unknown {
    const stop = this.length(end);
    this.enter(depth + 1);
    let value = existing ?? field.zero;
    while (this.pos < stop) {
      if (this.tag(stop) !== field.valueTag) throw bail;
      value = this.scalar(field.scalar, false, stop);
    }
    return value;
  }

  private mapEntry(field: FieldReader, record: Record<string, unknown>, end: number, depth: number): void {
    const stop = this.length(end);
    this.enter(depth + 1);
    let key: unknown;
    let value: unknown;
    while (this.pos < stop) {
      const tag = this.tag(stop);
      if (tag === field.keyTag) key = this.scalar(field.key, false, stop);
      else if (tag !== field.valueTag) throw bail;
      else if (field.message !== undefined) value = this.child(field, value, stop, depth + 1);
      else value = this.scalar(field.scalar, false, stop);
    }
    const name = String(key ?? scalarZero(field.key));
    if (value === undefined) value = field.message !== undefined ? field.message.blank() : field.scalar === Scalar.BYTES ? new Uint8Array(0) : field.zero;
    if (name === "__proto__") Object.defineProperty(record, name, { value, writable: true, enumerable: true, configurable: true });
    else record[name] = value;
  }

  private packed(field: FieldReader, items: unknown[], end: number): void {
    const stop = this.length(end);
    const size = fixedSize(field.scalar);
    if (size !== 0 && (stop - this.pos) % size !== 0) throw bail;
    while (this.pos < stop) items.push(this.scalar(field.scalar, field.longAsString, stop));
  }

  private closedEnum(field: FieldReader, end: number): number {
    const value = this.varint32(end) | 0;
    if (!(field.enumValues as ReadonlySet<number>).has(value)) throw bail;
    return value;
  }

  /** Reads a scalar value of `type` ending at or before `end`, as protobuf-es's BinaryReader reads it. */
  private scalar(type: Scalar, longAsString: boolean, end: number): unknown {
    switch (type) {
      case Scalar.STRING:
        return this.string(end);
      case Scalar.BYTES: {
        const stop = this.length(end);
        const bytes = this.share ? this.bytes.subarray(this.pos, stop) : copyBytes(this.bytes, this.pos, stop);
        this.pos = stop;
        return bytes;
      }
      case Scalar.INT32:
        return this.varint32(end) | 0;
      case Scalar.UINT32:
        return this.varint32(end);
      case Scalar.SINT32: {
        const n = this.varint32(end);
        return (n >>> 1) ^ -(n & 1);
      }
      case Scalar.BOOL: {
        const byte = this.bytes[this.pos] as number;
        if (byte < 0x80 && this.pos < end) {
          this.pos++;
          return byte !== 0;
        }
        this.varint64(end);
        return low !== 0 || high !== 0;
      }
      case Scalar.INT64:
        this.varint64(end);
        return int64(low, high, false, longAsString);
      case Scalar.UINT64:
        this.varint64(end);
        return int64(low, high, true, longAsString);
      case Scalar.SINT64: {
        this.varint64(end);
        const sign = -(low & 1);
        return int64(((low >>> 1) | ((high & 1) << 31)) ^ sign, (high >>> 1) ^ sign, false, longAsString);
      }
      case Scalar.FIXED32:
        return this.fixed32(end) >>> 0;
      case Scalar.SFIXED32:
        return this.fixed32(end);
      case Scalar.FIXED64:
      case Scalar.SFIXED64: {
        const lo = this.fixed32(end);
        return int64(lo, this.fixed32(end), type === Scalar.FIXED64, longAsString);
      }
      case Scalar.FLOAT:
        return this.float(4, end);
      case Scalar.DOUBLE:
        return this.float(8, end);
    }
  }

  private string(end: number): string {
    const stop = this.length(end);
    const text = readUtf8(this.bytes, this.pos, stop);
    if (text === undefined) throw bail;
    this.pos = stop;
    return text;
  }

  private fixed32(end: number): number {
    const pos = this.pos;
    if (pos + 4 > end) throw bail;
    const bytes = this.bytes;
    this.pos = pos + 4;
    return ((bytes[pos] as number) | ((bytes[pos + 1] as number) << 8) | ((bytes[pos + 2] as number) << 16) | ((bytes[pos + 3] as number) << 24));
  }

  private float(size: 4 | 8, end: number): number {
    const pos = this.pos;
    if (pos + size > end) throw bail;
    for (let i = 0; i < size; i++) scratchBytes[i] = this.bytes[pos + i] as number;
    this.pos = pos + size;
    return size === 4 ? scratchView.getFloat32(0, true) : scratchView.getFloat64(0, true);
  }

  /** A tag: a varint of at most 5 bytes below 2^32, as the scan and protobuf-es read it. */
  private tag(end: number): number {
    const bytes = this.bytes;
    const first = bytes[this.pos] as number;
    if (first < 0x80 && this.pos < end) {
      this.pos++;
      return first;
    }
    return this.prefix(end);
  }

  /** A length prefix: the end of the bytes it covers, which must lie within `end`. */
  private length(end: number): number {
    const bytes = this.bytes;
    const first = bytes[this.pos] as number;
    let length: number;
    if (first < 0x80 && this.pos < end) {
      this.pos++;
      length = first;
    } else {
      length = this.prefix(end);
    }
    if (length > end - this.pos) throw bail;
    return this.pos + length;
  }

  /** A varint of at most 5 bytes below 2^32 (a tag or a length), exact. */
  private prefix(end: number): number {
    const bytes = this.bytes;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const pos = this.pos + i;
      if (pos >= end) throw bail;
      const byte = bytes[pos] as number;
      value += (byte & 0x7f) * 2 ** (7 * i);
      if (byte < 0x80) {
        if (value > 0xffffffff) throw bail;
        this.pos = pos + 1;
        return value;
      }
    }
    throw bail;
  }

  /** protobuf-es's varint32read: up to 10 bytes, the low 32 bits (unsigned from 5 bytes on). */
  private varint32(end: number): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let byte = bytes[pos++] as number;
    let result = byte & 0x7f;
    if (byte >= 0x80) {
      byte = bytes[pos++] as number;
      result |= (byte & 0x7f) << 7;
      if (byte >= 0x80) {
        byte = bytes[pos++] as number;
        result |= (byte & 0x7f) << 14;
        if (byte >= 0x80) {
          byte = bytes[pos++] as number;
          result |= (byte & 0x7f) << 21;
          if (byte >= 0x80) {
            byte = bytes[pos++] as number;
            result |= (byte & 0x0f) << 28;
            for (let read = 5; (byte & 0x80) !== 0 && read < 10; read++) byte = bytes[pos++] as number;
            if ((byte & 0x80) !== 0) throw bail;
            result >>>= 0;
          }
        }
      }
    }
    // Bytes past the buffer read as undefined, which ends the varint; the position then lies past `end`.
    if (pos > end) throw bail;
    this.pos = pos;
    return result;
  }

  /** protobuf-es's varint64read: up to 10 bytes into `low` and `high`. */
  private varint64(end: number): void {
    const bytes = this.bytes;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let done = false;
    for (let shift = 0; shift < 28 && !done; shift += 7) {
      const byte = bytes[pos++] as number;
      lo |= (byte & 0x7f) << shift;
      done = (byte & 0x80) === 0;
    }
    if (!done) {
      const middle = bytes[pos++] as number;
      lo |= (middle & 0x0f) << 28;
      hi = (middle & 0x70) >> 4;
      done = (middle & 0x80) === 0;
      for (let shift = 3; shift <= 31 && !done; shift += 7) {
        const byte = bytes[pos++] as number;
        hi |= (byte & 0x7f) << shift;
        done = (byte & 0x80) === 0;
      }
    }
    if (!done || pos > end) throw bail;
    this.pos = pos;
    low = lo;
    high = hi;
  }
}

const reader = new Reader();
const scratchBytes = new Uint8Array(8);
const scratchView = new DataView(scratchBytes.buffer);

/** A 64-bit integer from its halves, as protobuf-es's protoInt64 gives it: a bigint, or a string (`jstype`, or BigInt off). */
function int64(lo: number, hi: number, unsigned: boolean, asString: boolean): bigint | string {
  if (protoInt64.supported) {
    // Below 2^53 in magnitude a double holds the value exactly, and BigInt() of it is cheaper than protoInt64's DataView.
    const top = unsigned ? hi >>> 0 : hi;
    if (top <= 0x1fffff && top >= -0x200000) {
      const n = top * 4294967296 + (lo >>> 0);
      return asString ? String(n) : BigInt(n);
    }
  }
  const value = unsigned ? protoInt64.uDec(lo, hi) : protoInt64.dec(lo, hi);
  return asString ? String(value) : value;
}

/** The size of a packed element of a fixed-size type, or 0 for a varint. */
function fixedSize(type: Scalar): number {
  switch (type) {
    case Scalar.DOUBLE:
    case Scalar.FIXED64:
    case Scalar.SFIXED64:
      return 8;
    case Scalar.FLOAT:
    case Scalar.FIXED32:
    case Scalar.SFIXED32:
      return 4;
    default:
      return 0;
  }
}

/** The wire type a scalar is declared in. */
function wireTypeOf(type: Scalar): number {
  switch (type) {
    case Scalar.STRING:
    case Scalar.BYTES:
      return 2;
    default:
      return fixedSize(type) === 8 ? 1 : fixedSize(type) === 4 ? 5 : 0;
  }
}

/** The zero value of a scalar of a map key or value, or of a wrapper: protobuf-es's scalarZeroValue without `jstype`. */
function scalarZero(type: Scalar): unknown {
  switch (type) {
    case Scalar.STRING:
      return "";
    case Scalar.BOOL:
      return false;
    case Scalar.INT64:
    case Scalar.UINT64:
    case Scalar.SINT64:
    case Scalar.FIXED64:
    case Scalar.SFIXED64:
      return protoInt64.zero;
    case Scalar.BYTES:
      return new Uint8Array(0);
    default:
      return 0;
  }
}

const plans = new WeakMap<DescMessage, MessagePlan>();

function planOf(schema: DescMessage): MessagePlan {
  let plan = plans.get(schema);
  if (plan !== undefined) return plan;
  const near: (FieldReader | undefined)[] = [];
  const far = new Map<number, FieldReader>();
  plan = { blank: blankOf(schema), near, far };
  // Registered before the fields' messages are resolved, so that a recursive type finds itself.
  plans.set(schema, plan);
  for (const field of schema.fields) {
    for (const [wireType, spread] of fieldReaders(field)) {
      const reader = sameShape(spread);
      const tag = field.number * 8 + wireType;
      if (tag < nearTags) near[tag] = reader;
      else far.set(tag, reader);
      if (field.message !== undefined && reader.kind !== Kind.Wrapper) reader.message = planOf(field.message);
    }
  }
  for (let tag = 0; tag < near.length; tag++) near[tag] ??= undefined;
  return plan;
}

/**
 * Copies of one object, each its own function. V8 keeps the type feedback of a
 * `{ ...object }` per function literal, shared by every closure made from it:
 * one literal copying the template of every message type turns megamorphic
 * and costs about five times as much as one that sees a few types. Message
 * types are spread over these in turn, so each sees few.
 */
let blankMakers = 0;
const cloners = [
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
  (template: object): object => ({ ...template }),
];

/**
 * Makes new messages of `schema` as `create(schema)` does, faster: a copy of
 * one made by create(), with new arrays, maps and oneof cases. A message type
 * that keeps field defaults on a prototype (proto2, some editions) is left to
 * create().
 */
function blankOf(schema: DescMessage): () => Record<string, unknown> {
  const template = create(schema) as unknown as Record<string, unknown>;
  if (Object.getPrototypeOf(template) !== Object.prototype) return () => create(schema) as unknown as Record<string, unknown>;
  const lists: string[] = [];
  const maps: string[] = [];
  const oneofs: string[] = [];
  for (const member of schema.members) {
    if (member.kind === "oneof") oneofs.push(member.localName);
    else if (member.fieldKind === "list") lists.push(member.localName);
    else if (member.fieldKind === "map") maps.push(member.localName);
  }
  const clone = cloners[blankMakers++ % cloners.length] as (template: Record<string, unknown>) => Record<string, unknown>;
  return () => {
    const message = clone(template);
    for (let i = 0; i < lists.length; i++) message[lists[i] as string] = [];
    for (let i = 0; i < maps.length; i++) message[maps[i] as string] = {};
    for (let i = 0; i < oneofs.length; i++) message[oneofs[i] as string] = { case: undefined };
    return message;
  };
}

const wrapperTypes = new Set([
  "google.protobuf.DoubleValue",
  "google.protobuf.FloatValue",
  "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value",
  "google.protobuf.Int32Value",
  "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue",
  "google.protobuf.StringValue",
  "google.protobuf.BytesValue",
]);

/**
 * A field reader with its properties in one order, so that every reader has
 * the same hidden class and the decoder's reads of them stay monomorphic.
 */
function sameShape(reader: FieldReader): FieldReader {
  return {
    kind: reader.kind,
    localName: reader.localName,
    oneof: reader.oneof,
    scalar: reader.scalar,
    longAsString: reader.longAsString,
    enumValues: reader.enumValues,
    key: reader.key,
    keyTag: reader.keyTag,
    valueTag: reader.valueTag,
    zero: reader.zero,
    message: undefined,
  };
}

/** The readers of a field by the wire type they accept; none for what the reader leaves to protobuf-es. */
function fieldReaders(field: DescField): [number, FieldReader][] {
  const base = {
    localName: field.localName,
    oneof: field.fieldKind === "list" || field.fieldKind === "map" ? "" : (field.oneof?.localName ?? ""),
    longAsString: false,
    enumValues: undefined,
    key: Scalar.INT32,
    keyTag: 0,
    valueTag: 0,
    zero: undefined,
    message: undefined,
  };
  // protobuf-es holds a google.protobuf.Struct field as JSON, except inside google.protobuf.Value.
  if (field.message?.typeName === "google.protobuf.Struct" && field.parent.typeName !== "google.protobuf.Value") return [];
  switch (field.fieldKind) {
    case "scalar":
      return [[wireTypeOf(scalarOf(field.scalar)), { ...base, kind: base.oneof !== "" ? Kind.OneofScalar : field.scalar === ScalarType.STRING ? Kind.String : Kind.Scalar, scalar: scalarOf(field.scalar), longAsString: field.longAsString }]];
    case "enum": {
      if (field.enum.open) return [[0, { ...base, kind: base.oneof !== "" ? Kind.OneofScalar : Kind.Scalar, scalar: Scalar.INT32 }]];
      const enumValues = new Set(field.enum.values.map((value) => value.number));
      return [[0, { ...base, kind: base.oneof !== "" ? Kind.OneofClosedEnum : Kind.ClosedEnum, scalar: Scalar.INT32, enumValues }]];
    }
    case "message": {
      if (field.delimitedEncoding) return [];
      if (base.oneof === "" && wrapperTypes.has(field.message.typeName)) {
        const value = field.message.fields[0];
        if (value?.fieldKind !== "scalar" || value.number !== 1 || value.name !== "value") return [];
        const valueTag = 8 + wireTypeOf(scalarOf(value.scalar));
        return [[2, { ...base, kind: Kind.Wrapper, scalar: scalarOf(value.scalar), valueTag, zero: scalarZero(scalarOf(value.scalar)) }]];
      }
      return [[2, { ...base, kind: base.oneof !== "" ? Kind.OneofMessage : Kind.Message, scalar: Scalar.INT32 }]];
    }
    case "list": {
      if (field.listKind === "message") return field.delimitedEncoding ? [] : [[2, { ...base, kind: Kind.ListMessage, scalar: Scalar.INT32 }]];
      const scalar = field.listKind === "enum" ? Scalar.INT32 : scalarOf(field.scalar);
      const longAsString = field.listKind === "scalar" && field.longAsString;
      const element: FieldReader = { ...base, kind: Kind.ListElement, scalar, longAsString };
      if (scalar === Scalar.STRING || scalar === Scalar.BYTES) return [[2, element]];
      return [
        [wireTypeOf(scalar), element],
        [2, { ...base, kind: Kind.PackedList, scalar, longAsString }],
      ];
    }
    case "map": {
      const scalar = field.mapKind === "scalar" ? scalarOf(field.scalar) : Scalar.INT32;
      const valueTag = 16 + (field.mapKind === "message" ? 2 : wireTypeOf(scalar));
      const zero = field.mapKind === "enum" ? (field.enum.values[0]?.number ?? 0) : scalarZero(scalar);
      return [[2, { ...base, kind: Kind.Map, scalar, key: scalarOf(field.mapKey), keyTag: 8 + wireTypeOf(scalarOf(field.mapKey)), valueTag, zero }]];
    }
  }
}

function scalarOf(type: ScalarType): Scalar {
  return type as number as Scalar;
}

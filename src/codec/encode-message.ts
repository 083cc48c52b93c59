import { protoInt64, toBinary, type DescField, type DescMessage, type MessageShape, type ScalarType } from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";
import { copyBytes } from "../byte-slab.js";
import { writeUtf8 } from "../utf8.js";
import { Scalar } from "./scalar.js";

// Why an encoder of our own: protobuf-es's toBinary starts a new writer for every message,
// checks every tag and value through generic helpers, and converts every 64-bit integer through
// a DataView. This encoder writes into one buffer kept from one call to the next, with a plan per
// message type resolved once from the descriptors, converts 64-bit integers in the safe range by
// arithmetic, writes short strings by hand, and copies the result out once. Its output is byte
// for byte toBinary's; any value it does not recognise (a string in a number field, a foreign
// message, a google.protobuf.Struct held as JSON) makes it hand the whole message to toBinary,
// which encodes it or throws its own error.
// Plain closures over descriptors, no generated source: bundles must run under a CSP.

/** Thrown inside the encoder when toBinary must encode the message instead. */
const bail: unique symbol = Symbol("bail");

/** How a field is stored on the message object, and so how it is encoded. */
const enum Shape {
  /** A scalar or enum with implicit presence: written unless it is its zero value. */
  Implicit,
  /** A string with implicit presence, the most common field: written without the scalar switch. */
  ImplicitString,
  /** A scalar or enum with explicit presence: written when it is an own property, not undefined. */
  Explicit,
  /** A scalar or enum in a oneof group: written when the group's case is this field. */
  OneofScalar,
  /** A message field outside a oneof group. */
  Message,
  /** A message field in a oneof group. */
  OneofMessage,
  /** A google.protobuf wrapper field outside a oneof group, held as its unwrapped scalar. */
  Wrapper,
  /** A repeated scalar or enum, one tag per element. */
  List,
  /** A repeated scalar or enum, packed into one length-delimited field. */
  PackedList,
  /** A repeated message. */
  MessageList,
  /** A map. */
  Map,
  /** A google.protobuf.Struct held as JSON: toBinary encodes the message when such a field is set. */
  Unsupported,
}

/** What the encoder needs of one field, resolved once from its descriptor. */
interface FieldPlan {
  readonly shape: Shape;
  readonly localName: string;
  /** The local name of the field's oneof group, or "". */
  readonly oneof: string;
  /** The tag of the field in its declared wire type (length-delimited when packed). */
  readonly tag: number;
  /** The tag of the end of a group, for a delimited message; 0 otherwise. */
  readonly endTag: number;
  /** The scalar type of the value (an enum is an int32); of the value of a map entry. */
  readonly scalar: Scalar;
  /** A proto2 required field: toBinary throws when it is not set. */
  readonly required: boolean;
  /** The zero value of an enum with implicit presence, else undefined. */
  readonly enumZero: number | undefined;
  /** The scalar type of a map key; undefined for any other field. */
  readonly key: Scalar | undefined;
  /** The message of a message field, list or map value; resolved after the plan is built, for recursive types. */
  message: MessagePlan | undefined;
}

/** What the encoder needs of one message type. */
interface MessagePlan {
  readonly typeName: string;
  /** The fields in field number order, as toBinary writes them. */
  readonly fields: readonly FieldPlan[];
}

/**
 * Encodes `message` to the protobuf binary format: the same bytes as
 * `toBinary(schema, message)` for every message (fields in number order,
 * implicit-presence fields skipped at their zero value, packed repeated
 * fields, map entries in key order, unknown fields last), faster.
 *
 * @throws whatever `toBinary` throws for a message it cannot encode (a value
 *   out of its field's range, a message of another type).
 * @internal
 */
export function encodeMessage<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  return fastEncode(schema, message) ?? toBinary(schema, message);
}

/**
 * Encodes `message` as toBinary does, or returns undefined for a message
 * toBinary must encode: a value of an unexpected type or out of range, a
 * message of another type, a google.protobuf.Struct held as JSON.
 *
 * @internal
 */
export function fastEncode(schema: DescMessage, message: unknown): Uint8Array | undefined {
  return encodeWithWriter(schema, message, false);
}

/**
 * Encodes the message `create(schema, init)` makes of an init object, without
 * making it: the same bytes as `encodeMessage(schema, create(schema, init))`,
 * or undefined where that must run instead (whatever {@link fastEncode} gives
 * up on, an init value that `create` converts, an unset required field).
 * `init` must not be a message of `schema`, which `create` returns as it is.
 *
 * @internal
 */
export function fastEncodeInit(schema: DescMessage, init: object): Uint8Array | undefined {
  return encodeWithWriter(schema, init, true);
}

function encodeWithWriter(schema: DescMessage, value: unknown, fromInit: boolean): Uint8Array | undefined {
  // The idle writer, unless an encoding is under way (a getter on a message can encode another).
  const writer = idleWriter ?? new Writer();
  idleWriter = undefined;
  try {
    const plan = planOf(schema);
    if (fromInit) writer.writeInit(plan, value as Record<string, unknown>);
    else writer.writeMessage(plan, value);
    return copyBytes(writer.buffer, 0, writer.pos);
  } catch (error) {
    if (error === bail) return undefined;
    throw error;
  } finally {
    writer.pos = 0;
    // A buffer grown for a large message is let go, not held for the life of the process.
    if (writer.buffer.length <= keptBufferSize) idleWriter = writer;
  }
}

/** Strings up to this length are written by hand: at most 126 bytes, so their length prefix is one byte. */
const shortString = 42;
const keptBufferSize = 64 * 1024;
const hasOwn = Object.prototype.hasOwnProperty;

let idleWriter: Writer | undefined;

// The two 32-bit halves of the last 64-bit integer split by split64(); no object per value.
let low = 0;
let high = 0;

/**
 * Writes messages into one buffer, reused from one encoding to the next; the
 * result is copied out. A sub-message, packed field or map entry gets one
 * byte for its length prefix, and its bytes move up in the rare case that
 * the length needs more.
 */
class Writer {
  buffer = new Uint8Array(1024);
  pos = 0;

  /** Writes the fields of `value`, a message of `plan`; throws `bail` for anything toBinary must encode. */
  writeMessage(plan: MessagePlan, value: unknown): void {
    if (typeof value !== "object" || value === null) throw bail;
    const message = value as Record<string, unknown>;
    if (message["$typeName"] !== plan.typeName) throw bail;
    const fields = plan.fields;
    for (let i = 0; i < fields.length; i++) this.writeField(fields[i] as FieldPlan, message);
    const unknown = message["$unknown"];
    if (unknown === undefined) return;
    if (!Array.isArray(unknown)) throw bail;
    for (let i = 0; i < unknown.length; i++) {
      const { no, wireType, data } = unknown[i] as { no: unknown; wireType: unknown; data: unknown };
      if (typeof no !== "number" || typeof wireType !== "number" || !(data instanceof Uint8Array)) throw bail;
      this.ensure(5 + data.length);
      this.varint32(((no << 3) | wireType) >>> 0);
      this.buffer.set(data, this.pos);
      this.pos += data.length;
    }
  }

  /**
   * Writes the fields of the message create() makes of `init`, reading `init` as create() reads
   * it: a field whose value is null or undefined is unset (or its zero value), a oneof group
   * holds a case of its own fields or none, and a message value that is not a message of the
   * field's type is an init object itself. create() keeps every other value as it is, so it is
   * written as in a message. It does not copy unknown fields.
   */
  writeInit(plan: MessagePlan, init: Record<string, unknown>): void {
    const fields = plan.fields;
    for (let i = 0; i < fields.length; i++) this.writeInitField(fields[i] as FieldPlan, init);
  }

  private writeInitField(field: FieldPlan, init: Record<string, unknown>): void {
    if (field.oneof !== "") {
      const oneof = init[field.oneof] as { case?: unknown; value?: unknown } | null | undefined;
      if (oneof == null || oneof.case !== field.localName) return;
      if (field.shape === Shape.OneofMessage) this.writeChildOfInit(field, oneof.value);
      else if (field.shape === Shape.OneofScalar) this.writeTagged(field, oneof.value);
      else throw bail;
      return;
    }
    const value = init[field.localName];
    if (value == null) {
      if (field.required) throw bail;
      return;
    }
    switch (field.shape) {
      case Shape.ImplicitString:
        if (value === "") return;
        this.ensure(5);
        this.varint32(field.tag);
        this.writeString(value);
        return;
      case Shape.Implicit:
        if (!isZero(field, value)) this.writeTagged(field, value);
        return;
      case Shape.Explicit:
        this.writeTagged(field, value);
        return;
      case Shape.Message:
        this.writeChildOfInit(field, value);
        return;
      case Shape.Wrapper:
        this.writeWrapper(field, value);
        return;
      case Shape.List:
        this.writeList(field, value);
        return;
      case Shape.PackedList:
        this.writePackedList(field, value);
        return;
      case Shape.MessageList: {
        const items = list(value);
        for (let i = 0; i < items.length; i++) this.writeChildOfInit(field, items[i]);
        return;
      }
      case Shape.Map:
        // create() converts the values of a map given as an object, and keeps anything else as it is.
        this.writeMap(field, value, isObject(value));
        return;
      case Shape.Unsupported:
        // create() copies a list or map of Structs as it is, each value kept.
        if (isSetUnsupported(field, init, value)) throw bail;
        return;
    }
  }

  /** Writes a message field's value as create() keeps it: a message of the field's type or any non-object as it is, an init object as one. */
  private writeChildOfInit(field: FieldPlan, value: unknown): void {
    this.writeChild(field, value, isInitOf(field.message as MessagePlan, value));
  }

  private writeField(field: FieldPlan, message: Record<string, unknown>): void {
    const value = message[field.localName];
    switch (field.shape) {
      case Shape.ImplicitString:
        if (value === "") return;
        this.ensure(5);
        this.varint32(field.tag);
        this.writeString(value);
        return;
      case Shape.Implicit:
        if (!isZero(field, value)) this.writeTagged(field, value);
        return;
      case Shape.Explicit:
        if (!isUnset(field, message, value)) this.writeTagged(field, value);
        return;
      case Shape.OneofScalar: {
        const oneof = message[field.oneof] as { case: unknown; value: unknown };
        if (oneof.case === field.localName) this.writeTagged(field, oneof.value);
        return;
      }
      case Shape.Message:
        if (!isUnset(field, message, value)) this.writeChild(field, value);
        return;
      case Shape.OneofMessage: {
        const oneof = message[field.oneof] as { case: unknown; value: unknown };
        if (oneof.case === field.localName) this.writeChild(field, oneof.value);
        return;
      }
      case Shape.Wrapper:
        if (!isUnset(field, message, value)) this.writeWrapper(field, value);
        return;
      case Shape.List:
        this.writeList(field, value);
        return;
      case Shape.PackedList:
        this.writePackedList(field, value);
        return;
      case Shape.MessageList: {
        const items = list(value);
        for (let i = 0; i < items.length; i++) this.writeChild(field, items[i]);
        return;
      }
      case Shape.Map:
        this.writeMap(field, value, false);
        return;
      case Shape.Unsupported:
        if (isSetUnsupported(field, message, value)) throw bail;
        return;
    }
  }

  /** Writes a wrapper field that is set. */
  private writeWrapper(field: FieldPlan, value: unknown): void {
    this.ensure(7);
    this.varint32(field.tag);
    const start = this.startLength();
    // The wrapper message holds the value in field 1, with implicit presence.
    if (!isZero(field, value)) {
      this.buffer[this.pos++] = fieldOneTag(field.scalar);
      this.writeScalar(field.scalar, value);
    }
    this.endLength(start);
  }

  private writeList(field: FieldPlan, value: unknown): void {
    const items = list(value);
    for (let i = 0; i < items.length; i++) this.writeTagged(field, items[i]);
  }

  private writePackedList(field: FieldPlan, value: unknown): void {
    const items = list(value);
    if (items.length === 0) return;
    this.ensure(6);
    this.varint32(field.tag);
    const start = this.startLength();
    for (let i = 0; i < items.length; i++) this.writeScalar(field.scalar, items[i]);
    this.endLength(start);
  }

  /** Writes a scalar field's tag and value. */
  private writeTagged(field: FieldPlan, value: unknown): void {
    this.ensure(5);
    this.varint32(field.tag);
    this.writeScalar(field.scalar, value);
  }

  /**
   * Writes a message field, list element or oneof case: tag, length prefix (or group tags) and
   * fields; of the message create() makes of `value` when `fromInit`.
   */
  private writeChild(field: FieldPlan, value: unknown, fromInit = false): void {
    const plan = field.message as MessagePlan;
    this.ensure(6);
    this.varint32(field.tag);
    if (field.endTag !== 0) {
      this.writeBody(plan, value, fromInit);
      this.ensure(5);
      this.varint32(field.endTag);
      return;
    }
    const start = this.startLength();
    this.writeBody(plan, value, fromInit);
    this.endLength(start);
  }

  private writeBody(plan: MessagePlan, value: unknown, fromInit: boolean): void {
    if (fromInit) this.writeInit(plan, value as Record<string, unknown>);
    else this.writeMessage(plan, value);
  }

  /** Writes a map; its message values as create() converts them when `fromInit`. */
  private writeMap(field: FieldPlan, value: unknown, fromInit: boolean): void {
    if (typeof value !== "object" || value === null) throw bail;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const keyType = field.key as Scalar;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      this.ensure(7);
      this.varint32(field.tag);
      const start = this.startLength();
      this.buffer[this.pos++] = fieldOneTag(keyType);
      this.writeScalar(keyType, mapKey(keyType, key));
      const entryValue = record[key];
      this.ensure(1);
      if (field.message !== undefined) {
        this.buffer[this.pos++] = (2 << 3) | 2;
        this.ensure(1);
        const valueStart = this.startLength();
        this.writeBody(field.message, entryValue, fromInit && isInitOf(field.message, entryValue));
        this.endLength(valueStart);
      } else {
        this.buffer[this.pos++] = (2 << 3) | wireTypeOf(field.scalar);
        this.writeScalar(field.scalar, entryValue);
      }
      this.endLength(start);
    }
  }

  /** Reserves one byte for a length prefix (the caller has ensured room); returns its position. */
  private startLength(): number {
    return this.pos++;
  }

  /** Writes the length prefix reserved at `start`, moving the bytes after it up if it needs more than one byte. */
  private endLength(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buffer[start] = length;
      return;
    }
    const extra = varint32Size(length) - 1;
    this.ensure(extra);
    this.buffer.copyWithin(start + 1 + extra, start + 1, this.pos);
    this.pos = start;
    this.varint32(length);
    this.pos += length;
  }

  /** Writes a scalar value without its tag; throws `bail` for a value toBinary would convert or refuse. */
  private writeScalar(type: Scalar, value: unknown): void {
    switch (type) {
      case Scalar.STRING:
        this.writeString(value);
        return;
      case Scalar.BYTES: {
        if (!(value instanceof Uint8Array)) throw bail;
        this.ensure(5 + value.length);
        this.varint32(value.length);
        this.buffer.set(value, this.pos);
        this.pos += value.length;
        return;
      }
      case Scalar.BOOL:
        if (typeof value !== "boolean") throw bail;
        this.ensure(1);
        this.buffer[this.pos++] = value ? 1 : 0;
        return;
      case Scalar.DOUBLE:
        if (typeof value !== "number") throw bail;
        scratchView.setFloat64(0, value, true);
        this.ensure(8);
        this.buffer.set(scratchBytes, this.pos);
        this.pos += 8;
        return;
      case Scalar.FLOAT:
        if (typeof value !== "number" || (!Number.isFinite(Math.fround(value)) && Number.isFinite(value))) throw bail;
        scratchView.setFloat32(0, value, true);
        this.fixed32(scratchView.getInt32(0, true));
        return;
      case Scalar.FIXED32:
        this.fixed32(uint32(value));
        return;
      case Scalar.SFIXED32:
        this.fixed32(int32(value));
        return;
      case Scalar.FIXED64:
      case Scalar.SFIXED64:
        split64(value, type === Scalar.FIXED64);
        this.fixed32(low);
        this.fixed32(high);
        return;
      case Scalar.INT32:
        this.int32(int32(value));
        return;
      case Scalar.UINT32:
        this.ensure(5);
        this.varint32(uint32(value));
        return;
      case Scalar.SINT32: {
        const n = int32(value);
        this.ensure(5);
        this.varint32(((n << 1) ^ (n >> 31)) >>> 0);
        return;
      }
      case Scalar.INT64:
      case Scalar.UINT64:
        split64(value, type === Scalar.UINT64);
        this.varint64(low, high);
        return;
      case Scalar.SINT64: {
        split64(value, false);
        const sign = high >> 31;
        this.varint64((low << 1) ^ sign, ((high << 1) | (low >>> 31)) ^ sign);
        return;
      }
    }
  }

  private writeString(value: unknown): void {
    if (typeof value !== "string") throw bail;
    const length = value.length;
    if (length <= shortString) {
      this.ensure(1 + 3 * length);
      const start = this.pos;
      this.pos = writeUtf8(this.buffer, start + 1, value);
      this.buffer[start] = this.pos - start - 1;
      return;
    }
    // The length prefix is sized for ASCII text, the common case, and widened if the UTF-8 is longer.
    const prefix = varint32Size(length);
    this.ensure(prefix + 1 + 3 * length);
    const start = this.pos + prefix;
    const size = writeUtf8(this.buffer, start, value) - start;
    const needed = varint32Size(size);
    if (needed !== prefix) this.buffer.copyWithin(this.pos + needed, start, start + size);
    this.varint32(size);
    this.pos += size;
  }

  private fixed32(value: number): void {
    this.ensure(4);
    const buffer = this.buffer;
    const pos = this.pos;
    buffer[pos] = value;
    buffer[pos + 1] = value >>> 8;
    buffer[pos + 2] = value >>> 16;
    buffer[pos + 3] = value >>> 24;
    this.pos = pos + 4;
  }

  private int32(value: number): void {
    this.ensure(10);
    if (value >= 0) {
      this.varint32(value);
      return;
    }
    // A negative int32 is sign-extended to 64 bits: ten bytes.
    const buffer = this.buffer;
    for (let i = 0; i < 9; i++) {
      buffer[this.pos++] = (value & 0x7f) | 0x80;
      value >>= 7;
    }
    buffer[this.pos++] = 1;
  }

  /** Writes a varint below 2^32; the caller has ensured room for 5 bytes. */
  private varint32(value: number): void {
    const buffer = this.buffer;
    while (value > 0x7f) {
      buffer[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buffer[this.pos++] = value;
  }

  /** protobuf-es's writeVarint64, on the two 32-bit halves. */
  private varint64(lo: number, hi: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    for (let i = 0; i < 28; i = i + 7) {
      const shift = lo >>> i;
      const hasNext = !(shift >>> 7 === 0 && hi === 0);
      buffer[this.pos++] = (hasNext ? shift | 0x80 : shift) & 0xff;
      if (!hasNext) return;
    }
    const splitBits = ((lo >>> 28) & 0x0f) | ((hi & 0x07) << 4);
    const hasMoreBits = !(hi >> 3 === 0);
    buffer[this.pos++] = (hasMoreBits ? splitBits | 0x80 : splitBits) & 0xff;
    if (!hasMoreBits) return;
    for (let i = 3; i < 31; i = i + 7) {
      const shift = hi >>> i;
      const hasNext = !(shift >>> 7 === 0);
      buffer[this.pos++] = (hasNext ? shift | 0x80 : shift) & 0xff;
      if (!hasNext) return;
    }
    buffer[this.pos++] = (hi >>> 31) & 0x01;
  }

  /** Makes room for `size` more bytes. */
  private ensure(size: number): void {
    if (this.pos + size <= this.buffer.length) return;
    let length = this.buffer.length * 2;
    while (length < this.pos + size) length *= 2;
    const grown = new Uint8Array(length);
    grown.set(this.buffer.subarray(0, this.pos));
    this.buffer = grown;
  }
}

const scratchBytes = new Uint8Array(8);
const scratchView = new DataView(scratchBytes.buffer);

/** The elements of a repeated field's value; throws `bail` for anything but an array. */
function list(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw bail;
  return value;
}

/** Whether `value` is an object (not an array), as protobuf-es's isObject decides it. */
function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether create() makes a message of `plan` from `value`, an init object: an object that is not such a message already. */
function isInitOf(plan: MessagePlan, value: unknown): boolean {
  return isObject(value) && (value as Record<string, unknown>)["$typeName"] !== plan.typeName;
}

/** Whether an implicit-presence value is its zero value, as toBinary decides it (so that it is not written). */
function isZero(field: FieldPlan, value: unknown): boolean {
  if (field.enumZero !== undefined) return value === field.enumZero;
  switch (field.scalar) {
    case Scalar.BOOL:
      return value === false;
    case Scalar.STRING:
      return value === "";
    case Scalar.BYTES:
      return value instanceof Uint8Array && value.byteLength === 0;
    case Scalar.DOUBLE:
    case Scalar.FLOAT:
      return Object.is(value, 0);
    default:
      // Loose, as toBinary compares: 0, 0n and "0" are zero.
      return value == 0;
  }
}

/** Whether an explicit-presence field is unset; throws `bail` for an unset required field, which toBinary refuses. */
function isUnset(field: FieldPlan, message: Record<string, unknown>, value: unknown): boolean {
  if (value !== undefined && hasOwn.call(message, field.localName)) return false;
  if (field.required) throw bail;
  return true;
}

/** Whether a field the encoder leaves to toBinary has a value to write. */
function isSetUnsupported(field: FieldPlan, message: Record<string, unknown>, value: unknown): boolean {
  if (field.oneof !== "") return (message[field.oneof] as { case: unknown }).case === field.localName;
  if (Array.isArray(value)) return value.length > 0;
  if (field.key !== undefined) return typeof value !== "object" || value === null || Object.keys(value).length > 0;
  return value !== undefined;
}

/** An int32 value; throws `bail` for anything toBinary would convert or refuse. */
function int32(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value > 0x7fffffff || value < -0x80000000) throw bail;
  return value;
}

/** A uint32 value; throws `bail` for anything toBinary would convert or refuse. */
function uint32(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value > 0xffffffff || value < 0) throw bail;
  return value;
}

/**
 * Splits a 64-bit integer into `low` and `high`, as protobuf-es's protoInt64
 * does: a bigint in range through a DataView, anything else through
 * protoInt64 itself (a string of digits, or a bigint when BigInt is off).
 */
function split64(value: unknown, unsigned: boolean): void {
  if (typeof value === "bigint" && (unsigned ? value >= 0n && value <= uint64Max : value >= int64Min && value <= int64Max)) {
    scratchView.setBigInt64(0, value, true);
    low = scratchView.getInt32(0, true);
    high = scratchView.getInt32(4, true);
    return;
  }
  let parts: { lo: number; hi: number };
  try {
    parts = unsigned ? protoInt64.uEnc(value as bigint) : protoInt64.enc(value as bigint);
  } catch {
    throw bail;
  }
  low = parts.lo;
  high = parts.hi;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const uint64Max = 2n ** 64n - 1n;

/**
 * A map key from its object key, converted as toBinary converts it; throws
 * `bail` where toBinary would write something surprising or throw.
 */
function mapKey(type: Scalar, key: string): unknown {
  switch (type) {
    case Scalar.STRING:
      return key;
    case Scalar.BOOL:
      if (key === "true") return true;
      if (key === "false") return false;
      throw bail;
    case Scalar.INT64:
    case Scalar.SFIXED64:
    case Scalar.SINT64:
    case Scalar.UINT64:
    case Scalar.FIXED64:
      try {
        return type === Scalar.UINT64 || type === Scalar.FIXED64 ? protoInt64.uParse(key) : protoInt64.parse(key);
      } catch {
        throw bail;
      }
    default: {
      const n = Number.parseInt(key);
      if (!Number.isFinite(n)) throw bail;
      return n;
    }
  }
}

function varint32Size(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** The wire type a scalar is written in. */
function wireTypeOf(type: Scalar): number {
  switch (type) {
    case Scalar.STRING:
    case Scalar.BYTES:
      return 2;
    case Scalar.DOUBLE:
    case Scalar.FIXED64:
    case Scalar.SFIXED64:
      return 1;
    case Scalar.FLOAT:
    case Scalar.FIXED32:
    case Scalar.SFIXED32:
      return 5;
    default:
      return 0;
  }
}

/** The tag of field 1 holding a scalar: the key of a map entry, the value of a wrapper. */
function fieldOneTag(type: Scalar): number {
  return (1 << 3) | wireTypeOf(type);
}

const plans = new WeakMap<DescMessage, MessagePlan>();

function planOf(schema: DescMessage): MessagePlan {
  let plan = plans.get(schema);
  if (plan !== undefined) return plan;
  const fields = schema.fields.concat().sort((a, b) => a.number - b.number).map(fieldPlan);
  plan = { typeName: schema.typeName, fields };
  // Registered before the fields' messages are resolved, so that a recursive type finds itself.
  plans.set(schema, plan);
  schema.fields
    .concat()
    .sort((a, b) => a.number - b.number)
    .forEach((field, i) => {
      const message = field.message;
      if (message !== undefined && (fields[i] as FieldPlan).shape !== Shape.Wrapper) (fields[i] as FieldPlan).message = planOf(message);
    });
  return plan;
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
 * The plan of a field with its properties in one order, so that every plan
 * has the same hidden class and the encoder's reads of them stay monomorphic.
 */
function fieldPlan(field: DescField): FieldPlan {
  const plan = planFields(field);
  return {
    shape: plan.shape,
    localName: plan.localName,
    oneof: plan.oneof,
    tag: plan.tag,
    endTag: plan.endTag,
    scalar: plan.scalar,
    required: plan.required,
    enumZero: plan.enumZero,
    key: plan.key,
    message: undefined,
  };
}

function planFields(field: DescField): FieldPlan {
  const base = {
    localName: field.localName,
    oneof: field.fieldKind === "list" || field.fieldKind === "map" ? "" : (field.oneof?.localName ?? ""),
    endTag: 0,
    required: field.presence === FeatureSet_FieldPresence.LEGACY_REQUIRED,
    enumZero: undefined,
    key: undefined,
    message: undefined,
  };
  // protobuf-es holds a google.protobuf.Struct field as JSON, except inside google.protobuf.Value.
  if (field.message?.typeName === "google.protobuf.Struct" && field.parent.typeName !== "google.protobuf.Value") {
    return { ...base, shape: Shape.Unsupported, tag: 0, scalar: Scalar.INT32, key: field.fieldKind === "map" ? scalarOf(field.mapKey) : undefined };
  }
  switch (field.fieldKind) {
    case "scalar":
    case "enum": {
      const scalar = field.fieldKind === "enum" ? Scalar.INT32 : scalarOf(field.scalar);
      const shape = base.oneof !== "" ? Shape.OneofScalar : field.presence !== FeatureSet_FieldPresence.IMPLICIT ? Shape.Explicit : scalar === Scalar.STRING ? Shape.ImplicitString : Shape.Implicit;
      const enumZero = field.fieldKind === "enum" && shape === Shape.Implicit ? (field.enum.values[0]?.number ?? 0) : undefined;
      return { ...base, shape, enumZero, tag: tagOf(field.number, wireTypeOf(scalar)), scalar };
    }
    case "message": {
      if (base.oneof === "" && wrapperTypes.has(field.message.typeName)) {
        const value = field.message.fields[0];
        if (value?.fieldKind === "scalar" && value.number === 1 && value.name === "value") return { ...base, shape: Shape.Wrapper, tag: tagOf(field.number, 2), scalar: scalarOf(value.scalar) };
      }
      return { ...base, ...childTags(field.number, field.delimitedEncoding), shape: base.oneof !== "" ? Shape.OneofMessage : Shape.Message, scalar: Scalar.INT32 };
    }
    case "list": {
      if (field.listKind === "message") return { ...base, ...childTags(field.number, field.delimitedEncoding), shape: Shape.MessageList, scalar: Scalar.INT32 };
      const scalar = field.listKind === "enum" ? Scalar.INT32 : scalarOf(field.scalar);
      if (field.packed) return { ...base, shape: Shape.PackedList, tag: tagOf(field.number, 2), scalar };
      return { ...base, shape: Shape.List, tag: tagOf(field.number, wireTypeOf(scalar)), scalar };
    }
    case "map": {
      const scalar = field.mapKind === "scalar" ? scalarOf(field.scalar) : Scalar.INT32;
      return { ...base, shape: Shape.Map, tag: tagOf(field.number, 2), scalar, key: scalarOf(field.mapKey) };
    }
  }
}

function childTags(number: number, delimited: boolean): { tag: number; endTag: number } {
  return delimited ? { tag: tagOf(number, 3), endTag: tagOf(number, 4) } : { tag: tagOf(number, 2), endTag: 0 };
}

function tagOf(number: number, wireType: number): number {
  return ((number << 3) | wireType) >>> 0;
}

function scalarOf(type: ScalarType): Scalar {
  return type as number as Scalar;
}

// The protobuf event format's message, io.cloudevents.v1.CloudEvent (testdata/cloudevents/
// cloudevents.proto, the spec's own file), written and read by hand on protobuf-es's wire
// primitives rather than by generated code. Generated code would register the package
// io.cloudevents.v1 in the Python runtime's global descriptor pool, where it clashes with an
// application's own copy of the spec's file (a "duplicate file name" error at import); both
// packages keep the one shape (python/src/protoevents/_cloudevents_protobuf_read.py and _write.py are the same
// algorithm), and the message is 8 fields. Reading holds the decoding contract of
// docs/decoding.md as src/wire-scan.ts does for an envelope.
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import type { DecodeLimits } from "../decode-limits.js";
import { LimitExceededError } from "../errors.js";

/** An attribute value of the protobuf format, one member of `CloudEventAttributeValue.attr`. */
export type CloudEventAttributeValue =
  | { readonly kind: "ce_boolean"; readonly value: boolean }
  | { readonly kind: "ce_integer"; readonly value: number }
  | { readonly kind: "ce_string" | "ce_uri" | "ce_uri_ref"; readonly value: string }
  | { readonly kind: "ce_bytes"; readonly value: Uint8Array }
  | { readonly kind: "ce_timestamp"; readonly seconds: bigint; readonly nanos: number };

/** The data of a CloudEvent, one member of its `data` oneof. */
export type CloudEventData =
  | { readonly kind: "binary_data"; readonly value: Uint8Array }
  | { readonly kind: "text_data"; readonly value: Uint8Array }
  | { readonly kind: "proto_data"; readonly typeUrl: string; readonly value: Uint8Array };

/** An `io.cloudevents.v1.CloudEvent`; a `text_data` is kept as its UTF-8 bytes. */
export interface CloudEventProto {
  readonly id: string;
  readonly source: string;
  readonly specVersion: string;
  readonly type: string;
  /** The attributes, by key; the last of a key given twice. */
  readonly attributes: ReadonlyMap<string, CloudEventAttributeValue | undefined>;
  readonly data: CloudEventData | undefined;
}

/**
 * Thrown by {@link decodeCloudEvent} when bytes are not a CloudEvent: the caller turns it into
 * its own typed error.
 *
 * @internal
 */
export class CloudEventFormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CloudEventFormatError";
  }
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Writes a CloudEvent: fields in number order, the attribute entries in the
 * order given (the caller sorts them), each value's one member, then the data;
 * an empty string, bytes or number is not written, as proto3 omits it.
 *
 * @internal
 */
export function encodeCloudEvent(event: CloudEventProto): Uint8Array {
  const writer = new BinaryWriter();
  writeString(writer, 1, event.id);
  writeString(writer, 2, event.source);
  writeString(writer, 3, event.specVersion);
  writeString(writer, 4, event.type);
  for (const [key, value] of event.attributes) {
    writer.tag(5, WireType.LengthDelimited).fork();
    writeString(writer, 1, key);
    if (value !== undefined) {
      writer.tag(2, WireType.LengthDelimited).fork();
      writeAttributeValue(writer, value);
      writer.join();
    }
    writer.join();
  }
  const data = event.data;
  if (data?.kind === "proto_data") {
    writer.tag(8, WireType.LengthDelimited).fork();
    writeString(writer, 1, data.typeUrl);
    writeBytes(writer, 2, data.value);
    writer.join();
  } else if (data !== undefined) {
    writeBytes(writer, data.kind === "binary_data" ? 6 : 7, data.value);
  }
  return writer.finish();
}

function writeAttributeValue(writer: BinaryWriter, value: CloudEventAttributeValue): void {
  switch (value.kind) {
    case "ce_boolean":
      writer.tag(1, WireType.Varint).bool(value.value);
      return;
    case "ce_integer":
      writer.tag(2, WireType.Varint).int32(value.value);
      return;
    case "ce_bytes":
      writer.tag(4, WireType.LengthDelimited).bytes(value.value);
      return;
    case "ce_timestamp":
      writer.tag(7, WireType.LengthDelimited).fork();
      if (value.seconds !== 0n) writer.tag(1, WireType.Varint).int64(value.seconds);
      if (value.nanos !== 0) writer.tag(2, WireType.Varint).int32(value.nanos);
      writer.join();
      return;
    default:
      writer.tag(value.kind === "ce_string" ? 3 : value.kind === "ce_uri" ? 5 : 6, WireType.LengthDelimited).string(value.value);
  }
}

function writeString(writer: BinaryWriter, field: number, value: string): void {
  if (value !== "") writer.tag(field, WireType.LengthDelimited).string(value);
}

function writeBytes(writer: BinaryWriter, field: number, value: Uint8Array): void {
  if (value.length > 0) writer.tag(field, WireType.LengthDelimited).bytes(value);
}

/**
 * Reads a CloudEvent as protobuf reads it (a field given twice: the last
 * wins; unknown fields skipped), refusing what docs/decoding.md refuses: a
 * known field in another wire type, a tag or length over 5 bytes, a varint
 * over 10, a length past its message's end, field number 0, wire type 6 or 7,
 * a stray end-group or a group without its end, a map entry with a field other
 * than key and value, a string that is not UTF-8.
 *
 * @throws {CloudEventFormatError} when the bytes are not a CloudEvent.
 * @throws {LimitExceededError} when over `maxDepth`, `maxUnknownFields` or
 *   `maxMessages` (the event, each entry, value, timestamp, `Any` and group count).
 * @internal
 */
export function decodeCloudEvent(bytes: Uint8Array, limits: DecodeLimits): CloudEventProto {
  const read = new StrictReader(bytes, limits);
  let id = "";
  let source = "";
  let specVersion = "";
  let type = "";
  const attributes = new Map<string, CloudEventAttributeValue | undefined>();
  let data: CloudEventData | undefined;
  read.message(bytes.length, 1, eventWires, (field, stop, depth) => {
    if (field === 1) id = read.string(stop);
    else if (field === 2) source = read.string(stop);
    else if (field === 3) specVersion = read.string(stop);
    else if (field === 4) type = read.string(stop);
    else if (field === 5) {
      const [key, value] = read.attributeEntry(stop, depth);
      attributes.set(key, value);
    } else if (field === 6) data = { kind: "binary_data", value: read.bytes(stop) };
    else if (field === 7) data = { kind: "text_data", value: utf8.encode(read.string(stop)) };
    else data = read.any(stop, depth);
  });
  return { id, source, specVersion, type, attributes, data };
}

// Reads one known field. `stop` is the end of a length-delimited field's bytes (for a varint
// field, of its message), `depth` the depth of a sub-message the field holds.
type FieldReader = (field: number, stop: number, depth: number) => void;

// The wire type of each known field by number, per message of cloudevents.proto.
const len = WireType.LengthDelimited;
const varint = WireType.Varint;
const eventWires = [undefined, len, len, len, len, len, len, len, len];
const entryWires = [undefined, len, len];
const valueWires = [undefined, varint, varint, len, len, len, len, len];
const timestampWires = [undefined, varint, varint];
const anyWires = [undefined, len, len];

class StrictReader {
  private readonly reader: BinaryReader;
  private unknown = 0;
  private messages = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly limits: DecodeLimits,
  ) {
    this.reader = new BinaryReader(input);
  }

  /**
   * Reads the fields of a message up to `end` at `depth`, handing each known one to `read`;
   * an unknown field is skipped, or refused in a map entry (`entry`).
   */
  message(end: number, depth: number, wires: readonly (WireType | undefined)[], read: FieldReader, entry = false): void {
    this.enter(depth);
    while (this.reader.pos < end) {
      const [field, wire] = this.tag(end);
      const expected = wires[field];
      if (expected === undefined) {
        if (entry) throw new CloudEventFormatError(`an attributes entry has field ${field}; an entry has only key (1) and value (2)`);
        this.skipUnknown(field, wire, end, depth);
      } else if (wire !== expected) {
        throw new CloudEventFormatError(`field ${field} has wire type ${wire}; its declared type's is ${expected}`);
      } else if (wire === WireType.LengthDelimited) {
        const stop = this.length(end);
        read(field, stop, depth + 1);
        this.reader.pos = stop;
      } else {
        const start = this.reader.pos;
        this.varint(10, end);
        this.reader.pos = start;
        read(field, end, depth + 1);
      }
    }
  }

  string(stop: number): string {
    try {
      return strictUtf8.decode(this.input.subarray(this.reader.pos, stop));
    } catch {
      throw new CloudEventFormatError("a string field is not UTF-8");
    }
  }

  bytes(stop: number): Uint8Array {
    // A copy into a plain array: a Buffer's own slice() is a view of the caller's memory.
    return new Uint8Array(this.input.subarray(this.reader.pos, stop));
  }

  attributeEntry(stop: number, depth: number): [string, CloudEventAttributeValue | undefined] {
    let key = "";
    let value: CloudEventAttributeValue | undefined;
    this.message(
      stop,
      depth,
      entryWires,
      (field, fieldStop, valueDepth) => {
        if (field === 1) key = this.string(fieldStop);
        else value = this.attributeValue(fieldStop, valueDepth);
      },
      true,
    );
    return [key, value];
  }

  any(stop: number, depth: number): CloudEventData {
    let typeUrl = "";
    let value: Uint8Array = new Uint8Array();
    this.message(stop, depth, anyWires, (field, fieldStop) => {
      if (field === 1) typeUrl = this.string(fieldStop);
      else value = this.bytes(fieldStop);
    });
    return { kind: "proto_data", typeUrl, value };
  }

  private attributeValue(stop: number, depth: number): CloudEventAttributeValue | undefined {
    let value: CloudEventAttributeValue | undefined;
    this.message(stop, depth, valueWires, (field, fieldStop, timestampDepth) => {
      if (field === 1) value = { kind: "ce_boolean", value: this.reader.bool() };
      else if (field === 2) value = { kind: "ce_integer", value: this.reader.int32() };
      else if (field === 3) value = { kind: "ce_string", value: this.string(fieldStop) };
      else if (field === 4) value = { kind: "ce_bytes", value: this.bytes(fieldStop) };
      else if (field === 5) value = { kind: "ce_uri", value: this.string(fieldStop) };
      else if (field === 6) value = { kind: "ce_uri_ref", value: this.string(fieldStop) };
      else value = this.timestamp(fieldStop, timestampDepth);
    });
    return value;
  }

  private timestamp(stop: number, depth: number): CloudEventAttributeValue {
    let seconds = 0n;
    let nanos = 0;
    this.message(stop, depth, timestampWires, (field) => {
      if (field === 1) seconds = BigInt(this.reader.int64());
      else nanos = this.reader.int32();
    });
    return { kind: "ce_timestamp", seconds, nanos };
  }

  private tag(end: number): [number, number] {
    const tag = this.varint(5, end);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0 || field > 0x1fffffff) throw new CloudEventFormatError(`field number ${field} is out of range`);
    if (wire > WireType.Bit32) throw new CloudEventFormatError(`wire type ${wire} does not exist`);
    return [field, wire];
  }

  // Reads a length prefix; returns the end of the bytes it gives, within `end`.
  private length(end: number): number {
    const length = this.varint(5, end);
    const stop = this.reader.pos + length;
    if (stop > end) throw new CloudEventFormatError("a length runs past the end of its message");
    return stop;
  }

  private skipUnknown(field: number, wire: number, end: number, depth: number): void {
    this.unknown += 1;
    if (this.unknown > this.limits.maxUnknownFields) {
      throw new LimitExceededError("maxUnknownFields", this.unknown, this.limits.maxUnknownFields, "CloudEvent");
    }
    if (wire === WireType.Varint) this.varint(10, end);
    else if (wire === WireType.LengthDelimited) this.reader.pos = this.length(end);
    else if (wire === WireType.StartGroup) this.group(field, end, depth + 1);
    else if (wire === WireType.EndGroup) throw new CloudEventFormatError(`end-group tag of field ${field} without its start-group`);
    else {
      this.reader.pos += wire === WireType.Bit64 ? 8 : 4;
      if (this.reader.pos > end) throw new CloudEventFormatError(`field ${field} runs past the end of its message`);
    }
  }

  private group(field: number, end: number, depth: number): void {
    this.enter(depth);
    for (;;) {
      if (this.reader.pos >= end) throw new CloudEventFormatError(`group of field ${field} has no end-group tag`);
      const [inner, wire] = this.tag(end);
      if (wire === WireType.EndGroup) {
        if (inner !== field) throw new CloudEventFormatError(`end-group tag of field ${inner} inside the group of field ${field}`);
        return;
      }
      this.skipUnknown(inner, wire, end, depth);
    }
  }

  // Reads a varint of at most `maxBytes` bytes within `end`, as a number: exact for a tag or a
  // length (5 bytes at most); a longer one is only skipped.
  private varint(maxBytes: number, end: number): number {
    let value = 0;
    let scale = 1;
    for (let pos = this.reader.pos; ; pos++) {
      if (pos >= end) throw new CloudEventFormatError("a varint runs past the end of its message");
      if (pos - this.reader.pos === maxBytes) throw new CloudEventFormatError(`a varint is longer than ${maxBytes} bytes`);
      const byte = this.input[pos] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) {
        this.reader.pos = pos + 1;
        return value;
      }
    }
  }

  private enter(depth: number): void {
    if (depth > this.limits.maxDepth) throw new LimitExceededError("maxDepth", depth, this.limits.maxDepth, "CloudEvent");
    this.messages += 1;
    if (this.messages > this.limits.maxMessages) throw new LimitExceededError("maxMessages", this.messages, this.limits.maxMessages, "CloudEvent");
  }
}

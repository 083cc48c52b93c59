import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import type { DecodeLimits } from "./decode-limits.js";
import { LimitExceededError } from "./errors.js";

// Why a scan of our own before protobuf-es decodes: protobuf-es reads a known field by its
// declared type whatever wire type the bytes give, reads on past a sub-message's end, and
// accepts overlong length prefixes, where upb (the Python runtime) does otherwise. The scan
// holds both languages to one contract (docs/decoding.md): bytes that only a broken or hostile
// producer writes are refused before either library sees them, with the same outcome in both.
// python/src/protoevents/_wire_scan.py is the same algorithm; keep them in step.

/** Wire types, as the protobuf encoding numbers them. */
const enum Wire {
  Varint = 0,
  Bit64 = 1,
  Len = 2,
  StartGroup = 3,
  EndGroup = 4,
  Bit32 = 5,
}

const wireNames = ["varint", "64-bit", "length-delimited", "start-group", "end-group", "32-bit"];

/** How a field of the schema may appear on the wire. */
type Rule =
  | { readonly kind: "scalar"; readonly wire: Wire; readonly packable: boolean; readonly name: string }
  | { readonly kind: "message"; readonly schema: DescMessage; readonly delimited: boolean; readonly name: string }
  | { readonly kind: "map"; readonly key: Rule; readonly value: Rule; readonly name: string };

/**
 * Thrown by {@link scanWire} when bytes break the wire format or the schema:
 * the caller turns it into its own typed error.
 *
 * @internal
 */
export class WireFormatError extends Error {
  /**
   * @param offset - the byte offset where the fault was found
   * @param reason - what is wrong
   */
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(`at byte ${offset}: ${reason}`);
    this.name = "WireFormatError";
  }
}

/**
 * Checks that bytes are a well-formed encoding of `schema` within `limits`,
 * before a decoder reads them. Refused: a known field in another wire type
 * than its declaration (a repeated number may come packed or not); a varint
 * over 10 bytes; a length prefix over 5 bytes or running past its message; a
 * field number 0 or wire type 6 or 7; an end-group tag without its start; a
 * map entry with a field other than key (1) and value (2); a packed field that
 * does not split into whole values.
 *
 * @throws {WireFormatError} when the bytes are malformed.
 * @throws {LimitExceededError} when nesting is deeper than `maxDepth`, or
 *   more than `maxUnknownFields` unknown fields or `maxMessages` messages are
 *   found; `what` names the input.
 * @internal
 */
export function scanWire(schema: DescMessage, bytes: Uint8Array, limits: DecodeLimits, what: string): void {
  new Scan(bytes, limits, what).fields(rulesOf(schema), 0, bytes.length, 1, -1);
}

class Scan {
  private unknown = 0;
  private messages = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: DecodeLimits,
    private readonly what: string,
  ) {}

  /**
   * Scans the fields in [pos, end) at `depth`. In a group (`group` >= 0, its
   * field number) it returns the offset after the matching end-group tag;
   * otherwise `end`.
   */
  fields(rules: ReadonlyMap<number, Rule> | undefined, pos: number, end: number, depth: number, group: number): number {
    this.enter(depth);
    while (pos < end) {
      const at = pos;
      const [tag, next] = this.varint(pos, end, 5);
      pos = next;
      const number = Math.floor(tag / 8);
      const wire = tag % 8;
      if (number === 0 || number > 0x1fffffff) throw new WireFormatError(at, `field number ${number} is out of range`);
      if (wire === Wire.EndGroup) {
        if (group === number) return pos;
        throw new WireFormatError(at, `end-group tag of field ${number} without its start-group`);
      }
      if (wire > Wire.Bit32) throw new WireFormatError(at, `wire type ${wire} does not exist`);
      const rule = rules?.get(number);
      pos = rule === undefined ? this.unknownField(number, wire, pos, end, depth, at) : this.knownField(rule, number, wire, pos, end, depth, at);
    }
    if (group >= 0) throw new WireFormatError(end, `group of field ${group} has no end-group tag`);
    return end;
  }

  private unknownField(number: number, wire: number, pos: number, end: number, depth: number, at: number): number {
    this.unknown += 1;
    if (this.unknown > this.limits.maxUnknownFields) {
      throw new LimitExceededError("maxUnknownFields", this.unknown, this.limits.maxUnknownFields, this.what);
    }
    if (wire === Wire.StartGroup) return this.fields(undefined, pos, end, depth + 1, number);
    return this.skip(wire, pos, end, at);
  }

  private knownField(rule: Rule, number: number, wire: number, pos: number, end: number, depth: number, at: number): number {
    if (rule.kind === "scalar") {
      if (wire === rule.wire) return this.skip(wire, pos, end, at);
      if (rule.packable && wire === Wire.Len) return this.packed(rule.wire, pos, end, at);
    } else if (rule.kind === "message") {
      if (rule.delimited && wire === Wire.StartGroup) return this.fields(rulesOf(rule.schema), pos, end, depth + 1, number);
      if (!rule.delimited && wire === Wire.Len) {
        const [start, stop] = this.length(pos, end, at);
        this.fields(rulesOf(rule.schema), start, stop, depth + 1, -1);
        return stop;
      }
    } else if (wire === Wire.Len) {
      const [start, stop] = this.length(pos, end, at);
      this.mapEntry(rule, start, stop, depth + 1);
      return stop;
    }
    const expected = rule.kind === "scalar" ? rule.wire : rule.kind === "message" && rule.delimited ? Wire.StartGroup : Wire.Len;
    throw new WireFormatError(at, `field ${number} (${rule.name}) is ${wireNames[wire]}, its declared type is ${wireNames[expected]}`);
  }

  /** Counts a message, a map entry or a group at `depth` against the limits. */
  private enter(depth: number): void {
    if (depth > this.limits.maxDepth) throw new LimitExceededError("maxDepth", depth, this.limits.maxDepth, this.what);
    this.messages += 1;
    if (this.messages > this.limits.maxMessages) {
      throw new LimitExceededError("maxMessages", this.messages, this.limits.maxMessages, this.what);
    }
  }

  private mapEntry(rule: Extract<Rule, { kind: "map" }>, pos: number, end: number, depth: number): void {
    this.enter(depth);
    while (pos < end) {
      const at = pos;
      const [tag, next] = this.varint(pos, end, 5);
      const number = Math.floor(tag / 8);
      if (number !== 1 && number !== 2) throw new WireFormatError(at, `map entry of ${rule.name} has field ${number}; an entry has only key (1) and value (2)`);
      pos = this.knownField(number === 1 ? rule.key : rule.value, number, tag % 8, next, end, depth, at);
    }
  }

  private packed(wire: Wire, pos: number, end: number, at: number): number {
    const [start, stop] = this.length(pos, end, at);
    if (wire === Wire.Varint) {
      for (let p = start; p < stop; ) p = this.varint(p, stop, 10)[1];
    } else if ((stop - start) % (wire === Wire.Bit64 ? 8 : 4) !== 0) {
      throw new WireFormatError(at, `packed field of ${stop - start} bytes does not split into ${wireNames[wire]} values`);
    }
    return stop;
  }

  private skip(wire: number, pos: number, end: number, at: number): number {
    switch (wire) {
      case Wire.Varint:
        return this.varint(pos, end, 10)[1];
      case Wire.Bit64:
        return this.fixed(pos, end, 8, at);
      case Wire.Bit32:
        return this.fixed(pos, end, 4, at);
      default:
        return this.length(pos, end, at)[1];
    }
  }

  private fixed(pos: number, end: number, size: number, at: number): number {
    if (pos + size > end) throw new WireFormatError(at, `${size}-byte value runs past the end of its message`);
    return pos + size;
  }

  /** Reads a length prefix: the range of the bytes it covers. */
  private length(pos: number, end: number, at: number): [number, number] {
    const [length, start] = this.varint(pos, end, 5);
    if (length > end - start) throw new WireFormatError(at, `length ${length} runs past the end of its message`);
    return [start, start + length];
  }

  /** Reads a varint of at most `maxBytes` bytes: its value (exact below 2^53) and the offset after it. */
  private varint(pos: number, end: number, maxBytes: number): [number, number] {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      if (pos + i >= end) throw new WireFormatError(pos, "varint runs past the end of its message");
      const byte = this.bytes[pos + i] as number;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return [value, pos + i + 1];
    }
    throw new WireFormatError(pos, maxBytes === 5 ? "tag or length prefix is longer than 5 bytes" : "varint is longer than 10 bytes");
  }
}

const ruleCache = new WeakMap<DescMessage, ReadonlyMap<number, Rule>>();

function rulesOf(schema: DescMessage): ReadonlyMap<number, Rule> {
  let rules = ruleCache.get(schema);
  if (rules === undefined) {
    rules = new Map(schema.fields.map((field) => [field.number, ruleOf(field)]));
    ruleCache.set(schema, rules);
  }
  return rules;
}

function ruleOf(field: DescField): Rule {
  const name = field.name;
  switch (field.fieldKind) {
    case "scalar":
      return scalarRule(field.scalar, false, name);
    case "enum":
      return { kind: "scalar", wire: Wire.Varint, packable: false, name };
    case "message":
      return { kind: "message", schema: field.message, delimited: field.delimitedEncoding, name };
    case "list":
      if (field.listKind === "message") return { kind: "message", schema: field.message, delimited: field.delimitedEncoding, name };
      if (field.listKind === "enum") return { kind: "scalar", wire: Wire.Varint, packable: true, name };
      return scalarRule(field.scalar, true, name);
    case "map": {
      const value: Rule =
        field.mapKind === "message"
          ? { kind: "message", schema: field.message, delimited: false, name: `${name} value` }
          : field.mapKind === "enum"
            ? { kind: "scalar", wire: Wire.Varint, packable: false, name: `${name} value` }
            : scalarRule(field.scalar, false, `${name} value`);
      return { kind: "map", key: scalarRule(field.mapKey, false, `${name} key`), value, name };
    }
  }
}

function scalarRule(scalar: ScalarType, repeated: boolean, name: string): Rule {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return { kind: "scalar", wire: Wire.Len, packable: false, name };
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return { kind: "scalar", wire: Wire.Bit64, packable: repeated, name };
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return { kind: "scalar", wire: Wire.Bit32, packable: repeated, name };
    default:
      return { kind: "scalar", wire: Wire.Varint, packable: repeated, name };
  }
}

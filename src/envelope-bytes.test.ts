import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { BinaryReader, BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { compareCodePoints, envelopeBytes } from "./envelope-bytes.js";

const utf8 = new TextEncoder();
const eventIdField = [0x0a, 0x01, 0x65]; // event_id "e"
const unknownField = [0xa2, 0x06, 0x01, 0x78]; // field 100, "x"

/** The keys of the attributes entries in envelope bytes, in their order. */
function entryKeys(bytes: Uint8Array): string[] {
  const reader = new BinaryReader(bytes);
  const keys: string[] = [];
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    if (no !== 12) {
      reader.skip(wireType);
      continue;
    }
    const entry = new BinaryReader(reader.bytes());
    entry.tag();
    keys.push(entry.string());
  }
  return keys;
}

/** Writes attributes entries in the order given, after `head`, as any producer might. */
function withEntries(head: readonly number[], entries: readonly (readonly [string, string])[]): Uint8Array {
  const writer = new BinaryWriter().raw(Uint8Array.from(head));
  for (const [key, value] of entries) {
    writer.tag(12, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(key).tag(2, WireType.LengthDelimited).string(value).join();
  }
  return writer.finish();
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(utf8.encode(a), utf8.encode(b));
}

describe("envelopeBytes", () => {
  it("is toBinary for an envelope without attributes, unknown fields last", () => {
    const envelope = fromBinary(EnvelopeSchema, Uint8Array.from([...unknownField, ...eventIdField]));
    expect(envelopeBytes(envelope)).toEqual(toBinary(EnvelopeSchema, envelope));
    expect(Buffer.from(envelopeBytes(envelope)).toString("hex")).toBe("0a0165a2060178");
  });

  it("writes the entries sorted by code point, array-index keys among the others", () => {
    const envelope = create(EnvelopeSchema, {
      eventId: "e",
      attributes: { tenantid: "1", tenant: "2", "7": "3", "10": "4", "\u{1f600}": "5", "\uffff": "6" },
    });
    expect(Object.keys(envelope.attributes).slice(0, 2)).toEqual(["7", "10"]);
    const bytes = envelopeBytes(envelope);
    expect(entryKeys(bytes)).toEqual(["10", "7", "tenant", "tenantid", "\uffff", "\u{1f600}"]);
    expect(fromBinary(EnvelopeSchema, bytes)).toEqual(envelope);
  });

  it("writes the key and the value of an entry even when empty", () => {
    const envelope = create(EnvelopeSchema, { attributes: { b: "", "": "" } });
    expect(Buffer.from(envelopeBytes(envelope)).toString("hex")).toBe("62040a00120062050a01621200");
  });

  it("re-encodes the entries of any wire order sorted, with the unknown fields last", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "grapheme", maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 4 }), { maxKeys: 8 }), (attributes) => {
        const entries = Object.entries(attributes);
        const wire = withEntries([...unknownField, ...eventIdField], [...entries].reverse());
        const sorted = [...entries].sort(([a], [b]) => compareUtf8(a, b));
        const expected = Uint8Array.from([...withEntries(eventIdField, sorted), ...unknownField]);
        expect(envelopeBytes(fromBinary(EnvelopeSchema, wire))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("compareCodePoints", () => {
  it("orders strings as their UTF-8 bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(compareUtf8(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it("puts U+FFFF before a code point above it, unlike <", () => {
    expect(compareCodePoints("\uffff", "\u{1f600}")).toBeLessThan(0);
    expect("\uffff" < "\u{1f600}").toBe(false);
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("ab", "ab")).toBe(0);
  });
});

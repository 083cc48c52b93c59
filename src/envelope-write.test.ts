import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { envelopeArbitrary } from "../test/envelope-arbitraries.js";
import { envelopeBytes } from "./envelope-bytes.js";
import { writeEnvelope } from "./envelope-write.js";

/** The bytes, or the error message, of an encoder. */
function outcome(encode: (envelope: Envelope) => Uint8Array, envelope: Envelope): string {
  try {
    return Buffer.from(encode(envelope)).toString("hex");
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe("writeEnvelope", () => {
  it("writes the bytes of envelopeBytes for any envelope: every field, any Unicode, attributes in any order, unknown fields", () => {
    fc.assert(
      fc.property(envelopeArbitrary(), (envelope) => {
        expect(writeEnvelope(envelope)).toEqual(envelopeBytes(envelope));
      }),
      { numRuns: 3000 },
    );
  });

  it("writes a field's text that repeats, and then text of its length that differs in one character, anywhere", () => {
    for (let length = 1; length <= 70; length++) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join("");
      for (let at = 0; at < length; at += length > 20 ? 7 : 1) {
        const changed = `${text.slice(0, at)}${text[at] === "z" ? "é" : "z"}${text.slice(at + 1)}`;
        for (const eventName of [text, text, text, changed, changed, text]) {
          const envelope = create(EnvelopeSchema, { eventName, source: eventName, payload: new Uint8Array([1]) });
          expect(writeEnvelope(envelope)).toEqual(envelopeBytes(envelope));
        }
      }
    }
  });

  it("writes toBinary's bytes for an envelope with attributes in order", () => {
    const envelope = create(EnvelopeSchema, {
      eventId: "e",
      eventName: "fixture.scalars.recorded",
      timestamp: 1700000000123n,
      payload: new Uint8Array(200).fill(7),
      attributes: { a: "x", b: "ü" },
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    expect(writeEnvelope(envelope)).toEqual(toBinary(EnvelopeSchema, envelope));
    expect(fromBinary(EnvelopeSchema, writeEnvelope(envelope))).toEqual(envelope);
  });

  it("writes a negative timestamp in 10 bytes and the largest in 9, as protobuf-es does", () => {
    for (const timestamp of [-1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n]) {
      const envelope = create(EnvelopeSchema, { timestamp });
      expect(writeEnvelope(envelope)).toEqual(toBinary(EnvelopeSchema, envelope));
    }
    expect(writeEnvelope(create(EnvelopeSchema, { timestamp: -1n })).length).toBe(11);
  });

  it("writes timestamps at every varint length and on both sides of 2^31, 2^32 and 2^53 as protobuf-es does", () => {
    const edges = [1n, 127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -1n, -(2n ** 53n)];
    for (let bits = 7n; bits <= 63n; bits += 7n) edges.push(2n ** bits - 1n, 2n ** bits);
    for (const timestamp of edges.filter((t) => t <= 2n ** 63n - 1n)) {
      const envelope = create(EnvelopeSchema, { eventId: "e", timestamp, payload: Uint8Array.of(1, 2, 3, 4, 5, 6, 7) });
      expect(writeEnvelope(envelope)).toEqual(toBinary(EnvelopeSchema, envelope));
    }
  });

  it("writes a lone surrogate as U+FFFD, as TextEncoder does", () => {
    const envelope = create(EnvelopeSchema, { eventId: "a\ud800", attributes: { "\udc00": "\ud83d" } });
    expect(Buffer.from(writeEnvelope(envelope)).toString("hex")).toBe("0a0461efbfbd" + "620a0a03efbfbd1203efbfbd");
  });

  it("leaves what is not of its declared type to protobuf-es, with the same bytes or the same error", () => {
    const base = create(EnvelopeSchema, { eventId: "e", attributes: { b: "1", a: "2" } });
    const odd: unknown[] = [
      { ...base, timestamp: 5 },
      { ...base, timestamp: "7" },
      { ...base, timestamp: 2n ** 63n },
      { ...base, timestamp: null },
      { ...base, eventName: 5 },
      { ...base, eventName: undefined },
      { ...base, payload: [1, 2, 3] },
      { ...base, attributes: { a: 1 } },
      { ...base, attributes: null },
      { ...base, $typeName: "other.Message" },
      { ...base, $unknown: [{ no: 0, wireType: 0, data: new Uint8Array([1]) }] },
      { ...base, $unknown: [{ no: 20, wireType: 2, data: [1] }] },
      { ...base, $unknown: "none" },
    ];
    for (const envelope of odd as Envelope[]) {
      expect(outcome(writeEnvelope, envelope)).toBe(outcome(envelopeBytes, envelope));
    }
    expect(outcome(writeEnvelope, { ...base, timestamp: 5 } as unknown as Envelope)).not.toMatch(/^error/);
    expect(outcome(writeEnvelope, { ...base, timestamp: 2n ** 63n })).toMatch(/^error/);
  });

  it("writes a long payload and long strings, past one-byte length prefixes", () => {
    const envelope = create(EnvelopeSchema, { eventId: "x".repeat(20_000), source: "ü".repeat(100), payload: new Uint8Array(1 << 21).fill(1) });
    // Compared by Buffer.compare: toEqual walks megabytes slowly.
    expect(Buffer.compare(writeEnvelope(envelope), envelopeBytes(envelope))).toBe(0);
  });
});

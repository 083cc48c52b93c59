import { fromBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { sharesMemory } from "../test/shares-memory.js";
import { envelopeArbitrary, envelopeBytesArbitrary, limitsArbitrary, wellFormedString } from "../test/envelope-arbitraries.js";
import { resolveLimits, type DecodeOptions } from "./decode-limits.js";
import { decodeEnvelope, decodeEnvelopeGeneral, encodeEnvelope } from "./envelope-codec.js";
import { readEnvelope } from "./envelope-read.js";
import { LimitExceededError } from "./errors.js";

/** decodeEnvelope as it was before the fast path: the size check, scanWire, fromBinary on a copy. */
function generalDecode(bytes: Uint8Array, options?: DecodeOptions): Envelope {
  const limits = resolveLimits(options);
  if (bytes.length > limits.maxBytes) throw new LimitExceededError("maxBytes", bytes.length, limits.maxBytes, "envelope");
  return decodeEnvelopeGeneral(bytes, limits, false);
}

type Outcome = { envelope: Envelope } | { error: string };

function outcome(decode: () => Envelope): Outcome {
  try {
    return { envelope: decode() };
  } catch (error) {
    return { error: `${(error as Error).constructor.name} ${(error as Error).message}` };
  }
}

/** Own keys in order, at every level that fromBinary builds: the envelope and its attributes. */
function shape(envelope: Envelope): unknown {
  return [Reflect.ownKeys(envelope), Reflect.ownKeys(envelope.attributes), Object.getPrototypeOf(envelope.attributes) === Object.prototype];
}

/** Decodes with the fast path and without; they must agree exactly. Returns whether the fast path decided. */
function agree(bytes: Uint8Array, options?: DecodeOptions): boolean {
  const fast = outcome(() => decodeEnvelope(bytes, options));
  const general = outcome(() => generalDecode(bytes, options));
  if ("error" in general) {
    expect(fast).toEqual(general);
    return false;
  }
  expect("envelope" in fast).toBe(true);
  const envelope = (fast as { envelope: Envelope }).envelope;
  expect(envelope).toStrictEqual(general.envelope);
  expect(shape(envelope)).toEqual(shape(general.envelope));
  expect(sharesMemory(envelope.payload, bytes)).toBe(false);
  return bytes.length <= resolveLimits(options).maxBytes && readEnvelope(bytes, resolveLimits(options), false) !== undefined;
}

describe("decodeEnvelope's fast path", () => {
  it("decodes canonical bytes without unknown fields as fromBinary does, deciding them itself", () => {
    let decided = 0;
    fc.assert(
      fc.property(envelopeArbitrary(wellFormedString(), fc.constant([])), (envelope) => {
        const bytes = encodeEnvelope(envelope);
        if (agree(bytes)) decided++;
        const read = readEnvelope(bytes, resolveLimits(undefined), false);
        if (read !== undefined) expect(read).toStrictEqual(fromBinary(EnvelopeSchema, bytes));
      }),
      { numRuns: 2000 },
    );
    // Only timestamps outside 0..2^53 go the general way.
    expect(decided).toBeGreaterThan(1000);
  });

  it("agrees with the general path on bytes of every kind, valid and not, under any limits", () => {
    let decided = 0;
    let refused = 0;
    fc.assert(
      fc.property(envelopeBytesArbitrary(), limitsArbitrary, (bytes, options) => {
        const fast = agree(bytes, options);
        if (fast) decided++;
        else if ("error" in outcome(() => generalDecode(bytes, options))) refused++;
      }),
      { numRuns: 20000 },
    );
    expect(decided).toBeGreaterThan(1500);
    expect(refused).toBeGreaterThan(2000);
  });

  it("gives a payload that shares no memory with the input, a Buffer's included", () => {
    const bytes = Buffer.from(encodeEnvelope(fromBinary(EnvelopeSchema, Uint8Array.from([0x12, 0x01, 0x6e, 0x5a, 0x03, 1, 2, 3]))));
    const envelope = decodeEnvelope(bytes);
    bytes.fill(0);
    expect(envelope.payload).toEqual(Uint8Array.from([1, 2, 3]));
    expect(envelope.payload).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(envelope.payload)).toBe(false);
  });

  it("defines a __proto__ attribute key as an own key, as fromBinary does", () => {
    const bytes = Uint8Array.from([0x62, 0x0e, 0x0a, 0x09, ...new TextEncoder().encode("__proto__"), 0x12, 0x01, 0x78]);
    const envelope = readEnvelope(bytes, resolveLimits(undefined), false);
    expect(envelope).toStrictEqual(fromBinary(EnvelopeSchema, bytes));
    expect(Object.getPrototypeOf(envelope?.attributes)).toBe(Object.prototype);
    expect(Object.keys(envelope?.attributes ?? {})).toEqual(["__proto__"]);
  });

  it("takes a repeated attribute key's last value in its first place, as fromBinary does", () => {
    const entry = (k: string, v: string): number[] => [0x62, 4 + k.length + v.length, 0x0a, k.length, ...Buffer.from(k), 0x12, v.length, ...Buffer.from(v)];
    const bytes = Uint8Array.from([...entry("b", "1"), ...entry("a", "2"), ...entry("b", "3")]);
    const envelope = readEnvelope(bytes, resolveLimits(undefined), false);
    expect(envelope).toStrictEqual(fromBinary(EnvelopeSchema, bytes));
    expect(Object.entries(envelope?.attributes ?? {})).toEqual([["b", "3"], ["a", "2"]]);
  });

  it("leaves to the general path what it does not decide alone", () => {
    const limits = resolveLimits(undefined);
    const undecided = [
      [0xa2, 0x06, 0x01, 0x78], // an unknown field
      [0x0a, 0x01, 0x61, 0x0a, 0x01, 0x62], // event_id twice
      [0x0a, 0x81, 0x00], // a length prefix not in its shortest form
      [0x8a, 0x00, 0x00], // a tag not in its shortest form
      [0x28, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10], // a timestamp of 2^53
      [0x62, 0x03, 0x12, 0x01, 0x78], // an entry without its key
      [0x0a, 0x01, 0xff], // not UTF-8
      [0x2a, 0x01, 0x5f], // the timestamp length-delimited
    ];
    for (const bytes of undecided) expect(readEnvelope(Uint8Array.from(bytes), limits, false)).toBeUndefined();
    // An entry counts as a message at depth 2, as in scanWire.
    const entry = Uint8Array.from([0x62, 0x04, 0x0a, 0x00, 0x12, 0x00]);
    expect(readEnvelope(entry, limits, false)).toBeDefined();
    expect(readEnvelope(entry, { ...limits, maxDepth: 1 }, false)).toBeUndefined();
    expect(readEnvelope(entry, { ...limits, maxMessages: 1 }, false)).toBeUndefined();
    expect(() => decodeEnvelope(entry, { limits: { maxMessages: 1 } })).toThrowError(LimitExceededError);
  });
});

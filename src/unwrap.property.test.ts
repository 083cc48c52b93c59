import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureEvents, ParcelShippedSchema, parcelInit, ScalarsRecordedSchema } from "../test/fixture-examples.js";
import { ContentType } from "./content-type.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope-codec.js";
import { ProtoeventsError } from "./errors.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

/** Decodes and unwraps; returns the event or the ProtoeventsError. Anything else escapes. */
function decodeAndUnwrap(bytes: Uint8Array): unknown {
  try {
    return unwrap(decodeEnvelope(bytes), fixtureEvents);
  } catch (error) {
    if (error instanceof ProtoeventsError) return error;
    throw error;
  }
}

const valid = encodeEnvelope(wrap(ParcelShippedSchema, parcelInit, { attributes: { tenantid: "acme" } }));
const validJson = encodeEnvelope(wrap(ScalarsRecordedSchema, { id: "s-1", int64Value: 5n }, { contentType: ContentType.Json }));

describe("decode + unwrap of arbitrary bytes", () => {
  it("gives an event or a ProtoeventsError, never anything else", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      decodeAndUnwrap(bytes);
    }), { numRuns: 5000 });
  });

  it("holds for mutations of a valid envelope (bit flips, truncation, splices)", () => {
    const mutated = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
      fc.oneof(
        fc.tuple(fc.nat({ max: base.length - 1 }), fc.nat({ max: 7 })).map(([i, bit]) => {
          const copy = base.slice();
          copy[i] = (copy[i] ?? 0) ^ (1 << bit);
          return copy;
        }),
        fc.nat({ max: base.length }).map((n) => base.slice(0, n)),
        fc.tuple(fc.nat({ max: base.length }), fc.uint8Array({ maxLength: 16 })).map(([i, insert]) =>
          Uint8Array.from([...base.slice(0, i), ...insert, ...base.slice(i)]),
        ),
      );
    fc.assert(fc.property(fc.oneof(mutated(valid), mutated(validJson)), (bytes) => {
      decodeAndUnwrap(bytes);
    }), { numRuns: 5000 });
  });

  it("finds real errors among the inputs, so the property is not vacuous", () => {
    const results = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 64 }), { numRuns: 200, seed: 1 }).map(decodeAndUnwrap);
    expect(results.some((r) => r instanceof ProtoeventsError)).toBe(true);
    expect(decodeAndUnwrap(valid)).not.toBeInstanceOf(ProtoeventsError);
  });
});

import { create, fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { arbitraryMessage } from "../../test/codec-arbitrary.js";
import { buildCodecSchemas, type CodecSchemas } from "../../test/codec-schemas.js";
import { fixtureExamples } from "../../test/fixture-examples.js";
import { binaryMutations, knownFields } from "../../test/fuzz/binary-mutations.js";
import { createPrng } from "../../test/fuzz/prng.js";
import { sharesMemory } from "../../test/shares-memory.js";
import { concat, lenField, paddedVarint, stringField, tag, varintField, WireType } from "../../test/fuzz/wire.js";
import { defaultDecodeLimits, type DecodeLimits } from "../decode-limits.js";
import { EnvelopeSchema } from "../index.js";
import { scanWire } from "../wire-scan.js";
import { decodeMessage } from "./decode-message.js";
import { fastDecode } from "./fast-decode.js";

let schemas: CodecSchemas;
beforeAll(() => {
  schemas = buildCodecSchemas();
});

/** The path decodeMessage replaces: the wire scan, then protobuf-es on a copy. */
function scanThenFromBinary(schema: DescMessage, bytes: Uint8Array, limits: DecodeLimits): unknown {
  scanWire(schema, bytes, limits, "payload");
  return fromBinary(schema, new Uint8Array(bytes));
}

type Outcome = { readonly value: unknown } | { readonly error: string; readonly message: string };

function outcome(decode: () => unknown): Outcome {
  try {
    return { value: decode() };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

/**
 * Asserts that two decoded values cannot be told apart: the same primitives,
 * and objects with the same prototype and the same own properties (keys in
 * the same order, attributes alike) all the way down. By hand, not with
 * toStrictEqual alone: that compares `constructor` properties, which a map
 * keyed "constructor" has of its own.
 */
function expectIndistinguishable(actual: unknown, expected: unknown, path = "message"): void {
  if (typeof expected !== "object" || expected === null) {
    expect(actual, path).toStrictEqual(expected);
    return;
  }
  expect(typeof actual, path).toBe("object");
  expect(Object.getPrototypeOf(actual), `${path}: prototype`).toBe(Object.getPrototypeOf(expected));
  if (expected instanceof Uint8Array) {
    expect([...(actual as Uint8Array)], path).toEqual([...expected]);
    return;
  }
  expect(Reflect.ownKeys(actual as object), `${path}: keys`).toEqual(Reflect.ownKeys(expected));
  for (const key of Reflect.ownKeys(expected)) {
    const { value, ...attributes } = Object.getOwnPropertyDescriptor(expected, key) as PropertyDescriptor;
    const { value: actualValue, ...actualAttributes } = Object.getOwnPropertyDescriptor(actual, key) as PropertyDescriptor;
    expect(actualAttributes, `${path}.${String(key)}: attributes`).toEqual(attributes);
    expectIndistinguishable(actualValue, value, `${path}.${String(key)}`);
  }
}

function expectSameOutcome(schema: DescMessage, bytes: Uint8Array, limits: DecodeLimits = defaultDecodeLimits): Outcome {
  const expected = outcome(() => scanThenFromBinary(schema, bytes, limits));
  const actual = outcome(() => decodeMessage(schema, bytes, limits, "payload", false));
  if ("value" in expected && "value" in actual) expectIndistinguishable(actual.value, expected.value);
  else expect(actual).toEqual(expected);
  return expected;
}

describe("decodeMessage", () => {
  it("decodes every fixture example on the fast path, as fromBinary does", () => {
    for (const { schema, init } of fixtureExamples) {
      const bytes = toBinary(schema, create(schema, init));
      const fast = fastDecode(schema, bytes, defaultDecodeLimits, false);
      expect(fast, schema.typeName).toBeDefined();
      expectIndistinguishable(fast, fromBinary(schema, bytes));
      expectSameOutcome(schema, bytes);
    }
  });

  it("decodes random messages of every field shape of proto3, proto2 and editions as fromBinary does", () => {
    // How many of 150 messages take the fast path at least: Modern and Legacy have groups, which it leaves to protobuf-es.
    const cases: [DescMessage, number][] = [
      [schemas.everything, 50],
      [schemas.plain, 140],
      [schemas.modern, 0],
      [schemas.legacy, 0],
    ];
    for (const [schema, fastAtLeast] of cases) {
      let fast = 0;
      fc.assert(
        fc.property(arbitraryMessage(schema), (message) => {
          const bytes = toBinary(schema, message);
          expectSameOutcome(schema, bytes);
          if (fastDecode(schema, bytes, defaultDecodeLimits, false) !== undefined) fast++;
        }),
        { numRuns: 150 },
      );
      expect(fast, schema.typeName).toBeGreaterThanOrEqual(fastAtLeast);
    }
  });

  it("decodes messages with a prototype chain (proto2, editions) on the fast path, with that prototype", () => {
    const legacy = toBinary(schemas.legacy, create(schemas.legacy, { key: "k", shade: 1, shades: [2, 1], nested: { key: "n", text: "t" } }));
    const modern = toBinary(schemas.modern, create(schemas.modern, { explicitNumber: 0, part: { name: "p" }, level: 2, requiredText: "" }));
    for (const [schema, bytes] of [[schemas.legacy, legacy], [schemas.modern, modern]] as const) {
      const fast = fastDecode(schema, bytes, defaultDecodeLimits, false);
      expect(fast).toBeDefined();
      expect(Object.getPrototypeOf(fast)).not.toBe(Object.prototype);
      expectIndistinguishable(fast, fromBinary(schema, bytes));
    }
  });

  it("gives the same outcome as the scan and fromBinary for mutated bytes", () => {
    const seeds = [
      ...fixtureExamples.map(({ schema, init }) => ({ schema, bytes: toBinary(schema, create(schema, init)) })),
      { schema: EnvelopeSchema, bytes: toBinary(EnvelopeSchema, create(EnvelopeSchema, { eventId: "e", payload: new Uint8Array([1, 2]), attributes: { a: "b", c: "" } })) },
    ];
    const limits: DecodeLimits[] = [defaultDecodeLimits, { ...defaultDecodeLimits, maxDepth: 2, maxMessages: 3, maxUnknownFields: 1 }];
    const rejected = new Set<string>();
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(binaryMutations.length - 1), fc.integer(), fc.nat(1), (s, m, seed, l) => {
        const { schema, bytes } = seeds[s] as (typeof seeds)[number];
        const prng = createPrng(seed);
        const mutated = (binaryMutations[m] as (typeof binaryMutations)[number]).apply(prng, { bytes, fields: knownFields(schema), other: (seeds[(s + 1) % seeds.length] as (typeof seeds)[number]).bytes });
        const result = expectSameOutcome(schema, mutated, limits[l] as DecodeLimits);
        if ("error" in result) rejected.add(result.error);
      }),
      { numRuns: 3000 },
    );
    // The mutations reach the scan's errors, the limits and protobuf-es's own.
    expect([...rejected].sort()).toEqual(expect.arrayContaining(["LimitExceededError", "WireFormatError"]));
  });

  it("gives the same outcome for random messages with mutated bytes of every field shape", () => {
    fc.assert(
      fc.property(arbitraryMessage(schemas.everything, 1), fc.nat(binaryMutations.length - 1), fc.integer(), (message, m, seed) => {
        const bytes = toBinary(schemas.everything, message);
        const mutation = binaryMutations[m] as (typeof binaryMutations)[number];
        expectSameOutcome(schemas.everything, mutation.apply(createPrng(seed), { bytes, fields: knownFields(schemas.everything), other: bytes }));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same outcome at the edges of the wire format", () => {
    const everything = schemas.everything;
    const leaf = lenField(52, stringField(1, "a"));
    const cases: Uint8Array[] = [
      // Repeated singular fields: the last wins, sub-messages merge, a oneof switches case.
      concat(varintField(3, 1), varintField(3, 2), stringField(14, "a"), stringField(14, "b")),
      concat(leaf, lenField(52, varintField(2, 7)), leaf),
      concat(stringField(80, "s"), lenField(82, stringField(1, "x")), lenField(82, varintField(2, 3)), varintField(81, 5)),
      // Map entries: value first, key or value missing, keys twice, an entry of an enum's unknown number.
      concat(lenField(60, concat(stringField(2, "v"), stringField(1, "k"))), lenField(60, stringField(2, "no key")), lenField(60, stringField(1, "no value"))),
      concat(lenField(62, concat(varintField(1, 1), lenField(2, stringField(1, "a")), lenField(2, varintField(2, 2)))), lenField(62, varintField(1, 1))),
      concat(lenField(60, stringField(1, "__proto__")), lenField(63, concat(varintField(1, 4), varintField(2, 99)))),
      // Packed and unpacked forms of the same repeated field; a packed run cut inside a value.
      concat(varintField(32, 1), lenField(32, new Uint8Array([2, 3])), varintField(46, 4), lenField(46, new Uint8Array([5]))),
      lenField(33, new Uint8Array([0x80])),
      lenField(38, new Uint8Array([1, 2, 3])),
      // Varints: overlong tags and lengths, 10-byte values, negative int32s, bools of many bytes.
      concat(paddedVarint((14 << 3) | 2, 5), paddedVarint(1, 5), new Uint8Array([0x61])),
      concat(paddedVarint((14 << 3) | 2, 6), new Uint8Array([0])),
      concat(tag(3, WireType.Varint), paddedVarint(5, 10), tag(4, WireType.Varint), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])),
      concat(tag(13, WireType.Varint), paddedVarint(0, 10), tag(42, WireType.Varint), new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x10])),
      concat(tag(3, WireType.Varint), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
      // Strings: invalid UTF-8, overlong forms, surrogates, a byte order mark, long non-ASCII text.
      lenField(14, new Uint8Array([0xc0, 0x80])),
      lenField(14, new Uint8Array([0xed, 0xa0, 0x80])),
      lenField(14, new Uint8Array([0xf4, 0x90, 0x80, 0x80])),
      lenField(14, new Uint8Array([0xe2, 0x82])),
      lenField(14, new Uint8Array([0xef, 0xbb, 0xbf, 0x41])),
      stringField(14, "é€😀".repeat(40)),
      lenField(14, concat(new TextEncoder().encode("é".repeat(40)), new Uint8Array([0xff]))),
      // Wrappers: a value, none (the zero value), merged, in the wrong wire type.
      concat(lenField(97, stringField(1, "w")), lenField(98, new Uint8Array()), lenField(98, varintField(1, 3)), lenField(98, new Uint8Array())),
      lenField(97, varintField(1, 3)),
      // Fields the fast path leaves to protobuf-es: Struct, an unknown field, a group, field 2^29-1.
      lenField(93, lenField(1, concat(stringField(1, "k"), lenField(2, varintField(4, 1))))),
      concat(varintField(3, 1), varintField(1000, 1)),
      concat(tag(1000, WireType.StartGroup), tag(1000, WireType.EndGroup)),
      varintField(536870911, 7),
      // Lengths past the end of their message.
      concat(lenField(52, concat(tag(1, WireType.Len), new Uint8Array([5]))), stringField(1, "abc")),
      new Uint8Array([(14 << 3) | 2, 10, 0x61]),
    ];
    for (const bytes of cases) expectSameOutcome(everything, bytes);
    // The legacy message: a closed enum's unknown number, a group, a string without UTF-8 validation.
    const legacyCases = [
      concat(stringField(3, "k"), varintField(4, 9)),
      concat(stringField(3, "k"), varintField(15, 9), varintField(5, 9)),
      concat(stringField(3, "k"), tag(7, WireType.StartGroup), stringField(8, "l"), tag(7, WireType.EndGroup)),
      concat(stringField(3, "k"), lenField(2, new Uint8Array([0xff]))),
      concat(stringField(3, "k"), lenField(6, concat(stringField(1, "a"), varintField(2, 7)))),
    ];
    for (const bytes of legacyCases) expectSameOutcome(schemas.legacy, bytes);
  });

  it("stops where the scan stops: depth, messages, unknown fields", () => {
    let nested = stringField(14, "deep");
    for (let depth = 2; depth <= 100; depth++) {
      nested = lenField(50, nested);
      if ((depth > 6 && depth < 62) || (depth > 66 && depth < 98)) continue;
      for (const maxDepth of [depth - 1, depth]) expectSameOutcome(schemas.everything, nested, { ...defaultDecodeLimits, maxDepth });
    }
    const entries = concat(...Array.from({ length: 20 }, (_, i) => lenField(60, stringField(1, `k${i}`))));
    for (const maxMessages of [1, 20, 21, 22]) expectSameOutcome(schemas.everything, entries, { ...defaultDecodeLimits, maxMessages });
    const leaves = concat(...Array.from({ length: 10 }, () => lenField(51, lenField(52, new Uint8Array()))));
    for (const maxMessages of [20, 21]) expectSameOutcome(schemas.everything, leaves, { ...defaultDecodeLimits, maxMessages });
  });

  it("shares no memory with its input, a Node Buffer or a Uint8Array", () => {
    const bytes = toBinary(schemas.everything, create(schemas.everything, { bytesValue: new Uint8Array([1, 2, 3]), bytesList: [new Uint8Array([4])], int32ToBytes: { 1: new Uint8Array([5]) } }));
    for (const input of [Buffer.from(bytes), new Uint8Array(bytes)]) {
      const message = decodeMessage(schemas.everything, input, defaultDecodeLimits, "payload", false) as unknown as Record<string, unknown>;
      input.fill(0);
      expect(message["bytesValue"]).toEqual(new Uint8Array([1, 2, 3]));
      expect(Object.getPrototypeOf(message["bytesValue"])).toBe(Uint8Array.prototype);
      expect(sharesMemory(message["bytesValue"] as Uint8Array, input)).toBe(false);
      expect(message["bytesList"]).toEqual([new Uint8Array([4])]);
      expect(message["int32ToBytes"]).toEqual({ 1: new Uint8Array([5]) });
    }
  });
});

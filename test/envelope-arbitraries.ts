// fast-check arbitraries for the envelope codec's tests (src/envelope-write.test.ts,
// src/envelope-read.test.ts, src/peek-envelope.test.ts): envelopes with every field, any
// Unicode, attributes added in any order and unknown fields; and envelope bytes in the forms
// producers write, in forms only a broken or hostile one writes, and under tight limits.
import { create } from "@bufbuild/protobuf";
import fc from "fast-check";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import type { DecodeLimits } from "../src/decode-limits.js";
import { encodeEnvelope } from "../src/envelope-codec.js";
import { binaryMutations, knownFields, randomField } from "./fuzz/binary-mutations.js";
import { createPrng } from "./fuzz/prng.js";
import { concat, lenField, paddedVarint, splitFields, tag, varint, varintField, WireType } from "./fuzz/wire.js";

type Limits = { -readonly [K in keyof DecodeLimits]?: DecodeLimits[K] };

/** Strings of every kind: ASCII, any code point, lone surrogates, long ones, "__proto__". */
export function anyString(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ minLength: 30, maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom("", "\ud800", "a\udc00", "\u{1f600}\ud83d", "\ufeffbom", "__proto__", "7", "10", "\uffff", "\u{10ffff}") },
  );
}

/** Well-formed strings only: what decoding can give back. */
export function wellFormedString(): fc.Arbitrary<string> {
  return anyString().filter((s) => (s as string & { isWellFormed(): boolean }).isWellFormed());
}

const int64 = fc.oneof(
  fc.constant(0n),
  fc.bigInt({ min: 1_000_000_000_000n, max: 4_000_000_000_000n }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(-1n, 2n ** 48n, 2n ** 49n - 1n, 2n ** 49n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)),
);

/** Unknown fields as protobuf-es keeps them: number, wire type, and the bytes after the tag. */
const unknownFields = fc.array(
  fc.oneof(
    fc.record({ no: fc.integer({ min: 15, max: 2 ** 29 - 1 }), wireType: fc.constant(0), data: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => varint(v)) }),
    fc.record({ no: fc.integer({ min: 15, max: 3000 }), wireType: fc.constant(2), data: fc.uint8Array({ maxLength: 8 }).map((v) => concat(varint(v.length), v)) }),
    fc.record({ no: fc.integer({ min: 15, max: 3000 }), wireType: fc.constant(5), data: fc.uint8Array({ minLength: 4, maxLength: 4 }) }),
    fc.record({ no: fc.integer({ min: 15, max: 3000 }), wireType: fc.constant(1), data: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
  ),
  { maxLength: 3 },
);

/**
 * Envelopes with every field at random, attributes added in a random order
 * (array-index keys, "__proto__" and any Unicode among them), and unknown
 * fields (`unknown`). `strings` picks the strings: any (lone surrogates too)
 * or well-formed ones.
 */
export function envelopeArbitrary(strings: fc.Arbitrary<string> = anyString(), unknown: fc.Arbitrary<Envelope["$unknown"] & object> = unknownFields): fc.Arbitrary<Envelope> {
  return fc
    .record({
      eventId: strings,
      eventName: strings,
      eventVersion: strings,
      aggregateId: strings,
      timestamp: int64,
      traceId: strings,
      correlationId: strings,
      causationId: strings,
      source: strings,
      contentType: strings,
      payload: fc.uint8Array({ maxLength: 300 }),
      attributes: fc.array(fc.tuple(strings, strings), { maxLength: 6 }),
      traceparent: strings,
      tracestate: strings,
      unknown,
    })
    .map(({ attributes, unknown, ...fields }) => {
      const envelope = create(EnvelopeSchema, fields);
      for (const [key, value] of attributes) {
        Object.defineProperty(envelope.attributes, key, { value, writable: true, enumerable: true, configurable: true });
      }
      if (unknown.length > 0) envelope.$unknown = unknown;
      return envelope;
    });
}

const stringFieldNumbers = [1, 2, 3, 4, 6, 7, 8, 9, 10, 13, 14];

/** Byte sequences that are not UTF-8, and some that are, beyond ASCII. */
const utf8Edges = fc.constantFrom(
  [0x80],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xc2],
  [0xe0, 0x80, 0x80],
  [0xe0, 0x9f, 0xbf],
  [0xed, 0xa0, 0x80],
  [0xed, 0x9f, 0xbf],
  [0xef, 0xbb, 0xbf],
  [0xf0, 0x8f, 0xbf, 0xbf],
  [0xf0, 0x90, 0x80, 0x80],
  [0xf4, 0x8f, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xe2, 0x82, 0xac],
  [0xff],
);

/** A map entry (the bytes inside field 12) in the form `shape` names. */
function entry(shape: number, key: Uint8Array, value: Uint8Array): Uint8Array {
  const k = lenField(1, key);
  const v = lenField(2, value);
  switch (shape) {
    case 0:
      return concat(k, v);
    case 1:
      return concat(v, k);
    case 2:
      return k;
    case 3:
      return v;
    case 4:
      return new Uint8Array(0);
    case 5:
      return concat(k, v, k);
    case 6:
      return concat(k, v, lenField(3, value));
    case 7:
      return concat(varintField(1, 5), v);
    case 8:
      return concat(tag(1, WireType.Len), paddedVarint(key.length, 2), key, v);
    default:
      return concat(k, v, v);
  }
}

const utf8 = new TextEncoder();

/** Changes of canonical envelope bytes, beyond the fuzzer's mutations, aimed at the fast path's edges. */
function targeted(bytes: Uint8Array, seed: number, edge: readonly number[], text: string): Uint8Array {
  const prng = createPrng(seed);
  const fields = splitFields(bytes) ?? [];
  const pieces = fields.map((f) => bytes.slice(f.start, f.end));
  const at = prng.int(0, pieces.length);
  const insert = (piece: Uint8Array): Uint8Array => concat(...pieces.slice(0, at), piece, ...pieces.slice(at));
  switch (prng.int(0, 9)) {
    case 0: {
      // Any field order.
      const order = pieces.map((piece) => ({ piece, key: prng.next() })).sort((a, b) => a.key - b.key);
      return concat(...order.map((o) => o.piece));
    }
    case 1: {
      // A tag or a length prefix in 2 to 5 bytes: valid, but not the shortest form.
      const field = fields[prng.int(0, Math.max(0, fields.length - 1))];
      if (field === undefined) return bytes;
      const value = bytes.subarray(field.valueStart, field.end);
      const length = prng.int(2, 5);
      const padded =
        field.wireType !== WireType.Len
          ? concat(paddedVarint((field.number << 3) | field.wireType, length), bytes.subarray(field.valueStart, field.end))
          : prng.chance(0.5)
            ? concat(paddedVarint((field.number << 3) | WireType.Len, length), varint(value.length), value)
            : concat(tag(field.number, WireType.Len), paddedVarint(value.length, length), value);
      return concat(bytes.subarray(0, field.start), padded, bytes.subarray(field.end));
    }
    case 2:
      // A string field of bytes at the edges of UTF-8.
      return insert(lenField(prng.pick(stringFieldNumbers), concat(utf8.encode(text), Uint8Array.from(edge), utf8.encode(text))));
    case 3: {
      // An attributes entry of every shape, its key or value maybe not UTF-8.
      const key = prng.chance(0.7) ? utf8.encode(text) : Uint8Array.from(edge);
      const value = prng.chance(0.7) ? utf8.encode(text.slice(1)) : Uint8Array.from(edge);
      return insert(lenField(12, entry(prng.int(0, 9), key, value)));
    }
    case 4:
      // A field at its default value, written anyway.
      return insert(prng.chance(0.5) ? lenField(prng.pick([...stringFieldNumbers, 11]), new Uint8Array(0)) : varintField(5, 0));
    case 5:
      // A timestamp of any int64, maybe padded, maybe twice.
      return insert(
        prng.chance(0.5)
          ? varintField(5, prng.pick([0n, 1n, 2n ** 48n, 2n ** 49n - 1n, 2n ** 49n, 2n ** 56n, 2n ** 64n - 1n, BigInt(prng.int(0, 2 ** 31))]))
          : concat(tag(5, WireType.Varint), paddedVarint(prng.int(0, 1e6), prng.int(2, 10))),
      );
    case 6:
      // A known field in another wire type, or an unknown field.
      return insert(randomField(prng, prng.chance(0.5) ? prng.int(1, 14) : prng.int(15, 40), prng.int(0, 5)));
    case 7:
      // A known string field twice.
      return insert(lenField(prng.pick([...stringFieldNumbers, 11]), utf8.encode(text)));
    case 8:
      // Many attributes entries, for the message and depth limits.
      return concat(bytes, ...Array.from({ length: prng.int(1, 6) }, (_, i) => lenField(12, entry(0, utf8.encode(`k${i}`), utf8.encode(text)))));
    default:
      return bytes.subarray(0, prng.int(0, bytes.length));
  }
}

/**
 * Envelope bytes of every kind: canonical bytes of random envelopes; the
 * same changed by the differential fuzzer's mutations (bit flips,
 * truncations, wrong wire types, overlong varints, unknown fields and
 * groups, splices); and by changes aimed at the fast path's edges (any field
 * order, tags and lengths not in their shortest form, invalid UTF-8, map
 * entries of every shape, explicit defaults, duplicates, many entries).
 */
export function envelopeBytesArbitrary(): fc.Arbitrary<Uint8Array> {
  const canonical = fc
    .oneof({ weight: 3, arbitrary: envelopeArbitrary(wellFormedString(), fc.constant([])) }, envelopeArbitrary(wellFormedString()))
    .map((envelope) => encodeEnvelope(envelope));
  const fields = knownFields(EnvelopeSchema);
  return fc.oneof(
    { weight: 2, arbitrary: canonical },
    {
      weight: 3,
      arbitrary: fc.tuple(canonical, canonical, fc.integer()).map(([bytes, other, seed]) => {
        const prng = createPrng(seed);
        return prng.pick(binaryMutations).apply(prng, { bytes, fields, other });
      }),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(canonical, fc.integer(), utf8Edges, fc.string({ unit: "grapheme", maxLength: 6 })).map(([bytes, seed, edge, text]) => targeted(bytes, seed, edge, text)),
    },
  );
}

/** Decoding options: none, or limits low enough to be met by small envelopes. */
export const limitsArbitrary: fc.Arbitrary<{ limits: Limits } | undefined> = fc.option(
  fc
    .record(
      {
        maxBytes: fc.integer({ min: 1, max: 400 }),
        maxDepth: fc.integer({ min: 1, max: 3 }),
        maxUnknownFields: fc.integer({ min: 1, max: 3 }),
        maxMessages: fc.integer({ min: 1, max: 6 }),
      },
      { requiredKeys: [] },
    )
    .map((limits) => ({ limits })),
  { freq: 2 },
);

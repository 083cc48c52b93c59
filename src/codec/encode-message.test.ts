import { create, setExtension, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { arbitraryMessage } from "../../test/codec-arbitrary.js";
import { buildCodecSchemas, type CodecSchemas } from "../../test/codec-schemas.js";
import { fixtureExamples } from "../../test/fixture-examples.js";
import { sharesMemory } from "../../test/shares-memory.js";
import { EnvelopeSchema } from "../index.js";
import { encodeMessage, fastEncode } from "./encode-message.js";

let schemas: CodecSchemas;
beforeAll(() => {
  schemas = buildCodecSchemas();
});

/** What toBinary gives: the bytes, or the error's class and message. */
function outcome(encode: () => Uint8Array): unknown {
  try {
    return { bytes: Buffer.from(encode()).toString("hex") };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

function expectSameAsToBinary(schema: DescMessage, message: Message): void {
  expect(outcome(() => encodeMessage(schema, message))).toEqual(outcome(() => toBinary(schema, message)));
}

describe("encodeMessage", () => {
  it("writes toBinary's bytes for every fixture example", () => {
    for (const { schema, init } of fixtureExamples) {
      const message = create(schema, init);
      const bytes = encodeMessage(schema, message);
      expect(bytes).toEqual(toBinary(schema, message));
      expect(fastEncode(schema, message)).toEqual(bytes);
    }
  });

  it("writes toBinary's bytes for an envelope, and for one with a payload of a megabyte", () => {
    const envelope = create(EnvelopeSchema, { eventId: "e-1", eventName: "fixture.account.opened", timestamp: 1700000000000n, attributes: { tenantid: "acme", "": "" } });
    expectSameAsToBinary(EnvelopeSchema, envelope);
    const large = create(EnvelopeSchema, { ...envelope, payload: new Uint8Array(1 << 20).fill(9), source: "ü".repeat(70_000) });
    expectSameAsToBinary(EnvelopeSchema, large);
  });

  it("writes toBinary's bytes for random messages of every field shape of proto3, proto2 and editions", () => {
    for (const schema of [schemas.everything, schemas.legacy, schemas.modern, schemas.plain]) {
      let fast = 0;
      fc.assert(
        fc.property(arbitraryMessage(schema), (message) => {
          expectSameAsToBinary(schema, message);
          if (fastEncode(schema, message) !== undefined) fast++;
        }),
        { numRuns: 400 },
      );
      // Many take the fast path: a Struct field anywhere in the tree leaves the message to toBinary.
      expect(fast).toBeGreaterThan(120);
    }
  });

  it("writes unknown fields and extensions last, as toBinary does", () => {
    const message = create(schemas.legacy, { key: "k", number: 7 });
    setExtension(message, schemas.legacyNote, "a note");
    message.$unknown = [...(message.$unknown ?? []), { no: 999, wireType: 0, data: new Uint8Array([5]) }];
    expectSameAsToBinary(schemas.legacy, message);
    expect(encodeMessage(schemas.legacy, message)).toEqual(toBinary(schemas.legacy, message));
  });

  it("moves the bytes of a sub-message whose length needs more than one byte", () => {
    for (const length of [127, 128, 16_383, 16_384, 70_000]) {
      const message = create(schemas.everything, { child: { stringValue: "x".repeat(length), children: [{ bytesValue: new Uint8Array(length) }] } });
      expect(encodeMessage(schemas.everything, message)).toEqual(toBinary(schemas.everything, message));
    }
  });

  it("throws toBinary's error for a value it cannot encode", () => {
    const cases: [DescMessage, Record<string, unknown>][] = [
      [schemas.everything, { int32Value: 2 ** 31 }],
      [schemas.everything, { uint32Value: -1 }],
      [schemas.everything, { int64Value: 2n ** 63n }],
      [schemas.everything, { uint64Value: -1n }],
      [schemas.everything, { floatValue: 1e300 }],
      [schemas.everything, { int32s: [1.5] }],
      [schemas.everything, { uint32ToColor: { "-1": 1 } }],
      [schemas.everything, { int64ToLeaf: { x: { name: "n" } } }],
      [schemas.legacy, {}],
      [schemas.modern, {}],
    ];
    for (const [schema, fields] of cases) {
      const message = Object.assign(create(schema), fields) as Message;
      const expected = outcome(() => toBinary(schema, message));
      expect(expected).toHaveProperty("error");
      expect(outcome(() => encodeMessage(schema, message))).toEqual(expected);
    }
  });

  it("writes what toBinary writes for values of the wrong type that toBinary converts", () => {
    const cases: Record<string, unknown>[] = [
      { stringValue: 12 },
      { int32Value: "12" },
      { int64Value: "-5" },
      { int64Value: 5 },
      { boolValue: 1 },
      { doubleValue: "1.5" },
      { boolToFixed32: { yes: 1 } },
      { int32ToBytes: { "7.9": new Uint8Array([1]) } },
      { child: create(schemas.leaf, { name: "foreign" }) },
      { $unknown: [{ no: 5, wireType: 2, data: [1, 2] }] },
      { struct: { a: 1 } },
      { structs: { s: { b: [true] } } },
    ];
    for (const fields of cases) expectSameAsToBinary(schemas.everything, Object.assign(create(schemas.everything), fields) as Message);
  });

  it("gives each call its own bytes, also when a getter on the message encodes another message", () => {
    const inner = create(schemas.leaf, { name: "inner", count: 3 });
    const outer = create(schemas.leaf, { count: 1 });
    let nested: Uint8Array | undefined;
    Object.defineProperty(outer, "name", {
      enumerable: true,
      get: () => {
        nested = encodeMessage(schemas.leaf, inner);
        return "outer";
      },
    });
    const bytes = encodeMessage(schemas.leaf, outer);
    expect(nested).toEqual(toBinary(schemas.leaf, inner));
    expect(bytes).toEqual(toBinary(schemas.leaf, create(schemas.leaf, { name: "outer", count: 1 })));
    const again = encodeMessage(schemas.leaf, inner);
    expect(sharesMemory(again, nested as Uint8Array)).toBe(false);
    expect(sharesMemory(again, bytes)).toBe(false);
  });
});

import { create, setExtension, toBinary, type DescMessage, type Message } from "@bufbuild/protobuf";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { arbitraryMessage, messageInit } from "../../test/codec-arbitrary.js";
import { buildCodecSchemas, type CodecSchemas } from "../../test/codec-schemas.js";
import { fixtureExamples } from "../../test/fixture-examples.js";
import { sharesMemory } from "../../test/shares-memory.js";
import { EnvelopeSchema } from "../index.js";
import { encodeMessage, fastEncode, fastEncodeInit } from "./encode-message.js";

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

describe("fastEncodeInit", () => {
  /** Checks that fastEncodeInit gives up or writes what encodeMessage writes of create()'s message; returns whether it wrote. */
  function expectSameAsCreated(schema: DescMessage, init: object): boolean {
    const expected = outcome(() => encodeMessage(schema, create(schema, init as never)));
    const bytes = fastEncodeInit(schema, init);
    if (bytes === undefined) return false;
    expect({ bytes: Buffer.from(bytes).toString("hex") }).toEqual(expected);
    return true;
  }

  it("writes the bytes of create()'s message for every fixture example's init object", () => {
    for (const { schema, init } of fixtureExamples) expect(expectSameAsCreated(schema, init)).toBe(true);
  });

  it("writes the bytes of create()'s message for random init objects of proto3, proto2 and editions", () => {
    for (const schema of [schemas.everything, schemas.legacy, schemas.modern, schemas.plain]) {
      let fast = 0;
      fc.assert(
        fc.property(messageInit(schema, 2), (init) => {
          if (expectSameAsCreated(schema, init)) fast++;
        }),
        { numRuns: 400 },
      );
      expect(fast).toBeGreaterThan(120);
    }
  });

  it("reads an init object as create() does: null as unset, messages kept, init objects made, a oneof case of the group only", () => {
    const leaf = create(schemas.leaf, { name: "made", count: 2 });
    const cases: [DescMessage, object][] = [
      [schemas.everything, { stringValue: null, int32Value: undefined, optionalInt32: null, optionalString: "", child: null, leaf: null, strings: null }],
      [schemas.everything, { optionalInt32: 0, optionalString: "", optionalColor: 0, boolValue: false, bytesValue: new Uint8Array(0) }],
      [schemas.everything, { leaf, child: { leaf: { name: "init" }, children: [leaf, { count: 3 }] } }],
      [schemas.everything, { int64ToLeaf: { "5": leaf, "-6": { name: "n" }, "7": {} }, stringToString: { __proto__: "p", a: "b" } }],
      [schemas.everything, { child: { $typeName: "codec.v1.Leaf", stringValue: "an init, as its type name is not the field's" } }],
      [schemas.everything, { choice: { case: "choiceLeaf", value: { name: "in a oneof" } } }],
      [schemas.everything, { choice: { case: "choiceString", value: "text" }, choiceString: "not a property of its own" }],
      [schemas.everything, { choice: { case: "nope", value: "x" } }],
      [schemas.everything, { choice: { case: undefined } }],
      [schemas.everything, { choice: null }],
      [schemas.everything, { choice: "a string" }],
      [schemas.everything, { stringWrapper: "", int64Wrapper: 5n, boolWrapper: false, choice: { case: "choiceWrapper", value: { value: "w" } } }],
      [schemas.everything, { $unknown: [{ no: 5, wireType: 0, data: new Uint8Array([1]) }], $typeName: "other.Type" }],
      [schemas.legacy, { key: "k", block: { label: "group" }, row: [{ cell: 1 }, { cell: 2 }], nested: { key: "n" }, number: null }],
      [schemas.modern, { requiredText: "t", delimitedPart: {}, delimitedParts: [{}] }],
    ];
    for (const [schema, init] of cases) expect(expectSameAsCreated(schema, init)).toBe(true);
  });

  it("gives up where create() converts a value, or the message cannot be encoded, so that the caller's path decides", () => {
    const cases: [DescMessage, object][] = [
      [schemas.everything, { bytesValue: [1, 2] }],
      [schemas.everything, { bytesList: [[1]] }],
      [schemas.everything, { int32ToBytes: { "1": [2] } }],
      [schemas.everything, { choice: { case: "choiceBytes", value: [3] } }],
      [schemas.everything, { struct: { a: 1 } }],
      [schemas.everything, { int32Value: "12" }],
      [schemas.everything, { child: "not an object" }],
      [schemas.legacy, {}],
      [schemas.legacy, { key: "k", nested: {} }],
      [schemas.modern, {}],
    ];
    for (const [schema, init] of cases) {
      expect(fastEncodeInit(schema, init)).toBeUndefined();
      expect(expectSameAsCreated(schema, init)).toBe(false);
    }
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { equals, fromJson, ScalarType, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { eventSchema } from "../test/vectors.js";
import { ContentType, decodePayload } from "./content-type.js";
import { defaultDecodeLimits, resolveLimits } from "./decode-limits.js";
import { envelopeFromJson, envelopeFromJsonString, envelopeToJson } from "./envelope-codec.js";
import { LimitExceededError, MalformedEnvelopeError } from "./errors.js";
import { mapKeyFromJson } from "./json-scalar.js";

// The policy's cases (docs/json-policy.md), shared with python/tests/test_json_policy.py.
interface PolicyCase {
  readonly id: string;
  readonly event?: string;
  readonly text: string;
  readonly decoded?: JsonObject;
  readonly error?: string;
}
const cases = JSON.parse(readFileSync(join(import.meta.dirname, "..", "testdata", "json-policy", "cases.json"), "utf8")) as {
  payloadCases: PolicyCase[];
  envelopeCases: PolicyCase[];
};
const utf8 = new TextEncoder();

function decodeJsonPayload(event: string, text: string | Uint8Array, limits = defaultDecodeLimits) {
  const bytes = typeof text === "string" ? utf8.encode(text) : text;
  return decodePayload(eventSchema(event, "v1"), bytes, ContentType.Json, limits, false);
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("JSON payloads", () => {
  it.each(cases.payloadCases.map((c) => [c.id, c] as const))("%s", (_id, policyCase) => {
    const event = policyCase.event as string;
    if (policyCase.decoded !== undefined) {
      const schema = eventSchema(event, "v1");
      expect(equals(schema, decodeJsonPayload(event, policyCase.text), fromJson(schema, policyCase.decoded))).toBe(true);
    } else {
      const error = thrownBy(() => decodeJsonPayload(event, policyCase.text));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(LimitExceededError);
      expect((error as Error).message).toContain(policyCase.error);
    }
  });

  it("keeps every digit of a 64-bit integer written as a JSON number", () => {
    const payload = decodeJsonPayload("fixture.scalars.recorded", '{"int64Value":9007199254740993,"uint64Value":18446744073709551615}');
    expect(payload).toMatchObject({ int64Value: 9007199254740993n, uint64Value: 18446744073709551615n });
  });

  it('reads the string "NaN" as NaN, for float and double', () => {
    const payload = decodeJsonPayload("fixture.scalars.recorded", '{"doubleValue":"NaN","floatValue":"NaN"}');
    expect(payload).toMatchObject({ doubleValue: Number.NaN, floatValue: Number.NaN });
  });

  it.each([990, 100_000])("stops JSON nested %i deep at maxDepth, before parsing", (depth) => {
    const text = `{"colour":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const error = thrownBy(() => decodeJsonPayload("fixture.scalars.recorded", text));
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxDepth", value: 65, max: 64 });
  });

  it("counts depth over arrays and objects of known fields, the outermost object being 1", () => {
    const text = '{"items":[{"sku":"a"}]}';
    const limits = (maxDepth: number) => resolveLimits({ limits: { maxDepth } });
    expect(decodeJsonPayload("fixture.parcel.shipped", text, limits(3))).toMatchObject({ items: [{ sku: "a" }] });
    expect(thrownBy(() => decodeJsonPayload("fixture.parcel.shipped", text, limits(2)))).toMatchObject({ limit: "maxDepth", value: 3 });
  });

  it("ignores brackets inside strings when counting depth", () => {
    const limits = resolveLimits({ limits: { maxDepth: 1 } });
    expect(decodeJsonPayload("fixture.scalars.recorded", '{"id":"[[[{{{\\"]]"}', limits)).toMatchObject({ id: '[[[{{{"]]' });
  });

  it("checks maxBytes on the payload's bytes before decoding them", () => {
    const limits = resolveLimits({ limits: { maxBytes: 8 } });
    expect(thrownBy(() => decodeJsonPayload("fixture.scalars.recorded", '{"id":"ab"}', limits))).toMatchObject({
      limit: "maxBytes",
      value: 11,
      max: 8,
    });
  });

  it("rejects bytes that are not UTF-8", () => {
    expect(() => decodeJsonPayload("fixture.scalars.recorded", new Uint8Array([0x7b, 0xff, 0x7d]))).toThrowError(TypeError);
  });
});

describe("JSON envelopes", () => {
  it.each(cases.envelopeCases.map((c) => [c.id, c] as const))("%s", (_id, policyCase) => {
    if (policyCase.decoded !== undefined) {
      expect(envelopeToJson(envelopeFromJsonString(policyCase.text))).toEqual(policyCase.decoded);
    } else {
      const error = thrownBy(() => envelopeFromJsonString(policyCase.text));
      expect(error).toBeInstanceOf(MalformedEnvelopeError);
      expect((error as Error).message).toContain(policyCase.error);
    }
  });

  it.each([990, 100_000])("stops JSON nested %i deep with LIMIT_EXCEEDED, text or value", (depth) => {
    const text = "[".repeat(depth) + "]".repeat(depth);
    expect(thrownBy(() => envelopeFromJsonString(text))).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxDepth", value: 65 });
    const limits = { limits: { maxDepth: 1 } };
    expect(thrownBy(() => envelopeFromJson({ attributes: { k: "v" } }, limits))).toMatchObject({ limit: "maxDepth", value: 2 });
  });

  it("checks maxBytes on the text's UTF-8 size before parsing", () => {
    const text = '{"eventName":"ü"}';
    expect(envelopeFromJsonString(text, { limits: { maxBytes: 18 } }).eventName).toBe("ü");
    expect(thrownBy(() => envelopeFromJsonString(text, { limits: { maxBytes: 17 } }))).toMatchObject({
      code: "LIMIT_EXCEEDED",
      limit: "maxBytes",
      value: 18,
      max: 17,
    });
    expect(thrownBy(() => envelopeFromJsonString("x".repeat(20), { limits: { maxBytes: 17 } }))).toBeInstanceOf(LimitExceededError);
  });

  it("reads a value JSON.parse gave by the same rules, integral numbers as integers", () => {
    expect(envelopeFromJson({ timestamp: 1e3, event_name: "a" } as JsonValue)).toMatchObject({ timestamp: 1000n, eventName: "a" });
    expect(() => envelopeFromJson({ timestamp: 1.5 })).toThrowError(MalformedEnvelopeError);
    expect(() => envelopeFromJson({ timestamp: 2 ** 63 })).toThrowError(/out of int64 range/);
    expect(() => envelopeFromJson({ payload: "QQ==QQ==" })).toThrowError(MalformedEnvelopeError);
    expect(() => envelopeFromJson({ eventName: "a", event_name: "a" })).toThrowError(/given twice/);
  });
});

describe("map keys", () => {
  it.each([
    [ScalarType.INT32, "-0", "0"],
    [ScalarType.INT64, "9223372036854775807", "9223372036854775807"],
    [ScalarType.UINT32, "4294967295", "4294967295"],
    [ScalarType.BOOL, "true", "true"],
    [ScalarType.STRING, "", ""],
  ])("accepts key type %i key %j", (type, key, canonical) => {
    expect(mapKeyFromJson(type, key, "m")).toBe(canonical);
  });

  it.each([
    [ScalarType.INT32, "01"],
    [ScalarType.INT32, " 1"],
    [ScalarType.INT32, "2147483648"],
    [ScalarType.UINT64, "-1"],
    [ScalarType.BOOL, "True"],
    [ScalarType.BOOL, "1"],
    [ScalarType.STRING, "\ud800"],
  ])("rejects key type %i key %j", (type, key) => {
    expect(() => mapKeyFromJson(type, key, "m")).toThrowError(/^m: /);
  });
});

import { describe, expect, it } from "vitest";
import { ParcelShippedSchema, ScalarsRecordedSchema } from "../fixture-examples.js";
import { disagreement } from "./compare-outcomes.js";
import type { Outcome } from "./outcome.js";
import { comparePayloads } from "./same-payload.js";

describe("comparePayloads", () => {
  it("finds payloads that differ in one field different", () => {
    expect(comparePayloads(ScalarsRecordedSchema, { id: "s-1", int64Value: "5" }, { id: "s-1", int64Value: "6" })).toBe("different");
    expect(comparePayloads(ScalarsRecordedSchema, { id: "s-1" }, { id: "s-1", boolValue: true })).toBe("different");
  });

  it("takes float fields as float32: 0.1 and its float32 value are the same, 0.1 and 0.2 are not", () => {
    expect(comparePayloads(ScalarsRecordedSchema, { floatValue: 0.1 }, { floatValue: 0.10000000149011612 })).toBe("same");
    expect(comparePayloads(ScalarsRecordedSchema, { floatValue: 0.1 }, { floatValue: 0.2 })).toBe("different");
    // A double is compared by value, not rounded.
    expect(comparePayloads(ScalarsRecordedSchema, { doubleValue: 0.1 }, { doubleValue: 0.10000000149011612 })).toBe("different");
  });

  it("reads int64 as numbers or strings, NaN as equal to NaN, maps in any order", () => {
    expect(comparePayloads(ScalarsRecordedSchema, { int64Value: "-1" }, { int64Value: -1 })).toBe("same");
    expect(comparePayloads(ScalarsRecordedSchema, { floatValue: "NaN" }, { floatValue: "NaN" })).toBe("same");
    expect(comparePayloads(ParcelShippedSchema, { tags: { a: "1", z: "2" } }, { tags: { z: "2", a: "1" } })).toBe("same");
    expect(comparePayloads(ParcelShippedSchema, { tags: { a: "1" } }, { tags: { a: "1", b: "" } })).toBe("different");
  });

  it("reports JSON that is not the schema's as payload-json", () => {
    expect(comparePayloads(ScalarsRecordedSchema, { id: "s-1" }, { colour: "blue" })).toBe("payload-json");
  });
});

describe("disagreement", () => {
  const decoded: Outcome = { ok: true, name: "fixture.legacy.recorded", version: "v1", payload: { text: "a" }, reencodedHex: "00" };

  it("agrees on the same code and on the same decoded event", () => {
    expect(disagreement({ ok: false, code: "MALFORMED_ENVELOPE" }, { ok: false, code: "MALFORMED_ENVELOPE" })).toBeUndefined();
    expect(disagreement(decoded, { ...decoded })).toBeUndefined();
  });

  it("names what differs: the codes, the payload, the re-encoded bytes, an escape", () => {
    expect(disagreement(decoded, { ok: false, code: "MALFORMED_ENVELOPE" })).toBe("ts:ok/py:MALFORMED_ENVELOPE");
    expect(disagreement(decoded, { ...decoded, payload: { text: "b" } })).toBe("ts:ok/py:ok (payload differs)");
    expect(disagreement(decoded, { ...decoded, reencodedHex: "01" })).toBe("ts:ok/py:ok (re-encoded envelope differs)");
    expect(disagreement({ escape: "TypeError: x" }, decoded)).toBe("ts:escape(TypeError)/py:ok");
    expect(disagreement({ ok: true, wrappedHex: "00" }, { ok: true, wrappedHex: "0a00" })).toBe("ts:ok/py:ok (wrapped bytes differ)");
  });
});

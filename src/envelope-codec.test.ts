import { describe, expect, it } from "vitest";
import { ScalarsRecordedSchema } from "../test/fixture-examples.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeFromJson,
  envelopeFromJsonString,
  envelopeToJson,
  envelopeToJsonString,
} from "./envelope-codec.js";
import { MalformedEnvelopeError } from "./errors.js";
import { wrap } from "./wrap.js";

const envelope = wrap(ScalarsRecordedSchema, { id: "u-1" }, { eventId: "e-1", timestamp: 5, attributes: { k: "v" } });

describe("envelope codec", () => {
  it("round-trips binary", () => {
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
  });

  it("round-trips the JSON form, value and text", () => {
    expect(envelopeFromJson(envelopeToJson(envelope))).toEqual(envelope);
    expect(envelopeFromJsonString(envelopeToJsonString(envelope))).toEqual(envelope);
  });

  it("writes the JSON form with camelCase names, int64 as string and base64 payload", () => {
    expect(envelopeToJson(envelope)).toEqual({
      eventId: "e-1",
      eventName: "fixture.scalars.recorded",
      eventVersion: "v1",
      aggregateId: "u-1",
      timestamp: "5",
      contentType: "application/protobuf",
      payload: "CgN1LTE=",
      attributes: { k: "v" },
    });
  });

  it("rejects bytes that are not an envelope, saying why", () => {
    expect(() => decodeEnvelope(new Uint8Array([0xff, 0xff]))).toThrowError(MalformedEnvelopeError);
    expect(() => decodeEnvelope(new Uint8Array([0xff, 0xff]))).toThrowError(/MALFORMED_ENVELOPE.*not a protoevents\.v1\.Envelope/);
  });

  it.each([
    ["text that is not JSON", "{"],
    ["JSON that is not an object", "42"],
    ["a field of the wrong type", '{"timestamp":"soon"}'],
    ["an unknown field", '{"eventNmae":"fixture.scalars.recorded"}'],
  ])("rejects %s", (_what, text) => {
    expect(() => envelopeFromJsonString(text)).toThrowError(MalformedEnvelopeError);
  });

  it("rejects a JSON value that is not an envelope", () => {
    expect(() => envelopeFromJson(["not", "an", "envelope"])).toThrowError(MalformedEnvelopeError);
  });
});

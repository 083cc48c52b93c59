import { describe, expect, it } from "vitest";
import { decodeEnvelope, encodeEnvelope, InvalidCloudEventError, InvalidMetadataError, ProtoeventsError } from "../src/index.js";
import { fromMessage } from "../src/cloudevents/index.js";
import {
  computeCloudEventsVectors,
  goDecodeCloudEvent,
  goEncodeCloudEvent,
  readCloudEventsVectors,
  readVectorMessage,
  writeVectorMessage,
} from "./cloudevents-vectors.js";
import { fromHex, toHex } from "./vectors.js";

const vectors = readCloudEventsVectors();

function thrownBy(run: () => unknown): ProtoeventsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtoeventsError);
    return error as ProtoeventsError;
  }
  throw new Error("nothing was thrown");
}

describe("shared CloudEvents vectors", () => {
  it("are what test/update-vectors.ts computes from the cases (run it after changing one)", () => {
    expect(JSON.parse(JSON.stringify(computeCloudEventsVectors()))).toEqual(vectors);
  });

  it("write and read every mode", () => {
    for (const mode of ["binary", "structured-json", "protobuf"]) {
      expect(vectors.writing.some((v) => v.mode === mode), mode).toBe(true);
      expect(vectors.writeErrors.some((v) => v.mode === mode), mode).toBe(true);
    }
    const contentTypes = vectors.reading.map((v) => JSON.stringify(v.headers).toLowerCase());
    expect(contentTypes.some((h) => h.includes("cloudevents+json"))).toBe(true);
    expect(contentTypes.some((h) => h.includes("cloudevents+protobuf"))).toBe(true);
    expect(contentTypes.some((h) => !h.includes("cloudevents+"))).toBe(true);
  });

  describe.each(vectors.writing.map((v) => [v.description, v] as const))("writing: %s", (_d, vector) => {
    it("gives the expected headers, in order, and value", () => {
      const written = writeVectorMessage(vector);
      expect(Object.entries(written.headers)).toEqual(Object.entries(vector.expected.headers));
      expect(written.valueHex).toBe(vector.expected.valueHex);
    });

    // The one normalisation: an empty content_type is written, and so read, as application/protobuf.
    it("reads back to the same envelope", () => {
      const envelope = decodeEnvelope(fromHex(vector.envelopeHex));
      const expected = { ...envelope, contentType: envelope.contentType === "" ? "application/protobuf" : envelope.contentType };
      const read = fromMessage({ headers: vector.expected.headers, value: fromHex(vector.expected.valueHex) }, vector.options);
      expect(toHex(encodeEnvelope(read))).toBe(toHex(encodeEnvelope(expected)));
    });

    if (vector.mode === "protobuf") {
      it("is the bytes Go protobuf writes for the spec's CloudEvent it decodes them to", () => {
        expect(goEncodeCloudEvent(goDecodeCloudEvent(vector.expected.valueHex))).toBe(vector.expected.valueHex);
      });
    }
  });

  it.each(vectors.reading.map((v) => [v.description, v] as const))("reading: %s", (_d, vector) => {
    expect(toHex(encodeEnvelope(readVectorMessage(vector)))).toBe(vector.expected.envelopeHex);
  });

  it.each(vectors.errors.map((v) => [v.description, v] as const))("refused: %s", (_d, vector) => {
    const error = thrownBy(() => readVectorMessage(vector));
    expect(error.code).toBe(vector.code);
    if (vector.code === "INVALID_CLOUD_EVENT") expect((error as InvalidCloudEventError).field).toBe(vector.field);
    else expect(vector.field).toBeUndefined();
  });

  it.each(vectors.writeErrors.map((v) => [v.description, v] as const))("not written: %s", (_d, vector) => {
    const error = thrownBy(() => writeVectorMessage(vector));
    expect(error.code).toBe(vector.code);
    if (vector.code === "INVALID_METADATA") expect((error as InvalidMetadataError).field).toBe(vector.field);
  });
});

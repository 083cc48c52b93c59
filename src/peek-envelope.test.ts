import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixtureEvents, ParcelShippedSchema, parcelInit } from "../test/fixture-examples.js";
import { envelopeBytesArbitrary, limitsArbitrary } from "../test/envelope-arbitraries.js";
import type { DecodeOptions } from "./decode-limits.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope-codec.js";
import { ErrorCode, IncompleteEnvelopeError, isProtoeventsError, MalformedEnvelopeError } from "./errors.js";
import { peekEnvelope, type EnvelopeHeader } from "./peek-envelope.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

type Outcome = { header: EnvelopeHeader } | { error: string; code: string };

function outcome(read: () => EnvelopeHeader): Outcome {
  try {
    return { header: read() };
  } catch (error) {
    if (!isProtoeventsError(error)) throw error;
    return { error: `${error.constructor.name} ${error.message}`, code: error.code };
  }
}

/** What peek must give: decodeEnvelope's fields or error, and unwrap's error for an empty name or version. */
function expected(bytes: Uint8Array, options?: DecodeOptions): Outcome {
  return outcome(() => {
    const { eventId, eventName, eventVersion, aggregateId } = decodeEnvelope(bytes, options);
    if (eventName === "") throw new IncompleteEnvelopeError("event_name");
    if (eventVersion === "") throw new IncompleteEnvelopeError("event_version");
    return { eventId, eventName, eventVersion, aggregateId };
  });
}

/** Every hex string of bytes in the shared vectors, with the limits its case gives. */
function vectorInputs(): { id: string; bytes: Uint8Array; options?: DecodeOptions }[] {
  const dir = join(import.meta.dirname, "..", "testdata", "vectors");
  const inputs: { id: string; bytes: Uint8Array; options?: DecodeOptions }[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}[${i}]`));
    else if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      for (const key of ["bytesHex", "envelopeHex", "valueHex"]) {
        const hex = record[key];
        if (typeof hex !== "string") continue;
        const limits = record["limits"] as DecodeOptions["limits"] | undefined;
        inputs.push({ id: `${path}.${key}`, bytes: Buffer.from(hex, "hex"), ...(limits === undefined ? {} : { options: { limits } }) });
      }
      for (const [key, child] of Object.entries(record)) visit(child, `${path}.${key}`);
    }
  };
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json"))) visit(JSON.parse(readFileSync(join(dir, file), "utf8")), file);
  return inputs;
}

describe("peekEnvelope", () => {
  it("reads the routing fields of an envelope", () => {
    const envelope = wrap(ParcelShippedSchema, parcelInit, { eventId: "e-1", attributes: { tenantid: "acme" } });
    expect(peekEnvelope(encodeEnvelope(envelope))).toStrictEqual({
      eventId: "e-1",
      eventName: "fixture.parcel.shipped",
      eventVersion: "v1",
      aggregateId: "p-1",
    });
    expect(unwrap(decodeEnvelope(encodeEnvelope(envelope)), fixtureEvents).name).toBe("fixture.parcel.shipped");
  });

  it("fails exactly when decodeEnvelope (or unwrap, on an empty name or version) fails, with the same error; otherwise gives its fields", () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(envelopeBytesArbitrary(), limitsArbitrary, (bytes, options) => {
        const want = expected(bytes, options);
        expect(outcome(() => peekEnvelope(bytes, options))).toEqual(want);
        codes.add("code" in want ? want.code : "ok");
      }),
      { numRuns: 20000 },
    );
    expect([...codes].sort()).toEqual(["INCOMPLETE_ENVELOPE", "LIMIT_EXCEEDED", "MALFORMED_ENVELOPE", "ok"]);
  });

  it("agrees with decodeEnvelope on every byte string of the shared vectors", () => {
    const inputs = vectorInputs();
    expect(inputs.length).toBeGreaterThan(100);
    for (const { id, bytes, options } of inputs) expect(outcome(() => peekEnvelope(bytes, options)), id).toEqual(expected(bytes, options));
  });

  it("refuses an envelope without a name or version as unwrap does, and bytes that are not an envelope", () => {
    expect(() => peekEnvelope(Uint8Array.from([0x1a, 0x02, 0x76, 0x31]))).toThrowError(IncompleteEnvelopeError);
    expect(() => peekEnvelope(Uint8Array.from([0x12, 0x01, 0x6e]))).toThrowError(/INCOMPLETE_ENVELOPE.*event_version/);
    expect(() => peekEnvelope(Uint8Array.from([0x12, 0x01, 0xff]))).toThrowError(MalformedEnvelopeError);
    expect(() => peekEnvelope(Uint8Array.from([0x12, 0x01, 0x6e]), { limits: { maxBytes: 2 } })).toThrowError(/LIMIT_EXCEEDED/);
    let thrown: unknown;
    try {
      peekEnvelope(new Uint8Array([0x0a, 0x05]));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as MalformedEnvelopeError).code).toBe(ErrorCode.MalformedEnvelope);
  });

  it("checks the UTF-8 of the fields it does not return", () => {
    const bytes = Uint8Array.from([0x12, 0x01, 0x6e, 0x1a, 0x02, 0x76, 0x31, 0x62, 0x06, 0x0a, 0x01, 0x6b, 0x12, 0x01, 0xc0]);
    expect(() => decodeEnvelope(bytes)).toThrowError(MalformedEnvelopeError);
    expect(() => peekEnvelope(bytes)).toThrowError(MalformedEnvelopeError);
  });
});

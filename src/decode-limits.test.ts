import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { fixtureEvents, ParcelShippedSchema } from "../test/fixture-examples.js";
import { defaultDecodeLimits, resolveLimits } from "./decode-limits.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope-codec.js";
import { LimitExceededError } from "./errors.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

const mib = 1024 * 1024;

/** `count` unknown varint fields (field 15, value 0): 2 bytes each. */
function unknownFlood(bytes: number): Uint8Array {
  const flood = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 2) flood[i] = 0x78;
  return flood;
}

function thrown(run: () => unknown): LimitExceededError {
  try {
    run();
  } catch (error) {
    if (error instanceof LimitExceededError) return error;
    throw error;
  }
  throw new Error("no error was thrown");
}

describe("decoding limits", () => {
  it("refuse a 64 MB flood of unknown fields by size, and by count when the size limit is raised", () => {
    const flood = unknownFlood(64 * mib);
    const bySize = thrown(() => decodeEnvelope(flood));
    expect([bySize.code, bySize.limit, bySize.value, bySize.max]).toEqual(["LIMIT_EXCEEDED", "maxBytes", 64 * mib, 16 * mib]);
    const byCount = thrown(() => decodeEnvelope(flood, { limits: { maxBytes: 128 * mib } }));
    expect([byCount.limit, byCount.value, byCount.max]).toEqual(["maxUnknownFields", 1025, 1024]);
  });

  it("count a payload's messages, and let unwrap throw the limit's own error", () => {
    const envelope = wrap(ParcelShippedSchema, { items: Array.from({ length: 10 }, () => ({})) });
    const received = decodeEnvelope(encodeEnvelope(envelope));
    expect(unwrap(received, fixtureEvents, { limits: { maxMessages: 11 } }).name).toBe("fixture.parcel.shipped");
    const error = thrown(() => unwrap(received, fixtureEvents, { limits: { maxMessages: 10 } }));
    expect([error.limit, error.value, error.max]).toEqual(["maxMessages", 11, 10]);
    expect(error.message).toBe("[LIMIT_EXCEEDED] payload is over the maxMessages limit: 11 > 10");
  });

  it("count nesting from the outermost message", () => {
    const envelope = wrap(ParcelShippedSchema, { destination: { city: "Oslo" } });
    expect(unwrap(envelope, fixtureEvents, { limits: { maxDepth: 2 } }).name).toBe("fixture.parcel.shipped");
    expect(thrown(() => unwrap(envelope, fixtureEvents, { limits: { maxDepth: 1 } })).limit).toBe("maxDepth");
  });

  it("keep the defaults for limits not given, and refuse limits that are not positive integers", () => {
    expect(resolveLimits({ limits: { maxDepth: 3 } })).toEqual({ ...defaultDecodeLimits, maxDepth: 3 });
    expect(resolveLimits(undefined)).toBe(defaultDecodeLimits);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveLimits({ limits: { maxBytes: bad } })).toThrow(RangeError);
    }
    expect(() => resolveLimits({ limits: { maxDepth: 101 } })).toThrow("at most 100");
    expect(resolveLimits({ limits: { maxDepth: 100 } }).maxDepth).toBe(100);
    expect(Object.isFrozen(defaultDecodeLimits)).toBe(true);
  });

  it("do not refuse an envelope at exactly the size limit", () => {
    const bytes = encodeEnvelope(create(EnvelopeSchema, { eventName: "x" }));
    expect(decodeEnvelope(bytes, { limits: { maxBytes: bytes.length } }).eventName).toBe("x");
    expect(thrown(() => decodeEnvelope(bytes, { limits: { maxBytes: bytes.length - 1 } })).limit).toBe("maxBytes");
  });
});

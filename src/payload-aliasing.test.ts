import { describe, expect, it } from "vitest";
import { fixtureEvents, ScalarsRecordedSchema } from "../test/fixture-examples.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope-codec.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

describe("a decoded event shares no memory with the caller's buffer", () => {
  const sent = wrap(ScalarsRecordedSchema, { id: "s-1", bytesValue: new Uint8Array([1, 2, 3]) });

  it("when the received buffer is reused after decoding", () => {
    const buffer = encodeEnvelope(sent);
    const event = unwrap(decodeEnvelope(buffer), fixtureEvents);
    buffer.fill(0);
    expect(event.name).toBe("fixture.scalars.recorded");
    if (event.name !== "fixture.scalars.recorded") return;
    expect(event.payload.bytesValue).toEqual(new Uint8Array([1, 2, 3]));
    expect(event.payload.id).toBe("s-1");
    expect(event.envelope.eventName).toBe("fixture.scalars.recorded");
    expect(unwrap(event.envelope, fixtureEvents).name).toBe("fixture.scalars.recorded");
  });

  it("when the envelope's payload array is reused after unwrapping", () => {
    const envelope = decodeEnvelope(encodeEnvelope(sent));
    const event = unwrap(envelope, fixtureEvents);
    envelope.payload.fill(0);
    if (event.name !== "fixture.scalars.recorded") throw new Error(event.name);
    expect(event.payload.bytesValue).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("when the received array is a Node Buffer (as Kafka clients hand it over), whose slice() is a view", () => {
    const buffer = Buffer.from(encodeEnvelope(sent));
    const envelope = decodeEnvelope(buffer);
    buffer.fill(0);
    const withBuffer = { ...envelope, payload: Buffer.from(envelope.payload) };
    const event = unwrap(withBuffer, fixtureEvents);
    withBuffer.payload.fill(0);
    if (event.name !== "fixture.scalars.recorded") throw new Error(event.name);
    expect(event.payload.bytesValue).toEqual(new Uint8Array([1, 2, 3]));
    expect(event.payload.id).toBe("s-1");
  });
});

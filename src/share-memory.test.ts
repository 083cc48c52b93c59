import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { fixtureEvents, fixtureExamples, ScalarsRecordedSchema } from "../test/fixture-examples.js";
import { sharesMemory } from "../test/shares-memory.js";
import { fromHex, readVectors, vectorEvents, type CanonicalBytesVector, type ErrorVector } from "../test/vectors.js";
import { fromMessage } from "./cloudevents/from-message.js";
import { toBinaryMessage } from "./cloudevents/to-binary-message.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope-codec.js";
import { isProtoeventsError } from "./errors.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

const shared = { shareMemory: true } as const;
const sent = wrap(ScalarsRecordedSchema, { id: "s-1", bytesValue: new Uint8Array([1, 2, 3]) });

// What a call gives, or the code of the error it throws.
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    return { code: isProtoeventsError(error) ? error.code : String(error) };
  }
}

describe("shareMemory: views into the bytes given instead of copies", () => {
  it("decodeEnvelope gives a payload inside the bytes, equal to the copy", () => {
    const bytes = encodeEnvelope(sent);
    const envelope = decodeEnvelope(bytes, shared);
    expect(sharesMemory(envelope.payload, bytes)).toBe(true);
    expect(envelope).toEqual(decodeEnvelope(bytes));
    expect(sharesMemory(decodeEnvelope(bytes).payload, bytes)).toBe(false);
  });

  it("unwrap gives bytes fields inside the envelope's payload, equal to the copies", () => {
    const envelope = decodeEnvelope(encodeEnvelope(sent));
    const event = unwrap(envelope, fixtureEvents, shared);
    if (event.name !== "fixture.scalars.recorded") throw new Error(event.name);
    expect(sharesMemory(event.payload.bytesValue, envelope.payload)).toBe(true);
    expect(event.payload).toEqual(unwrap(envelope, fixtureEvents).payload);
  });

  it("holds for every fixture example, from a Node Buffer, fast path or not", () => {
    for (const example of fixtureExamples) {
      const envelope = wrap(example.schema, example.init);
      // protobuf-es's own bytes: the attributes in insertion order, fields as protobuf-es writes them.
      for (const bytes of [encodeEnvelope(envelope), toBinary(EnvelopeSchema, envelope)]) {
        const buffer = Buffer.from(bytes);
        const decoded = decodeEnvelope(buffer, shared);
        expect(decoded).toEqual(decodeEnvelope(bytes));
        if (decoded.payload.length > 0) expect(sharesMemory(decoded.payload, buffer)).toBe(true);
        expect(unwrap(decoded, fixtureEvents, shared).payload).toEqual(unwrap(decoded, fixtureEvents).payload);
      }
    }
  });

  it("takes the general path's bytes (non-canonical envelopes) to the same envelope, its payload a view", () => {
    for (const vector of readVectors<CanonicalBytesVector>("canonical-bytes.json")) {
      const bytes = fromHex(vector.bytesHex);
      const envelope = decodeEnvelope(bytes, shared);
      expect(envelope, vector.id).toEqual(decodeEnvelope(bytes));
      if (envelope.payload.length > 0) expect(sharesMemory(envelope.payload, bytes), vector.id).toBe(true);
    }
  });

  it("refuses every shared error vector with the same code", () => {
    for (const vector of readVectors<ErrorVector>("errors.json")) {
      if (vector.input.bytesHex === undefined) continue;
      const bytes = fromHex(vector.input.bytesHex);
      const limits = { limits: vector.input.limits ?? {} };
      const copied = outcome(() => unwrap(decodeEnvelope(bytes, limits), vectorEvents, limits));
      const viewed = outcome(() => unwrap(decodeEnvelope(bytes, { ...limits, ...shared }), vectorEvents, { ...limits, ...shared }));
      expect(viewed, vector.id).toEqual(copied);
      expect(viewed, vector.id).toEqual({ code: vector.code });
    }
  });

  it("fromMessage in binary mode takes a view of the message's value as the payload", () => {
    const message = toBinaryMessage(wrap(ScalarsRecordedSchema, { id: "s-1", bytesValue: new Uint8Array([1, 2, 3]) }, { source: "/tests" }));
    const value = Buffer.from(message.value);
    const envelope = fromMessage({ headers: message.headers, value }, shared);
    expect(sharesMemory(envelope.payload, value)).toBe(true);
    expect(envelope).toEqual(fromMessage({ headers: message.headers, value }));
    expect(sharesMemory(fromMessage({ headers: message.headers, value }).payload, value)).toBe(false);
  });
});

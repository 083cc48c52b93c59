// readAttributes builds the envelope as an object literal rather than with create(): it must be
// the very message create() makes, every field, in the schema's order.
import { create, equals, isMessage, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { readAttributes } from "./read-attributes.js";

describe("readAttributes", () => {
  it("builds the envelope create() makes, fields in the schema's order", () => {
    const payload = new Uint8Array([0x0a, 0x01, 0x61]);
    const attributes = new Map([
      ["specversion", "1.0"],
      ["id", "e-1"],
      ["source", "/s"],
      ["type", "fixture.account.opened.v1"],
      ["time", "2024-05-01T12:00:00.123Z"],
      ["subject", "a-1"],
      ["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"],
      ["tracestate", "v=1"],
      ["correlationid", "c-1"],
      ["causationid", "k-1"],
      ["tenantid", "acme"],
    ]);
    const envelope = readAttributes(attributes, payload, "application/protobuf");
    const expected = create(EnvelopeSchema, {
      eventId: "e-1",
      eventName: "fixture.account.opened",
      eventVersion: "v1",
      aggregateId: "a-1",
      timestamp: 1_714_564_800_123n,
      traceId: "0af7651916cd43dd8448eb211c80319c",
      correlationId: "c-1",
      causationId: "k-1",
      source: "/s",
      contentType: "application/protobuf",
      payload,
      attributes: { tenantid: "acme" },
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
      tracestate: "v=1",
    });
    expect(isMessage(envelope, EnvelopeSchema)).toBe(true);
    expect(Object.keys(envelope)).toEqual(Object.keys(create(EnvelopeSchema)));
    expect(Object.getPrototypeOf(envelope)).toBe(Object.getPrototypeOf(create(EnvelopeSchema)));
    expect(envelope).toStrictEqual(expected);
    expect(equals(EnvelopeSchema, envelope, expected)).toBe(true);
    expect(toBinary(EnvelopeSchema, envelope)).toEqual(toBinary(EnvelopeSchema, expected));
  });
});

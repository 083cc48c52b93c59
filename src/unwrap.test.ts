import { create, equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { events as packageEvents } from "../gen/ts/registry.js";
import {
  fixtureEvents,
  fixtureExamples,
  fixtureV1Events,
  LegacyRecordedSchema,
  ParcelShippedSchema,
  ParcelShippedV2Schema,
  ScalarsRecordedSchema,
} from "../test/fixture-examples.js";
import { ContentType } from "./content-type.js";
import { decodeEnvelope, encodeEnvelope, envelopeFromJsonString, envelopeToJsonString } from "./envelope-codec.js";
import {
  IncompleteEnvelopeError,
  PayloadDecodeError,
  ProtoeventsError,
  UnknownEventError,
  UnsupportedContentTypeError,
  UnsupportedVersionError,
} from "./errors.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

describe("unwrap", () => {
  it("has an example for every fixture event", () => {
    expect(new Set(fixtureExamples.map((e) => e.schema))).toEqual(new Set(fixtureEvents.map((e) => e.schema)));
  });

  describe.each([ContentType.Protobuf, ContentType.Json])("round trip with %s payloads", (contentType) => {
    it.each(fixtureExamples.map((e) => [e.schema.typeName, e] as const))("%s through binary envelope bytes", (_name, { schema, init }) => {
      const sent = wrap(schema, init, { contentType, traceId: "t-1", attributes: { tenantid: "acme" } });
      const received = decodeEnvelope(encodeEnvelope(sent));
      const event = unwrap(received, fixtureEvents);
      const entry = fixtureEvents.find((e) => e.schema === schema);
      expect([event.name, event.version]).toEqual([entry?.name, entry?.version]);
      expect(equals(schema, event.payload, create(schema, init))).toBe(true);
      expect(equals(EnvelopeSchema, event.envelope, sent)).toBe(true);
    });

    it.each(fixtureExamples.map((e) => [e.schema.typeName, e] as const))("%s through the envelope's JSON form", (_name, { schema, init }) => {
      const sent = wrap(schema, init, { contentType });
      const event = unwrap(envelopeFromJsonString(envelopeToJsonString(sent)), fixtureEvents);
      expect(equals(schema, event.payload, create(schema, init))).toBe(true);
    });
  });

  it("accepts an envelope without content type as protobuf binary", () => {
    const envelope = wrap(ScalarsRecordedSchema, { id: "s-1" });
    envelope.contentType = "";
    expect(unwrap(envelope, fixtureEvents).payload).toMatchObject({ id: "s-1" });
  });

  it("ignores unknown payload fields in JSON, as binary does", () => {
    const envelope = wrap(ScalarsRecordedSchema, { id: "s-1" }, { contentType: ContentType.Json });
    envelope.payload = new TextEncoder().encode('{"id":"s-1","addedInV1_1":true}');
    expect(unwrap(envelope, fixtureEvents).payload).toMatchObject({ id: "s-1" });
  });

  it("accepts only the given registry's events", () => {
    const onlyScalars = fixtureEvents.filter((e) => e.schema === ScalarsRecordedSchema);
    expect(unwrap(wrap(ScalarsRecordedSchema, { id: "s-1" }), onlyScalars).payload).toMatchObject({ id: "s-1" });
    expect(() => unwrap(wrap(LegacyRecordedSchema, { text: "x" }), onlyScalars)).toThrow(UnknownEventError);
    expect(unwrap(wrap(ParcelShippedSchema, { parcelId: "p-1" }), fixtureV1Events).version).toBe("v1");
    expect(() => unwrap(wrap(ParcelShippedV2Schema, { parcelId: "p-1" }), fixtureV1Events)).toThrow(UnsupportedVersionError);
  });

  it("given every event of the package (the registry subpath), finds no fixture event there", () => {
    expect(() => unwrap(wrap(ScalarsRecordedSchema, { id: "s-1" }), packageEvents)).toThrow(UnknownEventError);
  });

  it("tells two versions of one event apart", () => {
    const v1 = unwrap(wrap(ParcelShippedSchema, { parcelId: "p-1", note: "n" }), fixtureEvents);
    const v2 = unwrap(wrap(ParcelShippedV2Schema, { parcelId: "p-1", trackingCode: "t" }), fixtureEvents);
    expect([v1.name, v1.version, v2.name, v2.version]).toEqual(["fixture.parcel.shipped", "v1", "fixture.parcel.shipped", "v2"]);
    expect(v1.payload.$typeName).toBe(ParcelShippedSchema.typeName);
    expect(v2.payload.$typeName).toBe(ParcelShippedV2Schema.typeName);
  });

  describe("bad input", () => {
    const base = (): ReturnType<typeof wrap> => wrap(ParcelShippedSchema, { parcelId: "p-1" });

    it("an envelope without event name", () => {
      const envelope = base();
      envelope.eventName = "";
      expect(() => unwrap(envelope, fixtureEvents)).toThrowError(new IncompleteEnvelopeError("event_name"));
    });

    it("an envelope without event version", () => {
      const envelope = base();
      envelope.eventVersion = "";
      expect(() => unwrap(envelope, fixtureEvents)).toThrowError(/INCOMPLETE_ENVELOPE.*event_version/);
    });

    it("an unknown event name names the event", () => {
      const envelope = base();
      envelope.eventName = "fixture.parcel.lost";
      expect(() => unwrap(envelope, fixtureEvents)).toThrowError(/UNKNOWN_EVENT.*"fixture\.parcel\.lost"/);
    });

    it("a known name with an unknown version lists the versions the call accepts", () => {
      const envelope = base();
      envelope.eventVersion = "v7";
      expect(() => unwrap(envelope, fixtureEvents)).toThrowError(
        '[UNSUPPORTED_VERSION] event "fixture.parcel.shipped" has no version "v7" among the events this call accepts; accepted versions: v1, v2',
      );
    });

    it("an unsupported content type", () => {
      const envelope = base();
      envelope.contentType = "application/xml";
      expect(() => unwrap(envelope, fixtureEvents)).toThrow(UnsupportedContentTypeError);
    });

    it("a payload that does not decode keeps the decoder's error as cause", () => {
      const envelope = base();
      envelope.payload = new Uint8Array([0x0a, 0x05, 0x61]);
      let thrown: unknown;
      try {
        unwrap(envelope, fixtureEvents);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PayloadDecodeError);
      expect(thrown).toBeInstanceOf(ProtoeventsError);
      expect((thrown as PayloadDecodeError).message).toContain('"fixture.parcel.shipped" "v1"');
      expect((thrown as PayloadDecodeError).cause).toBeInstanceOf(Error);
    });
  });
});

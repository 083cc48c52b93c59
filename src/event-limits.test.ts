import { create, createFileRegistry, setExtension, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, MessageOptionsSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { event, EventOptionsSchema, file_protoevents_v1_options } from "../gen/ts/protoevents/v1/options_pb.js";
import { AddressSchema, fixtureEvents, LegacyRecordedSchema, ParcelShippedSchema, ParcelShippedV2Schema } from "../test/fixture-examples.js";
import { checkEventSize } from "./check-event-size.js";
import { ErrorCode, EventTooLargeError, NotAnEventError, ProtoeventsError } from "./errors.js";
import { eventLimits } from "./event-limits.js";

/** An event schema `inline.v1.ThingDone` built in memory, whose option declares `limits`. */
function inlineEvent(limits: MessageInitShape<typeof EventOptionsSchema>["limits"]): DescMessage {
  const options = create(MessageOptionsSchema);
  setExtension(options, event, create(EventOptionsSchema, { name: "inline.thing.done", ...(limits === undefined ? {} : { limits }) }));
  const file = create(FileDescriptorProtoSchema, {
    name: "inline/v1/thing_done.proto",
    package: "inline.v1",
    syntax: "proto3",
    dependency: ["protoevents/v1/options.proto"],
    messageType: [{ name: "ThingDone", options }],
  });
  const registry = createFileRegistry(file, (name) => (name === file_protoevents_v1_options.name + ".proto" ? file_protoevents_v1_options : undefined));
  const schema = registry.getMessage("inline.v1.ThingDone");
  if (schema === undefined) throw new Error("inline.v1.ThingDone was not built");
  return schema;
}

describe("eventLimits", () => {
  it("reads the fixture events' limits: both, one, or none", () => {
    expect(eventLimits(ParcelShippedSchema)).toEqual({ maxAgeMs: 604_800_000, maxBytes: 65_536 });
    expect(eventLimits(ParcelShippedV2Schema)).toEqual({ maxBytes: 1_048_576 });
    expect(eventLimits(LegacyRecordedSchema)).toEqual({});
    expect(Object.keys(eventLimits(LegacyRecordedSchema))).toEqual([]);
  });

  it("gives every fixture event a frozen result, the same object each time", () => {
    for (const { schema } of fixtureEvents) {
      expect(Object.isFrozen(eventLimits(schema)), schema.typeName).toBe(true);
      expect(eventLimits(schema)).toBe(eventLimits(schema));
    }
  });

  it("converts max_age to milliseconds, truncating nanoseconds as the Python package does", () => {
    expect(eventLimits(inlineEvent({ maxAge: { seconds: 90n, nanos: 999_999_999 } }))).toEqual({ maxAgeMs: 90_999 });
    expect(eventLimits(inlineEvent({ maxAge: { seconds: 0n, nanos: 1_500_000 } }))).toEqual({ maxAgeMs: 1 });
  });

  it("tells a limit declared as zero from one left unset", () => {
    expect(eventLimits(inlineEvent({ maxBytes: 0, maxAge: {} }))).toEqual({ maxAgeMs: 0, maxBytes: 0 });
    expect(eventLimits(inlineEvent({}))).toEqual({});
    expect(eventLimits(inlineEvent(undefined))).toEqual({});
  });

  it("refuses a message that is not an event, as eventIdentity does", () => {
    expect(() => eventLimits(AddressSchema)).toThrow(NotAnEventError);
  });
});

describe("checkEventSize", () => {
  it("passes a message up to the event's max_bytes, and one of any size when it declares none", () => {
    expect(() => checkEventSize(ParcelShippedSchema, 0)).not.toThrow();
    expect(() => checkEventSize(ParcelShippedSchema, 65_536)).not.toThrow();
    expect(() => checkEventSize(LegacyRecordedSchema, 64 * 1024 * 1024)).not.toThrow();
  });

  it("refuses a larger message with EVENT_TOO_LARGE, naming the event, the size and the limit", () => {
    let thrown: unknown;
    try {
      checkEventSize(ParcelShippedSchema, 65_537);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EventTooLargeError);
    expect(thrown).toBeInstanceOf(ProtoeventsError);
    expect(thrown).toMatchObject({ code: ErrorCode.EventTooLarge, eventName: "fixture.parcel.shipped", eventVersion: "v1", size: 65_537, maxBytes: 65_536 });
    expect((thrown as Error).message).toBe('[EVENT_TOO_LARGE] event "fixture.parcel.shipped" "v1" is over its declared max_bytes: 65537 > 65536 bytes');
    expect(() => checkEventSize(ParcelShippedV2Schema, 1_048_577)).toThrow(
      '[EVENT_TOO_LARGE] event "fixture.parcel.shipped" "v2" is over its declared max_bytes: 1048577 > 1048576 bytes',
    );
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses the byte length %s with a RangeError", (length) => {
    expect(() => checkEventSize(ParcelShippedSchema, length)).toThrow(RangeError);
  });

  it("refuses a message that is not an event", () => {
    expect(() => checkEventSize(AddressSchema, 1)).toThrow(NotAnEventError);
  });
});

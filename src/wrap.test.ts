import { create, createFileRegistry, fromBinary, setExtension, type DescMessage } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Type, FileDescriptorProtoSchema, MessageOptionsSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import {
  AddressSchema,
  fixtureExamples,
  LegacyRecordedSchema,
  ParcelShippedSchema,
  ParcelShippedV2Schema,
  Priority,
  ScalarsRecordedSchema,
} from "../test/fixture-examples.js";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { event, EventOptionsSchema, file_protoevents_v1_options } from "../gen/ts/protoevents/v1/options_pb.js";
import { ContentType } from "./content-type.js";
import { ErrorCode, InvalidMetadataError, NotAnEventError, UnsupportedContentTypeError } from "./errors.js";
import { wrap, type WrapOptions } from "./wrap.js";

const scalars = { id: "s-1", int64Value: 1700000000000n, boolValue: true, optionalValue: "ü" };

/**
 * An event schema `inline.v1.KeyedDone` built in memory, its partition key
 * `partitionKey`, with a string `id`, an int64 `count` and a oneof `target`
 * of the strings `user` and `team`.
 */
function keyedEvent(partitionKey: string): DescMessage {
  const options = create(MessageOptionsSchema);
  setExtension(options, event, create(EventOptionsSchema, { name: "inline.keyed.done", partitionKey }));
  const file = create(FileDescriptorProtoSchema, {
    name: "inline/v1/keyed_done.proto",
    package: "inline.v1",
    syntax: "proto3",
    dependency: ["protoevents/v1/options.proto"],
    messageType: [
      {
        name: "KeyedDone",
        options,
        field: [
          { name: "id", number: 1, type: FieldDescriptorProto_Type.STRING, jsonName: "id" },
          { name: "count", number: 2, type: FieldDescriptorProto_Type.INT64, jsonName: "count" },
          { name: "user", number: 3, type: FieldDescriptorProto_Type.STRING, jsonName: "user", oneofIndex: 0 },
          { name: "team", number: 4, type: FieldDescriptorProto_Type.STRING, jsonName: "team", oneofIndex: 0 },
        ],
        oneofDecl: [{ name: "target" }],
      },
    ],
  });
  const registry = createFileRegistry(file, (name) => (name === file_protoevents_v1_options.name + ".proto" ? file_protoevents_v1_options : undefined));
  const schema = registry.getMessage("inline.v1.KeyedDone");
  if (schema === undefined) throw new Error("inline.v1.KeyedDone was not built");
  return schema;
}

describe("wrap", () => {
  it("takes the name from the schema's option and the version from its package", () => {
    const v1 = wrap(ParcelShippedSchema, { parcelId: "p-1" });
    expect([v1.eventName, v1.eventVersion]).toEqual(["fixture.parcel.shipped", "v1"]);
    const v2 = wrap(ParcelShippedV2Schema, { parcelId: "p-1" });
    expect([v2.eventName, v2.eventVersion]).toEqual(["fixture.parcel.shipped", "v2"]);
  });

  it("fills a UUIDv7 event id and the current time", () => {
    const before = BigInt(Date.now());
    const first = wrap(ScalarsRecordedSchema, scalars);
    const second = wrap(ScalarsRecordedSchema, scalars);
    const after = BigInt(Date.now());
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.eventId).not.toBe(first.eventId);
    // UUIDv7 ids sort by creation time.
    expect(second.eventId > first.eventId).toBe(true);
    expect(first.timestamp >= before && first.timestamp <= after).toBe(true);
  });

  it("returns what create(EnvelopeSchema, ...) returns: the same properties in the same order", () => {
    const envelope = wrap(ParcelShippedSchema, { parcelId: "p-1" }, { eventId: "e", timestamp: 7, source: "svc", attributes: { b: "2", a: "1" } });
    const created = create(EnvelopeSchema, { ...envelope, attributes: { ...envelope.attributes } });
    expect(envelope).toStrictEqual(created);
    expect(Reflect.ownKeys(envelope)).toEqual(Reflect.ownKeys(created));
    expect(Object.keys(envelope.attributes)).toEqual(["a", "b"]);
  });

  it("reads the partition key of a oneof member, and of each schema apart", () => {
    const byUser = keyedEvent("user");
    expect(wrap(byUser, { id: "i", target: { case: "user", value: "u-7" } }).aggregateId).toBe("u-7");
    expect(wrap(byUser, { id: "i", target: { case: "team", value: "t-1" } }).aggregateId).toBe("");
    expect(wrap(keyedEvent("id"), { id: "i-1" }).aggregateId).toBe("i-1");
    expect(wrap(keyedEvent(""), { id: "i-1" }).aggregateId).toBe("");
  });

  it("refuses a partition key that names no string field on every call that reads it, not when the aggregate id is given", () => {
    for (const key of ["count", "missing"]) {
      const schema = keyedEvent(key);
      for (let call = 0; call < 2; call++) {
        expect(() => wrap(schema, { id: "i" })).toThrowError(NotAnEventError);
        expect(() => wrap(schema, { id: "i" })).toThrowError(`its partition_key "${key}" does not name a string field`);
      }
      expect(wrap(schema, { id: "i" }, { aggregateId: "a" }).aggregateId).toBe("a");
    }
  });

  it("encodes the payload as protobuf binary by default", () => {
    const envelope = wrap(ScalarsRecordedSchema, scalars);
    expect(envelope.contentType).toBe("application/protobuf");
    expect(fromBinary(ScalarsRecordedSchema, envelope.payload)).toMatchObject(scalars);
  });

  it("encodes the payload as canonical JSON when asked", () => {
    const envelope = wrap(ScalarsRecordedSchema, scalars, { contentType: ContentType.Json });
    expect(envelope.contentType).toBe("application/json");
    expect(new TextDecoder().decode(envelope.payload)).toBe(
      '{"id":"s-1","int64Value":"1700000000000","boolValue":true,"optionalValue":"ü"}',
    );
  });

  it("accepts a message as well as an init object", () => {
    const message = create(ScalarsRecordedSchema, scalars);
    expect(wrap(ScalarsRecordedSchema, message, { eventId: "e", timestamp: 1 })).toEqual(
      wrap(ScalarsRecordedSchema, scalars, { eventId: "e", timestamp: 1 }),
    );
  });

  it("wraps an init object as the message create() makes of it, whichever way the payload is encoded", () => {
    const given = { eventId: "e", timestamp: 1 };
    const outcome = (schema: DescMessage, payload: object, options: WrapOptions = given): unknown => {
      try {
        return wrap(schema, payload as never, options);
      } catch (error) {
        return { error: (error as Error).constructor.name, message: (error as Error).message };
      }
    };
    const expectSame = (schema: DescMessage, init: object, options?: WrapOptions): void => {
      expect(outcome(schema, init, options)).toEqual(outcome(schema, create(schema, init as never), options));
    };
    for (const { schema, init } of fixtureExamples) {
      expectSame(schema, init);
      expectSame(schema, init, { ...given, aggregateId: "given" });
    }
    const keyed = keyedEvent("id");
    // A null or missing key field is "" in the message; a number is the message's value as text, which the payload then refuses.
    for (const init of [{ id: null }, { count: 5n }, {}, { id: 7 }, { id: "i", count: "x" }, { id: "i", target: { case: "team", value: "t" } }]) expectSame(keyed, init);
    // Values create() converts (bytes as an array of numbers) leave the payload to create() and its encoder.
    expectSame(ScalarsRecordedSchema, { ...scalars, bytesValue: [1, 2, 3] });
    expect(wrap(ScalarsRecordedSchema, { ...scalars, bytesValue: [1, 2, 3] } as never).payload).toEqual(wrap(ScalarsRecordedSchema, { ...scalars, bytesValue: new Uint8Array([1, 2, 3]) }).payload);
    // A message of another event's type is an init object to create(): read by its field names.
    expectSame(ScalarsRecordedSchema, create(ParcelShippedSchema, { parcelId: "p-1" }));
  });

  it("passes the metadata through and sorts attributes by key", () => {
    const envelope = wrap(ScalarsRecordedSchema, scalars, {
      eventId: "evt-1",
      timestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
      aggregateId: "agg-1",
      traceId: "trace",
      correlationId: "corr",
      causationId: "cause",
      source: "svc",
      attributes: { zone: "z", alpha: "a" },
    });
    expect(envelope).toMatchObject({
      eventId: "evt-1",
      timestamp: BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
      aggregateId: "agg-1",
      traceId: "trace",
      correlationId: "corr",
      causationId: "cause",
      source: "svc",
    });
    expect(Object.keys(envelope.attributes)).toEqual(["alpha", "zone"]);
  });

  it("takes the aggregate id from the schema's partition key unless given", () => {
    const parcel = { parcelId: "p-9", priority: Priority.LOW };
    expect(wrap(ParcelShippedSchema, parcel).aggregateId).toBe("p-9");
    expect(wrap(ParcelShippedSchema, parcel, { aggregateId: "other" }).aggregateId).toBe("other");
    expect(wrap(ParcelShippedSchema, parcel, { aggregateId: "" }).aggregateId).toBe("");
  });

  it("leaves the aggregate id empty for an event without a partition key", () => {
    expect(wrap(LegacyRecordedSchema, { text: "t" }).aggregateId).toBe("");
    expect(wrap(LegacyRecordedSchema, { text: "t" }, { aggregateId: "a-1" }).aggregateId).toBe("a-1");
  });

  it("accepts timestamps as number and bigint", () => {
    expect(wrap(ScalarsRecordedSchema, scalars, { timestamp: 42 }).timestamp).toBe(42n);
    expect(wrap(ScalarsRecordedSchema, scalars, { timestamp: -(2n ** 63n) }).timestamp).toBe(-(2n ** 63n));
  });

  it.each([
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["beyond int64", 2n ** 63n],
    ["an invalid Date", new Date("not a date")],
  ])("rejects a timestamp that is %s", (_what, timestamp) => {
    expect(() => wrap(ScalarsRecordedSchema, scalars, { timestamp })).toThrow(InvalidMetadataError);
  });

  it("rejects an empty event id", () => {
    expect(() => wrap(ScalarsRecordedSchema, scalars, { eventId: "" })).toThrowError(/INVALID_METADATA.*eventId/);
  });

  // Options as a JavaScript caller (or `any`) may pass them, past the types.
  const refused: [string, string, Record<string, unknown>][] = [
    ["a null event id", "eventId", { eventId: null }],
    ["a number as event id", "eventId", { eventId: 5 }],
    ["a lone surrogate in the event id", "eventId", { eventId: "e-\ud800" }],
    ["a timestamp string of digits", "timestamp", { timestamp: "123" }],
    ["a timestamp string", "timestamp", { timestamp: "abc" }],
    ["a null timestamp", "timestamp", { timestamp: null }],
    ["a boolean timestamp", "timestamp", { timestamp: true }],
    ["a timestamp beyond the safe integers", "timestamp", { timestamp: 2 ** 60 }],
    ["an infinite timestamp", "timestamp", { timestamp: Number.POSITIVE_INFINITY }],
    ["a null aggregate id", "aggregateId", { aggregateId: null }],
    ["a number as trace id", "traceId", { traceId: 5 }],
    ["a null correlation id", "correlationId", { correlationId: null }],
    ["a lone trailing surrogate in the causation id", "causationId", { causationId: "\udc00x" }],
    ["a String object as source", "source", { source: new String("svc") }],
    ["a null content type", "contentType", { contentType: null }],
    ["a number as content type", "contentType", { contentType: 1 }],
    ["null attributes", "attributes", { attributes: null }],
    ["attributes as a string", "attributes", { attributes: "tenant=acme" }],
    ["attributes as an array", "attributes", { attributes: ["acme"] }],
    ["attributes as a Map", "attributes", { attributes: new Map([["tenant", "acme"]]) }],
    ["attributes of a class", "attributes", { attributes: new (class Metadata { tenant = "acme"; })() }],
    ["an attribute of a number", "attributes", { attributes: { tenant: 5 } }],
    ["an attribute of null", "attributes", { attributes: { tenant: null } }],
    ["an attribute value with a lone surrogate", "attributes", { attributes: { tenant: "\ud83d" } }],
    ["a symbol attribute key", "attributes", { attributes: { [Symbol("tenant")]: "acme" } }],
    ["an own __proto__ attribute key", "attributes", { attributes: JSON.parse('{"__proto__":"acme"}') as unknown }],
    ["an empty attribute key", "attributes", { attributes: { "": "acme" } }],
    ["an upper-case attribute key", "attributes", { attributes: { Tenant: "acme" } }],
    ["an attribute key with an underscore", "attributes", { attributes: { tenant_id: "acme" } }],
    ["an attribute key with a dash", "attributes", { attributes: { "tenant-id": "acme" } }],
    ["an attribute key of 21 characters", "attributes", { attributes: { abcdefghijklmnopqrstu: "acme" } }],
    ["a non-ASCII attribute key", "attributes", { attributes: { "tenänt": "acme" } }],
    ["a lone surrogate attribute key", "attributes", { attributes: { "\ud800": "acme" } }],
    ["the attribute key id", "attributes", { attributes: { id: "acme" } }],
    ["the attribute key traceparent", "attributes", { attributes: { traceparent: "00-abc" } }],
    ["the attribute key time", "attributes", { attributes: { time: "now" } }],
  ];

  it.each(refused)("refuses %s, naming the option", (_what, field, options) => {
    let thrown: unknown;
    try {
      wrap(ScalarsRecordedSchema, scalars, options as WrapOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidMetadataError);
    expect((thrown as InvalidMetadataError).field).toBe(field);
    expect((thrown as InvalidMetadataError).code).toBe(ErrorCode.InvalidMetadata);
  });

  it("reads attributes as Reflect.ownKeys lists them: non-enumerable keys too, each value once, key errors before a symbol's", () => {
    const hidden = Object.defineProperty({ zone: "eu" }, "region", { value: "west", enumerable: false });
    expect(wrap(ScalarsRecordedSchema, scalars, { attributes: hidden }).attributes).toEqual({ region: "west", zone: "eu" });
    expect(Object.keys(wrap(ScalarsRecordedSchema, scalars, { attributes: hidden }).attributes)).toEqual(["region", "zone"]);
    const bad = Object.defineProperty({}, "region", { value: "\ud800", enumerable: false });
    expect(() => wrap(ScalarsRecordedSchema, scalars, { attributes: bad })).toThrowError(/region.*lone surrogate/);
    let reads = 0;
    const counted = { get tenant(): string { reads += 1; return reads === 1 ? "acme" : "\ud800"; } };
    expect(wrap(ScalarsRecordedSchema, scalars, { attributes: counted }).attributes).toEqual({ tenant: "acme" });
    expect(reads).toBe(1);
    const both = { [Symbol("s")]: "x", Tenant: "acme" };
    expect(() => wrap(ScalarsRecordedSchema, scalars, { attributes: both })).toThrowError(/key "Tenant" is not/);
    const symbolOnly = { [Symbol("s")]: "x", tenant: "acme" };
    expect(() => wrap(ScalarsRecordedSchema, scalars, { attributes: symbolOnly })).toThrowError(/symbol key/);
  });

  it("refuses a bad attribute key every time, after good keys were accepted", () => {
    for (let i = 0; i < 3; i++) {
      expect(wrap(ScalarsRecordedSchema, scalars, { attributes: { tenant: "acme" } }).attributes).toEqual({ tenant: "acme" });
      expect(() => wrap(ScalarsRecordedSchema, scalars, { attributes: { tenant: "acme", id: "x" } })).toThrowError(/key "id" is a CloudEvents/);
    }
  });

  it("refuses options that are not an object", () => {
    expect(() => wrap(ScalarsRecordedSchema, scalars, null as unknown as WrapOptions)).toThrowError(/INVALID_METADATA.*options/);
  });

  it("quotes an untrusted value in the message, lone surrogates escaped", () => {
    expect(() => wrap(ScalarsRecordedSchema, scalars, { traceId: "t\ud800" })).toThrowError('invalid traceId: "t\\ud800" has a lone surrogate');
    expect(() => wrap(ScalarsRecordedSchema, scalars, { attributes: { 'a"b': "x" } })).toThrowError('key "a\\"b" is not');
  });

  it("refuses a partition key value with a lone surrogate as the aggregate id", () => {
    expect(() => wrap(ScalarsRecordedSchema, { id: "s-\ud800" })).toThrowError(/INVALID_METADATA.*aggregateId/);
    expect(wrap(ScalarsRecordedSchema, { id: "s-\ud800" }, { aggregateId: "a" }).aggregateId).toBe("a");
  });

  it("accepts attribute keys of the rule, a null-prototype object, and undefined options as omitted", () => {
    const attributes = Object.assign(Object.create(null) as Record<string, string>, {
      "7": "",
      "10": "ten",
      tenant: "acme",
      tenantid: "acme-eu",
      abcdefghijklmnopqrst: "20 characters",
      constructor: "c",
      value: "\u{1f600}",
    });
    const envelope = wrap(ScalarsRecordedSchema, scalars, { attributes, traceId: undefined, eventId: undefined, timestamp: undefined });
    expect({ ...envelope.attributes }).toEqual({ ...attributes });
    expect(envelope.traceId).toBe("");
    expect(envelope.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects a message that is not an event", () => {
    let thrown: unknown;
    try {
      wrap(AddressSchema, { city: "Basel" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NotAnEventError);
    expect((thrown as NotAnEventError).code).toBe(ErrorCode.NotAnEvent);
    expect((thrown as Error).message).toContain("fixture.v1.Address");
  });

  it("rejects an unsupported content type", () => {
    // A JavaScript caller can pass any string; the type allows only the two.
    const contentType = "text/plain" as ContentType;
    expect(() => wrap(ScalarsRecordedSchema, scalars, { contentType })).toThrow(UnsupportedContentTypeError);
  });
});

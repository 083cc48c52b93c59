// Interoperability with the official CloudEvents JavaScript SDK (npm `cloudevents` 10.0.0): what
// protoevents writes parses in its Kafka and HTTP bindings with the right attributes and data, and
// what the SDK writes, carrying protobuf payload bytes, reads back in fromMessage.
//
// What the SDK does that the tests work around, not our code:
// - HTTP.toEvent decodes a structured event's `data_base64` into a Uint32Array, one element per
//   byte (message/http/index.js: `new Uint32Array(Buffer.from(data, "base64"))`), where
//   Kafka.toEvent gives a Uint8Array; the test compares the elements.
// - HTTP.toEvent parses a JSON body only when given as a string, and Kafka.toEvent takes the
//   record key as `partitionkey`: the tests hand them over so.
// - Kafka.structured and HTTP.structured give the value as a string, which a Kafka client sends
//   as its UTF-8: the test encodes it so.
// - The SDK refuses a `dataschema` that is not a URI and an extension name with `_`: protoevents
//   writes only an absolute URI and extension names of a-z and 0-9, so it never meets those.
import { CloudEvent, HTTP, Kafka } from "cloudevents";
import { describe, expect, it } from "vitest";
import { fromMessage, toBinaryMessage, toStructuredJsonMessage, type EventMessage } from "../src/cloudevents/index.js";
import { ContentType, unwrap, wrap, type Envelope } from "../src/index.js";
import { AccountOpenedSchema, fixtureEvents, ParcelShippedSchema, parcelInit } from "./fixture-examples.js";

const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const parcel = wrap(ParcelShippedSchema, parcelInit, {
  eventId: "e-1",
  timestamp: 1714564800123,
  source: "https://shop.example.com/parcels",
  traceparent,
  correlationId: "c-1",
  attributes: { tenantid: "acme" },
});
const account = wrap(AccountOpenedSchema, { id: "a-1", name: "Zoë" }, { eventId: "e-2", timestamp: 0, source: "/accounts", contentType: ContentType.Json });
const dataschema = "https://schemas.example.com/parcel";

type ToEvent = (message: EventMessage) => CloudEvent<unknown>;
// The record key is the aggregate id, as a producer keys it: the SDK reads it as partitionkey.
const kafka: ToEvent = (message) =>
  Kafka.toEvent({ key: message.headers["ce_partitionkey"], headers: message.headers, value: Buffer.from(message.value) } as never) as CloudEvent<unknown>;
// A JSON body as text, as Node's HTTP body parsers hand it over (the SDK parses only a string).
const http: ToEvent = (message) => {
  const json = /json/.test(message.headers["content-type"] ?? "");
  const body = json ? new TextDecoder().decode(message.value) : Buffer.from(message.value);
  return HTTP.toEvent({ headers: message.headers, body }) as CloudEvent<unknown>;
};

function dataBytes(data: unknown): Uint8Array {
  if (!ArrayBuffer.isView(data)) throw new Error(`data is not binary: ${typeof data}`);
  return Uint8Array.from(data as unknown as ArrayLike<number>);
}

function expectAttributes(event: CloudEvent<unknown>, envelope: Envelope): void {
  expect(event.specversion).toBe("1.0");
  expect(event.id).toBe(envelope.eventId);
  expect(event.source).toBe(envelope.source);
  expect(event.type).toBe(`${envelope.eventName}.${envelope.eventVersion}`);
  expect(event.subject).toBe(envelope.aggregateId);
  expect(new Date(event.time as string).getTime()).toBe(Number(envelope.timestamp));
  expect(event.datacontenttype).toBe(envelope.contentType);
}

describe.each([
  ["Kafka", kafka, "ce_"],
  ["HTTP", http, "ce-"],
] as const)("the SDK's %s binding", (_binding, toEvent, headerPrefix) => {
  it("parses our binary mode: attributes, extensions and the payload bytes", () => {
    const event = toEvent(toBinaryMessage(parcel, { headerPrefix, dataschema }));
    expectAttributes(event, parcel);
    expect(event["partitionkey"]).toBe("p-1");
    expect(event["traceparent"]).toBe(traceparent);
    expect(event["correlationid"]).toBe("c-1");
    expect(event["tenantid"]).toBe("acme");
    expect(event.dataschema).toBe(dataschema);
    expect(dataBytes(event.data)).toEqual(parcel.payload);
  });

  it("parses our structured JSON mode with a protobuf payload as data_base64", () => {
    const event = toEvent(toStructuredJsonMessage(parcel, { dataschema }));
    expectAttributes(event, parcel);
    expect(event["tenantid"]).toBe("acme");
    expect(dataBytes(event.data)).toEqual(parcel.payload);
  });

  it("parses a JSON payload as its value, in both modes", () => {
    const payload = JSON.parse(new TextDecoder().decode(account.payload)) as unknown;
    for (const message of [toBinaryMessage(account, { headerPrefix }), toStructuredJsonMessage(account)]) {
      const event = toEvent(message);
      expectAttributes(event, account);
      expect(event.data).toEqual(payload);
    }
  });
});

describe("messages the SDK writes", () => {
  const event = new CloudEvent<Buffer>({
    id: "sdk-1",
    source: "urn:sdk:producer",
    type: "fixture.parcel.shipped.v1",
    time: "2024-05-01T12:00:00.123Z",
    subject: "p-1",
    datacontenttype: "application/protobuf",
    data: Buffer.from(parcel.payload),
    tenantid: "acme",
    traceparent,
  });

  function expectRead(envelope: Envelope): void {
    expect(envelope.eventId).toBe("sdk-1");
    expect(envelope.source).toBe("urn:sdk:producer");
    expect([envelope.eventName, envelope.eventVersion]).toEqual(["fixture.parcel.shipped", "v1"]);
    expect(envelope.timestamp).toBe(1714564800123n);
    expect(envelope.aggregateId).toBe("p-1");
    expect(envelope.contentType).toBe("application/protobuf");
    expect(envelope.traceparent).toBe(traceparent);
    expect(envelope.traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(envelope.attributes).toEqual({ tenantid: "acme" });
    expect(envelope.payload).toEqual(parcel.payload);
    const unwrapped = unwrap(envelope, fixtureEvents);
    expect(unwrapped.name).toBe("fixture.parcel.shipped");
  }

  it("read back from Kafka.binary (content-type and ce_datacontenttype both)", () => {
    const message = Kafka.binary(event);
    expect(message.headers["ce_datacontenttype"]).toBe("application/protobuf");
    expectRead(fromMessage({ headers: message.headers as Record<string, string | undefined>, value: message.value as Buffer }));
  });

  it("read back from Kafka.structured (data_base64)", () => {
    const message = Kafka.structured(event);
    expectRead(fromMessage({ headers: message.headers as Record<string, string>, value: new TextEncoder().encode(message.value as string) }));
  });

  it("read back from HTTP.binary and HTTP.structured with the ce- prefix", () => {
    const binary = HTTP.binary(event);
    expectRead(fromMessage({ headers: binary.headers as Record<string, string>, value: binary.body as Buffer }, { headerPrefix: "ce-" }));
    const structured = HTTP.structured(event);
    expectRead(fromMessage({ headers: structured.headers as Record<string, string>, value: new TextEncoder().encode(structured.body as string) }));
  });
});

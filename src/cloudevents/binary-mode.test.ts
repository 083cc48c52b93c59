import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema, type Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { AccountOpenedSchema } from "../../test/fixture-examples.js";
import { encodeEnvelope } from "../envelope-codec.js";
import { ErrorCode, InvalidCloudEventError, InvalidMetadataError, LimitExceededError } from "../errors.js";
import { wrap } from "../wrap.js";
import { fromMessage } from "./from-message.js";
import { toBinaryMessage } from "./to-binary-message.js";

const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

function account(options: Parameters<typeof wrap>[2] = {}): Envelope {
  return wrap(AccountOpenedSchema, { id: "a-1", name: "Ada" }, { eventId: "e-1", timestamp: 1714564800123, source: "/accounts", ...options });
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("binary mode", () => {
  it("writes the attributes as prefixed headers in the documented order, the payload as the value", () => {
    const envelope = account({ traceparent, correlationId: "c-1", attributes: { tenantid: "acme", region: "" } });
    const message = toBinaryMessage(envelope, { dataschema: "https://schemas.example.com/account" });
    expect(Object.entries(message.headers)).toEqual([
      ["ce_specversion", "1.0"],
      ["ce_id", "e-1"],
      ["ce_source", "/accounts"],
      ["ce_type", "fixture.account.opened.v1"],
      ["ce_subject", "a-1"],
      ["ce_time", "2024-05-01T12:00:00.123Z"],
      ["ce_partitionkey", "a-1"],
      ["ce_traceparent", traceparent],
      ["ce_correlationid", "c-1"],
      ["ce_dataschema", "https://schemas.example.com/account"],
      ["ce_region", ""],
      ["ce_tenantid", "acme"],
      ["content-type", "application/protobuf"],
    ]);
    expect(message.value).toEqual(envelope.payload);
    expect(message.value).not.toBe(envelope.payload);
  });

  it("reads back what it writes, with either prefix, the empty content type becoming application/protobuf", () => {
    const envelope = account({ traceparent, tracestate: "k=v", causationId: "x", attributes: { tenantid: "acme" } });
    for (const headerPrefix of ["ce_", "ce-"] as const) {
      const read = fromMessage(toBinaryMessage(envelope, { headerPrefix }), { headerPrefix });
      expect(encodeEnvelope(read)).toEqual(encodeEnvelope({ ...envelope, contentType: "application/protobuf" }));
    }
  });

  it("writes a trace id only when the traceparent does not carry it", () => {
    const own = create(EnvelopeSchema, { ...account(), traceId: "my-trace" });
    expect(toBinaryMessage(own).headers["ce_traceid"]).toBe("my-trace");
    expect(toBinaryMessage(account({ traceparent })).headers["ce_traceid"]).toBeUndefined();
    expect(fromMessage(toBinaryMessage(own)).traceId).toBe("my-trace");
  });

  it("refuses to write an envelope that is no CloudEvent, naming the envelope field", () => {
    const cases: [Partial<Envelope>, string][] = [
      [{ eventId: "" }, "event_id"],
      [{ source: "" }, "source"],
      [{ source: "not a uri" }, "source"],
      [{ eventName: "" }, "event_name"],
      [{ eventVersion: "" }, "event_version"],
      [{ timestamp: 253_402_300_800_000n }, "timestamp"],
      [{ traceparent: "00-xyz" }, "traceparent"],
      [{ attributes: { Tenant: "x" } }, "attributes"],
      [{ attributes: { data: "x" } }, "attributes"],
    ];
    for (const [change, field] of cases) {
      const error = thrownBy(() => toBinaryMessage(create(EnvelopeSchema, { ...account(), ...change })));
      expect(error).toBeInstanceOf(InvalidMetadataError);
      expect((error as InvalidMetadataError).field).toBe(field);
    }
    expect((thrownBy(() => toBinaryMessage(account(), { dataschema: "relative/path" })) as InvalidMetadataError).field).toBe("dataschema");
  });

  it("reads header names in any case, Buffers, and ce_datacontenttype when content-type is absent", () => {
    const envelope = fromMessage({
      headers: {
        CE_SpecVersion: "1.0",
        "ce_id": new TextEncoder().encode("e-9"),
        "ce_source": "https://example.com/x",
        "ce_type": "fixture.account.opened.v1",
        "ce_time": "2024-05-01T14:00:00.1239+02:00",
        "ce_datacontenttype": "application/json",
        "ce_subject": "s-1",
        "other": new Uint8Array([0xff]),
      },
      value: new TextEncoder().encode("{}"),
    });
    expect(envelope.eventId).toBe("e-9");
    expect([envelope.eventName, envelope.eventVersion]).toEqual(["fixture.account.opened", "v1"]);
    expect(envelope.timestamp).toBe(1714564800123n);
    expect(envelope.contentType).toBe("application/json");
    expect(envelope.aggregateId).toBe("s-1");
  });

  it("refuses a message that is no CloudEvent, naming the attribute", () => {
    const base = toBinaryMessage(account()).headers;
    const cases: [Record<string, string | readonly string[] | Uint8Array | undefined>, string][] = [
      [{ ce_specversion: undefined }, "specversion"],
      [{ ce_specversion: "0.3" }, "specversion"],
      [{ ce_id: "" }, "id"],
      [{ ce_type: "nodot" }, "type"],
      [{ ce_time: "2024-02-30T00:00:00Z" }, "time"],
      [{ ce_traceparent: "00-abc" }, "traceparent"],
      [{ ce_tenant_id: "x" }, "tenant_id"],
      [{ ce_tenantid: ["a", "b"] }, "tenantid"],
      [{ CE_ID: "again" }, "id"],
      [{ ce_subject: new Uint8Array([0xc3]) }, "subject"],
      [{ "content-type": "application/cloudevents-batch+json" }, "content-type"],
    ];
    for (const [change, field] of cases) {
      const error = thrownBy(() => fromMessage({ headers: { ...base, ...change }, value: new Uint8Array() }));
      expect(error, field).toBeInstanceOf(InvalidCloudEventError);
      expect((error as InvalidCloudEventError).code).toBe(ErrorCode.InvalidCloudEvent);
      expect((error as InvalidCloudEventError).field).toBe(field);
    }
  });

  it("reads each message's own header bytes, however alike the messages before it", () => {
    // As KafkaJS hands them over, Buffers; the reader keeps the last type, source, ... it decoded.
    const buffers = (headers: Readonly<Record<string, string>>): Record<string, Buffer> =>
      Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)]));
    const headers = buffers(toBinaryMessage(account()).headers);
    const read = (): Envelope => fromMessage({ headers, value: new Uint8Array() });
    expect([read().eventName, read().source]).toEqual(["fixture.account.opened", "/accounts"]);
    // The same Buffers, changed in place: one byte, same length.
    (headers["ce_type"] as Buffer).write("x", 0);
    (headers["ce_source"] as Buffer).write("t", 1);
    expect([read().eventName, read().source]).toEqual(["xixture.account.opened", "/tccounts"]);
    headers["ce_specversion"] = Buffer.from("1.1");
    expect((thrownBy(read) as InvalidCloudEventError).field).toBe("specversion");
    headers["ce_specversion"] = Buffer.from("1.0");
    headers["ce_type"] = Buffer.from([0x78, 0xc3, 0x2e, 0x76, 0x31]);
    expect((thrownBy(read) as InvalidCloudEventError).field).toBe("type");
    headers["ce_type"] = Buffer.from("fixture.account.opened.v2");
    expect(read().eventVersion).toBe("v2");
  });

  it("shares no memory with a Buffer value, whose own slice() is a view", () => {
    const value = Buffer.from([1, 2, 3]);
    const envelope = fromMessage({ headers: toBinaryMessage(account()).headers, value });
    value[0] = 9;
    expect(envelope.payload).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("bounds the value and the headers read by maxBytes", () => {
    const message = toBinaryMessage(account());
    const size = message.value.length + Object.entries(message.headers).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
    expect(fromMessage(message, { limits: { maxBytes: size } }).eventId).toBe("e-1");
    expect(thrownBy(() => fromMessage(message, { limits: { maxBytes: size - 1 } }))).toBeInstanceOf(LimitExceededError);
  });
});

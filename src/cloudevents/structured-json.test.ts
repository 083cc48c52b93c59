import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { AccountOpenedSchema } from "../../test/fixture-examples.js";
import { ContentType } from "../content-type.js";
import { encodeEnvelope } from "../envelope-codec.js";
import { InvalidCloudEventError, InvalidMetadataError, LimitExceededError } from "../errors.js";
import { wrap } from "../wrap.js";
import { fromMessage } from "./from-message.js";
import { toStructuredJsonMessage } from "./to-structured-json-message.js";

const text = new TextEncoder();
const json = (value: unknown): Uint8Array => text.encode(typeof value === "string" ? value : JSON.stringify(value));
const structured = { "content-type": "application/cloudevents+json; charset=utf-8" };
const base = { specversion: "1.0", id: "e-1", source: "/s", type: "fixture.account.opened.v1" };

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("structured JSON mode", () => {
  it("writes one compact object in the documented order, non-ASCII as UTF-8, data for a JSON payload", () => {
    const envelope = wrap(AccountOpenedSchema, { id: "a-1", name: "Zoë" }, {
      eventId: "e-1",
      timestamp: 0,
      source: "/s",
      contentType: ContentType.Json,
      attributes: { tenantid: "ä" },
    });
    const message = toStructuredJsonMessage(envelope);
    expect(message.headers).toEqual(structured);
    expect(new TextDecoder().decode(message.value)).toBe(
      '{"specversion":"1.0","id":"e-1","source":"/s","type":"fixture.account.opened.v1","subject":"a-1","time":"1970-01-01T00:00:00.000Z","partitionkey":"a-1","tenantid":"ä","datacontenttype":"application/json","data":{"id":"a-1","name":"Zoë"}}',
    );
    expect(encodeEnvelope(fromMessage(message))).toEqual(encodeEnvelope(envelope));
  });

  it("writes a protobuf payload as data_base64 and reads it back", () => {
    const envelope = wrap(AccountOpenedSchema, { id: "a-1" }, { eventId: "e-1", timestamp: 1, source: "/s" });
    const message = toStructuredJsonMessage(envelope);
    expect(new TextDecoder().decode(message.value)).toContain(`"datacontenttype":"application/protobuf","data_base64":"${Buffer.from(envelope.payload).toString("base64")}"}`);
    expect(encodeEnvelope(fromMessage(message))).toEqual(encodeEnvelope({ ...envelope, contentType: "application/protobuf" }));
  });

  it("keeps a JSON payload's text, its whitespace between tokens removed, numbers and key order as sent", () => {
    const value = json('{ "specversion": "1.0", "id": "e-1", "source": "/s", "type": "a.v1", "data": { "b" : 1.0, "1": [9007199254740993, " x "] } }');
    const envelope = fromMessage({ headers: structured, value });
    expect(envelope.contentType).toBe("application/json");
    expect(new TextDecoder().decode(envelope.payload)).toBe('{"b":1.0,"1":[9007199254740993," x "]}');
  });

  it("reads extensions of other types as their canonical strings, and null as no attribute", () => {
    const envelope = fromMessage({ headers: structured, value: json({ ...base, flag: true, count: -2147483648, gone: null }) });
    expect(envelope.attributes).toEqual({ count: "-2147483648", flag: "true" });
  });

  it("refuses what is no CloudEvent, naming the member", () => {
    const cases: [Uint8Array, string][] = [
      [json("[1]"), "value"],
      [json("{"), "value"],
      [new Uint8Array([0x7b, 0xff, 0x7d]), "value"],
      [json({ ...base, data: {}, data_base64: "" }), "data"],
      [json({ ...base, data_base64: "AQ" }), "data_base64"],
      [json({ ...base, data_base64: "AQ==\n" }), "data_base64"],
      [json({ ...base, count: 2147483648 }), "count"],
      [json('{"specversion":"1.0","id":"e","source":"/s","type":"a.v1","count":1.0}'), "count"],
      [json({ ...base, id: 5 }), "id"],
      [json({ ...base, Tenant: "x" }), "Tenant"],
      [json({ ...base, specversion: "0.3" }), "specversion"],
      [json({ ...base, datacontenttype: "text/plain", data: { a: 1 } }), "data"],
    ];
    for (const [value, field] of cases) {
      const error = thrownBy(() => fromMessage({ headers: structured, value }));
      expect(error, field).toBeInstanceOf(InvalidCloudEventError);
      expect((error as InvalidCloudEventError).field).toBe(field);
    }
  });

  it("bounds the nesting of the JSON by maxDepth", () => {
    const value = json(`{"specversion":"1.0","id":"e","source":"/s","type":"a.v1","data":${"[".repeat(5)}${"]".repeat(5)}}`);
    expect(thrownBy(() => fromMessage({ headers: structured, value }, { limits: { maxDepth: 5 } }))).toBeInstanceOf(LimitExceededError);
    expect(fromMessage({ headers: structured, value }, { limits: { maxDepth: 6 } }).payload).toEqual(json("[[[[[]]]]]"));
  });

  it("refuses to write a JSON payload that is not JSON", () => {
    const envelope = create(EnvelopeSchema, { eventId: "e", source: "/s", eventName: "a", eventVersion: "v1", contentType: "application/json", payload: json("{x") });
    expect((thrownBy(() => toStructuredJsonMessage(envelope)) as InvalidMetadataError).field).toBe("payload");
  });
});

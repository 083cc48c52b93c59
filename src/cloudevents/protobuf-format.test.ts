import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { AccountOpenedSchema, fixtureEvents } from "../../test/fixture-examples.js";
import { ContentType } from "../content-type.js";
import { encodeEnvelope } from "../envelope-codec.js";
import { InvalidCloudEventError, LimitExceededError, UnknownEventError, UnsupportedVersionError } from "../errors.js";
import { wrap } from "../wrap.js";
import { fromMessage } from "./from-message.js";
import { toProtobufMessage } from "./to-protobuf-message.js";

const root = join(import.meta.dirname, "..", "..");
const buf = join(root, "node_modules", ".bin", "buf");
const work = mkdtempSync(join(tmpdir(), "protoevents-cloudevents-"));
const image = join(work, "cloudevents.binpb");
execFileSync(buf, ["build", join("testdata", "cloudevents"), "-o", image], { cwd: root });

/** Encodes text format with `buf convert` (Go protobuf), against the spec's own cloudevents.proto. */
function goEncode(textFormat: string): Uint8Array {
  const input = join(work, "event.txtpb");
  writeFileSync(input, textFormat);
  return new Uint8Array(execFileSync(buf, ["convert", image, "--type", "io.cloudevents.v1.CloudEvent", "--from", input, "--to", "-#format=binpb"], { cwd: root }));
}

const headers = { "content-type": "application/cloudevents+protobuf" };

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("protobuf format", () => {
  const envelope = wrap(AccountOpenedSchema, { id: "a-1", name: "x" }, { eventId: "e-1", timestamp: 1714564800123, source: "/s", attributes: { tenantid: "t" } });

  it("writes the bytes Go writes for the spec's CloudEvent, fields in number order, attributes sorted", () => {
    const message = toProtobufMessage(envelope, fixtureEvents);
    expect(message.headers).toEqual(headers);
    const payload = [...envelope.payload].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("");
    const expected = goEncode(`
      id: "e-1" source: "/s" spec_version: "1.0" type: "fixture.account.opened.v1"
      attributes { key: "datacontenttype" value { ce_string: "application/protobuf" } }
      attributes { key: "partitionkey" value { ce_string: "a-1" } }
      attributes { key: "subject" value { ce_string: "a-1" } }
      attributes { key: "tenantid" value { ce_string: "t" } }
      attributes { key: "time" value { ce_timestamp { seconds: 1714564800 nanos: 123000000 } } }
      proto_data { type_url: "type.googleapis.com/fixture.v1.AccountOpened" value: "${payload}" }`);
    expect(message.value).toEqual(expected);
    expect(encodeEnvelope(fromMessage(message))).toEqual(encodeEnvelope({ ...envelope, contentType: "application/protobuf" }));
  });

  it("writes a JSON payload as text_data, and reads typed attribute values as canonical strings", () => {
    const json = wrap(AccountOpenedSchema, { id: "a-1" }, { eventId: "e-1", timestamp: -1, source: "/s", contentType: ContentType.Json });
    expect(encodeEnvelope(fromMessage(toProtobufMessage(json, fixtureEvents)))).toEqual(encodeEnvelope(json));
    const read = fromMessage({
      headers,
      value: goEncode(`
        id: "e" source: "/s" spec_version: "1.0" type: "a.v1" binary_data: "\\x01\\x02"
        attributes { key: "flag" value { ce_boolean: true } }
        attributes { key: "count" value { ce_integer: -7 } }
        attributes { key: "blob" value { ce_bytes: "\\xff" } }
        attributes { key: "link" value { ce_uri: "https://x.example/a" } }
        attributes { key: "when" value { ce_timestamp { seconds: -1 nanos: 999999999 } } }
        attributes { key: "time" value { ce_string: "2024-05-01T12:00:00.5Z" } }`),
    });
    expect(read.attributes).toEqual({ blob: "/w==", count: "-7", flag: "true", link: "https://x.example/a", when: "1969-12-31T23:59:59.999Z" });
    expect(read.timestamp).toBe(1714564800500n);
    expect(read.payload).toEqual(new Uint8Array([1, 2]));
    expect(read.contentType).toBe("");
  });

  it("needs the events to name a protobuf payload's message", () => {
    expect(thrownBy(() => toProtobufMessage(envelope, []))).toBeInstanceOf(UnknownEventError);
    const v9 = create(EnvelopeSchema, { ...envelope, eventVersion: "v9" });
    expect(thrownBy(() => toProtobufMessage(v9, fixtureEvents))).toBeInstanceOf(UnsupportedVersionError);
  });

  it("refuses bytes that are not a CloudEvent, as the decoding contract says", () => {
    const good = toProtobufMessage(envelope, fixtureEvents).value;
    const wrongWire = new BinaryWriter().tag(1, WireType.Varint).uint32(1).finish();
    const strayEndGroup = new BinaryWriter().tag(9, WireType.EndGroup).finish();
    const entryField3 = new BinaryWriter().tag(5, WireType.LengthDelimited).fork().tag(3, WireType.Varint).uint32(1).join().finish();
    const overlongLength = new Uint8Array([0x0a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00]);
    const badUtf8 = new Uint8Array([0x0a, 0x01, 0xff]);
    for (const value of [good.subarray(0, good.length - 1), new Uint8Array([0xff, 0xff]), wrongWire, strayEndGroup, entryField3, overlongLength, badUtf8]) {
      const error = thrownBy(() => fromMessage({ headers, value }));
      expect(error).toBeInstanceOf(InvalidCloudEventError);
      expect((error as InvalidCloudEventError).field).toBe("value");
    }
  });

  it("refuses proto_data under a JSON content type, and an attribute given as a field and in the map", () => {
    const jsonProto = goEncode(`id: "e" source: "/s" spec_version: "1.0" type: "a.v1"
      attributes { key: "datacontenttype" value { ce_string: "application/json" } } proto_data { type_url: "type.googleapis.com/x.Y" }`);
    expect((thrownBy(() => fromMessage({ headers, value: jsonProto })) as InvalidCloudEventError).field).toBe("datacontenttype");
    const twice = goEncode(`id: "e" source: "/s" spec_version: "1.0" type: "a.v1" attributes { key: "id" value { ce_string: "f" } }`);
    expect((thrownBy(() => fromMessage({ headers, value: twice })) as InvalidCloudEventError).field).toBe("id");
  });

  it("skips unknown fields up to maxUnknownFields", () => {
    const value = goEncode(`id: "e" source: "/s" spec_version: "1.0" type: "a.v1"`);
    const unknown = new BinaryWriter().tag(99, WireType.Varint).uint32(1).tag(98, WireType.StartGroup).tag(97, WireType.Bit32).fixed32(1).tag(98, WireType.EndGroup).finish();
    const withUnknown = new Uint8Array([...value, ...unknown]);
    expect(fromMessage({ headers, value: withUnknown }).eventId).toBe("e");
    expect(thrownBy(() => fromMessage({ headers, value: withUnknown }, { limits: { maxUnknownFields: 2 } }))).toBeInstanceOf(LimitExceededError);
  });
});

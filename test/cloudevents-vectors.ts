// The shared CloudEvents vectors, testdata/vectors/cloudevents.json: their shape, how the
// TypeScript package runs them, and the cases test/update-vectors.ts writes into the file.
// Envelopes come from the fixture events (testdata/fixtures); the protobuf format's reading
// cases are encoded from text format by `buf convert` (Go protobuf) against the spec's
// cloudevents.proto, not by our codec.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { fromMessage, toMessage, type CloudEventsMode, type IncomingHeaders, type ReadCloudEventOptions, type WriteCloudEventOptions } from "../src/cloudevents/index.js";
import { ContentType, decodeEnvelope, encodeEnvelope, EnvelopeSchema, wrap, type Envelope, type WrapOptions } from "../src/index.js";
import { AccountOpenedSchema, LegacyRecordedSchema, ParcelShippedSchema, parcelInit, ScalarsRecordedSchema, scalarsInit } from "./fixture-examples.js";
import { fromHex, toHex, vectorEvents, vectorsDir } from "./vectors.js";

/** A header value in a vector: a string, or raw bytes in hex (for bytes that are not UTF-8). */
export type VectorHeaderValue = string | { readonly hex: string };

/** Headers in a vector: an object of strings, or `[name, value]` pairs when a name repeats. */
export type VectorHeaders = Readonly<Record<string, string>> | readonly (readonly [string, VectorHeaderValue])[];

/** Options in a vector: the read or write options, `limits` spelled as the TypeScript options. */
export type VectorOptions = ReadCloudEventOptions & WriteCloudEventOptions;

/** A message to read: headers, and the value as hex or as UTF-8 text. */
export interface VectorMessage {
  readonly description: string;
  readonly headers: VectorHeaders;
  readonly valueHex?: string;
  readonly valueText?: string;
  readonly options?: VectorOptions;
}

/** An envelope written in one mode, and the message expected. */
export interface WritingVector {
  readonly description: string;
  readonly envelopeHex: string;
  readonly mode: CloudEventsMode;
  readonly options?: VectorOptions;
  readonly expected: { readonly headers: Readonly<Record<string, string>>; readonly valueHex: string };
}

/** A message other producers write, and the envelope it reads as. */
export interface ReadingVector extends VectorMessage {
  readonly expected: { readonly envelopeHex: string };
}

/** A message that is refused, the error code, and the `field` of an INVALID_CLOUD_EVENT. */
export interface ErrorVector extends VectorMessage {
  readonly code: string;
  readonly field?: string;
}

/** An envelope that cannot be written in a mode: the error code, and the `field` of an INVALID_METADATA. */
export interface WriteErrorVector {
  readonly description: string;
  readonly envelopeHex: string;
  readonly mode: CloudEventsMode;
  readonly options?: VectorOptions;
  readonly code: string;
  readonly field?: string;
}

/** The whole file. */
export interface CloudEventsVectors {
  readonly writing: readonly WritingVector[];
  readonly reading: readonly ReadingVector[];
  readonly errors: readonly ErrorVector[];
  readonly writeErrors: readonly WriteErrorVector[];
}

/** The vectors file's path. */
export const cloudEventsVectorsPath = join(vectorsDir, "cloudevents.json");

/** Reads testdata/vectors/cloudevents.json. */
export function readCloudEventsVectors(): CloudEventsVectors {
  return JSON.parse(readFileSync(cloudEventsVectorsPath, "utf8")) as CloudEventsVectors;
}

/** The headers of a vector as a client hands them over: a repeated name as an array. */
export function incomingHeaders(headers: VectorHeaders): IncomingHeaders {
  if (!Array.isArray(headers)) return headers as Readonly<Record<string, string>>;
  const result: Record<string, (string | Uint8Array)[]> = {};
  for (const [name, value] of headers as readonly (readonly [string, VectorHeaderValue])[]) {
    (result[name] ??= []).push(typeof value === "string" ? value : fromHex(value.hex));
  }
  return Object.fromEntries(Object.entries(result).map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}

/** Reads a vector's message with `fromMessage`. */
export function readVectorMessage(vector: VectorMessage): Envelope {
  const value = vector.valueHex !== undefined ? fromHex(vector.valueHex) : new TextEncoder().encode(vector.valueText ?? "");
  return fromMessage({ headers: incomingHeaders(vector.headers), value }, vector.options);
}

/** Writes a vector's envelope with `toMessage` and the fixture events. */
export function writeVectorMessage(vector: { readonly envelopeHex: string; readonly mode: CloudEventsMode; readonly options?: VectorOptions }): {
  headers: Record<string, string>;
  valueHex: string;
} {
  const message = toMessage(decodeEnvelope(fromHex(vector.envelopeHex)), vector.mode, vectorEvents, vector.options);
  return { headers: { ...message.headers }, valueHex: toHex(message.value) };
}

const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const base: WrapOptions = { eventId: "0190b6a8-7f00-7000-8000-000000000001", timestamp: 1714564800123n, source: "https://shop.example.com/orders" };

function hexOf(envelope: Envelope): string {
  return toHex(encodeEnvelope(envelope));
}

function writing(description: string, envelope: Envelope, mode: CloudEventsMode, options?: VectorOptions): Omit<WritingVector, "expected"> {
  return { description, envelopeHex: hexOf(envelope), mode, ...(options === undefined ? {} : { options }) };
}

const full: WrapOptions = {
  ...base,
  traceparent,
  tracestate: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
  correlationId: "corr-1",
  causationId: "cause-1",
  attributes: { tenant: "a", tenantid: "acme", "7": "seven", "10": "ten", note: 'q"uote\\ \n\u0001 é 😀', empty: "" },
};

function writingCases(): Omit<WritingVector, "expected">[] {
  const parcel = wrap(ParcelShippedSchema, parcelInit, full);
  const parcelJson = wrap(ParcelShippedSchema, parcelInit, { ...full, contentType: ContentType.Json });
  const account = wrap(AccountOpenedSchema, { id: "a-1", name: "Zoë", email: "zoe@example.com", openedAt: 1700000000000n }, { ...base, contentType: ContentType.Json });
  const scalars = wrap(ScalarsRecordedSchema, scalarsInit, { ...base, traceId: "own-trace-id", timestamp: -1n });
  const legacy = wrap(LegacyRecordedSchema, {}, { ...base, timestamp: 0n });
  const emptyContentType = create(EnvelopeSchema, { ...wrap(AccountOpenedSchema, { id: "a-2" }, base), contentType: "" });
  return [
    writing("binary: every metadata field, a protobuf payload, extensions sorted (7 and 10 by code units, a prefix pair, an empty one)", parcel, "binary"),
    writing("binary with the ce- prefix and a dataschema, a JSON payload", account, "binary", { headerPrefix: "ce-", dataschema: "https://schemas.example.com/account.json" }),
    writing("binary: a trace id of its own (no traceparent), a time before 1970", scalars, "binary"),
    writing("binary: an empty content type is written application/protobuf (read back so)", emptyContentType, "binary"),
    writing("structured JSON: every metadata field, a protobuf payload as data_base64, strings escaped as JSON.stringify does", parcel, "structured-json"),
    writing("structured JSON: a JSON payload as data, non-ASCII as UTF-8", parcelJson, "structured-json"),
    writing("structured JSON: an empty payload writes no data; the epoch as time", legacy, "structured-json"),
    writing("structured JSON with a dataschema, a trace id of its own", scalars, "structured-json", { dataschema: "urn:example:scalars" }),
    writing("protobuf format: every metadata field, proto_data with the payload's type URL, attributes sorted", parcel, "protobuf"),
    writing("protobuf format: a JSON payload as text_data, with a dataschema", account, "protobuf", { dataschema: "https://schemas.example.com/account.json" }),
    writing("protobuf format: a time before 1970 (negative seconds, positive nanos)", scalars, "protobuf"),
    writing("protobuf format: an empty protobuf payload is proto_data with a type URL and no value", legacy, "protobuf"),
  ];
}

const root = join(import.meta.dirname, "..");
let cloudEventImage: string | undefined;

/** Encodes an `io.cloudevents.v1.CloudEvent` in text format with `buf convert` (Go protobuf), as hex. */
export function goEncodeCloudEvent(textFormat: string): string {
  const buf = join(root, "node_modules", ".bin", "buf");
  const work = mkdtempSync(join(tmpdir(), "protoevents-cloudevents-"));
  if (cloudEventImage === undefined) {
    cloudEventImage = join(work, "cloudevents.binpb");
    execFileSync(buf, ["build", join("testdata", "cloudevents"), "-o", cloudEventImage], { cwd: root });
  }
  const input = join(work, "event.txtpb");
  writeFileSync(input, textFormat);
  return execFileSync(buf, ["convert", cloudEventImage, "--type", "io.cloudevents.v1.CloudEvent", "--from", input, "--to", "-#format=binpb"], { cwd: root }).toString("hex");
}

/** Decodes an `io.cloudevents.v1.CloudEvent` to text format with `buf convert` (Go protobuf). */
export function goDecodeCloudEvent(hex: string): string {
  goEncodeCloudEvent("");
  const buf = join(root, "node_modules", ".bin", "buf");
  const input = join(mkdtempSync(join(tmpdir(), "protoevents-cloudevents-")), "event.binpb");
  writeFileSync(input, fromHex(hex));
  return execFileSync(buf, ["convert", cloudEventImage as string, "--type", "io.cloudevents.v1.CloudEvent", "--from", input, "--to", "-#format=txtpb"], { cwd: root }).toString();
}

const json = "application/cloudevents+json; charset=utf-8";
const protobuf = "application/cloudevents+protobuf";
const jsonHead = '"specversion":"1.0","id":"e-1","source":"/s","type":"fixture.account.opened.v1"';
const protoHead = 'id: "e-1" source: "/s" spec_version: "1.0" type: "fixture.account.opened.v1"';
const binary = { ce_specversion: "1.0", ce_id: "e-1", ce_source: "/s", ce_type: "fixture.account.opened.v1", "content-type": "application/protobuf" };

function without(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(binary).filter(([key]) => key !== name));
}

function message(description: string, headers: VectorHeaders, value: { valueHex: string } | { valueText: string }, options?: VectorOptions): VectorMessage {
  return { description, headers, ...value, ...(options === undefined ? {} : { options }) };
}

function readingCases(): VectorMessage[] {
  return [
    message(
      "binary as the JavaScript SDK writes it: content-type and ce_datacontenttype both, header names in other case, time with microseconds and an offset, a foreign header repeated",
      [
        ["CE_SpecVersion", "1.0"],
        ["Ce_Id", "e-1"],
        ["ce_source", "/s"],
        ["ce_type", "fixture.account.opened.v1"],
        ["ce_time", "2024-05-01T14:00:00.123456+02:00"],
        ["ce_datacontenttype", "application/protobuf"],
        ["Content-Type", "application/protobuf"],
        ["ce_subject", "a-1"],
        ["x-retry", "1"],
        ["x-retry", "2"],
        ["traceparent", "not ours"],
      ],
      { valueHex: "0a03612d31" },
    ),
    message("binary without any content type: the envelope's is empty", without("content-type"), { valueHex: "0a03612d31" }),
    message("binary: ce_datacontenttype alone; the trace id from the traceparent", { ...without("content-type"), ce_datacontenttype: "application/json", ce_traceparent: traceparent }, { valueText: '{"id":"a-1"}' }),
    message("binary: a traceid of its own beside a traceparent, a partitionkey over the subject, extensions", { ...binary, ce_traceparent: traceparent, ce_traceid: "other", ce_subject: "s", ce_partitionkey: "p", ce_tenantid: "acme", ce_empty: "" }, { valueHex: "" }),
    message("binary with the ce- prefix (ce_ headers are then foreign)", { "ce-specversion": "1.0", "ce-id": "e-1", "ce-source": "urn:x", "ce-type": "fixture.account.opened.v1", ce_id: "ignored", "content-type": "application/protobuf" }, { valueHex: "" }, { headerPrefix: "ce-" }),
    message(
      "structured JSON: a JSON payload as data with whitespace, numbers kept as written, extensions of other types, null as no attribute, no datacontenttype",
      { "content-type": "application/cloudevents+json" },
      { valueText: `{ ${jsonHead}, "time": "2024-05-01t12:00:00.1z", "flag": false, "count": -2147483648, "gone": null,\n  "data": { "id" : "a-1", "openedAt": "1700000000000", "x": [1.0, 9007199254740993, " s p "] } }` },
    ),
    message("structured JSON: data_base64 under application/protobuf, the content type in other case", { "Content-Type": "Application/CloudEvents+JSON; charset=UTF-8" }, { valueText: `{${jsonHead},"datacontenttype":"application/protobuf","data_base64":"CgNhLTE="}` }),
    message("structured JSON: a string as data under text/plain is its UTF-8", { "content-type": json }, { valueText: `{${jsonHead},"datacontenttype":"text/plain","data":"h\\u00e9llo"}` }),
    message("structured JSON: data under a +json media type is JSON text", { "content-type": json }, { valueText: `{${jsonHead},"datacontenttype":"application/vnd.x+json","data":"just a string"}` }),
    message(
      "protobuf format: binary_data and typed attribute values (boolean, integer, bytes, URI, URI-reference, timestamp)",
      { "content-type": protobuf },
      {
        valueHex: goEncodeCloudEvent(`${protoHead} binary_data: "\\x0a\\x03a-1"
          attributes { key: "time" value { ce_timestamp { seconds: 1714564800 nanos: 123999999 } } }
          attributes { key: "datacontenttype" value { ce_string: "application/protobuf" } }
          attributes { key: "flag" value { ce_boolean: true } }
          attributes { key: "count" value { ce_integer: -5 } }
          attributes { key: "blob" value { ce_bytes: "\\xfb\\xff" } }
          attributes { key: "link" value { ce_uri: "https://example.com/x" } }
          attributes { key: "ref" value { ce_uri_ref: "/x#y" } }
          attributes { key: "subject" value { ce_string: "a-1" } }
          attributes { key: "when" value { ce_timestamp { } } }`),
      },
    ),
    message("protobuf format: text_data under application/json", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent(`${protoHead} text_data: "{\\"id\\":\\"a-1\\"}" attributes { key: "datacontenttype" value { ce_string: "application/json" } }`),
    }),
    message("protobuf format: proto_data without a datacontenttype is application/protobuf; the type URL is not checked", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent(`${protoHead} proto_data { type_url: "type.googleapis.com/other.Name" value: "\\x0a\\x03a-1" }`),
    }),
    message("protobuf format: unknown fields skipped, a field given twice (the last wins)", { "content-type": protobuf }, {
      valueHex: `${goEncodeCloudEvent('id: "first"')}${goEncodeCloudEvent(protoHead)}a0063fa2060178`,
    }),
  ];
}

function refused(description: string, headers: VectorHeaders, value: { valueHex: string } | { valueText: string }, code: string, field?: string, options?: VectorOptions): ErrorVector {
  return { ...message(description, headers, value, options), code, ...(field === undefined ? {} : { field }) };
}

const invalid = "INVALID_CLOUD_EVENT";
const none = { valueHex: "" };

function errorCases(): ErrorVector[] {
  return [
    refused("binary: no ce_specversion", without("ce_specversion"), none, invalid, "specversion"),
    refused("binary: specversion 0.3", { ...binary, ce_specversion: "0.3" }, none, invalid, "specversion"),
    refused("binary: no ce_id", without("ce_id"), none, invalid, "id"),
    refused("binary: an empty id", { ...binary, ce_id: "" }, none, invalid, "id"),
    refused("binary: no ce_source", without("ce_source"), none, invalid, "source"),
    refused("binary: a source that is not a URI-reference", { ...binary, ce_source: "has space" }, none, invalid, "source"),
    refused("binary: no ce_type", without("ce_type"), none, invalid, "type"),
    refused("binary: a type without a dot", { ...binary, ce_type: "created" }, none, invalid, "type"),
    refused("binary: a type ending in a dot", { ...binary, ce_type: "user.created." }, none, invalid, "type"),
    refused("binary: a time that is not RFC 3339", { ...binary, ce_time: "2024-05-01 12:00:00Z" }, none, invalid, "time"),
    refused("binary: February 30", { ...binary, ce_time: "2024-02-30T00:00:00Z" }, none, invalid, "time"),
    refused("binary: a leap second", { ...binary, ce_time: "2016-12-31T23:59:60Z" }, none, invalid, "time"),
    refused("binary: a bad traceparent", { ...binary, ce_traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331" }, none, invalid, "traceparent"),
    refused("binary: a tracestate without a traceparent", { ...binary, ce_tracestate: "a=b" }, none, invalid, "tracestate"),
    refused("binary: a relative dataschema", { ...binary, ce_dataschema: "schemas/x.json" }, none, invalid, "dataschema"),
    refused("binary: an extension name with _", { ...binary, ce_tenant_id: "x" }, none, invalid, "tenant_id"),
    refused("binary: data is no attribute", { ...binary, ce_data: "x" }, none, invalid, "data"),
    refused("binary: a header repeated", [...Object.entries(binary), ["ce_id", "e-2"]], none, invalid, "id"),
    refused("binary: one header in two cases", { ...binary, CE_ID: "e-2" }, none, invalid, "id"),
    refused("binary: a header value that is not UTF-8", [...Object.entries(binary), ["ce_subject", { hex: "c328" }]], none, invalid, "subject"),
    refused("binary: a header given as a string with a lone surrogate", [...Object.entries(binary), ["ce_subject", "order-\ud800"]], none, invalid, "subject"),
    refused("a batch", { "content-type": "application/cloudevents-batch+json" }, { valueText: "[]" }, invalid, "content-type"),
    refused("an event format neither JSON nor protobuf", { "content-type": "application/cloudevents+avro" }, none, invalid, "content-type"),
    refused("over maxBytes (the value and the headers read)", binary, { valueHex: "00".repeat(10) }, "LIMIT_EXCEEDED", undefined, { limits: { maxBytes: 100 } }),
    refused("structured JSON: not UTF-8", { "content-type": json }, { valueHex: "7bff7d" }, invalid, "value"),
    refused("structured JSON: not JSON", { "content-type": json }, { valueText: `{${jsonHead},}` }, invalid, "value"),
    refused("structured JSON: a duplicate member", { "content-type": json }, { valueText: `{${jsonHead},"id":"e-2"}` }, invalid, "value"),
    refused("structured JSON: not an object", { "content-type": json }, { valueText: `[{${jsonHead}}]` }, invalid, "value"),
    refused("structured JSON: nested deeper than maxDepth", { "content-type": json }, { valueText: `{${jsonHead},"data":[[[]]]}` }, "LIMIT_EXCEEDED", undefined, { limits: { maxDepth: 3 } }),
    refused("structured JSON: an empty source", { "content-type": json }, { valueText: '{"specversion":"1.0","id":"e-1","source":"","type":"a.v1"}' }, invalid, "source"),
    refused("structured JSON: id not a string", { "content-type": json }, { valueText: '{"specversion":"1.0","id":1,"source":"/s","type":"a.v1"}' }, invalid, "id"),
    refused("structured JSON: an extension name in upper case", { "content-type": json }, { valueText: `{${jsonHead},"tenantId":"x"}` }, invalid, "tenantId"),
    refused("structured JSON: an extension that is an object", { "content-type": json }, { valueText: `{${jsonHead},"tenantid":{}}` }, invalid, "tenantid"),
    refused("structured JSON: a number over int32", { "content-type": json }, { valueText: `{${jsonHead},"count":2147483648}` }, invalid, "count"),
    refused("structured JSON: a number with a fraction", { "content-type": json }, { valueText: `{${jsonHead},"count":1.0}` }, invalid, "count"),
    refused("structured JSON: data and data_base64 both", { "content-type": json }, { valueText: `{${jsonHead},"data":{},"data_base64":"AA=="}` }, invalid, "data"),
    refused("structured JSON: data_base64 unpadded", { "content-type": json }, { valueText: `{${jsonHead},"data_base64":"AQ"}` }, invalid, "data_base64"),
    refused("structured JSON: data_base64 in the URL alphabet", { "content-type": json }, { valueText: `{${jsonHead},"data_base64":"-_8="}` }, invalid, "data_base64"),
    refused("structured JSON: data_base64 not a string", { "content-type": json }, { valueText: `{${jsonHead},"data_base64":1}` }, invalid, "data_base64"),
    refused("structured JSON: an extension with a lone surrogate", { "content-type": json }, { valueText: `{${jsonHead},"tenantid":"\\ud800"}` }, invalid, "tenantid"),
    refused("structured JSON: data under text/plain with a lone surrogate", { "content-type": json }, { valueText: `{${jsonHead},"datacontenttype":"text/plain","data":"\\udc00"}` }, invalid, "data"),
    refused("structured JSON: data not a string under text/plain", { "content-type": json }, { valueText: `{${jsonHead},"datacontenttype":"text/plain","data":{}}` }, invalid, "data"),
    refused("protobuf format: garbage bytes", { "content-type": protobuf }, { valueHex: "ffffffff" }, invalid, "value"),
    refused("protobuf format: truncated", { "content-type": protobuf }, { valueHex: goEncodeCloudEvent(protoHead).slice(0, -2) }, invalid, "value"),
    refused("protobuf format: a known field in another wire type", { "content-type": protobuf }, { valueHex: "0801" }, invalid, "value"),
    refused("protobuf format: an overlong length prefix", { "content-type": protobuf }, { valueHex: "0a8180808080000a" }, invalid, "value"),
    refused("protobuf format: an attributes entry with a third field", { "content-type": protobuf }, { valueHex: `${goEncodeCloudEvent(protoHead)}2a021801` }, invalid, "value"),
    refused("protobuf format: a string that is not UTF-8", { "content-type": protobuf }, { valueHex: "0a01ff" }, invalid, "value"),
    refused("protobuf format: proto_data under a JSON content type", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent(`${protoHead} attributes { key: "datacontenttype" value { ce_string: "application/json" } } proto_data { type_url: "type.googleapis.com/x.Y" }`),
    }, invalid, "datacontenttype"),
    refused("protobuf format: id in the attributes map", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent(`${protoHead} attributes { key: "id" value { ce_string: "e-2" } }`),
    }, invalid, "id"),
    refused("protobuf format: an attribute value with no type", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent(`${protoHead} attributes { key: "tenantid" value { } }`),
    }, invalid, "tenantid"),
    refused("protobuf format: a timestamp out of range", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent(`${protoHead} attributes { key: "time" value { ce_timestamp { seconds: 253402300800 } } }`),
    }, invalid, "time"),
    refused("protobuf format: no spec_version", { "content-type": protobuf }, {
      valueHex: goEncodeCloudEvent('id: "e-1" source: "/s" type: "a.v1"'),
    }, invalid, "specversion"),
    refused("protobuf format: unknown fields over maxUnknownFields", { "content-type": protobuf }, { valueHex: `${goEncodeCloudEvent(protoHead)}a00601a00602` }, "LIMIT_EXCEEDED", undefined, { limits: { maxUnknownFields: 1 } }),
  ];
}

function refusedWrite(description: string, envelope: Envelope, mode: CloudEventsMode, code: string, field?: string, options?: VectorOptions): WriteErrorVector {
  return { description, envelopeHex: hexOf(envelope), mode, ...(options === undefined ? {} : { options }), code, ...(field === undefined ? {} : { field }) };
}

function writeErrorCases(): WriteErrorVector[] {
  const good = wrap(AccountOpenedSchema, { id: "a-1" }, base);
  const bad = (change: Partial<Envelope>): Envelope => create(EnvelopeSchema, { ...good, ...change });
  const metadata = "INVALID_METADATA";
  return [
    refusedWrite("no event id", bad({ eventId: "" }), "binary", metadata, "event_id"),
    refusedWrite("no source", bad({ source: "" }), "structured-json", metadata, "source"),
    refusedWrite("a source that is not a URI-reference", bad({ source: "not a uri" }), "protobuf", metadata, "source"),
    refusedWrite("no event name", bad({ eventName: "" }), "binary", metadata, "event_name"),
    refusedWrite("an event version with a dot", bad({ eventVersion: "v1.2" }), "binary", metadata, "event_version"),
    refusedWrite("a time after the year 9999", bad({ timestamp: 253402300800000n }), "structured-json", metadata, "timestamp"),
    refusedWrite("a time before the year 0000", bad({ timestamp: -62167219200001n }), "protobuf", metadata, "timestamp"),
    refusedWrite("a traceparent that is not W3C's", bad({ traceparent: "00-abc" }), "binary", metadata, "traceparent"),
    refusedWrite("a tracestate without a traceparent", bad({ tracestate: "a=b" }), "binary", metadata, "tracestate"),
    refusedWrite("an attribute key that is no extension name", bad({ attributes: { Tenant: "x" } }), "binary", metadata, "attributes"),
    refusedWrite("an attribute key that is a mapped attribute", bad({ attributes: { subject: "x" } }), "structured-json", metadata, "attributes"),
    refusedWrite("a JSON payload that is not JSON", bad({ contentType: "application/json", payload: new TextEncoder().encode("{") }), "structured-json", metadata, "payload"),
    refusedWrite("a relative dataschema", good, "binary", metadata, "dataschema", { dataschema: "x.json" }),
    refusedWrite("protobuf format: an event the events lack", bad({ eventName: "fixture.unknown" }), "protobuf", "UNKNOWN_EVENT"),
    refusedWrite("protobuf format: a version the events lack", bad({ eventVersion: "v9" }), "protobuf", "UNSUPPORTED_VERSION"),
  ];
}

/** Every case, with the expected blocks computed by the TypeScript package. */
export function computeCloudEventsVectors(): CloudEventsVectors {
  return {
    writing: writingCases().map((vector) => ({ ...vector, expected: writeVectorMessage(vector) })),
    reading: readingCases().map((vector) => ({ ...vector, expected: { envelopeHex: hexOf(readVectorMessage(vector)) } })),
    errors: errorCases(),
    writeErrors: writeErrorCases(),
  };
}

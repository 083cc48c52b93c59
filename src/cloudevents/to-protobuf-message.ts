import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { InvalidMetadataError, UnknownEventError, UnsupportedVersionError } from "../errors.js";
import { createEventRegistry, type EventSource } from "../event-registry.js";
import { encodeCloudEvent, type CloudEventAttributeValue, type CloudEventData } from "./cloudevent-codec.js";
import type { EventMessage, WriteCloudEventOptions } from "./event-message.js";
import { writeAttributes } from "./write-attributes.js";

/** The content type of the protobuf event format. */
export const protobufFormatContentType = "application/cloudevents+protobuf";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Writes an envelope as a CloudEvent in the protobuf event format
 * (docs/cloudevents.md): `content-type: application/cloudevents+protobuf`,
 * the value an `io.cloudevents.v1.CloudEvent` with `id`, `source`,
 * `spec_version` and `type` as fields, every other attribute in `attributes`
 * sorted by name (`time` a `ce_timestamp`, the others `ce_string`), and the
 * payload as `proto_data` (a protobuf payload, whose type URL names the
 * payload's message, found in `events` by the envelope's event name and
 * version), `text_data` (JSON) or `binary_data` (another content type); an
 * empty JSON or other payload is not written. `headerPrefix` plays no part.
 *
 * @throws {InvalidMetadataError} when the envelope cannot be a CloudEvent,
 *   `field` naming the envelope field (`payload` for a JSON payload that is
 *   not UTF-8); or `dataschema` is not an absolute URI.
 * @throws {UnknownEventError} when none of `events` has the event's name.
 * @throws {UnsupportedVersionError} when none has its version.
 */
export function toProtobufMessage(envelope: Envelope, events: EventSource, options: WriteCloudEventOptions = {}): EventMessage {
  const { attributes, datacontenttype } = writeAttributes(envelope, options);
  const byName = new Map<string, CloudEventAttributeValue>([["datacontenttype", { kind: "ce_string", value: datacontenttype }]]);
  const fields = new Map<string, string>();
  for (const [name, value] of attributes) {
    if (name === "id" || name === "source" || name === "specversion" || name === "type") fields.set(name, value);
    else if (name === "time") byName.set(name, timestampValue(envelope.timestamp));
    else byName.set(name, { kind: "ce_string", value });
  }
  // Names are a-z and 0-9, where code unit order is code point order.
  const sorted = new Map([...byName].sort(([a], [b]) => (a < b ? -1 : 1)));
  const value = encodeCloudEvent({
    id: fields.get("id") ?? "",
    source: fields.get("source") ?? "",
    specVersion: "1.0",
    type: fields.get("type") ?? "",
    attributes: sorted,
    data: dataOf(envelope, datacontenttype, events),
  });
  return { headers: { "content-type": protobufFormatContentType }, value };
}

function timestampValue(millis: bigint): CloudEventAttributeValue {
  const nanosPart = ((millis % 1000n) + 1000n) % 1000n;
  return { kind: "ce_timestamp", seconds: (millis - nanosPart) / 1000n, nanos: Number(nanosPart) * 1_000_000 };
}

function dataOf(envelope: Envelope, contentType: string, events: EventSource): CloudEventData | undefined {
  if (contentType === "application/protobuf") {
    return { kind: "proto_data", typeUrl: `type.googleapis.com/${payloadTypeName(envelope, events)}`, value: envelope.payload };
  }
  if (envelope.payload.length === 0) return undefined;
  if (contentType !== "application/json") return { kind: "binary_data", value: envelope.payload };
  try {
    strictUtf8.decode(envelope.payload);
  } catch {
    throw new InvalidMetadataError("payload", "is not UTF-8, as its content type application/json says");
  }
  return { kind: "text_data", value: envelope.payload };
}

function payloadTypeName(envelope: Envelope, events: EventSource): string {
  const registry = createEventRegistry(events);
  const entry = registry.get(envelope.eventName, envelope.eventVersion);
  if (entry !== undefined) return entry.schema.typeName;
  const versions = registry.versions(envelope.eventName);
  if (versions.length === 0) throw new UnknownEventError(envelope.eventName, [...registry.names()]);
  throw new UnsupportedVersionError(envelope.eventName, envelope.eventVersion, versions);
}

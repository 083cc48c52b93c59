import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import type { DecodeLimits } from "../decode-limits.js";
import { InvalidCloudEventError, LimitExceededError, describe, quote } from "../errors.js";
import { encodeBase64 } from "./base64.js";
import { CloudEventFormatError, decodeCloudEvent, type CloudEventAttributeValue, type CloudEventProto } from "./cloudevent-codec.js";
import { formatEventTime } from "./event-time.js";
import { mediaTypeOf } from "./media-type.js";
import { readAttributes } from "./read-attributes.js";

// The attributes the protobuf format carries as fields, not in its attributes map.
const fieldAttributes = new Set(["id", "source", "specversion", "type"]);

/**
 * Reads a CloudEvent of the protobuf event format into an envelope.
 *
 * @throws {InvalidCloudEventError} when the value is not an
 *   `io.cloudevents.v1.CloudEvent` (`value`), an attribute value is empty or
 *   out of range (its name), an attribute given as a field is also in the map
 *   (its name), `proto_data` comes with a `datacontenttype` other than
 *   `application/protobuf` (`datacontenttype`), or an attribute breaks a rule.
 * @throws {LimitExceededError} when over a limit.
 * @internal
 */
export function readProtobufFormat(value: Uint8Array, limits: DecodeLimits): Envelope {
  let event: CloudEventProto;
  try {
    event = decodeCloudEvent(value, limits);
  } catch (cause) {
    if (cause instanceof LimitExceededError) throw cause;
    if (cause instanceof CloudEventFormatError) throw new InvalidCloudEventError("value", `is not an io.cloudevents.v1.CloudEvent: ${describe(cause)}`);
    throw cause;
  }
  const attributes = new Map<string, string>();
  const fields: [string, string][] = [
    ["id", event.id],
    ["source", event.source],
    ["specversion", event.specVersion],
    ["type", event.type],
  ];
  for (const [name, given] of fields) if (given !== "") attributes.set(name, given);
  for (const key of [...event.attributes.keys()].sort()) {
    if (fieldAttributes.has(key)) throw new InvalidCloudEventError(key, "is in the attributes map, but the protobuf format carries it as a field");
    attributes.set(key, attributeString(key, event.attributes.get(key)));
  }
  const data = event.data;
  let defaultContentType = "";
  if (data?.kind === "proto_data") {
    const contentType = attributes.get("datacontenttype");
    if (contentType !== undefined && mediaTypeOf(contentType) !== "application/protobuf") {
      throw new InvalidCloudEventError("datacontenttype", `is ${quote(contentType)}, but the data is proto_data, a protobuf message`);
    }
    defaultContentType = "application/protobuf";
  }
  return readAttributes(attributes, data?.value ?? new Uint8Array(), defaultContentType);
}

// A typed attribute value as its canonical string (docs/cloudevents.md).
function attributeString(name: string, value: CloudEventAttributeValue | undefined): string {
  if (value === undefined) throw new InvalidCloudEventError(name, "has a value with no type set");
  switch (value.kind) {
    case "ce_boolean":
      return String(value.value);
    case "ce_integer":
      return String(value.value);
    case "ce_bytes":
      return encodeBase64(value.value);
    case "ce_timestamp": {
      const time = value.nanos >= 0 && value.nanos <= 999_999_999 ? formatEventTime(value.seconds * 1000n + BigInt(Math.floor(value.nanos / 1e6))) : undefined;
      if (time === undefined) throw new InvalidCloudEventError(name, `is a timestamp out of range (${value.seconds} s, ${value.nanos} ns)`);
      return time;
    }
    default:
      return value.value;
  }
}

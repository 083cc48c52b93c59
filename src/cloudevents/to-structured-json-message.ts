import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { InvalidMetadataError, describe } from "../errors.js";
import { parseJson } from "../json-parse.js";
import { encodeBase64 } from "./base64.js";
import type { EventMessage, WriteCloudEventOptions } from "./event-message.js";
import { compactJson } from "./json-text.js";
import { writeAttributes } from "./write-attributes.js";

/** The content type of the JSON event format, as both packages write it. */
export const structuredJsonContentType = "application/cloudevents+json; charset=utf-8";

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Writes an envelope as a CloudEvent in the JSON event format
 * (docs/cloudevents.md): `content-type: application/cloudevents+json;
 * charset=utf-8`, the value one compact JSON object of the attributes in the
 * documented order, `datacontenttype`, then the payload: `data` (the JSON
 * payload, its whitespace between tokens removed) for `application/json`,
 * else `data_base64`; nothing for an empty payload. `headerPrefix` plays no part.
 *
 * @throws {InvalidMetadataError} when the envelope cannot be a CloudEvent,
 *   `field` naming the envelope field (`payload` for a JSON payload that is
 *   not JSON text); or `dataschema` is not an absolute URI.
 */
export function toStructuredJsonMessage(envelope: Envelope, options: WriteCloudEventOptions = {}): EventMessage {
  const { attributes, datacontenttype } = writeAttributes(envelope, options);
  const members = attributes.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  members.push(`"datacontenttype":${JSON.stringify(datacontenttype)}`);
  if (envelope.payload.length > 0) {
    members.push(envelope.contentType === "application/json" ? `"data":${jsonPayload(envelope.payload)}` : `"data_base64":"${encodeBase64(envelope.payload)}"`);
  }
  return { headers: { "content-type": structuredJsonContentType }, value: utf8.encode(`{${members.join(",")}}`) };
}

function jsonPayload(payload: Uint8Array): string {
  try {
    const text = strictUtf8.decode(payload);
    parseJson(text);
    return compactJson(text);
  } catch (cause) {
    throw new InvalidMetadataError("payload", `is not JSON text in UTF-8, as its content type application/json says: ${describe(cause)}`);
  }
}

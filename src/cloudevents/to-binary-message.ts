import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import type { EventMessage, WriteCloudEventOptions } from "./event-message.js";
import { headerPrefixOf } from "./header-prefix.js";
import { writeAttributes } from "./write-attributes.js";

/**
 * Writes an envelope as a CloudEvent in binary mode (docs/cloudevents.md):
 * each attribute a header named with the prefix (`ce_id`, `ce_type`, ...),
 * `datacontenttype` the `content-type` header, the payload bytes the value.
 * Headers come in the documented order, so both packages write the same.
 *
 * @throws {InvalidMetadataError} when the envelope cannot be a CloudEvent (no
 *   id, a source that is not a URI-reference, a time outside years 0000 to
 *   9999, ...), `field` naming the envelope field; or `dataschema` is not an
 *   absolute URI.
 * @throws {TypeError} when `headerPrefix` is neither `ce_` nor `ce-`.
 */
export function toBinaryMessage(envelope: Envelope, options: WriteCloudEventOptions = {}): EventMessage {
  const prefix = headerPrefixOf(options.headerPrefix);
  const { attributes, datacontenttype } = writeAttributes(envelope, options);
  const headers: Record<string, string> = {};
  for (const [name, value] of attributes) headers[`${prefix}${name}`] = value;
  headers["content-type"] = datacontenttype;
  return { headers, value: new Uint8Array(envelope.payload) };
}

import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { resolveLimits } from "../decode-limits.js";
import { InvalidCloudEventError, LimitExceededError, quote } from "../errors.js";
import { plainView } from "../plain-view.js";
import type { IncomingHeaders, ReadCloudEventOptions } from "./event-message.js";
import { headerPrefixOf } from "./header-prefix.js";
import { mediaTypeOf } from "./media-type.js";
import { readAttributes } from "./read-attributes.js";
import { readHeaders } from "./read-headers.js";
import { readProtobufFormat } from "./read-protobuf-format.js";
import { readStructuredJson } from "./read-structured-json.js";

/**
 * Reads a CloudEvent from a broker message into an envelope
 * (docs/cloudevents.md), in the mode its `content-type` names:
 * `application/cloudevents+json` structured JSON,
 * `application/cloudevents+protobuf` the protobuf format, any other binary
 * mode, which needs the prefixed `specversion` header. Header names are
 * compared case-insensitively; other headers are ignored. The envelope shares
 * no memory with `value`; with `options.shareMemory`, in binary mode its
 * `payload` is a view of `value`.
 *
 * @throws {InvalidCloudEventError} when the message is not a conforming
 *   CloudEvent of CloudEvents 1.0 that maps to an envelope; `field` names the
 *   attribute at fault, or the part of the message (`content-type`, `value`,
 *   `data`, `data_base64`).
 * @throws {LimitExceededError} when the value and the headers read are over
 *   `maxBytes`, or the value is over another limit (`options.limits`, or
 *   {@link defaultDecodeLimits}).
 * @throws {TypeError} when `headerPrefix` is neither `ce_` nor `ce-`.
 * @throws {RangeError} when a limit is out of range.
 */
export function fromMessage(message: { readonly headers: IncomingHeaders; readonly value: Uint8Array }, options: ReadCloudEventOptions = {}): Envelope {
  const limits = resolveLimits(options);
  const prefix = headerPrefixOf(options.headerPrefix);
  const { value } = message;
  if (value.length > limits.maxBytes) throw new LimitExceededError("maxBytes", value.length, limits.maxBytes, "CloudEvent message");
  const { contentType, attributes } = readHeaders(message.headers, prefix, value.length, limits);
  const format = eventFormat(contentType);
  if (format === undefined) {
    if (contentType !== undefined) attributes.set("datacontenttype", contentType);
    // A copy into a plain array (a Buffer's own slice() is a view of the caller's memory), or a
    // plain view of the value when the caller shares it.
    return readAttributes(attributes, options.shareMemory === true ? plainView(value) : new Uint8Array(value), "");
  }
  return format === "json" ? readStructuredJson(value, limits) : readProtobufFormat(value, limits);
}

type EventFormat = "json" | "protobuf";

// The media type of a content type: lower case, without parameters or spaces around it.
function eventFormat(contentType: string | undefined): EventFormat | undefined {
  if (contentType === undefined) return undefined;
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === "application/cloudevents+json") return "json";
  if (mediaType === "application/cloudevents+protobuf") return "protobuf";
  if (mediaType.startsWith("application/cloudevents-batch")) {
    throw new InvalidCloudEventError("content-type", `${quote(contentType)} is a batch of CloudEvents; read one event a message`);
  }
  if (mediaType.startsWith("application/cloudevents")) {
    throw new InvalidCloudEventError("content-type", `${quote(contentType)} is an event format neither JSON nor protobuf`);
  }
  return undefined;
}

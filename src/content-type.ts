import { toJsonString, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { decodeMessage } from "./codec/decode-message.js";
import { encodeMessage } from "./codec/encode-message.js";
import type { DecodeLimits } from "./decode-limits.js";
import { LimitExceededError, UnsupportedContentTypeError } from "./errors.js";
import { decodeJsonText } from "./json-decode.js";

/**
 * The payload encodings an envelope may carry, as its `content_type` names them.
 */
export const ContentType = {
  /** Protobuf binary, the default. */
  Protobuf: "application/protobuf",
  /** The canonical protobuf JSON mapping, UTF-8 encoded. */
  Json: "application/json",
} as const;

/**
 * One of the values of {@link ContentType}.
 */
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Returns the content type an envelope's `content_type` field names; an empty
 * field means protobuf binary, the proto3 default.
 *
 * @throws {UnsupportedContentTypeError} for any other value.
 * @internal
 */
export function parseContentType(value: string): ContentType {
  if (value === "" || value === ContentType.Protobuf) return ContentType.Protobuf;
  if (value === ContentType.Json) return ContentType.Json;
  throw new UnsupportedContentTypeError(value);
}

/**
 * Encodes a payload message as the content type says: binary as protobuf-es's
 * `toBinary` writes it, byte for byte (src/codec/encode-message.ts).
 *
 * @internal
 */
export function encodePayload<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  contentType: ContentType,
): Uint8Array {
  return contentType === ContentType.Json ? utf8.encode(toJsonString(schema, message)) : encodeMessage(schema, message);
}

/**
 * Decodes a payload as the content type says. The message shares no memory
 * with `payload`. Binary follows the decoding contract (docs/decoding.md,
 * src/codec/decode-message.ts). JSON follows the strict proto3
 * JSON policy (docs/json-policy.md): UTF-8 (a leading byte order mark is
 * dropped), then as the envelope's JSON, but unknown fields are ignored, as
 * binary does, so an older consumer reads what a newer producer wrote.
 *
 * @throws {LimitExceededError} when the payload is over one of the `limits`.
 * @throws whatever the decoder throws otherwise: the caller wraps it.
 * @internal
 */
export function decodePayload<Desc extends DescMessage>(
  schema: Desc,
  payload: Uint8Array,
  contentType: ContentType,
  limits: DecodeLimits,
  share: boolean,
): MessageShape<Desc> {
  if (contentType === ContentType.Json) {
    if (payload.length > limits.maxBytes) throw new LimitExceededError("maxBytes", payload.length, limits.maxBytes, "payload");
    return decodeJsonText(schema, strictUtf8.decode(payload), { limits, where: "payload", ignoreUnknownFields: true });
  }
  return decodeMessage(schema, payload, limits, "payload", share);
}

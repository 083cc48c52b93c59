import { fromBinary, toJson, toJsonString, type JsonValue } from "@bufbuild/protobuf";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { resolveLimits, type DecodeLimits, type DecodeOptions } from "./decode-limits.js";
import { readEnvelope } from "./envelope-read.js";
import { writeEnvelope } from "./envelope-write.js";
import { LimitExceededError, MalformedEnvelopeError, describe } from "./errors.js";
import { decodeJsonText, decodeJsonValue } from "./json-decode.js";
import { checkJsonTextSize } from "./json-limits.js";
import { plainView } from "./plain-view.js";
import { scanWire } from "./wire-scan.js";

/**
 * Encodes an envelope to protobuf binary, the bytes to publish to a broker:
 * its canonical bytes, the same in TypeScript and Python for the same
 * envelope (docs/envelope-bytes.md). They equal
 * `toBinary(EnvelopeSchema, envelope)` but for the order of the `attributes`
 * entries, which are written sorted by key in code point order.
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  return writeEnvelope(envelope);
}

/**
 * Decodes protobuf binary into an envelope. The envelope shares no memory
 * with `bytes`: reusing the buffer afterwards changes nothing in it; with
 * `options.shareMemory`, its `payload` is a view into `bytes` instead of a copy.
 *
 * @throws {MalformedEnvelopeError} when the bytes are not an envelope.
 * @throws {LimitExceededError} when the bytes are over one of the limits
 *   (`options.limits`, or {@link defaultDecodeLimits}).
 */
export function decodeEnvelope(bytes: Uint8Array, options?: DecodeOptions): Envelope {
  const limits = resolveLimits(options);
  if (bytes.length > limits.maxBytes) throw new LimitExceededError("maxBytes", bytes.length, limits.maxBytes, "envelope");
  const share = options?.shareMemory === true;
  // The common form straight; anything else, and every error, from scanWire and protobuf-es.
  return (bytes instanceof Uint8Array ? readEnvelope(bytes, limits, share) : undefined) ?? decodeEnvelopeGeneral(bytes, limits, share);
}

/**
 * Decodes envelope bytes of any form, within `limits` but for `maxBytes`
 * (checked before): scanWire, then protobuf-es's fromBinary on a copy, or on
 * `bytes` themselves when `share`.
 *
 * @throws {MalformedEnvelopeError} when the bytes are not an envelope.
 * @throws {LimitExceededError} when the bytes are over one of the limits.
 * @internal
 */
export function decodeEnvelopeGeneral(bytes: Uint8Array, limits: DecodeLimits, share: boolean): Envelope {
  try {
    scanWire(EnvelopeSchema, bytes, limits, "envelope");
    // A copy: protobuf-es reads bytes fields as views into its input, and the caller may reuse
    // its buffer for the next message. Not `slice()`: a Node Buffer's slice is a view.
    return fromBinary(EnvelopeSchema, share ? plainView(bytes) : new Uint8Array(bytes));
  } catch (cause) {
    if (cause instanceof LimitExceededError) throw cause;
    throw new MalformedEnvelopeError(`bytes are not a protoevents.v1.Envelope: ${describe(cause)}`, cause);
  }
}

/**
 * Returns the envelope's canonical protobuf JSON form: field names in
 * lowerCamelCase, the payload as base64, int64 as strings, and `attributes`
 * inserted sorted (by UTF-16 code units, as `Array.prototype.sort` does), as
 * the Python package writes them; a JavaScript object then lists keys such as
 * "7" first, in numeric order.
 */
export function envelopeToJson(envelope: Envelope): JsonValue {
  return toJson(EnvelopeSchema, withSortedAttributes(envelope));
}

/**
 * Parses an envelope from its protobuf JSON form, as `JSON.parse` gives it, by
 * the strict proto3 JSON policy (docs/json-policy.md); unknown fields are
 * errors. `JSON.parse` has rounded its numbers already: a `timestamp` beyond
 * 2^53 is exact only as a string, or through {@link envelopeFromJsonString}.
 *
 * @throws {MalformedEnvelopeError} when the JSON is not an envelope.
 * @throws {LimitExceededError} when the JSON is over one of the limits.
 */
export function envelopeFromJson(json: JsonValue, options?: DecodeOptions): Envelope {
  const limits = resolveLimits(options);
  try {
    return decodeJsonValue(EnvelopeSchema, json, { limits, where: "envelope", ignoreUnknownFields: false });
  } catch (cause) {
    if (cause instanceof LimitExceededError) throw cause;
    throw new MalformedEnvelopeError(`JSON is not a protoevents.v1.Envelope: ${describe(cause)}`, cause);
  }
}

/**
 * Serializes an envelope to its canonical protobuf JSON text.
 */
export function envelopeToJsonString(envelope: Envelope): string {
  return toJsonString(EnvelopeSchema, withSortedAttributes(envelope));
}

// A decoded envelope keeps its attributes in the order they came on the wire.
function withSortedAttributes(envelope: Envelope): Envelope {
  const keys = Object.keys(envelope.attributes);
  if (keys.length < 2) return envelope;
  // Defined, not assigned: assigning "__proto__" would set the prototype, not a key.
  const attributes: Record<string, string> = {};
  for (const key of keys.sort()) {
    Object.defineProperty(attributes, key, { value: envelope.attributes[key], enumerable: true, writable: true, configurable: true });
  }
  return { ...envelope, attributes };
}

/**
 * Parses an envelope from JSON text by the strict proto3 JSON policy
 * (docs/json-policy.md): RFC 8259 text without a byte order mark, no
 * duplicate keys, numbers exact, unknown fields are errors.
 *
 * @throws {MalformedEnvelopeError} when the text is not JSON or not an envelope.
 * @throws {LimitExceededError} when the text is over `maxBytes` in UTF-8, or
 *   nests arrays and objects deeper than `maxDepth`.
 */
export function envelopeFromJsonString(json: string, options?: DecodeOptions): Envelope {
  const limits = resolveLimits(options);
  checkJsonTextSize(json, limits, "envelope");
  try {
    return decodeJsonText(EnvelopeSchema, json, { limits, where: "envelope", ignoreUnknownFields: false });
  } catch (cause) {
    if (cause instanceof LimitExceededError) throw cause;
    throw new MalformedEnvelopeError(`JSON text is not a protoevents.v1.Envelope: ${describe(cause)}`, cause);
  }
}

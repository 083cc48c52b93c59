import type { DecodeLimits } from "../decode-limits.js";
import { InvalidCloudEventError, LimitExceededError } from "../errors.js";
import { asciiLowerCase } from "./ascii-case.js";
import type { IncomingHeaders } from "./event-message.js";

/** The headers of a message that CloudEvents defines, by lower-case name. */
export interface CloudEventHeaders {
  /** The `content-type` header, if given. */
  readonly contentType: string | undefined;
  /** The attributes of the prefixed headers, by name without the prefix. */
  readonly attributes: Map<string, string>;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();

/**
 * Reads `content-type` and the headers of the prefix, names compared
 * case-insensitively; other headers are not looked at. Their names and values
 * in UTF-8, with the value's bytes, count against `maxBytes`.
 *
 * @throws {InvalidCloudEventError} when a header is given twice (an array of
 *   more than one value, or two names differing in case) or a value is not
 *   UTF-8; `field` is the attribute's name or `content-type`.
 * @throws {LimitExceededError} when over `maxBytes`.
 * @internal
 */
export function readHeaders(headers: IncomingHeaders, prefix: string, valueSize: number, limits: DecodeLimits): CloudEventHeaders {
  let size = valueSize;
  let contentType: string | undefined;
  const attributes = new Map<string, string>();
  for (const [name, given] of Object.entries(headers)) {
    const lower = asciiLowerCase(name);
    const isContentType = lower === "content-type";
    if (!isContentType && !lower.startsWith(prefix)) continue;
    const field = isContentType ? "content-type" : lower.slice(prefix.length);
    const raw = single(given, field);
    if (raw === undefined) continue;
    if ((isContentType ? contentType !== undefined : attributes.has(field))) throw new InvalidCloudEventError(field, "is given in two headers");
    const bytes = typeof raw === "string" ? utf8.encode(raw) : raw;
    size += utf8.encode(name).length + bytes.length;
    if (size > limits.maxBytes) throw new LimitExceededError("maxBytes", size, limits.maxBytes, "CloudEvent message");
    const value = typeof raw === "string" ? raw : decodeUtf8(raw, field);
    if (isContentType) contentType = value;
    else attributes.set(field, value);
  }
  return { contentType, attributes };
}

function single(given: IncomingHeaders[string], field: string): string | Uint8Array | undefined {
  if (!Array.isArray(given)) return given as string | Uint8Array | undefined;
  if (given.length > 1) throw new InvalidCloudEventError(field, "is given in two headers");
  return given[0] as string | Uint8Array | undefined;
}

function decodeUtf8(bytes: Uint8Array, field: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidCloudEventError(field, "has a header value that is not UTF-8");
  }
}

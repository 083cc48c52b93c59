import type { DecodeLimits } from "../decode-limits.js";
import { InvalidCloudEventError, LimitExceededError } from "../errors.js";
import { utf8Size } from "../utf8.js";
import { asciiLowerCase } from "./ascii-case.js";
import type { IncomingHeaders } from "./event-message.js";
import { mappedNames } from "./read-attributes.js";
import { isWellFormed } from "./well-formed.js";

/** The headers of a message that CloudEvents defines, by lower-case name. */
export interface CloudEventHeaders {
  /** The `content-type` header, if given. */
  readonly contentType: string | undefined;
  /** The attributes of the prefixed headers, by name without the prefix. */
  readonly attributes: Map<string, string>;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

// The headers of the attributes an envelope field takes, as writers name them (lower case), to
// the attribute: such a header is read without lower-casing and slicing its name, and the
// attribute map is keyed by these constant strings.
function attributeHeadersOf(prefix: string): ReadonlyMap<string, string> {
  return new Map([...mappedNames].map((name) => [`${prefix}${name}`, name]));
}
const attributeHeaders = { ce_: attributeHeadersOf("ce_"), "ce-": attributeHeadersOf("ce-") };

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
export function readHeaders(headers: IncomingHeaders, prefix: "ce_" | "ce-", valueSize: number, limits: DecodeLimits): CloudEventHeaders {
  let size = valueSize;
  let contentType: string | undefined;
  const attributes = new Map<string, string>();
  const attributeOf = attributeHeaders[prefix];
  // Object.keys, not Object.entries: the same names in the same order, without a pair array per header.
  for (const name of Object.keys(headers)) {
    let isContentType = name === "content-type";
    let field = isContentType ? name : attributeOf.get(name);
    // The names looked up are ASCII: a byte a character.
    let nameSize = name.length;
    if (field === undefined) {
      const lower = asciiLowerCase(name);
      isContentType = lower === "content-type";
      if (!isContentType && !lower.startsWith(prefix)) continue;
      field = isContentType ? "content-type" : lower.slice(prefix.length);
      nameSize = utf8Size(name);
    }
    const raw = single(headers[name], field);
    if (raw === undefined) continue;
    if ((isContentType ? contentType !== undefined : attributes.has(field))) throw new InvalidCloudEventError(field, "is given in two headers");
    // Counted, not encoded: TextEncoder costs a microsecond a call, a dozen calls a message.
    size += nameSize + (typeof raw === "string" ? utf8Size(raw) : raw.length);
    if (size > limits.maxBytes) throw new LimitExceededError("maxBytes", size, limits.maxBytes, "CloudEvent message");
    const value = typeof raw === "string" ? checkWellFormed(raw, field) : repeated.has(field) ? decodeRepeated(raw, field) : decodeUtf8(raw, field);
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

// The attributes that name the producer and the kind of event, which a topic's events mostly
// share, and the last value each had: comparing a few bytes costs less than decoding them
// (TextDecoder costs about 150 ns a call). Kept for values of at most 256 bytes.
const repeated: ReadonlySet<string> = new Set(["specversion", "source", "type", "datacontenttype", "dataschema", "content-type"]);
const lastRead = new Map<string, { readonly bytes: Uint8Array; readonly text: string }>();
const maxRepeatedBytes = 256;

function decodeRepeated(bytes: Uint8Array, field: string): string {
  const last = lastRead.get(field);
  if (last !== undefined && sameBytes(last.bytes, bytes)) return last.text;
  const text = decodeUtf8(bytes, field);
  // A copy, the caller may reuse its array (and a Buffer's slice() is a view).
  if (bytes.length <= maxRepeatedBytes) lastRead.set(field, { bytes: new Uint8Array(bytes), text });
  return text;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function decodeUtf8(bytes: Uint8Array, field: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidCloudEventError(field, "has a header value that is not UTF-8");
  }
}

// A header given as a string with a lone surrogate has no UTF-8 form: refused as bytes that are
// not UTF-8 are, as Python refuses it.
function checkWellFormed(value: string, field: string): string {
  if (!isWellFormed(value)) throw new InvalidCloudEventError(field, "has a header value that is not UTF-8");
  return value;
}

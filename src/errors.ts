/**
 * The stable codes of every error protoevents throws. A code never changes once
 * released, and the Python package raises the same codes, so a consumer may
 * branch on `error.code` in either language.
 */
export const ErrorCode = {
  /** The bytes or JSON are not an envelope. */
  MalformedEnvelope: "MALFORMED_ENVELOPE",
  /** The envelope lacks a field that decoding needs (`event_name`, `event_version`). */
  IncompleteEnvelope: "INCOMPLETE_ENVELOPE",
  /** No event of this name is known. */
  UnknownEvent: "UNKNOWN_EVENT",
  /** The event name is known, but not in this version. */
  UnsupportedVersion: "UNSUPPORTED_VERSION",
  /** The content type is neither `application/protobuf` nor `application/json`. */
  UnsupportedContentType: "UNSUPPORTED_CONTENT_TYPE",
  /** The payload does not decode as the event's schema. */
  PayloadDecodeFailed: "PAYLOAD_DECODE_FAILED",
  /** The schema given to `wrap` has no `(protoevents.v1.event)` option or no version suffix. */
  NotAnEvent: "NOT_AN_EVENT",
  /** A metadata value given to `wrap` is of the wrong type, not well-formed Unicode, out of range, empty, or an attribute key outside the key rule. */
  InvalidMetadata: "INVALID_METADATA",
  /** The input is over one of the decoding limits (size, depth, unknown fields). */
  LimitExceeded: "LIMIT_EXCEEDED",
  /** A broker message is not a CloudEvent that maps to an envelope (docs/cloudevents.md). */
  InvalidCloudEvent: "INVALID_CLOUD_EVENT",
  /** A message is larger than the `max_bytes` its event declares (docs/limits.md): refused before sending. */
  EventTooLarge: "EVENT_TOO_LARGE",
} as const;

/**
 * One of the values of {@link ErrorCode}.
 */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

// The mark of every protoevents error, shared by every copy of the package in a process (an
// ESM and a CJS copy, or two versions): `Symbol.for` returns one symbol per key.
const brand = Symbol.for("protoevents.ProtoeventsError");

/**
 * Whether a value is an error thrown by protoevents, by any copy of the
 * package in the process (ESM and CJS, or another version), so that `code` can
 * be read. `instanceof ProtoeventsError` and `instanceof` its subclasses give
 * the same answer.
 */
export function isProtoeventsError(value: unknown): value is ProtoeventsError {
  return typeof value === "object" && value !== null && (value as { [brand]?: unknown })[brand] === true;
}

/**
 * The base class of every error protoevents throws. Catch it to handle all of
 * them; read `code` to tell them apart.
 *
 * `instanceof` works across copies of the package: an error thrown by the CJS
 * copy is an instance of the ESM copy's class of the same name.
 */
export class ProtoeventsError extends Error {
  /** The stable code of this error, one of {@link ErrorCode}. */
  readonly code: ErrorCode;

  /**
   * Whether `value` is an instance of this class, thrown by this or another
   * copy of the package: the same class name in its prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!isProtoeventsError(value)) return false;
    for (let proto: unknown = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      if ((proto as { constructor?: { name?: unknown } }).constructor?.name === this.name) return true;
    }
    return false;
  }

  /**
   * @param code - the stable code
   * @param message - what was wrong and where
   * @param options - the underlying error, if any
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[${code}] ${message}`, options);
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }
}

/**
 * Thrown when bytes or JSON do not decode as a `protoevents.v1.Envelope`.
 */
export class MalformedEnvelopeError extends ProtoeventsError {
  /**
   * @param message - why the input is not an envelope
   * @param cause - the decoder's own error
   */
  constructor(message: string, cause?: unknown) {
    super(ErrorCode.MalformedEnvelope, message, { cause });
  }
}

/**
 * Thrown by `unwrap` when the envelope lacks a field it needs to find the schema.
 */
export class IncompleteEnvelopeError extends ProtoeventsError {
  /**
   * @param field - the envelope field that is empty, e.g. `event_name`
   */
  constructor(readonly field: string) {
    super(ErrorCode.IncompleteEnvelope, `envelope field ${quote(field)} is empty; every envelope needs an event name and version`);
  }
}

/**
 * Thrown by `unwrap` when none of the events it was given has the envelope's name.
 */
export class UnknownEventError extends ProtoeventsError {
  /**
   * @param eventName - the name found in the envelope
   * @param acceptedNames - the event names of the `events` given to `unwrap`, in
   *   their order; the message lists the first 20
   */
  constructor(
    readonly eventName: string,
    readonly acceptedNames: readonly string[],
  ) {
    super(ErrorCode.UnknownEvent, `unknown event ${quote(eventName)}: not among the events this call accepts; accepted names: ${listing(acceptedNames)}`);
  }
}

/**
 * Thrown by `unwrap` when some of the events it was given have the envelope's
 * name, but none its version.
 */
export class UnsupportedVersionError extends ProtoeventsError {
  /**
   * @param eventName - the name found in the envelope
   * @param eventVersion - the version found in the envelope
   * @param knownVersions - the versions of this name among the `events` given
   *   to `unwrap`, in their order
   */
  constructor(
    readonly eventName: string,
    readonly eventVersion: string,
    readonly knownVersions: readonly string[],
  ) {
    super(
      ErrorCode.UnsupportedVersion,
      `event ${quote(eventName)} has no version ${quote(eventVersion)} among the events this call accepts; accepted versions: ${listing(knownVersions)}`,
    );
  }
}

// A message names at most this many accepted names or versions: an organisation has hundreds.
const listed = 20;

// `unwrap(envelope, [])` accepts nothing: "none" reads better than an empty list.
function listing(items: readonly string[]): string {
  if (items.length === 0) return "none";
  const more = items.length > listed ? ` and ${items.length - listed} more` : "";
  return items.slice(0, listed).join(", ") + more;
}

/**
 * Thrown when a content type is neither `application/protobuf` nor `application/json`.
 */
export class UnsupportedContentTypeError extends ProtoeventsError {
  /**
   * @param contentType - the content type found or given
   */
  constructor(readonly contentType: string) {
    super(
      ErrorCode.UnsupportedContentType,
      `unsupported content type ${quote(contentType)}; expected "application/protobuf" or "application/json"`,
    );
  }
}

/**
 * Thrown by `unwrap` when the payload does not decode as the event's schema.
 */
export class PayloadDecodeError extends ProtoeventsError {
  /**
   * @param eventName - the event's name
   * @param eventVersion - the event's version
   * @param contentType - the content type the payload was decoded as
   * @param cause - the decoder's own error
   */
  constructor(
    readonly eventName: string,
    readonly eventVersion: string,
    readonly contentType: string,
    cause: unknown,
  ) {
    super(
      ErrorCode.PayloadDecodeFailed,
      `payload of ${quote(eventName)} ${quote(eventVersion)} does not decode as ${contentType}: ${describe(cause)}`,
      { cause },
    );
  }
}

/**
 * Thrown by `wrap` when the schema is not an event schema.
 */
export class NotAnEventError extends ProtoeventsError {
  /**
   * @param typeName - the message's fully qualified name
   * @param reason - what the schema lacks
   */
  constructor(
    readonly typeName: string,
    reason: string,
  ) {
    super(ErrorCode.NotAnEvent, `${typeName} is not an event: ${reason}`);
  }
}

/**
 * Thrown by `wrap` when a metadata value is of the wrong type, not well-formed
 * Unicode, out of range, empty, or an attribute key outside the key rule.
 */
export class InvalidMetadataError extends ProtoeventsError {
  /**
   * @param field - the metadata option at fault, e.g. `timestamp`
   * @param reason - what is wrong with its value
   */
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(ErrorCode.InvalidMetadata, `invalid ${field}: ${reason}`);
  }
}

/**
 * Thrown when an input is over one of the decoding limits: the envelope's
 * size, the nesting depth, or the number of unknown fields kept.
 */
export class LimitExceededError extends ProtoeventsError {
  /**
   * @param limit - the limit's option name, e.g. `maxBytes`
   * @param value - the input's value, or the first value over the limit found
   * @param max - the limit in force
   * @param where - what was being decoded, e.g. `envelope`
   */
  constructor(
    readonly limit: string,
    readonly value: number,
    readonly max: number,
    where: string,
  ) {
    super(ErrorCode.LimitExceeded, `${where} is over the ${limit} limit: ${value} > ${max}`);
  }
}

/**
 * Thrown when a broker message is not a conforming CloudEvent, or not one that
 * maps to an envelope (docs/cloudevents.md): a required attribute missing, a
 * value of the wrong form, bytes that are not the format its content type names.
 */
export class InvalidCloudEventError extends ProtoeventsError {
  /**
   * @param field - the CloudEvents attribute at fault (`specversion`, `type`,
   *   `time`, an extension's name), or else the part of the message (`data`,
   *   `data_base64`, `content-type`, `value`)
   * @param reason - what is wrong with it
   */
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(ErrorCode.InvalidCloudEvent, `not a valid CloudEvent: ${quote(field)} ${reason}`);
  }
}

/**
 * Thrown by `checkEventSize`, and so by a publisher before it sends, when a
 * message is larger than the `max_bytes` its event declares (docs/limits.md).
 */
export class EventTooLargeError extends ProtoeventsError {
  /**
   * @param eventName - the event's name
   * @param eventVersion - the event's version
   * @param size - the message's size in bytes, as the broker would count it
   * @param maxBytes - the event's declared `max_bytes`
   */
  constructor(
    readonly eventName: string,
    readonly eventVersion: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(ErrorCode.EventTooLarge, `event ${quote(eventName)} ${quote(eventVersion)} is over its declared max_bytes: ${size} > ${maxBytes} bytes`);
  }
}

/**
 * Quotes an untrusted value for an error message: cut to 64 characters (the
 * full value stays on the error's own fields) and with quotes, backslashes,
 * control characters, line and paragraph separators and lone surrogates
 * escaped as in JSON, so that a message never carries raw control characters
 * into a log. The Python package quotes alike.
 *
 * @internal
 */
export function quote(value: string): string {
  return `"${escapeCut(value, 64, quoted)}"`;
}

/**
 * Returns the message of an error, or the string form of anything else thrown,
 * cut to 200 characters and escaped as {@link quote} does: a decoder's message
 * may quote the input.
 *
 * @internal
 */
export function describe(error: unknown): string {
  return escapeCut(error instanceof Error ? error.message : String(error), 200, unsafe);
}

// Control characters, line and paragraph separators, lone surrogates; and quotes and backslashes
// for a quoted value.
const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const quoted = new RegExp(`["\\\\]|${unsafe.source}`, "g");

function escapeCut(value: string, max: number, pattern: RegExp): string {
  // Slicing first keeps this cheap for a value of megabytes; a code point is at most 2 units.
  const head = Array.from(value.slice(0, 2 * max + 1));
  const shown = head.length > max ? `${head.slice(0, max).join("")}…` : value;
  return shown.replace(pattern, (c) =>
    c === '"' || c === "\\" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

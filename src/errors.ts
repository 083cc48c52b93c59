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
  /** A metadata value given to `wrap` is out of range or empty. */
  InvalidMetadata: "INVALID_METADATA",
} as const;

/**
 * One of the values of {@link ErrorCode}.
 */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The base class of every error protoevents throws. Catch it to handle all of
 * them; read `code` to tell them apart.
 */
export class ProtoeventsError extends Error {
  /** The stable code of this error, one of {@link ErrorCode}. */
  readonly code: ErrorCode;

  /**
   * @param code - the stable code
   * @param message - what was wrong and where
   * @param options - the underlying error, if any
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[${code}] ${message}`, options);
    this.name = new.target.name;
    this.code = code;
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
    super(ErrorCode.IncompleteEnvelope, `envelope field "${field}" is empty; every envelope needs an event name and version`);
  }
}

/**
 * Thrown by `unwrap` when no event of the envelope's name is known: none is
 * registered, or, when `unwrap` was given `events`, none of them has the name.
 */
export class UnknownEventError extends ProtoeventsError {
  /**
   * @param eventName - the name found in the envelope
   * @param acceptedNames - the event names of the `events` given to `unwrap`, in
   *   their order; `undefined` when it was given none and accepted every
   *   registered event
   */
  constructor(
    readonly eventName: string,
    readonly acceptedNames?: readonly string[],
  ) {
    const reason =
      acceptedNames === undefined
        ? "no schema of this name is registered"
        : `not among the events this call accepts; accepted names: ${listing(acceptedNames)}`;
    super(ErrorCode.UnknownEvent, `unknown event "${eventName}": ${reason}`);
  }
}

/**
 * Thrown by `unwrap` when the event's name is known but not its version:
 * registered, or, when `unwrap` was given `events`, among them.
 */
export class UnsupportedVersionError extends ProtoeventsError {
  /**
   * @param eventName - the name found in the envelope
   * @param eventVersion - the version found in the envelope
   * @param knownVersions - the versions of this name that are registered, or,
   *   when `restricted`, that are among the `events` given to `unwrap`
   * @param restricted - whether `unwrap` was given `events`, so that
   *   `knownVersions` are only the accepted ones
   */
  constructor(
    readonly eventName: string,
    readonly eventVersion: string,
    readonly knownVersions: readonly string[],
    readonly restricted = false,
  ) {
    const versions = listing(knownVersions);
    super(
      ErrorCode.UnsupportedVersion,
      restricted
        ? `event "${eventName}" has no version "${eventVersion}" among the events this call accepts; accepted versions: ${versions}`
        : `event "${eventName}" has no version "${eventVersion}"; known versions: ${versions}`,
    );
  }
}

// `unwrap(envelope, [])` accepts nothing: "none" reads better than an empty list.
function listing(items: readonly string[]): string {
  return items.length === 0 ? "none" : items.join(", ");
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
      `unsupported content type "${contentType}"; expected "application/protobuf" or "application/json"`,
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
      `payload of "${eventName}" ${eventVersion} does not decode as ${contentType}: ${describe(cause)}`,
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
 * Thrown by `wrap` when a metadata value is out of range or empty.
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
 * Returns the message of an error, or the string form of anything else thrown.
 *
 * @internal
 */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

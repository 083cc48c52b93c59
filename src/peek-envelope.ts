import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { resolveLimits, type DecodeOptions } from "./decode-limits.js";
import { decodeEnvelope } from "./envelope-codec.js";
import { stringField } from "./envelope-read.js";
import { EnvelopeField, walkEnvelope } from "./envelope-walk.js";
import { IncompleteEnvelopeError } from "./errors.js";

/**
 * The routing fields of an envelope, read by {@link peekEnvelope} without
 * decoding the rest.
 */
export interface EnvelopeHeader {
  /** The envelope's `event_id`. */
  readonly eventId: string;
  /** The envelope's `event_name`, never empty. */
  readonly eventName: string;
  /** The envelope's `event_version`, never empty. */
  readonly eventVersion: string;
  /** The envelope's `aggregate_id`, the partition key. */
  readonly aggregateId: string;
}

/**
 * Reads the event id, name, version and aggregate id from envelope bytes
 * without copying the payload or decoding the other fields, e.g. to route
 * or filter events before `decodeEnvelope` and `unwrap`. It still checks
 * the whole envelope as decoding does (every field's wire type and length,
 * the UTF-8 of every string, the limits), so that it refuses exactly the
 * bytes `decodeEnvelope` refuses, with the same error; the fields it returns
 * are the decoded envelope's.
 *
 * @throws {MalformedEnvelopeError} when the bytes are not an envelope.
 * @throws {LimitExceededError} when the bytes are over one of the limits
 *   (`options.limits`, or {@link defaultDecodeLimits}).
 * @throws {IncompleteEnvelopeError} when `event_name` or `event_version` is
 *   empty, as `unwrap` would.
 */
export function peekEnvelope(bytes: Uint8Array, options?: DecodeOptions): EnvelopeHeader {
  const limits = resolveLimits(options);
  // What the walk cannot decide alone, decodeEnvelope decides: its errors are the errors. The walk
  // leaves the UTF-8 of the four fields read here to their reading.
  if (!(bytes instanceof Uint8Array) || bytes.length > limits.maxBytes || !walkEnvelope(bytes, limits, headerText)) {
    return headerOf(decodeEnvelope(bytes, options));
  }
  const eventId = stringField(bytes, EnvelopeField.EventId);
  const eventName = stringField(bytes, EnvelopeField.EventName);
  const eventVersion = stringField(bytes, EnvelopeField.EventVersion);
  const aggregateId = stringField(bytes, EnvelopeField.AggregateId);
  if (eventId === undefined || eventName === undefined || eventVersion === undefined || aggregateId === undefined) {
    return headerOf(decodeEnvelope(bytes, options));
  }
  checkComplete(eventName, eventVersion);
  return { eventId, eventName, eventVersion, aggregateId };
}

const headerText = (1 << EnvelopeField.EventId) | (1 << EnvelopeField.EventName) | (1 << EnvelopeField.EventVersion) | (1 << EnvelopeField.AggregateId);

function headerOf({ eventId, eventName, eventVersion, aggregateId }: Envelope): EnvelopeHeader {
  checkComplete(eventName, eventVersion);
  return { eventId, eventName, eventVersion, aggregateId };
}

// As unwrap checks, in its order.
function checkComplete(eventName: string, eventVersion: string): void {
  if (eventName === "") throw new IncompleteEnvelopeError("event_name");
  if (eventVersion === "") throw new IncompleteEnvelopeError("event_version");
}

import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { events as allEvents } from "../gen/ts/registry.js";
import { decodePayload, parseContentType } from "./content-type.js";
import { resolveLimits, type DecodeOptions } from "./decode-limits.js";
import {
  IncompleteEnvelopeError,
  LimitExceededError,
  PayloadDecodeError,
  UnknownEventError,
  UnsupportedVersionError,
} from "./errors.js";
import { indexEvents, type EventEntry, type UnwrappedEvent } from "./event-registry.js";

/**
 * Decodes an envelope's payload with the schema registered for its event name
 * and version. The result is a discriminated union: checking `name` and
 * `version` narrows `payload` to the exact generated message type.
 *
 * Without `events`, every event of the package is known; pass a domain's
 * `events` (e.g. from `protoevents/user/v1`) to accept only those: the result
 * is then the union of those events alone.
 *
 * @throws {IncompleteEnvelopeError} when `event_name` or `event_version` is empty.
 * @throws {UnknownEventError} when no event of the name is registered, or,
 *   given `events`, none of them has the name (the message then lists the
 *   accepted names).
 * @throws {UnsupportedVersionError} when the name is registered but not the
 *   version, or, given `events`, none of them has that version (the message
 *   then lists the accepted versions).
 * @throws {UnsupportedContentTypeError} when `content_type` is not supported.
 * @throws {PayloadDecodeError} when the payload does not decode as the schema.
 * @throws {LimitExceededError} when the payload is over one of the limits
 *   (`options.limits`, or {@link defaultDecodeLimits}).
 */
export function unwrap(envelope: Envelope): UnwrappedEvent<(typeof allEvents)[number]>;
export function unwrap<const Events extends readonly EventEntry[]>(
  envelope: Envelope,
  events: Events,
  options?: DecodeOptions,
): UnwrappedEvent<Events[number]>;
export function unwrap(envelope: Envelope, events?: readonly EventEntry[], options?: DecodeOptions): UnwrappedEvent<EventEntry> {
  const limits = resolveLimits(options);
  const { eventName: name, eventVersion: version } = envelope;
  if (name === "") throw new IncompleteEnvelopeError("event_name");
  if (version === "") throw new IncompleteEnvelopeError("event_version");
  const index = indexEvents(events ?? allEvents);
  const versions = index.get(name);
  if (versions === undefined) throw new UnknownEventError(name, events === undefined ? undefined : [...index.keys()]);
  const entry = versions.get(version);
  if (entry === undefined) throw new UnsupportedVersionError(name, version, [...versions.keys()], events !== undefined);
  const contentType = parseContentType(envelope.contentType);
  try {
    return { name, version, payload: decodePayload(entry.schema, envelope.payload, contentType, limits), envelope };
  } catch (cause) {
    if (cause instanceof LimitExceededError) throw cause;
    throw new PayloadDecodeError(name, version, contentType, cause);
  }
}

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { decodePayload, parseContentType } from "./content-type.js";
import { resolveLimits, type DecodeOptions } from "./decode-limits.js";
import {
  IncompleteEnvelopeError,
  LimitExceededError,
  PayloadDecodeError,
  UnknownEventError,
  UnsupportedVersionError,
} from "./errors.js";
import { eventIdentity } from "./event-identity.js";
import {
  createEventRegistry,
  isEventRegistry,
  type EntryOf,
  type EventEntry,
  type EventRegistry,
  type UnwrappedEvent,
} from "./event-registry.js";

/**
 * The result of `unwrap` with one event schema: that event's payload, typed.
 */
export interface UnwrappedPayload<Schema extends DescMessage> {
  /** The event's name, from the envelope: the schema's. */
  readonly name: string;
  /** The event's version, from the envelope: the schema's. */
  readonly version: string;
  /** The decoded payload. */
  readonly payload: MessageShape<Schema>;
  /** The envelope the payload came in. */
  readonly envelope: Envelope;
}

/**
 * Decodes an envelope's payload with the schema registered for its event name
 * and version. The result is a discriminated union: checking `name` and
 * `version` narrows `payload` to the exact generated message type.
 *
 * `events` are the events this call accepts, as protobuf-es takes a registry
 * explicitly: a registry built once with {@link createEventRegistry}, or a
 * domain's generated `events` (e.g. from `protoevents/user/v1`); the result is
 * the union of those events alone. Every event of the package is the `events`
 * of the subpath `protoevents/registry`, which the package root does not load.
 * Pass one event schema (e.g. `UserCreatedSchema`) to accept that event only,
 * as protobuf-es's `anyUnpack` does; {@link isEvent} asks first. A list of
 * entries is indexed on every call: for a large set, build a registry once.
 *
 * @throws {TypeError} when `events` is missing (a JavaScript caller's mistake).
 * @throws {IncompleteEnvelopeError} when `event_name` or `event_version` is empty.
 * @throws {UnknownEventError} when none of `events` has the name (the message
 *   lists the accepted names).
 * @throws {UnsupportedVersionError} when some of `events` have the name but
 *   none has the version (the message lists the accepted versions).
 * @throws {UnsupportedContentTypeError} when `content_type` is not supported.
 * @throws {PayloadDecodeError} when the payload does not decode as the schema.
 * @throws {LimitExceededError} when the payload is over one of the limits
 *   (`options.limits`, or {@link defaultDecodeLimits}).
 * @throws {NotAnEventError} when given a schema that is not an event's.
 */
export function unwrap<const Events extends readonly EventEntry[] | EventRegistry>(
  envelope: Envelope,
  events: Events,
  options?: DecodeOptions,
): UnwrappedEvent<EntryOf<Events>>;
export function unwrap<Schema extends DescMessage>(envelope: Envelope, schema: Schema, options?: DecodeOptions): UnwrappedPayload<Schema>;
export function unwrap(
  envelope: Envelope,
  events: readonly EventEntry[] | EventRegistry | DescMessage,
  options?: DecodeOptions,
): UnwrappedEvent<EventEntry> {
  // Checked before the envelope, so that a missing argument fails every call, not only some.
  if ((events as unknown) == null) {
    throw new TypeError('unwrap(envelope, events): pass the events to accept, e.g. a registry, a domain\'s `events`, or `events` from "<package>/registry" for all');
  }
  const limits = resolveLimits(options);
  const { eventName: name, eventVersion: version } = envelope;
  if (name === "") throw new IncompleteEnvelopeError("event_name");
  if (version === "") throw new IncompleteEnvelopeError("event_version");
  const registry = registryOf(events);
  const entry = registry.get(name, version);
  if (entry === undefined) {
    const versions = registry.versions(name);
    if (versions.length === 0) throw new UnknownEventError(name, [...registry.names()]);
    throw new UnsupportedVersionError(name, version, versions);
  }
  const contentType = parseContentType(envelope.contentType);
  try {
    return { name, version, payload: decodePayload(entry.schema, envelope.payload, contentType, limits, options?.shareMemory === true), envelope };
  } catch (cause) {
    if (cause instanceof LimitExceededError) throw cause;
    throw new PayloadDecodeError(name, version, contentType, cause);
  }
}

/**
 * Whether an envelope carries the event of this schema: its name and version.
 * Then `unwrap(envelope, schema)` decodes the payload as that schema.
 *
 * @throws {NotAnEventError} when the schema is not an event's.
 */
export function isEvent(envelope: Envelope, schema: DescMessage): boolean {
  const { name, version } = eventIdentity(schema);
  return envelope.eventName === name && envelope.eventVersion === version;
}

function registryOf(events: readonly EventEntry[] | EventRegistry | DescMessage): EventRegistry {
  if (isEventRegistry(events)) return events;
  if (Array.isArray(events)) return createEventRegistry(events as readonly EventEntry[]);
  const schema = events as DescMessage;
  const { name, version } = eventIdentity(schema);
  return createEventRegistry({ name, version, schema });
}

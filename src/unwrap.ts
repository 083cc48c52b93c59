import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
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
 * Without `events`, every event of the package is known. Pass a registry
 * built once with {@link createEventRegistry}, or a domain's generated `events`
 * (e.g. from `protoevents/user/v1`), to accept only those: the result is then
 * the union of those events alone. Pass one event schema (e.g.
 * `UserCreatedSchema`) to accept that event only, as protobuf-es's `anyUnpack`
 * does; {@link isEvent} asks first. A list of entries is indexed on every call:
 * for a large set, build a registry once.
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
 * @throws {NotAnEventError} when given a schema that is not an event's.
 */
export function unwrap(envelope: Envelope): UnwrappedEvent<(typeof allEvents)[number]>;
export function unwrap<const Events extends readonly EventEntry[] | EventRegistry>(
  envelope: Envelope,
  events: Events,
  options?: DecodeOptions,
): UnwrappedEvent<EntryOf<Events>>;
export function unwrap<Schema extends DescMessage>(envelope: Envelope, schema: Schema, options?: DecodeOptions): UnwrappedPayload<Schema>;
export function unwrap(
  envelope: Envelope,
  events?: readonly EventEntry[] | EventRegistry | DescMessage,
  options?: DecodeOptions,
): UnwrappedEvent<EventEntry> {
  const limits = resolveLimits(options);
  const { eventName: name, eventVersion: version } = envelope;
  if (name === "") throw new IncompleteEnvelopeError("event_name");
  if (version === "") throw new IncompleteEnvelopeError("event_version");
  const registry = registryOf(events);
  const entry = registry.get(name, version);
  if (entry === undefined) {
    const restricted = events !== undefined;
    const versions = registry.versions(name);
    if (versions.length === 0) throw new UnknownEventError(name, restricted ? [...registry.names()] : undefined);
    throw new UnsupportedVersionError(name, version, versions, restricted);
  }
  const contentType = parseContentType(envelope.contentType);
  try {
    return { name, version, payload: decodePayload(entry.schema, envelope.payload, contentType, limits), envelope };
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

// The package's whole registry, built on the first `unwrap` without events.
let packageRegistry: EventRegistry | undefined;

function registryOf(events: readonly EventEntry[] | EventRegistry | DescMessage | undefined): EventRegistry {
  if (events === undefined) return (packageRegistry ??= createEventRegistry(allEvents));
  if (isEventRegistry(events)) return events;
  if (Array.isArray(events)) return createEventRegistry(events as readonly EventEntry[]);
  const schema = events as DescMessage;
  const { name, version } = eventIdentity(schema);
  return createEventRegistry({ name, version, schema });
}

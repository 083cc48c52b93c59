import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";

/**
 * One event schema in a registry: the name and version an envelope carries,
 * and the message schema its payload decodes with. The generated `events`
 * arrays of every domain/version and of the package root hold these.
 */
export interface EventEntry<
  Name extends string = string,
  Version extends string = string,
  Schema extends DescMessage = DescMessage,
> {
  /** The event's name, e.g. `user.created`. */
  readonly name: Name;
  /** The event's version, e.g. `v1`. */
  readonly version: Version;
  /** The payload's message schema. */
  readonly schema: Schema;
}

/**
 * The result of `unwrap` for the events `Entry`: a discriminated union on
 * `name` and `version`, so checking both narrows `payload` to the exact
 * generated message type.
 */
export type UnwrappedEvent<Entry extends EventEntry> = Entry extends EventEntry<infer Name, infer Version, infer Schema>
  ? {
      /** The event's name, from the envelope. */
      readonly name: Name;
      /** The event's version, from the envelope. */
      readonly version: Version;
      /** The decoded payload. */
      readonly payload: MessageShape<Schema>;
      /** The envelope the payload came in. */
      readonly envelope: Envelope;
    }
  : never;

/**
 * The event schemas of one name, by version.
 *
 * @internal
 */
export type VersionsByName = ReadonlyMap<string, ReadonlyMap<string, EventEntry>>;

const indexes = new WeakMap<readonly EventEntry[], VersionsByName>();

/**
 * Indexes a registry by name, then version, once per registry array.
 *
 * @internal
 */
export function indexEvents(events: readonly EventEntry[]): VersionsByName {
  let index = indexes.get(events);
  if (index === undefined) {
    const byName = new Map<string, Map<string, EventEntry>>();
    for (const entry of events) {
      let versions = byName.get(entry.name);
      if (versions === undefined) {
        versions = new Map();
        byName.set(entry.name, versions);
      }
      versions.set(entry.version, entry);
    }
    index = byName;
    indexes.set(events, index);
  }
  return index;
}

import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";

/**
 * One event schema in a registry: the name and version an envelope carries,
 * and the message schema its payload decodes with. The generated `events`
 * arrays of every domain/version and of the `registry` subpath hold these.
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
 * A set of event schemas indexed by name and version, built once by
 * {@link createEventRegistry} and frozen: pass it to `unwrap` to accept
 * exactly these events, with a result that narrows to them.
 */
export interface EventRegistry<Entry extends EventEntry = EventEntry> {
  /** The entries, in the order they were given, each once. */
  readonly entries: readonly Entry[];
  /** The entry of this name and version, if the registry has it. */
  get(name: string, version: string): Entry | undefined;
  /** The versions of this name the registry has, in the order given; empty if none. */
  versions(name: string): readonly string[];
  /** The event names the registry has, in the order given. */
  names(): readonly string[];
}

/** What a registry is built from: a generated `events` list, another registry, or one entry. */
export type EventSource = readonly EventEntry[] | EventRegistry | EventEntry;

/** The entries a source holds, as a union. */
export type EntryOf<Source extends EventSource> =
  Source extends EventRegistry<infer Entry> ? Entry : Source extends readonly (infer Entry extends EventEntry)[] ? Entry : Source & EventEntry;

/**
 * Builds a frozen registry of the events of every source: generated `events`
 * lists (e.g. of `protoevents/user/v1`), other registries, or single entries.
 * The result of `unwrap` with it is the union of exactly these events.
 *
 * @throws {TypeError} when two sources give one name and version different
 *   schemas (the same entry given twice is kept once).
 */
export function createEventRegistry<const Sources extends readonly EventSource[]>(...sources: Sources): EventRegistry<EntryOf<Sources[number]>> {
  const byName = new Map<string, Map<string, EventEntry>>();
  const entries: EventEntry[] = [];
  for (const source of sources) {
    for (const entry of entriesOf(source)) {
      let versions = byName.get(entry.name);
      if (versions === undefined) {
        versions = new Map();
        byName.set(entry.name, versions);
      }
      const known = versions.get(entry.version);
      if (known === undefined) {
        const frozen = Object.isFrozen(entry) ? entry : Object.freeze({ name: entry.name, version: entry.version, schema: entry.schema });
        versions.set(entry.version, frozen);
        entries.push(frozen);
      } else if (known.schema !== entry.schema) {
        throw new TypeError(
          `event ${entry.name} ${entry.version} is given two schemas, ${known.schema.typeName} and ${entry.schema.typeName}: a registry has one schema per name and version`,
        );
      }
    }
  }
  const names = Object.freeze([...byName.keys()]);
  const registry: EventRegistry = {
    entries: Object.freeze(entries),
    get: (name, version) => byName.get(name)?.get(version),
    versions: (name) => [...(byName.get(name)?.keys() ?? [])],
    names: () => names,
  };
  return Object.freeze(registry) as EventRegistry<EntryOf<Sources[number]>>;
}

/**
 * Whether a value is a registry built by {@link createEventRegistry}, rather
 * than a list of entries or one entry.
 *
 * @internal
 */
export function isEventRegistry(value: unknown): value is EventRegistry {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as Partial<EventRegistry>).get === "function";
}

function entriesOf(source: EventSource): readonly EventEntry[] {
  if (isEventRegistry(source)) return source.entries;
  if (Array.isArray(source)) return source as readonly EventEntry[];
  return [source as EventEntry];
}

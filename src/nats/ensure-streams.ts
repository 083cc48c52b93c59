import { JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { eventLimits } from "../event-limits.js";
import { createEventRegistry, type EventEntry, type EventSource } from "../event-registry.js";
import { deadLetterStream, deadLetterSubjects, eventStream, eventSubject, resolveNatsNames, type NatsNameOptions, type NatsNames } from "./subject-names.js";

/** Options of {@link ensureStreams}: the naming prefixes, and the duplicate window. */
export interface EnsureStreamsOptions extends NatsNameOptions {
  /**
   * How long a stream remembers the `Nats-Msg-Id` of what it stored, so that a second publish of
   * the same envelope is stored once; 2 minutes when omitted.
   */
  readonly duplicateWindowMs?: number;
}

/** A stream {@link ensureStreams} made or updated. */
export interface EnsuredStream {
  /** Its name. */
  readonly name: string;
  /** The subjects it captures. */
  readonly subjects: readonly string[];
  /** True when it was made, false when it existed and was updated. */
  readonly created: boolean;
}

/** The duplicate window when none is given: 2 minutes. */
export const defaultDuplicateWindowMs = 120_000;

const nanosPerMs = 1_000_000;

/**
 * Makes the JetStream stream of every event name of `events` (`<streamPrefix>-<name>`,
 * capturing `<subjectPrefix>.<name>`), or updates it when it exists, with file storage, limits
 * retention, the duplicate window and the limits its versions declare (docs/limits.md):
 * `max_age` the largest `limits.max_age` over its versions, `max_msg_size` the largest
 * `limits.max_bytes`, each none when a version declares none (an update lifts a limit no longer
 * declared). Then the dead-letter stream (`<streamPrefix>-dead-letter`, capturing
 * `<deadLetterPrefix>.>`), without limits. The duplicate window of a stream is at most its
 * `max_age`, as JetStream requires. Resolves with them, the dead-letter stream last.
 *
 * @param jsm - `await jetstreamManager(nc)` of `@nats-io/jetstream`
 * @throws {TypeError} when a prefix is not subject tokens, or an event's stream would be the
 *   dead-letter stream's name.
 * @throws {NotAnEventError} when an entry's schema is not an event's.
 * @throws {RangeError} when `duplicateWindowMs` is not a positive whole number of milliseconds.
 *   Rejects with the client's error when JetStream refuses a stream (e.g. one of these subjects
 *   is captured by another stream).
 */
export async function ensureStreams(jsm: JetStreamManager, events: EventSource, options: EnsureStreamsOptions = {}): Promise<EnsuredStream[]> {
  const names = resolveNatsNames(options, "ensureStreams");
  const duplicateWindowMs = options.duplicateWindowMs ?? defaultDuplicateWindowMs;
  if (!Number.isSafeInteger(duplicateWindowMs) || duplicateWindowMs <= 0) {
    throw new RangeError(`ensureStreams: \`duplicateWindowMs\` must be a positive whole number of milliseconds, got ${String(duplicateWindowMs)}`);
  }
  const configs = streamConfigs(names, createEventRegistry(events).entries, duplicateWindowMs);
  const ensured: EnsuredStream[] = [];
  for (const config of configs) ensured.push({ name: config.name, subjects: config.subjects, created: await addOrUpdate(jsm, config) });
  return ensured;
}

interface EventStreamConfig {
  readonly name: string;
  readonly subjects: string[];
  readonly duplicate_window: number;
  /** Nanoseconds; 0 is JetStream's "no limit". */
  readonly max_age: number;
  /** Bytes; -1 is JetStream's "no limit". */
  readonly max_msg_size: number;
}

function streamConfigs(names: NatsNames, entries: readonly EventEntry[], duplicateWindowMs: number): EventStreamConfig[] {
  const deadLetters = deadLetterStream(names);
  const versionsByName = new Map<string, EventEntry[]>();
  for (const entry of entries) versionsByName.set(entry.name, [...(versionsByName.get(entry.name) ?? []), entry]);
  const configs = [...versionsByName].map(([eventName, versions]) => {
    const name = eventStream(names, eventName);
    if (name === deadLetters) throw new TypeError(`ensureStreams: the stream of event ${JSON.stringify(eventName)} would be the dead-letter stream ${JSON.stringify(deadLetters)}; give another streamPrefix`);
    const limits = versions.map((entry) => eventLimits(entry.schema));
    const maxAgeMs = largest(limits.map((l) => l.maxAgeMs));
    return {
      name,
      subjects: [eventSubject(names, eventName)],
      // JetStream refuses a duplicate window longer than the stream's max_age.
      duplicate_window: Math.min(duplicateWindowMs, maxAgeMs ?? duplicateWindowMs) * nanosPerMs,
      max_age: maxAgeMs === undefined ? 0 : maxAgeMs * nanosPerMs,
      max_msg_size: largest(limits.map((l) => l.maxBytes)) ?? -1,
    };
  });
  configs.push({ name: deadLetters, subjects: [deadLetterSubjects(names)], duplicate_window: duplicateWindowMs * nanosPerMs, max_age: 0, max_msg_size: -1 });
  return configs;
}

// The largest limit, or none when a version declares none.
function largest(limits: readonly (number | undefined)[]): number | undefined {
  if (limits.some((limit) => limit === undefined)) return undefined;
  return Math.max(...(limits as number[]));
}

// True when the stream was made, false when it existed and was updated.
async function addOrUpdate(jsm: JetStreamManager, config: EventStreamConfig): Promise<boolean> {
  const full: Partial<StreamConfig> = { ...config, storage: StorageType.File, retention: RetentionPolicy.Limits };
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.StreamNotFound) throw error;
    await jsm.streams.add({ ...full, name: config.name });
    return true;
  }
  const { name: _name, ...changeable } = config;
  await jsm.streams.update(config.name, changeable);
  return false;
}

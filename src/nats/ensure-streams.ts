import { JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from "@nats-io/jetstream";
import { createEventRegistry, type EventSource } from "../event-registry.js";
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
 * retention and the duplicate window; then the dead-letter stream (`<streamPrefix>-dead-letter`,
 * capturing `<deadLetterPrefix>.>`). Resolves with them, the dead-letter stream last.
 *
 * @param jsm - `await jetstreamManager(nc)` of `@nats-io/jetstream`
 * @throws {TypeError} when a prefix is not subject tokens, or an event's stream would be the
 *   dead-letter stream's name.
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
  const configs = streamConfigs(names, createEventRegistry(events).names(), duplicateWindowMs);
  const ensured: EnsuredStream[] = [];
  for (const config of configs) ensured.push({ name: config.name, subjects: config.subjects, created: await addOrUpdate(jsm, config) });
  return ensured;
}

interface EventStreamConfig {
  readonly name: string;
  readonly subjects: string[];
  readonly duplicate_window: number;
}

function streamConfigs(names: NatsNames, eventNames: readonly string[], duplicateWindowMs: number): EventStreamConfig[] {
  const deadLetters = deadLetterStream(names);
  const configs = eventNames.map((eventName) => {
    const name = eventStream(names, eventName);
    if (name === deadLetters) throw new TypeError(`ensureStreams: the stream of event ${JSON.stringify(eventName)} would be the dead-letter stream ${JSON.stringify(deadLetters)}; give another streamPrefix`);
    return { name, subjects: [eventSubject(names, eventName)], duplicate_window: duplicateWindowMs * nanosPerMs };
  });
  configs.push({ name: deadLetters, subjects: [deadLetterSubjects(names)], duplicate_window: duplicateWindowMs * nanosPerMs });
  return configs;
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
  await jsm.streams.update(config.name, { subjects: config.subjects, duplicate_window: config.duplicate_window });
  return false;
}

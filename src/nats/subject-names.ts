/**
 * How the NATS binding names subjects and streams (docs/nats.md): the options the publisher, the
 * consumer and `ensureStreams` share. Each prefix is one or more NATS subject tokens of `a-z`,
 * `0-9`, `_` and `-`, joined by `.` (no wildcards, no spaces).
 */
export interface NatsNameOptions {
  /** What an event's subject starts with: `<subjectPrefix>.<event name>`; `"events"` when omitted. */
  readonly subjectPrefix?: string;
  /** What a stream's name starts with: `<streamPrefix>-<event name, "." as "-">`; `"events"` when omitted. */
  readonly streamPrefix?: string;
  /** What a dead letter's subject starts with: `<deadLetterPrefix>.<its subject>`; `"dead-letter"` when omitted. */
  readonly deadLetterPrefix?: string;
}

/** The prefixes of {@link NatsNameOptions}, checked, none omitted. */
export interface NatsNames {
  readonly subjectPrefix: string;
  readonly streamPrefix: string;
  readonly deadLetterPrefix: string;
}

/** The prefixes when none is given: subjects `events.<name>`, streams `events-<name>`, dead letters `dead-letter.<subject>`. */
export const defaultNatsNames: NatsNames = Object.freeze({ subjectPrefix: "events", streamPrefix: "events", deadLetterPrefix: "dead-letter" });

const tokens = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
// A stream name is one token: JetStream refuses `.`, `*`, `>` and spaces in it.
const streamToken = /^[a-z0-9_-]+$/;

/**
 * Merges the given prefixes over {@link defaultNatsNames} and checks them.
 *
 * @param caller - the function named in the error, e.g. `createPublisher`
 * @throws {TypeError} when a prefix is not one or more tokens of `a-z`, `0-9`, `_`, `-` joined by
 *   `.`, or `streamPrefix` holds a `.` (a stream name is a single token).
 */
export function resolveNatsNames(options: NatsNameOptions, caller: string): NatsNames {
  const names = {
    subjectPrefix: options.subjectPrefix ?? defaultNatsNames.subjectPrefix,
    streamPrefix: options.streamPrefix ?? defaultNatsNames.streamPrefix,
    deadLetterPrefix: options.deadLetterPrefix ?? defaultNatsNames.deadLetterPrefix,
  };
  for (const key of ["subjectPrefix", "deadLetterPrefix"] as const) {
    const value: unknown = names[key];
    if (typeof value !== "string" || !tokens.test(value)) {
      throw new TypeError(`${caller}: \`${key}\` must be subject tokens of a-z, 0-9, _ and - joined by ".", got ${JSON.stringify(value)}`);
    }
  }
  const stream: unknown = names.streamPrefix;
  if (typeof stream !== "string" || !streamToken.test(stream)) {
    throw new TypeError(`${caller}: \`streamPrefix\` must be one token of a-z, 0-9, _ and -, got ${JSON.stringify(stream)}`);
  }
  if (names.subjectPrefix === names.deadLetterPrefix || names.subjectPrefix.startsWith(`${names.deadLetterPrefix}.`) || names.deadLetterPrefix.startsWith(`${names.subjectPrefix}.`)) {
    throw new TypeError(`${caller}: \`subjectPrefix\` ${JSON.stringify(names.subjectPrefix)} and \`deadLetterPrefix\` ${JSON.stringify(names.deadLetterPrefix)} must not overlap: their streams would capture each other's subjects`);
  }
  return Object.freeze(names);
}

/** The subject of every version of an event: `<subjectPrefix>.<name>`, e.g. `events.user.created`. */
export function eventSubject(names: NatsNames, eventName: string): string {
  return `${names.subjectPrefix}.${eventName}`;
}

/**
 * The stream of every version of an event: `<streamPrefix>-<name with "." as "-">`, e.g.
 * `events-user_account-created`. Event names never hold `-`, so no two names share a stream.
 */
export function eventStream(names: NatsNames, eventName: string): string {
  return `${names.streamPrefix}-${eventName.replaceAll(".", "-")}`;
}

/** The subject a message read from `subject` is dead-lettered to: `<deadLetterPrefix>.<subject>`. */
export function deadLetterSubject(names: NatsNames, subject: string): string {
  return `${names.deadLetterPrefix}.${subject}`;
}

/** The stream of every dead letter: `<streamPrefix>-dead-letter`, capturing `<deadLetterPrefix>.>`. */
export function deadLetterStream(names: NatsNames): string {
  return `${names.streamPrefix}-dead-letter`;
}

/** What the dead-letter stream captures: `<deadLetterPrefix>.>`. */
export function deadLetterSubjects(names: NatsNames): string {
  return `${names.deadLetterPrefix}.>`;
}

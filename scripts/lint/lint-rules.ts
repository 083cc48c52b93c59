/**
 * How a finding counts: an `error` fails the lint, an `advice` is printed and
 * does not.
 */
export type Severity = "error" | "advice";

/** A rule of the event lint: its severity and the one-line rule it enforces. */
export interface LintRule {
  readonly severity: Severity;
  readonly summary: string;
}

/**
 * The rules of the event lint (scripts/lint/event-lint.ts), by id. docs/evolution.md
 * explains each; protoevents.lint.yaml lists exceptions by these ids.
 */
export const lintRules = {
  "event-name-format": {
    severity: "error",
    summary: "an event name is lowercase and dot-separated, 2 to 4 segments of [a-z0-9_] each starting with a letter",
  },
  "event-name-past-tense": {
    severity: "advice",
    summary: "an event name ends in a past tense verb: it says what happened (user.created, not user.create)",
  },
  "event-name-domain": {
    severity: "error",
    summary: "an event name starts with its domain, the first segment of its package (user.created in user.v1)",
  },
  "event-name-unique": {
    severity: "error",
    summary: "an event name is declared once per version: a version folder never holds two events of one name",
  },
  "event-name-stable": {
    severity: "error",
    summary: "an event keeps its name across versions and releases",
  },
  "event-removed": {
    severity: "error",
    summary: "an event of the last release still exists under its name and version",
  },
  "event-message-stable": {
    severity: "error",
    summary: "an event of the last release keeps its message name: the generated symbol users import",
  },
  "partition-key-stable": {
    severity: "error",
    summary: "an event of the last release keeps its partition_key: the aggregate id its envelopes carry",
  },
  "event-package": {
    severity: "error",
    summary: "events live in a versioned package <domain>.<version> whose folder is <domain>/<version>/",
  },
  "event-partition-key": {
    severity: "error",
    summary: "an event's partition_key names a string field of the event, as the .proto declares it (invoice_id)",
  },
  "event-limits": {
    severity: "error",
    summary: "an event's limits are well formed: max_age whole seconds from a minute up, max_bytes from 1 KiB to 16 MiB",
  },
  "max-bytes-stable": {
    severity: "error",
    summary: "an event of the last release keeps its max_bytes or a higher one: a lower limit refuses what producers may send",
  },
  "field-reserved": {
    severity: "error",
    summary: "a deleted field's (or enum value's) number and name are reserved",
  },
} as const satisfies Record<string, LintRule>;

/** The id of an event lint rule, e.g. `event-name-format`. */
export type RuleId = keyof typeof lintRules;

/** Tells whether a string is the id of an event lint rule. */
export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(lintRules, id);
}

import type { EventSchema } from "../schema/event-schemas.js";
import { eventLimitPath } from "../schema/image-events.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { sourcePosition } from "../schema/source-position.js";

/**
 * Rules `event-message-stable`, `partition-key-stable` and `max-bytes-stable`:
 * an event of the last release, found again by its name and version, keeps its
 * message (the generated symbol users import: `UserCreatedSchema`,
 * `UserCreated`), its partition key (what `aggregate_id` carries, what brokers
 * partition on), and a `max_bytes` no lower than released (a producer that
 * publishes within the released contract would be refused).
 */
export function checkEventRelease({ release, current }: LintInput): Finding[] {
  if (release === undefined) return [];
  const now = new Map(current.events.map((e) => [`${e.name} ${e.version}`, e]));
  const findings: Finding[] = [];
  for (const released of release.image.events) {
    const event = now.get(`${released.name} ${released.version}`);
    if (released.name === "" || event === undefined) continue;
    if (event.message.typeName !== released.message.typeName) {
      findings.push({
        rule: "event-message-stable",
        position: sourcePosition(event.message, [1]),
        message: `event "${released.name}" ${released.version} was released in ${release.tag} as message ${released.message.typeName} and is now ${event.message.typeName}: the generated ${localName(released)}Schema and ${localName(released)} that users import would disappear`,
        fix: `name the message ${localName(released)} again`,
      });
    }
    if (event.partitionKey !== released.partitionKey) {
      findings.push({
        rule: "partition-key-stable",
        position: partitionKeyPosition(current, event),
        message: `event "${released.name}" ${released.version} was released in ${release.tag} with ${describeKey(released.partitionKey)} and now has ${describeKey(event.partitionKey)}: its envelopes would carry another aggregate id, out of order with those already published`,
        fix:
          released.partitionKey === ""
            ? "remove partition_key; a partition key for this event goes to a new version folder"
            : `set partition_key: "${released.partitionKey}" again; another key for this event goes to a new version folder`,
      });
    }
    const maxBytesBefore = released.limits.maxBytes;
    const maxBytesNow = event.limits.maxBytes;
    if (maxBytesNow !== undefined && (maxBytesBefore === undefined || maxBytesNow < maxBytesBefore)) {
      const option = current.option;
      findings.push({
        rule: "max-bytes-stable",
        position: option === undefined ? sourcePosition(event.message, [1]) : sourcePosition(event.message, eventLimitPath(option, "max_bytes")),
        message: `event "${released.name}" ${released.version} was released in ${release.tag} with ${describeMaxBytes(maxBytesBefore)} and now has max_bytes ${maxBytesNow}: a producer that publishes within the released contract would be refused`,
        fix:
          maxBytesBefore === undefined
            ? "remove max_bytes; a size limit for this event goes to a new version folder, or to protoevents.lint.yaml when no producer sends larger messages"
            : `set max_bytes: ${maxBytesBefore} or more again; a lower limit goes to a new version folder`,
      });
    }
  }
  return findings;
}

function describeMaxBytes(maxBytes: number | undefined): string {
  return maxBytes === undefined ? "no max_bytes" : `max_bytes ${maxBytes}`;
}

function describeKey(key: string): string {
  return key === "" ? "no partition_key" : `partition_key "${key}"`;
}

function localName(event: EventSchema): string {
  return event.message.typeName.slice(event.message.file.proto.package.length + 1);
}

// The partition_key line of the event option, or the message when the option has none.
function partitionKeyPosition(current: LintInput["current"], event: EventSchema): ReturnType<typeof sourcePosition> {
  const option = current.option;
  const keyField = option?.message?.fields.find((f) => f.name === "partition_key");
  if (option === undefined || keyField === undefined || event.partitionKey === "") return sourcePosition(event.message, [1]);
  return sourcePosition(event.message, [7, option.number, keyField.number]);
}

import type { DescEnum, DescMessage } from "@bufbuild/protobuf";
import type { EventSchema } from "./event-schemas.js";
import { ownTypes } from "./image-events.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { compareVersions } from "./schema-version.js";
import { sourcePosition } from "./source-position.js";

/** A field or enum value that existed before: its number and name. */
interface Declared {
  readonly number: number;
  readonly name: string;
}

/**
 * Rule `field-reserved`: a deleted field's number and name are reserved, so
 * that no later field gives them another meaning. "Deleted" is measured two
 * ways: every message and enum against the same type at the last release tag,
 * and every event against the previous version of the same event in the tree
 * (`user.created` v2 against v1).
 */
export function checkReserved(input: LintInput): Finding[] {
  return [...againstRelease(input), ...againstPreviousVersion(input)];
}

function againstRelease({ current, release }: LintInput): Finding[] {
  if (release === undefined) return [];
  const findings: Finding[] = [];
  const before = ownTypes(release.image.image);
  for (const old of before.messages) {
    const now = current.image.registry.getMessage(old.typeName);
    if (now === undefined) continue;
    const finding = missingReservations(now, fieldsOf(old), (plural) => `${plural ? "were" : "was"} deleted after ${release.tag}`, "");
    if (finding !== undefined) findings.push(finding);
  }
  for (const old of before.enums) {
    const now = current.image.registry.getEnum(old.typeName);
    if (now === undefined) continue;
    const finding = missingReservations(now, old.values.map((v) => ({ number: v.number, name: v.name })), (plural) => `${plural ? "were" : "was"} deleted after ${release.tag}`, "");
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}

function againstPreviousVersion({ current }: LintInput): Finding[] {
  const findings: Finding[] = [];
  for (const event of current.events) {
    const previous = previousVersion(current.events, event);
    if (previous === undefined) continue;
    const finding = missingReservations(
      event.message,
      fieldsOf(previous.message),
      (plural) => `of ${previous.message.typeName} ("${event.name}" ${previous.version}) ${plural ? "are" : "is"} not in ${event.version}`,
      `, so that ${event.version} never gives them another meaning`,
    );
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}

/** The event of the same name with the highest version below this one's, if any. */
function previousVersion(events: readonly EventSchema[], event: EventSchema): EventSchema | undefined {
  return events
    .filter((e) => e.name === event.name && e.name !== "" && compareVersions(e.version, event.version) < 0)
    .sort((a, b) => compareVersions(b.version, a.version))[0];
}

function fieldsOf(message: DescMessage): Declared[] {
  return message.fields.map((f) => ({ number: f.number, name: f.name }));
}

/**
 * Returns one finding for a message or enum that no longer declares some of
 * `before` and has not reserved their numbers and names. A name that a
 * current field or value still uses cannot be reserved and is not asked for.
 */
function missingReservations(type: DescMessage | DescEnum, before: readonly Declared[], what: (plural: boolean) => string, why: string): Finding | undefined {
  const isEnum = type.kind === "enum";
  const declared = isEnum ? type.values.map((v) => ({ number: v.number, name: v.name })) : fieldsOf(type);
  const ranges = type.proto.reservedRange.map((r) => ({ start: r.start ?? 0, end: (r.end ?? 0) - (isEnum ? 0 : 1) }));
  const reservedNames = new Set(type.proto.reservedName);
  const numbers: number[] = [];
  const names: string[] = [];
  const deleted: string[] = [];
  for (const old of before) {
    if (declared.some((d) => d.number === old.number)) continue;
    const numberMissing = !ranges.some((r) => old.number >= r.start && old.number <= r.end);
    const nameMissing = !reservedNames.has(old.name) && !declared.some((d) => d.name === old.name);
    if (!numberMissing && !nameMissing) continue;
    deleted.push(`${old.name} = ${old.number}`);
    if (numberMissing) numbers.push(old.number);
    if (nameMissing) names.push(old.name);
  }
  if (deleted.length === 0) return undefined;
  const kind = isEnum ? "enum value" : "field";
  const unreserved = [
    ...(numbers.length > 0 ? [`number${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")}`] : []),
    ...(names.length > 0 ? [`name${names.length > 1 ? "s" : ""} ${names.map((n) => `"${n}"`).join(", ")}`] : []),
  ].join(" and ");
  const statements = [
    ...(numbers.length > 0 ? [`reserved ${numbers.join(", ")};`] : []),
    ...(names.length > 0 ? [`reserved ${names.map((n) => `"${n}"`).join(", ")};`] : []),
  ].join(" ");
  return {
    rule: "field-reserved",
    position: sourcePosition(type, [1]),
    message: `${kind}${deleted.length > 1 ? "s" : ""} ${deleted.join(", ")} ${what(deleted.length > 1)}, but ${type.typeName} does not reserve ${unreserved}`,
    fix: `add \`${statements}\` to ${isEnum ? "enum" : "message"} ${type.name}${why}`,
  };
}

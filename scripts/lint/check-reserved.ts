import { ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import type { EventSchema } from "../schema/event-schemas.js";
import { ownTypes } from "../schema/image-events.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { compareVersions } from "../schema/schema-version.js";
import { sourcePosition } from "../schema/source-position.js";

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
 * (`user.created` v2 against v1), as released when it was. And no version takes
 * a number that any earlier version retired.
 */
export function checkReserved(input: LintInput): Finding[] {
  return [...againstRelease(input), ...againstEarlierVersions(input)];
}

function againstRelease({ current, release }: LintInput): Finding[] {
  if (release === undefined) return [];
  const findings: Finding[] = [];
  const before = ownTypes(release.image.image);
  for (const old of before.messages) {
    const now = current.image.registry.getMessage(old.typeName);
    if (now === undefined) continue;
    const renumbered = renumberedFields(now, old, release.tag);
    findings.push(...renumbered);
    if (renumbered.length > 0) continue;
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

function againstEarlierVersions({ current, release }: LintInput): Finding[] {
  const findings: Finding[] = [];
  for (const event of current.events) {
    // An earlier version as it was released, when it was: a change made to it since is its own
    // finding (the gate's, at its own file), not one to pass on to the versions after it.
    const earlier = earlierVersions(current.events, event).map((e) => release?.image.image.registry.getMessage(e.message.typeName) ?? e.message);
    const previous = earlier[earlier.length - 1];
    if (previous === undefined) continue;
    const previousEvent = previousVersion(current.events, event);
    const missing = missingReservations(
      event.message,
      fieldsOf(previous),
      (plural) => `of ${previous.typeName} ("${event.name}" ${previousEvent?.version ?? ""}) ${plural ? "are" : "is"} not in ${event.version}`,
      `, so that ${event.version} never gives them another meaning`,
    );
    if (missing !== undefined) findings.push(missing);
    findings.push(...reusedNumbers(event, earlier));
  }
  return findings;
}

/**
 * A field whose number an earlier version of the event retired (reserved it, or gave it to a
 * field of another name or type): old bytes and old JSON would read as something else.
 */
function reusedNumbers(event: EventSchema, earlier: readonly DescMessage[]): Finding[] {
  const findings: Finding[] = [];
  for (const field of event.message.fields) {
    for (const old of earlier) {
      const same = old.fields.find((f) => f.number === field.number);
      const reserved = old.proto.reservedRange.some((r) => field.number >= (r.start ?? 0) && field.number < (r.end ?? 0));
      const other = same !== undefined && (same.name !== field.name || versionedType(same) !== versionedType(field));
      if (!reserved && !other) continue;
      findings.push({
        rule: "field-reserved",
        position: sourcePosition(field, [2]),
        message: `field ${field.name} = ${field.number} of ${event.message.typeName} takes number ${field.number}, which ${old.typeName} ${reserved ? "reserves" : `gave to ${same?.name ?? ""} (${fieldType(same ?? field)})`}: a number retired in any earlier version is never used again`,
        fix: `give ${field.name} a number no earlier version of "${event.name}" used, and reserve ${field.number}`,
      });
      break;
    }
  }
  return findings;
}

/**
 * A field's type as the versions of one event compare it: a message or enum of the event's own
 * package by its name within the package, since each version folder declares its own copy
 * (`user.v1.Status` and `user.v2.Status` are the same type); any other by its full name.
 */
function versionedType(field: DescField): string {
  const declared = field.fieldKind === "map" ? undefined : (field.message ?? field.enum);
  const own = field.parent.file.proto.package;
  if (declared === undefined || declared.file.proto.package !== own) return fieldType(field);
  return `${field.fieldKind === "list" ? "repeated " : ""}.${declared.typeName.slice(own.length + 1)}`;
}

function fieldType(field: DescField): string {
  const scalar = field.scalar === undefined ? undefined : ScalarType[field.scalar].toLowerCase();
  const element = field.fieldKind === "map" ? `map<${ScalarType[field.mapKey].toLowerCase()}, ${field.mapKind}>` : (field.message?.typeName ?? field.enum?.typeName ?? scalar ?? "");
  return `${field.fieldKind === "list" ? "repeated " : ""}${element}`;
}

/** The events of the same name with versions below this one's, oldest first. */
function earlierVersions(events: readonly EventSchema[], event: EventSchema): EventSchema[] {
  return events.filter((e) => e.name === event.name && e.name !== "" && compareVersions(e.version, event.version) < 0).sort((a, b) => compareVersions(a.version, b.version));
}

/** The event of the same name with the highest version below this one's, if any. */
function previousVersion(events: readonly EventSchema[], event: EventSchema): EventSchema | undefined {
  return earlierVersions(events, event).at(-1);
}

/**
 * Fields of a released message that now have another number: reserving the old number does not
 * help (the gate still refuses the name's deletion), so the one fix is the number back.
 */
function renumberedFields(now: DescMessage, old: DescMessage, tag: string): Finding[] {
  return old.fields.flatMap((was) => {
    const field = now.fields.find((f) => f.name === was.name);
    if (field === undefined || field.number === was.number) return [];
    return [
      {
        rule: "field-reserved" as const,
        position: sourcePosition(field, [2]),
        message: `field ${field.name} of ${now.typeName} was number ${was.number} in ${tag} and is now ${field.number}: a released field keeps its number`,
        fix: `give ${field.name} its number ${was.number} again; the field under a new number goes to a new version folder`,
      },
    ];
  });
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

import type { EventSchema } from "../schema/event-schemas.js";
import { eventNamePath } from "../schema/image-events.js";
import { formatPosition, type Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { domainAndVersion } from "../codegen/package-layout.js";
import { compareVersions } from "../schema/schema-version.js";
import { sourcePosition, type SourcePosition } from "../schema/source-position.js";

/**
 * Rules `event-name-unique`, `event-name-stable` and `event-removed`: the
 * events of the module against each other and against the last release.
 */
export function checkEventIdentity(input: LintInput): Finding[] {
  return [...checkUnique(input), ...checkStableAcrossVersions(input), ...checkAgainstRelease(input)];
}

function namePosition(input: LintInput, event: EventSchema): SourcePosition {
  const { option } = input.current;
  return sourcePosition(event.message, option === undefined ? [] : eventNamePath(option));
}

function checkUnique(input: LintInput): Finding[] {
  const findings: Finding[] = [];
  const first = new Map<string, EventSchema>();
  for (const event of input.current.events) {
    if (event.name === "") continue;
    const key = `${event.name} ${event.version}`;
    const other = first.get(key);
    if (other === undefined) {
      first.set(key, event);
      continue;
    }
    findings.push({
      rule: "event-name-unique",
      position: namePosition(input, event),
      message: `event "${event.name}" ${event.version || "(unversioned)"} is declared twice: by ${other.message.typeName} (${formatPosition(namePosition(input, other), input.moduleDir)}) and by ${event.message.typeName}`,
      fix: `give ${event.message.typeName} a name of its own; a new schema of the same event goes to a new version folder`,
    });
  }
  return findings;
}

// The same message name in two versions of one domain is the same event, so it keeps its name.
function checkStableAcrossVersions(input: LintInput): Finding[] {
  const findings: Finding[] = [];
  // A version renamed since the release is reported against the release; the versions after
  // it are compared with the name it was released with, not told to follow the rename.
  const releasedNames = new Map(input.release?.image.events.map((e) => [e.message.typeName, e.name]));
  const byMessage = new Map<string, { version: string; event: EventSchema }[]>();
  for (const event of input.current.events) {
    const parts = domainAndVersion(event.message.file.proto.package, input.prefix);
    if (parts === undefined || event.name === "") continue;
    const key = `${parts.domain} ${localName(event)}`;
    byMessage.set(key, [...(byMessage.get(key) ?? []), { version: parts.version, event }]);
  }
  for (const versions of byMessage.values()) {
    versions.sort((a, b) => compareVersions(a.version, b.version));
    for (let i = 1; i < versions.length; i++) {
      const previous = versions[i - 1]?.event;
      const next = versions[i]?.event;
      if (previous === undefined || next === undefined) continue;
      const previousName = releasedNames.get(previous.message.typeName) ?? previous.name;
      if (previousName === next.name) continue;
      findings.push({
        rule: "event-name-stable",
        position: namePosition(input, next),
        message: `${next.message.typeName} is named "${next.name}" but ${previous.message.typeName} is "${previousName}": an event keeps its name across versions`,
        fix: `name it "${previousName}"; if it is a different event, give the message a different name too`,
      });
    }
  }
  return findings;
}

function checkAgainstRelease(input: LintInput): Finding[] {
  const { release, current } = input;
  if (release === undefined) return [];
  const findings: Finding[] = [];
  const currentByType = new Map(current.events.map((e) => [e.message.typeName, e]));
  const currentIds = new Set(current.events.map((e) => `${e.name} ${e.version}`));
  for (const released of release.image.events) {
    if (released.name === "") continue;
    const now = currentByType.get(released.message.typeName);
    if (now !== undefined && now.name !== released.name) {
      findings.push({
        rule: "event-name-stable",
        position: namePosition(input, now),
        message: `${now.message.typeName} was released in ${release.tag} as "${released.name}" and is now named "${now.name}"`,
        fix: `restore name: "${released.name}"; consumers route on the name, so another name is another event (a new message, with the old one kept)`,
      });
    } else if (now === undefined && !currentIds.has(`${released.name} ${released.version}`)) {
      const stillThere = current.image.registry.getMessage(released.message.typeName);
      const position = stillThere !== undefined && current.image.files.includes(stillThere.file)
        ? sourcePosition(stillThere, [1])
        : sourcePosition(released.message, [1]);
      findings.push({
        rule: "event-removed",
        position,
        message: `event "${released.name}" ${released.version} (${released.message.typeName}) was released in ${release.tag} and is gone${stillThere === undefined ? ` (it was declared at ${formatPosition(sourcePosition(released.message, [1]), input.moduleDir)} in ${release.tag})` : ": the message lost its event option"}`,
        fix: "restore it; to retire an event, keep its schema and mark the message `option deprecated = true;`",
      });
    }
  }
  return findings;
}

function localName(event: EventSchema): string {
  const pkg = event.message.file.proto.package;
  return event.message.typeName.slice(pkg.length + 1);
}

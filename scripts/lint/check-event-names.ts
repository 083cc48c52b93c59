import { editDistance } from "./edit-distance.js";
import { endsInPastTense, eventNameSegments, isValidEventName, suggestEventName } from "./event-name.js";
import { eventNamePath } from "../schema/image-events.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { domainAndVersion, domainFolder } from "../codegen/package-layout.js";
import { sourcePosition } from "../schema/source-position.js";

/**
 * Rules `event-name-format`, `event-name-past-tense` and `event-name-domain`:
 * each event's name on its own.
 */
export function checkEventNames({ current, moduleDir, prefix }: LintInput): Finding[] {
  const findings: Finding[] = [];
  const { option } = current;
  if (option === undefined) return findings;
  for (const { name, message } of current.events) {
    const position = sourcePosition(message, eventNamePath(option));
    const domain = domainAndVersion(message.file.proto.package, prefix)?.domain ?? "<domain>";
    if (name === "") {
      findings.push({
        rule: "event-name-format",
        position,
        message: `${message.typeName} has the (protoevents.v1.event) option but no event name`,
        fix: `add name: "${domain}.<entity>.<verb>" to the option, e.g. "${domain}.created"`,
      });
      continue;
    }
    if (!isValidEventName(name)) {
      const suggestion = suggestEventName(name);
      findings.push({
        rule: "event-name-format",
        position,
        message: `event name "${name}" of ${message.typeName} is not lowercase and dot-separated with ${eventNameSegments.min} to ${eventNameSegments.max} segments`,
        fix: isValidEventName(suggestion)
          ? `rename it "${suggestion}"`
          : `use ${eventNameSegments.min} to ${eventNameSegments.max} lowercase segments, "<domain>.<entity>.<verb>", e.g. "${domain}.created"`,
      });
      continue;
    }
    const first = name.slice(0, name.indexOf("."));
    if (domain !== "<domain>" && first !== domain) {
      findings.push({
        rule: "event-name-domain",
        position,
        message: `event name "${name}" of ${message.typeName} does not start with its domain "${domain}"`,
        fix: `rename it "${withDomain(name, domain)}", or move the message to ${moduleDir}/${domainFolder(first, prefix)}/`,
      });
    }
    if (!endsInPastTense(name)) {
      findings.push({
        rule: "event-name-past-tense",
        position,
        message: `event name "${name}" does not end in a past tense verb`,
        fix: `name what happened, in the past tense, e.g. "${pastTenseGuess(name)}"`,
      });
    }
  }
  return findings;
}

/** A guess at the past tense of a name's last word, for the advice: `order.place` gives `order.placed`. */
function pastTenseGuess(name: string): string {
  return name.endsWith("e") ? `${name}d` : `${name}ed`;
}

/**
 * A name for the advice of `event-name-domain` that starts with the domain: the
 * domain goes in front when the first segment is an entity (`invoice.paid` in
 * billing gives `billing.invoice.paid`), and replaces the first segment when
 * that is the domain misspelled (`users.created` in user gives `user.created`)
 * or when one more segment would make the name too long.
 */
function withDomain(name: string, domain: string): string {
  const segments = name.split(".");
  const first = segments[0] ?? "";
  const misspelled = first.startsWith(domain) || domain.startsWith(first) || editDistance(first, domain) <= Math.max(1, Math.floor(domain.length / 3));
  return misspelled || segments.length >= eventNameSegments.max ? `${domain}${name.slice(first.length)}` : `${domain}.${name}`;
}

import type { DescExtension } from "@bufbuild/protobuf";
import type { EventSchema } from "../schema/event-schemas.js";
import { eventLimitPath } from "../schema/image-events.js";
import type { Finding } from "./lint-finding.js";
import type { LintInput } from "./lint-input.js";
import { optionValuePosition, sourcePosition } from "../schema/source-position.js";

/** The shortest `max_age`: below it a consumer that restarts or backs off loses events. */
export const minMaxAgeSeconds = 60n;
/** The longest `max_age`: the largest int64 count of nanoseconds, JetStream's unit for a stream's max_age. */
export const maxMaxAgeSeconds = 9_223_372_036n;
/** The smallest `max_bytes`, 1 KiB: the CloudEvents headers alone take a few hundred bytes. */
export const minMaxBytes = 1024;
/** The largest `max_bytes`, 16 MiB: the decoders' default `maxBytes`, so every consumer reads what the contract allows. */
export const maxMaxBytes = 16 * 1024 * 1024;

/**
 * Rule `event-limits`: the `limits` of an event option are well formed.
 * `max_age` is whole seconds, from a minute to about 292 years (what a
 * JetStream stream takes); `max_bytes` is from 1 KiB to 16 MiB (docs/limits.md).
 */
export function checkEventLimits({ current }: LintInput): Finding[] {
  const { option } = current;
  if (option === undefined) return [];
  return current.events.flatMap((event) => [...maxAgeFindings(event, option), ...maxBytesFindings(event, option)]);
}

function maxAgeFindings(event: EventSchema, option: DescExtension): Finding[] {
  const { maxAge } = event.limits;
  if (maxAge === undefined) return [];
  const { seconds, nanos } = maxAge;
  const where = `max_age of ${event.message.typeName}`;
  const finding = (message: string, fix: string): Finding[] => [
    { rule: "event-limits", position: optionValuePosition(event.message, eventLimitPath(option, "max_age")), message, fix },
  ];
  if (nanos !== 0) {
    return finding(
      `${where} has ${nanos} nanos: a retention is whole seconds`,
      seconds >= minMaxAgeSeconds && seconds <= maxMaxAgeSeconds ? `remove nanos: max_age: { seconds: ${seconds} }` : "give max_age whole seconds, e.g. { seconds: 604800 } for 7 days",
    );
  }
  if (seconds < minMaxAgeSeconds) {
    return finding(
      `${where} is ${seconds} s, under a minute: a consumer that restarts or backs off would lose events, and JetStream's duplicate window would shrink to it`,
      "set max_age to a minute or more, e.g. { seconds: 604800 } for 7 days, or remove it for no limit",
    );
  }
  if (seconds > maxMaxAgeSeconds) {
    return finding(
      `${where} is ${seconds} s, over ${maxMaxAgeSeconds} s (about 292 years), the longest max_age a JetStream stream takes`,
      "remove max_age for no limit, or set a shorter one",
    );
  }
  return [];
}

function maxBytesFindings(event: EventSchema, option: DescExtension): Finding[] {
  const { maxBytes } = event.limits;
  if (maxBytes === undefined || (maxBytes >= minMaxBytes && maxBytes <= maxMaxBytes)) return [];
  const position = sourcePosition(event.message, eventLimitPath(option, "max_bytes"));
  const where = `max_bytes of ${event.message.typeName}`;
  return [
    maxBytes < minMaxBytes
      ? {
          rule: "event-limits",
          position,
          message: `${where} is ${maxBytes}, under ${minMaxBytes} (1 KiB): the CloudEvents headers alone take a few hundred bytes`,
          fix: `set max_bytes to ${minMaxBytes} or more, or remove it for no limit`,
        }
      : {
          rule: "event-limits",
          position,
          message: `${where} is ${maxBytes}, over ${maxMaxBytes} (16 MiB), the decoders' default maxBytes: consumers would refuse what the contract allows`,
          fix: `set max_bytes to ${maxMaxBytes} or less; a larger payload belongs in object storage, with a reference in the event`,
        },
  ];
}

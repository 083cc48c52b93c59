import type { DeclaredLimits } from "../schema/event-schemas.js";

const units: readonly (readonly [bigint, string])[] = [
  [86_400n, "day"],
  [3_600n, "hour"],
  [60n, "minute"],
  [1n, "second"],
];

/**
 * Describes an event's `max_age` for the catalog in the largest unit that
 * divides it: `7 days`, `90 minutes`, `61 seconds`. A value the event lint
 * refuses is shown as declared: `0 s 5 ns`.
 */
export function describeMaxAge(maxAge: NonNullable<DeclaredLimits["maxAge"]>): string {
  const { seconds, nanos } = maxAge;
  if (nanos !== 0 || seconds <= 0n) return `${seconds} s ${nanos} ns`;
  const [size, unit] = units.find(([size]) => seconds % size === 0n) ?? [1n, "second"];
  const count = seconds / size;
  return `${count} ${unit}${count === 1n ? "" : "s"}`;
}

/**
 * Describes an event's `max_bytes` for the catalog in MiB or KiB when it is a
 * whole number of them: `64 KiB`, `16 MiB`, `1536 bytes`.
 */
export function describeMaxBytes(maxBytes: number): string {
  if (maxBytes > 0 && maxBytes % (1024 * 1024) === 0) return `${maxBytes / (1024 * 1024)} MiB`;
  if (maxBytes > 0 && maxBytes % 1024 === 0) return `${maxBytes / 1024} KiB`;
  return `${maxBytes} byte${maxBytes === 1 ? "" : "s"}`;
}

/** `max_age` as the .proto writes it: `max_age: { seconds: 604800 }`. */
export function maxAgeText(maxAge: NonNullable<DeclaredLimits["maxAge"]>): string {
  return `max_age: { seconds: ${maxAge.seconds}${maxAge.nanos === 0 ? "" : ` nanos: ${maxAge.nanos}`} }`;
}

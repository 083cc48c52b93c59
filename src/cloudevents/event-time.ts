// The `time` attribute: RFC 3339 (https://www.rfc-editor.org/rfc/rfc3339#section-5.6), the
// envelope's `timestamp` being epoch milliseconds.

/** The first and last millisecond of years 0000 to 9999, what RFC 3339 can write. */
const minMillis = -62_167_219_200_000;
const maxMillis = 253_402_300_799_999;

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Writes epoch milliseconds as RFC 3339 in UTC with milliseconds,
 * `2024-05-01T12:00:00.000Z`, or returns `undefined` outside years 0000 to 9999.
 *
 * @internal
 */
export function formatEventTime(millis: bigint): string | undefined {
  if (millis < BigInt(minMillis) || millis > BigInt(maxMillis)) return undefined;
  return new Date(Number(millis)).toISOString();
}

/**
 * Reads RFC 3339 with any offset and any number of fraction digits as epoch
 * milliseconds, floored; `undefined` when it is not RFC 3339 or names no
 * real date or time (a leap second `60` included: neither language's clock has it).
 *
 * @internal
 */
export function parseEventTime(value: string): bigint | undefined {
  const match = rfc3339.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (match[8] === undefined) {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const fraction = Number((match[7] ?? "").slice(0, 3).padEnd(3, "0"));
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60;
  return BigInt(seconds) * 1000n + BigInt(fraction);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

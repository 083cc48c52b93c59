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
  // The form every writer gives, `2024-05-01T12:00:00.000Z`, is read by position: the regex and
  // its capture strings cost more than the rest of reading an event's attributes.
  if (isWrittenForm(value)) {
    const year = digitsAt(value, 0, 4);
    const month = digitsAt(value, 5, 2);
    const day = digitsAt(value, 8, 2);
    return epochMillis(year, month, day, digitsAt(value, 11, 2), digitsAt(value, 14, 2), digitsAt(value, 17, 2), 0, digitsAt(value, 20, 3));
  }
  const match = rfc3339.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  let offsetMinutes = 0;
  if (match[8] === undefined) {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const fraction = Number((match[7] ?? "").slice(0, 3).padEnd(3, "0"));
  return epochMillis(year, month, day, hour, minute, second, offsetMinutes, fraction);
}

// The epoch milliseconds of a local date and time at an offset, or undefined when it names no
// real date or time.
function epochMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number, millis: number): bigint | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60;
  // Within ±2^53 in years 0000 to 9999, so exact as a number.
  return BigInt(seconds * 1000 + millis);
}

// `dddd-dd-ddTdd:dd:dd.dddZ`, a string the regex matches with three fraction digits and no offset.
function isWrittenForm(value: string): boolean {
  if (value.length !== 24) return false;
  for (let i = 0; i < 24; i++) {
    const unit = value.charCodeAt(i);
    const expected = writtenForm.charCodeAt(i);
    if (expected === digitMark ? unit < 0x30 || unit > 0x39 : unit !== expected) return false;
  }
  return true;
}

const writtenForm = "dddd-dd-ddTdd:dd:dd.dddZ";
const digitMark = 0x64; // "d"

// The number the ASCII digits at [start, start + count) write.
function digitsAt(value: string, start: number, count: number): number {
  let number = 0;
  for (let i = start; i < start + count; i++) number = number * 10 + (value.charCodeAt(i) - 0x30);
  return number;
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

// parseEventTime reads the form writers give (`2024-05-01T12:00:00.123Z`) by position and every
// other RFC 3339 form by a regex: both ways must give one result for one instant, and the
// positional way must refuse what the regex refuses.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatEventTime, parseEventTime } from "./event-time.js";

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

/** Epoch milliseconds of a UTC date and time by the Date object, or undefined when it rolls over. */
function dateMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): bigint | undefined {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const rolled = date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second;
  return rolled ? undefined : BigInt(date.getTime());
}

describe("parseEventTime", () => {
  it("reads the written form as the Date object does, and as the regex reads the same instant written otherwise", () => {
    const field = (max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max });
    fc.assert(
      fc.property(fc.tuple(field(9999), field(13), field(32), field(24), field(60), field(60), field(999)), ([year, month, day, hour, minute, second, millis]) => {
        const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        const time = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
        const expected = dateMillis(year, month, day, hour, minute, second, millis);
        expect(parseEventTime(`${date}T${time}.${pad(millis, 3)}Z`)).toBe(expected);
        // Not the written form: read by the regex.
        expect(parseEventTime(`${date}t${time}.${pad(millis, 3)}z`)).toBe(expected);
        expect(parseEventTime(`${date}T${time}.${pad(millis, 3)}999+00:00`)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads back every time formatEventTime writes", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -62_167_219_200_000n, max: 253_402_300_799_999n }), (millis) => {
        expect(parseEventTime(formatEventTime(millis) as string)).toBe(millis);
      }),
      { numRuns: 3000 },
    );
  });

  it("refuses a string of the written form's length with a character out of place", () => {
    const written = "2024-05-01T12:00:00.123Z";
    for (const [at, character] of [[0, "x"], [3, "\u0663"], [4, "/"], [10, " "], [13, "-"], [19, ","], [22, "a"], [23, "+"]] as const) {
      const changed = `${written.slice(0, at)}${character}${written.slice(at + 1)}`;
      expect(changed).toHaveLength(24);
      expect(parseEventTime(changed), changed).toBeUndefined();
    }
    expect(parseEventTime(written)).toBe(1_714_564_800_123n);
  });
});

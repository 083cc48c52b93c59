import { describe, expect, it } from "vitest";
import { uuidV7 } from "./uuid-v7.js";

const layout = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit millisecond time of a UUIDv7. */
function millisOf(id: string): number {
  return Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
}

// The ids' clock is the process's: a test that sets a time ahead moves every later id there, so
// these do it in increasing order, after the tests that read the real clock.
let ahead = Date.now() + 10 ** 9;
function later(): number {
  ahead += 10 ** 8;
  return ahead;
}

/** The 12-bit rand_a field, the counter. */
function counterOf(id: string): number {
  return Number.parseInt(id.slice(15, 18), 16);
}

describe("uuidV7", () => {
  it("writes RFC 9562's layout: 48-bit time, version 7, variant 10", () => {
    const before = Date.now();
    const id = uuidV7();
    expect(id).toMatch(layout);
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("gives ids that increase strictly within a process, within a millisecond too, past a pool of random bytes", () => {
    const ids = Array.from({ length: 5000 }, () => uuidV7());
    expect(ids.every((id) => layout.test(id))).toBe(true);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as string))).toBe(true);
  });

  it("fills the 62 random bits: no two of 20,000 ids share them, each bit set about half the time", () => {
    const random = new Set(Array.from({ length: 20000 }, () => uuidV7().slice(19)));
    expect(random.size).toBe(20000);
    const bits = Array.from({ length: 2000 }, () => uuidV7()).map((id) => Number.parseInt(id.slice(20, 21), 16));
    // Each of the 4 bits of a random hex digit is set in about half the ids.
    for (let bit = 0; bit < 4; bit++) {
      const set = bits.filter((digit) => (digit >> bit) & 1).length;
      expect(set).toBeGreaterThan(850);
      expect(set).toBeLessThan(1150);
    }
  });

  it("takes the time given, counts up within a millisecond from a start below 2^11, and borrows the next millisecond when the counter is spent", () => {
    const millis = later();
    const ids = Array.from({ length: 4200 }, () => uuidV7(millis));
    expect(counterOf(ids[0] as string)).toBeLessThan(0x800);
    expect(counterOf(ids[1] as string)).toBe(counterOf(ids[0] as string) + 1);
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as string))).toBe(true);
    expect(millisOf(ids[0] as string)).toBe(millis);
    expect(millisOf(ids[4199] as string)).toBeGreaterThan(millis);
  });

  it("does not go back with the clock", () => {
    const first = uuidV7(later());
    const second = uuidV7(Date.now());
    expect(second > first).toBe(true);
    expect(millisOf(second)).toBe(millisOf(first));
  });
});

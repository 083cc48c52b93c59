// The default event id: a UUIDv7 (RFC 9562, section 5.7), the same algorithm as
// python/src/protoevents/_uuid7.py so that both languages give ids with the same guarantees.
// The first 48 bits are the Unix time in milliseconds; `rand_a` (12 bits) is a counter
// (RFC 9562, section 6.2, method 1), started at a random value below 2^11 in each new
// millisecond and counting up within it, so that the ids of one process increase strictly
// in the order `wrap` made them, even within a millisecond; when it is spent, the id borrows the
// next millisecond, as the RFC allows, and a clock that steps back does not take the ids back.
// The remaining 62 bits are random. Random bytes are drawn in bulk from crypto.getRandomValues
// (the Web Crypto API, global in Node 20 and the browsers) and used once each.

const bytesPerId = 10; // 11 bits of the counter's start and 62 random bits, rounded up
const poolIds = 256;
const pool = new Uint8Array(bytesPerId * poolIds);
let poolPos = pool.length;

const hex: string[] = [];
for (let byte = 0; byte < 256; byte++) hex.push(byte.toString(16).padStart(2, "0"));

let lastMillis = -1;
let counter = 0;

/**
 * Returns a new UUIDv7 as a lowercase hyphenated string, its time `millis`
 * (epoch milliseconds; now when omitted) or, to keep the ids of the process
 * increasing, the last id's millisecond when the clock gave an earlier one.
 *
 * @internal
 */
export function uuidV7(millis: number = Date.now()): string {
  if (poolPos === pool.length) {
    crypto.getRandomValues(pool);
    poolPos = 0;
  }
  const r = poolPos;
  poolPos += bytesPerId;
  if (millis > lastMillis) {
    lastMillis = millis;
    counter = ((pool[r] as number) << 3) | ((pool[r + 1] as number) >>> 5);
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMillis += 1;
      counter = ((pool[r] as number) << 3) | ((pool[r + 1] as number) >>> 5);
    }
  }
  // 48 bits of milliseconds: above 2^32 in a number, so split rather than shifted.
  const high = Math.floor(lastMillis / 0x100000000) & 0xffff;
  const low = lastMillis >>> 0;
  return (
    (hex[high >>> 8] as string) +
    (hex[high & 0xff] as string) +
    (hex[low >>> 24] as string) +
    (hex[(low >>> 16) & 0xff] as string) +
    "-" +
    (hex[(low >>> 8) & 0xff] as string) +
    (hex[low & 0xff] as string) +
    "-" +
    (hex[0x70 | (counter >>> 8)] as string) +
    (hex[counter & 0xff] as string) +
    "-" +
    (hex[0x80 | ((pool[r + 2] as number) & 0x3f)] as string) +
    (hex[pool[r + 3] as number] as string) +
    "-" +
    (hex[pool[r + 4] as number] as string) +
    (hex[pool[r + 5] as number] as string) +
    (hex[pool[r + 6] as number] as string) +
    (hex[pool[r + 7] as number] as string) +
    (hex[pool[r + 8] as number] as string) +
    (hex[pool[r + 9] as number] as string)
  );
}

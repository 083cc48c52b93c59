import { describe, expect, it } from "vitest";
import { sameWords, toWords, writeWords } from "./byte-words.js";

describe("byte words", () => {
  it("keep, compare and write a run of 4 or more bytes at any offset, one byte changed anywhere told apart", () => {
    for (let length = 4; length <= 21; length++) {
      for (const offset of [0, 1, 3]) {
        const bytes = Uint8Array.from({ length: offset + length + 2 }, (_, i) => (i * 73 + 5) % 256);
        const words = toWords(bytes, offset, offset + length);
        expect(sameWords(bytes, offset, words, length)).toBe(true);
        for (let at = 0; at < length; at++) {
          const changed = bytes.slice();
          changed[offset + at] = (changed[offset + at] as number) ^ 0x80;
          expect(sameWords(changed, offset, words, length)).toBe(false);
        }
        const buffer = new Uint8Array(length + 6).fill(0xaa);
        writeWords(buffer, 3, words, length);
        expect(Array.from(buffer.subarray(3, 3 + length))).toEqual(Array.from(bytes.subarray(offset, offset + length)));
        expect([...buffer.subarray(0, 3), ...buffer.subarray(3 + length)].every((byte) => byte === 0xaa)).toBe(true);
      }
    }
  });
});

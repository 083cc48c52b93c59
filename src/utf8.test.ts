import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUtf8, readRecentUtf8, readUtf8, utf8Size, writeUtf8 } from "./utf8.js";

const encoder = new TextEncoder();
const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function fatalDecode(bytes: Uint8Array): string | undefined {
  try {
    return fatal.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Bytes rich in what UTF-8 decoders differ on: lead bytes, continuations, surrogates, the top. */
const utf8ish = (maxLength: number): fc.Arbitrary<number[]> =>
  fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xff }),
      fc.constantFrom(0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf),
    ),
    { maxLength },
  );

/** Valid UTF-8 with a few bytes changed: mostly ASCII, as event text is, around the loops' length limits. */
const nearlyValid = fc
  .tuple(fc.string({ unit: fc.constantFrom("a", "é", "€", "\u{1f600}", "\ufeff"), maxLength: 80 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xff })), { maxLength: 2 }))
  .map(([text, changes]) => {
    const bytes = encoder.encode(text);
    for (const [at, byte] of changes) if (bytes.length > 0) bytes[at % bytes.length] = byte;
    return Array.from(bytes);
  });

const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 80 }), fc.string({ maxLength: 80 }));

describe("UTF-8", () => {
  it("checks and reads bytes as a fatal TextDecoder does", () => {
    fc.assert(
      fc.property(fc.oneof(utf8ish(12), utf8ish(90), nearlyValid), fc.nat({ max: 3 }), (codes, pad) => {
        const bytes = Uint8Array.from([...Array<number>(pad).fill(0x41), ...codes, ...Array<number>(pad).fill(0x42)]);
        const decoded = fatalDecode(bytes.subarray(pad, pad + codes.length));
        expect(isUtf8(bytes, pad, pad + codes.length)).toBe(decoded !== undefined);
        expect(readUtf8(bytes, pad, pad + codes.length)).toBe(decoded);
      }),
      { numRuns: 20000 },
    );
  });

  it("sizes and writes any string as TextEncoder does, lone surrogates as U+FFFD", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const expected = encoder.encode(text);
        const size = utf8Size(text);
        expect(size).toBe(expected.length);
        const buffer = new Uint8Array(size + 2);
        expect(writeUtf8(buffer, 1, text)).toBe(size + 1);
        expect(buffer.subarray(1, size + 1)).toEqual(expected);
        expect(buffer[0]).toBe(0);
        expect(buffer[size + 1]).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads back what it writes, a leading U+FEFF kept, on both sides of the loops' limits", () => {
    for (const text of ["", "\ufeffa", "a".repeat(16), "a".repeat(17), "a".repeat(48), "b".repeat(49), "c".repeat(64), "d".repeat(65), "ü".repeat(30), "ü".repeat(40), "\u{1f600}"]) {
      const buffer = new Uint8Array(utf8Size(text));
      expect(writeUtf8(buffer, 0, text)).toBe(buffer.length);
      expect(isUtf8(buffer, 0, buffer.length)).toBe(true);
      expect(readUtf8(buffer, 0, buffer.length)).toBe(text);
    }
  });

  it("reads a place's text again as the same string, new text anew, and refuses invalid bytes", () => {
    const read = (bytes: Uint8Array, place: number): string | undefined => {
      const framed = Uint8Array.from([0x2e, 0x2e, ...bytes, 0x2e, 0x2e]);
      return readRecentUtf8(framed, 2, framed.length - 2, place);
    };
    const texts = ["user.created", "user.deleted", "v1", "v2", "", "ü", "üx", "\u00e9", "a".repeat(60)];
    const invalid = [Uint8Array.of(0xe9), Uint8Array.of(0x76, 0x80), Uint8Array.of(0xc3)];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: texts.length + invalid.length - 1 }), fc.nat({ max: 3 })), { maxLength: 30 }), (reads) => {
        for (const [pick, place] of reads) {
          if (pick < texts.length) expect(read(encoder.encode(texts[pick]), place)).toBe(texts[pick]);
          else expect(read(invalid[pick - texts.length] as Uint8Array, place)).toBeUndefined();
        }
      }),
    );
  });

  it("tells text that came before from text of its length that differs in one byte, anywhere, at every length", () => {
    for (let length = 1; length <= 66; length++) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(0x61 + (i % 26))).join("");
      for (let at = 0; at < length; at++) {
        // Twice, so that the place keeps the text's bytes, then the text with one byte changed.
        expect(readRecentUtf8(encoder.encode(text), 0, length, 46)).toBe(text);
        expect(readRecentUtf8(encoder.encode(text), 0, length, 46)).toBe(text);
        const changed = `${text.slice(0, at)}${text[at] === "z" ? "y" : "z"}${text.slice(at + 1)}`;
        expect(readRecentUtf8(encoder.encode(changed), 0, length, 46)).toBe(changed);
      }
    }
  });

  it("reads the right text from a buffer its owner rewrites between reads, the same length each time", () => {
    // One Node Buffer, as a broker client reuses for each message: what the cache keeps must be a copy.
    const buffer = Buffer.alloc(12);
    const texts = ["user.created", "user.deleted", "user.created", "user.created", "user.updated", "user.updated", "user.created"];
    for (const text of texts) {
      buffer.write(text, "latin1");
      expect(readRecentUtf8(buffer, 0, 12, 47)).toBe(text);
    }
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readRecentUtf8, readUtf8, utf8Kind, Utf8Kind, utf8Size, writeUtf8 } from "./utf8-text.js";

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
const utf8ish = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 0x7f }),
    fc.integer({ min: 0x80, max: 0xff }),
    fc.constantFrom(0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf),
  ),
  { maxLength: 12 },
);

const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 80 }), fc.string({ maxLength: 80 }));

describe("UTF-8 text", () => {
  it("checks bytes as a fatal TextDecoder does", () => {
    fc.assert(
      fc.property(utf8ish, fc.nat({ max: 3 }), (codes, pad) => {
        const bytes = Uint8Array.from([...Array<number>(pad).fill(0x41), ...codes, ...Array<number>(pad).fill(0x42)]);
        const decoded = fatalDecode(bytes.subarray(pad, pad + codes.length));
        const kind = utf8Kind(bytes, pad, pad + codes.length);
        expect(kind === Utf8Kind.Invalid).toBe(decoded === undefined);
        if (decoded !== undefined) {
          expect(kind === Utf8Kind.Ascii).toBe(codes.every((c) => c < 0x80));
          expect(readUtf8(bytes, pad, pad + codes.length, kind === Utf8Kind.Ascii)).toBe(decoded);
        }
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
        expect(writeUtf8(buffer, 1, text, size)).toBe(size + 1);
        expect(buffer.subarray(1, size + 1)).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads back what it writes, a leading U+FEFF kept", () => {
    for (const text of ["", "\ufeffa", "a".repeat(48), "b".repeat(49), "ü".repeat(30), "\u{1f600}"]) {
      const bytes = encoder.encode(text);
      expect(readUtf8(bytes, 0, bytes.length, utf8Kind(bytes, 0, bytes.length) === Utf8Kind.Ascii)).toBe(text);
    }
  });

  it("reads a place's text again as the same string, and new text anew", () => {
    const read = (text: string, place: number): string => {
      const bytes = encoder.encode(`..${text}..`);
      return readRecentUtf8(bytes, 2, bytes.length - 2, utf8Kind(bytes, 2, bytes.length - 2) === Utf8Kind.Ascii, place);
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("user.created", "user.deleted", "v1", "v2", "", "ü", "üx", "a".repeat(60)), fc.nat({ max: 3 })), { maxLength: 30 }), (reads) => {
        for (const [text, place] of reads) expect(read(text, place)).toBe(text);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { sharesMemory } from "../test/shares-memory.js";
import { allocateBytes, copyBytes } from "./byte-slab.js";

describe("allocateBytes", () => {
  it("gives zeroed arrays of the size asked that share no byte, however many", () => {
    const arrays: Uint8Array[] = [];
    // Enough to fill several slabs, in sizes up to and over the largest a slab gives.
    for (let i = 0; i < 400; i++) arrays.push(allocateBytes((i * 37) % 2100));
    for (const [i, bytes] of arrays.entries()) {
      expect(bytes.length).toBe((i * 37) % 2100);
      expect(bytes.every((byte) => byte === 0)).toBe(true);
      bytes.fill(0xff);
    }
    for (let i = 0; i < arrays.length; i++) {
      for (let j = i + 1; j < arrays.length; j++) expect(sharesMemory(arrays[i] as Uint8Array, arrays[j] as Uint8Array)).toBe(false);
    }
  });

  it("gives a large array a buffer of its own", () => {
    const bytes = allocateBytes(4096);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(4096);
  });

  it("takes a new slab when the caller transferred the buffer of an earlier array", () => {
    const first = allocateBytes(10);
    first.set([1, 2, 3]);
    const offset = first.byteOffset;
    const buffer = first.buffer as ArrayBuffer;
    const moved = structuredClone(buffer, { transfer: [buffer] });
    expect(first.buffer.byteLength).toBe(0);
    const next = allocateBytes(10);
    expect(next.length).toBe(10);
    next.set([4, 5, 6]);
    expect(Array.from(next.subarray(0, 3))).toEqual([4, 5, 6]);
    expect(new Uint8Array(moved, offset, 3)).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("copyBytes", () => {
  it("copies a range of a Uint8Array or a Node Buffer, small or large, sharing no memory with it", () => {
    for (const size of [0, 5, 64, 65, 2048, 3000]) {
      const source = Uint8Array.from({ length: size + 8 }, (_, i) => i % 251);
      for (const input of [source, Buffer.from(source)]) {
        const copy = copyBytes(input, 4, 4 + size);
        expect(copy).toEqual(source.subarray(4, 4 + size));
        expect(Object.getPrototypeOf(copy)).toBe(Uint8Array.prototype);
        expect(sharesMemory(copy, input)).toBe(false);
        input.fill(0);
        expect(copy).toEqual(source.subarray(4, 4 + size).length === 0 ? new Uint8Array(0) : Uint8Array.from({ length: size }, (_, i) => (i + 4) % 251));
        input.set(Uint8Array.from({ length: size + 8 }, (_, i) => i % 251));
      }
    }
  });
});

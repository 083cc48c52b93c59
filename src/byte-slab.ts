// Small byte arrays cut out of one shared ArrayBuffer, as Node's Buffer.allocUnsafe cuts them out
// of its pool and protobufjs's writer does: `new Uint8Array(n)` above 64 bytes gets a buffer of
// its own outside V8's heap, which costs about 1.7 µs on this machine whatever n is, ten times
// what encoding a small envelope costs otherwise; a view into the slab costs about 80 ns
// (bench/README.md). Every region is handed out once and is never reused, so it starts zeroed as
// a new array does, and no two arrays share a byte. What callers must know, said in
// docs/decoding.md: `bytes.buffer` may hold other arrays' bytes too, so the bytes of an
// array are at `bytes.byteOffset` for `bytes.byteLength`; transferring `bytes.buffer` (to a
// worker) takes the others with it, so transfer a copy.

const slabSize = 16 * 1024;
// Larger arrays get a buffer of their own: a slab wastes at most its last 2 KiB this way, and
// at that size the allocation no longer dominates.
const largestFromSlab = 2 * 1024;

let slab = new ArrayBuffer(slabSize);
let used = 0;

/**
 * A new zeroed Uint8Array of `size` bytes: a view into a shared slab when
 * small, else an array with a buffer of its own.
 *
 * @internal
 */
export function allocateBytes(size: number): Uint8Array {
  if (size > largestFromSlab) return new Uint8Array(size);
  // A slab whose buffer someone transferred or detached has byteLength 0: a new one then.
  if (used + size > slabSize || slab.byteLength === 0) {
    slab = new ArrayBuffer(slabSize);
    used = 0;
  }
  const bytes = new Uint8Array(slab, used, size);
  // Each array starts on an 8-byte boundary, as Node's pool aligns them.
  used += (size + 7) & ~7;
  return bytes;
}

/**
 * A copy of the bytes in [start, end) of `bytes`, sharing no memory with
 * it: from the slab when small ({@link allocateBytes}).
 *
 * @internal
 */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const size = end - start;
  // slice() of a plain Uint8Array copies in one step; not on a Node Buffer, whose slice() is a view.
  if (size > largestFromSlab && Object.getPrototypeOf(bytes) === Uint8Array.prototype) return bytes.slice(start, end);
  const copy = allocateBytes(size);
  copyInto(copy, 0, bytes, start, end);
  return copy;
}

/**
 * Copies the bytes in [start, end) of `source` into `target` at `at`, which
 * must have room for them; the two must not overlap.
 *
 * @internal
 */
export function copyInto(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number): void {
  const size = end - start;
  // A loop costs less than set() and the view it needs, for the few bytes most fields hold; four
  // bytes a step, as a loop's own steps cost more than its loads and stores (src/byte-words.ts).
  if (size > 64) {
    target.set(start === 0 && end === source.length ? source : source.subarray(start, end), at);
    return;
  }
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    target[at + i] = source[start + i] as number;
    target[at + i + 1] = source[start + i + 1] as number;
    target[at + i + 2] = source[start + i + 2] as number;
    target[at + i + 3] = source[start + i + 3] as number;
  }
  for (; i < size; i++) target[at + i] = source[start + i] as number;
}

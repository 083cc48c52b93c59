// Whether two byte arrays share memory: the same ArrayBuffer and overlapping ranges. Arrays cut
// from one slab (src/byte-slab.ts) share a buffer but no byte, which is what the copy guarantees
// of docs/decoding.md require.

/** Whether a byte of `a` is also a byte of `b`: writing one could change the other. */
export function sharesMemory(a: Uint8Array, b: Uint8Array): boolean {
  if (a.buffer !== b.buffer || a.byteLength === 0 || b.byteLength === 0) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

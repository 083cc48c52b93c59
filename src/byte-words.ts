// Runs of bytes kept as 32-bit words, to compare and copy them four bytes a step: the envelope
// codec keeps the bytes of text that repeats from one envelope to the next (src/utf8.ts,
// src/envelope-write.ts). A loop over single bytes costs about 2 ns a byte here, mostly its
// own steps, not the loads; four loads or stores a step take about half of that. Plain loads
// and stores, no DataView: one over the caller's buffer would cost more to make than it saves.

/**
 * The bytes in [start, end) of `bytes`, at least 4 of them, as little-endian
 * 32-bit words: one for each 4 bytes from `start`, the last one for the last
 * 4 bytes, which may overlap the one before.
 *
 * @internal
 */
export function toWords(bytes: Uint8Array, start: number, end: number): Int32Array {
  const length = end - start;
  const count = (length + 3) >> 2;
  const words = new Int32Array(count);
  for (let k = 0; k < count - 1; k++) words[k] = wordAt(bytes, start + 4 * k);
  words[count - 1] = wordAt(bytes, end - 4);
  return words;
}

/**
 * Whether the `length` bytes of `bytes` at `start` are the bytes `words` holds
 * ({@link toWords} of `length` bytes).
 *
 * @internal
 */
export function sameWords(bytes: Uint8Array, start: number, words: Int32Array, length: number): boolean {
  const last = words.length - 1;
  for (let k = 0; k < last; k++) if (wordAt(bytes, start + 4 * k) !== words[k]) return false;
  return wordAt(bytes, start + length - 4) === words[last];
}

/**
 * Writes the `length` bytes `words` holds ({@link toWords} of `length` bytes)
 * into `buffer` at `pos`, which must have room for them.
 *
 * @internal
 */
export function writeWords(buffer: Uint8Array, pos: number, words: Int32Array, length: number): void {
  const last = words.length - 1;
  for (let k = 0; k < last; k++) putWord(buffer, pos + 4 * k, words[k] as number);
  putWord(buffer, pos + length - 4, words[last] as number);
}

function wordAt(bytes: Uint8Array, pos: number): number {
  return (bytes[pos] as number) | ((bytes[pos + 1] as number) << 8) | ((bytes[pos + 2] as number) << 16) | ((bytes[pos + 3] as number) << 24);
}

// A Uint8Array keeps the low 8 bits of what it is given.
function putWord(buffer: Uint8Array, pos: number, word: number): void {
  buffer[pos] = word;
  buffer[pos + 1] = word >> 8;
  buffer[pos + 2] = word >> 16;
  buffer[pos + 3] = word >> 24;
}

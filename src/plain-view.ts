/**
 * `bytes` as a plain `Uint8Array` over the same memory: a Node `Buffer`, or any
 * other subclass, becomes a view whose `slice()` copies and whose `subarray()`
 * gives plain arrays, so that what decoding returns has one type whatever the
 * caller passed.
 *
 * @internal
 */
export function plainView(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

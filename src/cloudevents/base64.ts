import { base64Decode, base64Encode } from "@bufbuild/protobuf/wire";

const paddedBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 with padding (RFC 4648 section 4).
 *
 * @internal
 */
export function encodeBase64(bytes: Uint8Array): string {
  return base64Encode(bytes, "std");
}

/**
 * Reads standard base64 with padding, or returns `undefined` for anything
 * else (the URL alphabet, missing padding, whitespace): protobuf-es's decoder
 * takes them all.
 *
 * @internal
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  return paddedBase64.test(text) ? base64Decode(text) : undefined;
}

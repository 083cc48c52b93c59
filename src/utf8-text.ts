// UTF-8 text in and out of byte buffers for the envelope codec (src/envelope-write.ts,
// src/envelope-walk.ts): the size of a string before it is written, writing it at a known
// offset, checking bytes the way a fatal TextDecoder does without decoding them, and
// decoding. ASCII, what envelope metadata nearly always is, takes loops of plain JavaScript;
// the rest goes to TextEncoder and TextDecoder, which protobuf-es uses too.

const encoder = new TextEncoder();
// As protobuf-es decodes: a leading U+FEFF is text, not a byte order mark.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** What {@link utf8Kind} found: bytes that are not UTF-8, ASCII, or UTF-8 beyond ASCII. */
export const enum Utf8Kind {
  Invalid = 0,
  Ascii = 1,
  Unicode = 2,
}

/**
 * The size of a string in UTF-8, as TextEncoder writes it: a lone surrogate
 * becomes U+FFFD, 3 bytes. It equals `text.length` exactly when the string
 * is ASCII.
 *
 * @internal
 */
export function utf8Size(text: string): number {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    if (text.charCodeAt(i) >= 0x80) return i + nonAsciiSize(text, i);
  }
  return length;
}

function nonAsciiSize(text: string, from: number): number {
  let size = 0;
  for (let i = from; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) size += 1;
    else if (unit < 0x800) size += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size += 4;
      i++;
    } else size += 3;
  }
  return size;
}

// Past this length TextEncoder.encodeInto, a native call, beats a loop over the characters.
const loopMaxLength = 48;

/**
 * Writes a string at `pos`, `size` being its {@link utf8Size}; returns the
 * offset after it. The buffer must have room.
 *
 * @internal
 */
export function writeUtf8(buffer: Uint8Array, pos: number, text: string, size: number): number {
  const length = text.length;
  if (size === length && length <= loopMaxLength) {
    for (let i = 0; i < length; i++) buffer[pos + i] = text.charCodeAt(i);
  } else {
    encoder.encodeInto(text, buffer.subarray(pos, pos + size));
  }
  return pos + size;
}

/**
 * Checks bytes in [start, end) as UTF-8, with the rules of a fatal
 * TextDecoder (WHATWG Encoding): no overlong forms, no surrogates, nothing
 * above U+10FFFF, no sequence cut short.
 *
 * @internal
 */
export function utf8Kind(bytes: Uint8Array, start: number, end: number): Utf8Kind {
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) return checkUnicode(bytes, i, end) ? Utf8Kind.Unicode : Utf8Kind.Invalid;
  }
  return Utf8Kind.Ascii;
}

function checkUnicode(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let continuations: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) continuations = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      continuations = 2;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuations = 3;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return false;
    if (i + continuations >= end) return false;
    const second = bytes[i + 1] as number;
    if (second < low || second > high) return false;
    for (let k = 2; k <= continuations; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return false;
    }
    i += continuations + 1;
  }
  return true;
}

// One array per length, reused: String.fromCharCode.apply reads it whole, and filling a
// kept array costs less than allocating one per string.
const codeArrays: number[][] = [];
for (let length = 0; length <= loopMaxLength; length++) codeArrays.push(new Array<number>(length).fill(0));

/**
 * Decodes bytes in [start, end) that {@link utf8Kind} found valid; `ascii`
 * when it found them ASCII.
 *
 * @internal
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
  const length = end - start;
  if (length === 0) return "";
  if (ascii && length <= loopMaxLength) {
    const codes = codeArrays[length] as number[];
    for (let i = 0; i < length; i++) codes[i] = bytes[start + i] as number;
    return String.fromCharCode.apply(String, codes);
  }
  return decoder.decode(bytes.subarray(start, end));
}

// The last string read at each place (a field, an attribute's key or value by position): from
// one envelope to the next, the event name, version, content type, source and attribute keys
// mostly repeat, and comparing bytes costs less than making a string.
const recentPlaces = 48;
const recent = new Array<string>(recentPlaces).fill("");

/**
 * {@link readUtf8} for a place that often holds the same text from one call
 * to the next: `place`, an integer below 48, names it. Returns the string read at
 * that place last time when the bytes are its ASCII, without making a new one.
 *
 * @internal
 */
export function readRecentUtf8(bytes: Uint8Array, start: number, end: number, ascii: boolean, place: number): string {
  const last = recent[place];
  const length = end - start;
  if (ascii && last !== undefined && last.length === length) {
    let i = 0;
    while (i < length && last.charCodeAt(i) === bytes[start + i]) i++;
    if (i === length) return last;
  }
  const text = readUtf8(bytes, start, end, ascii);
  recent[place] = text;
  return text;
}

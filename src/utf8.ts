import { sameWords, toWords } from "./byte-words.js";

// UTF-8 text in and out of byte buffers, for the payload codec (src/codec) and the envelope
// codec (src/envelope-write.ts, src/envelope-walk.ts, src/envelope-read.ts): the size of a
// string, writing it, checking bytes the way a fatal TextDecoder does, and reading them. Short
// strings, the common case in events, go through plain JavaScript loops: a call into the native
// TextEncoder or TextDecoder costs about as much as converting 45 to 60 characters by hand. Long
// strings use them.

/** Strings up to this many characters are written by the JavaScript loop, longer ones by `encodeInto`. */
const shortWrite = 48;
/** Strings up to this many bytes are read by JavaScript loops, longer ones by the TextDecoder. */
const shortRead = 64;

const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is text, as protobuf-es reads it; fatal: invalid UTF-8 throws.
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The size of a string in UTF-8, as `TextEncoder` writes it: a lone
 * surrogate becomes U+FFFD, 3 bytes. It equals `text.length` exactly when
 * the string is ASCII.
 *
 * @internal
 */
export function utf8Size(text: string): number {
  const length = text.length;
  let i = 0;
  // Four code units a step while they are ASCII (a loop's own steps cost more than its reads).
  for (; i + 4 <= length; i += 4) {
    if ((text.charCodeAt(i) | text.charCodeAt(i + 1) | text.charCodeAt(i + 2) | text.charCodeAt(i + 3)) >= 0x80) break;
  }
  for (; i < length; i++) {
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

/**
 * Writes `text` as UTF-8 into `buffer` at `pos`, a lone surrogate as U+FFFD
 * as `TextEncoder` writes it, and returns the position after it. `buffer`
 * must have room for the text's {@link utf8Size} from `pos`.
 *
 * @internal
 */
export function writeUtf8(buffer: Uint8Array, pos: number, text: string): number {
  const length = text.length;
  if (length > shortWrite) return pos + encoder.encodeInto(text, buffer.subarray(pos)).written;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const c = text.charCodeAt(i + 2);
    const d = text.charCodeAt(i + 3);
    if ((a | b | c | d) >= 0x80) break;
    buffer[pos] = a;
    buffer[pos + 1] = b;
    buffer[pos + 2] = c;
    buffer[pos + 3] = d;
    pos += 4;
  }
  for (; i < length; i++) {
    let unit = text.charCodeAt(i);
    if (unit < 0x80) {
      buffer[pos++] = unit;
      continue;
    }
    if (unit < 0x800) {
      buffer[pos++] = 0xc0 | (unit >> 6);
      buffer[pos++] = 0x80 | (unit & 0x3f);
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        buffer[pos++] = 0xf0 | (point >> 18);
        buffer[pos++] = 0x80 | ((point >> 12) & 0x3f);
        buffer[pos++] = 0x80 | ((point >> 6) & 0x3f);
        buffer[pos++] = 0x80 | (point & 0x3f);
        i++;
        continue;
      }
      unit = 0xfffd;
    }
    buffer[pos++] = 0xe0 | (unit >> 12);
    buffer[pos++] = 0x80 | ((unit >> 6) & 0x3f);
    buffer[pos++] = 0x80 | (unit & 0x3f);
  }
  return pos;
}

/**
 * Whether the bytes in [start, end) of `bytes` are valid UTF-8 by the rules
 * of a fatal TextDecoder (WHATWG Encoding): no overlong form, no surrogate,
 * nothing above U+10FFFF, no sequence cut short. Checks without decoding.
 *
 * @internal
 */
export function isUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  // Four bytes a step while they are ASCII, what text in events nearly always is.
  for (; i + 4 <= end; i += 4) {
    if (((bytes[i] as number) | (bytes[i + 1] as number) | (bytes[i + 2] as number) | (bytes[i + 3] as number)) >= 0x80) break;
  }
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const point = multiByte(bytes, i, end, lead);
    if (point < 0) return false;
    i += point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return true;
}

/**
 * Reads the UTF-8 bytes in [start, end) of `bytes` as a string, or returns
 * undefined when they are not valid UTF-8 (an overlong form, a surrogate, a
 * code point over U+10FFFF, a cut sequence): the WHATWG decoder's rules, so a
 * string is returned exactly when `new TextDecoder("utf-8", { fatal: true })`
 * returns one, and it is the same string (a leading U+FEFF kept).
 *
 * @internal
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  const length = end - start;
  if (length > shortRead) {
    try {
      return strictDecoder.decode(bytes.subarray(start, end));
    } catch {
      return undefined;
    }
  }
  let any = 0;
  for (let i = start; i < end; i++) any |= bytes[i] as number;
  if (any < 0x80) {
    if (length <= 16) return shortAscii(bytes, start, length);
    const codes = codeArrays[length] as number[];
    for (let i = 0; i < length; i++) codes[i] = bytes[start + i] as number;
    return String.fromCharCode.apply(null, codes);
  }
  return readMultiByte(bytes, start, end);
}

// One array per length, reused: String.fromCharCode.apply reads it whole, and filling a kept
// array costs less than allocating one per string.
const codeArrays: number[][] = [];
for (let length = 0; length <= shortRead; length++) codeArrays.push(new Array<number>(length).fill(0));

// The last ASCII string read at each place (a field, an attribute's key or value by position):
// from one envelope to the next, the event name, version, content type, source and attribute
// keys mostly repeat, and comparing bytes costs less than making a string.
const recentPlaces = 48;
const recent = new Array<string>(recentPlaces).fill("");
// The bytes of a place's last string once it came twice (a string that changes every time, an
// event id, is never kept), as words compared four bytes a step (src/byte-words.ts): about a
// quarter of comparing them with a string's code units. From 4 to 64 bytes, which V8 allocates
// in its heap, cheaply.
const recentWords = new Array<Int32Array | undefined>(recentPlaces).fill(undefined);
const shortestKept = 4;
const longestKept = 64;

/**
 * {@link readUtf8} for a place that often holds the same text from one call
 * to the next: `place`, an integer below 48, names it. Returns the string
 * read at that place last time, without making a new one, when the bytes
 * are its ASCII.
 *
 * @internal
 */
export function readRecentUtf8(bytes: Uint8Array, start: number, end: number, place: number): string | undefined {
  const last = recent[place] as string;
  const length = end - start;
  // Only ASCII is kept, so equal code units are equal bytes and valid UTF-8.
  if (last.length === length) {
    const kept = recentWords[place];
    if (kept !== undefined) {
      if (sameWords(bytes, start, kept, length)) return last;
    } else {
      let i = 0;
      while (i < length && last.charCodeAt(i) === bytes[start + i]) i++;
      if (i === length) {
        // A copy: `bytes` may be a view of a buffer its owner reuses.
        if (length >= shortestKept && length <= longestKept) recentWords[place] = toWords(bytes, start, end);
        return last;
      }
    }
  }
  const text = readUtf8(bytes, start, end);
  // As many UTF-16 units as bytes: ASCII.
  if (text !== undefined && text.length === length) {
    recent[place] = text;
    recentWords[place] = undefined;
  }
  return text;
}

// Typed to take the bytes as read: every index is below the end the caller checked.
const char = String.fromCharCode as (...codes: (number | undefined)[]) => string;

/**
 * Up to 16 ASCII bytes as a string. A call with the bytes as arguments takes
 * half the time of `String.fromCharCode.apply` with an array, and most
 * strings in events are this short.
 */
function shortAscii(b: Uint8Array, s: number, length: number): string {
  switch (length) {
    case 0: return "";
    case 1: return char(b[s]);
    case 2: return char(b[s], b[s + 1]);
    case 3: return char(b[s], b[s + 1], b[s + 2]);
    case 4: return char(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    case 9: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
    case 10: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
    case 11: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
    case 12: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
    case 13: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12]);
    case 14: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13]);
    case 15: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14]);
    default: return char(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15]);
  }
}

/** Reads bytes that are not all ASCII, or returns undefined when they are not valid UTF-8. */
function readMultiByte(bytes: Uint8Array, start: number, end: number): string | undefined {
  const units = new Array<number>(end - start);
  let count = 0;
  let pos = start;
  while (pos < end) {
    const lead = bytes[pos] as number;
    if (lead < 0x80) {
      units[count++] = lead;
      pos += 1;
      continue;
    }
    const point = multiByte(bytes, pos, end, lead);
    if (point < 0) return undefined;
    if (point < 0x800) pos += 2;
    else if (point < 0x10000) pos += 3;
    else {
      pos += 4;
      units[count++] = 0xd800 + ((point - 0x10000) >> 10);
      units[count++] = 0xdc00 + ((point - 0x10000) & 0x3ff);
      continue;
    }
    units[count++] = point;
  }
  units.length = count;
  return String.fromCharCode.apply(null, units);
}

/** The code point of the 2- to 4-byte sequence at `pos`, or -1 if it is not valid UTF-8. */
function multiByte(bytes: Uint8Array, pos: number, end: number, lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) {
    if (pos + 1 >= end) return -1;
    const b1 = bytes[pos + 1] as number;
    if ((b1 & 0xc0) !== 0x80) return -1;
    return ((lead & 0x1f) << 6) | (b1 & 0x3f);
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    if (pos + 2 >= end) return -1;
    const b1 = bytes[pos + 1] as number;
    const b2 = bytes[pos + 2] as number;
    // E0 needs A0..BF (no overlong form), ED needs 80..9F (no surrogate).
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    if (b1 < low || b1 > high || (b2 & 0xc0) !== 0x80) return -1;
    return ((lead & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (pos + 3 >= end) return -1;
    const b1 = bytes[pos + 1] as number;
    const b2 = bytes[pos + 2] as number;
    const b3 = bytes[pos + 3] as number;
    // F0 needs 90..BF (no overlong form), F4 needs 80..8F (at most U+10FFFF).
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    if (b1 < low || b1 > high || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return -1;
    return ((lead & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
  }
  return -1;
}

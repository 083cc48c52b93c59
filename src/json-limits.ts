import type { DecodeLimits } from "./decode-limits.js";
import { LimitExceededError } from "./errors.js";
import { utf8Size } from "./utf8.js";

/**
 * Checks JSON text's size in UTF-8 bytes against `limits.maxBytes`, without
 * encoding it. A lone surrogate counts 3 bytes, as `TextEncoder` writes it
 * (U+FFFD) and as Python's `surrogatepass` does.
 *
 * @throws {LimitExceededError} when the text is over `maxBytes`.
 * @internal
 */
export function checkJsonTextSize(text: string, limits: DecodeLimits, where: string): void {
  // A UTF-16 code unit is 1 to 3 bytes in UTF-8 (a surrogate pair 4 for 2 units): count only
  // text that may be over.
  if (text.length * 3 <= limits.maxBytes) return;
  const size = utf8Size(text);
  if (size > limits.maxBytes) throw new LimitExceededError("maxBytes", size, limits.maxBytes, where);
}

const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const quoteMark = 0x22;
const backslash = 0x5c;

/**
 * Checks the nesting of arrays and objects in JSON text against
 * `limits.maxDepth` in one linear pass, before any parser recurses: brackets
 * outside strings count, whether or not the text is valid JSON, so that the
 * Python package, which scans alike, gives the same answer for any text. A
 * string runs from a quote mark to the next one not escaped by a backslash, or
 * to the end of the text.
 *
 * @throws {LimitExceededError} when arrays and objects nest deeper than `maxDepth`.
 * @internal
 */
export function checkJsonTextDepth(text: string, limits: DecodeLimits, where: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (inString) {
      if (unit === backslash) i++;
      else if (unit === quoteMark) inString = false;
    } else if (unit === quoteMark) {
      inString = true;
    } else if (unit === openBracket || unit === openBrace) {
      if (++depth > limits.maxDepth) throw new LimitExceededError("maxDepth", depth, limits.maxDepth, where);
    } else if (unit === closeBracket || unit === closeBrace) {
      depth--;
    }
  }
}

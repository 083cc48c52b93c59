// JSON text as the structured JSON format carries it. The `data` member is kept as the sender's
// text with the whitespace between tokens removed, not parsed and written again: JavaScript
// would round a 64-bit number and list integer-like keys first, Python would write `1.0` for
// `1.0` and JavaScript `1`, and both packages must give the same payload bytes.

const whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);
const quoteMark = 0x22;
const backslash = 0x5c;

/**
 * Removes the whitespace between the tokens of valid JSON text (space, tab,
 * line feed, carriage return outside strings).
 *
 * @internal
 */
export function compactJson(text: string): string {
  let out = "";
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (inString) {
      if (unit === backslash) i++;
      else if (unit === quoteMark) inString = false;
    } else if (unit === quoteMark) {
      inString = true;
    } else if (whitespace.has(unit)) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

/**
 * The text of each member of a compact JSON object (from {@link compactJson}
 * of valid JSON), by its decoded name.
 *
 * @internal
 */
export function memberTexts(compact: string): Map<string, string> {
  const members = new Map<string, string>();
  let pos = 1;
  while (pos < compact.length - 1) {
    const nameEnd = stringEnd(compact, pos);
    const name = JSON.parse(compact.slice(pos, nameEnd)) as string;
    const valueStart = nameEnd + 1;
    const valueEnd = memberValueEnd(compact, valueStart);
    members.set(name, compact.slice(valueStart, valueEnd));
    pos = valueEnd + 1;
  }
  return members;
}

// The offset after the string that starts at `pos`.
function stringEnd(text: string, pos: number): number {
  for (let i = pos + 1; ; i++) {
    const unit = text.charCodeAt(i);
    if (unit === backslash) i++;
    else if (unit === quoteMark) return i + 1;
  }
}

// The offset after the value that starts at `pos`: a string, a nested array or object, or a
// literal or number running to the next `,`, `}` or `]`.
function memberValueEnd(text: string, pos: number): number {
  const first = text[pos];
  if (first === '"') return stringEnd(text, pos);
  if (first !== "{" && first !== "[") {
    let i = pos;
    while (i < text.length && text[i] !== "," && text[i] !== "}" && text[i] !== "]") i++;
    return i;
  }
  let depth = 0;
  for (let i = pos; ; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i) - 1;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
}

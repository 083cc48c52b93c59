// A strict RFC 8259 parser, written here rather than taken from a library: `JSON.parse` rounds
// every number to a double (9007199254740993 becomes ...992) and keeps the last of duplicate
// keys; lossless-json keeps number text but accepts duplicate keys whose values are equal and
// recurses without bound. The policy (docs/json-policy.md) needs exact number text and rejects
// every duplicate key, so the few rules of RFC 8259 are spelled out below.
import { quote } from "./errors.js";

/**
 * A JSON number exactly as written, so that no digit of a 64-bit integer is
 * lost and integer syntax (`12`) stays apart from `12.0` and `1.2e1`.
 *
 * @internal
 */
export class JsonNumber {
  /**
   * @param text - the number's text, in RFC 8259 number syntax
   */
  constructor(readonly text: string) {}
}

/**
 * A parsed JSON value: numbers as {@link JsonNumber} from {@link parseJson},
 * or as `number` in a value the caller parsed itself; objects from
 * {@link parseJson} have no prototype, so a `__proto__` key is an own key.
 *
 * @internal
 */
export type JsonTree = null | boolean | string | number | JsonNumber | JsonTree[] | { [key: string]: JsonTree };

const whitespace = /[ \t\n\r]*/y;
const numberToken = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const plainCharacters = /[^"\\\u0000-\u001f]*/y;
const escapeSequence = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

interface Cursor {
  readonly text: string;
  pos: number;
}

/**
 * Parses RFC 8259 JSON text: one value, whitespace only of space, tab, line
 * feed and carriage return, no byte order mark, no `NaN` or `Infinity`, no
 * duplicate key in an object, numbers kept as text. The caller bounds the
 * nesting first (`checkJsonTextDepth`): this parser recurses once per level.
 *
 * @throws {SyntaxError} when the text is not such JSON, naming the position.
 * @internal
 */
export function parseJson(text: string): JsonTree {
  const cursor: Cursor = { text, pos: 0 };
  const value = readValue(cursor);
  skipWhitespace(cursor);
  if (cursor.pos !== text.length) throw unexpected(cursor, "the end of the text");
  return value;
}

function readValue(cursor: Cursor): JsonTree {
  skipWhitespace(cursor);
  const { text, pos } = cursor;
  switch (text[pos]) {
    case "{":
      return readObject(cursor);
    case "[":
      return readArray(cursor);
    case '"':
      return readString(cursor);
    case "t":
      return readLiteral(cursor, "true", true);
    case "f":
      return readLiteral(cursor, "false", false);
    case "n":
      return readLiteral(cursor, "null", null);
  }
  numberToken.lastIndex = pos;
  const match = numberToken.exec(text);
  if (match === null) throw unexpected(cursor, "a JSON value");
  cursor.pos += match[0].length;
  return new JsonNumber(match[0]);
}

function readObject(cursor: Cursor): { [key: string]: JsonTree } {
  const object: { [key: string]: JsonTree } = Object.create(null) as { [key: string]: JsonTree };
  cursor.pos++;
  skipWhitespace(cursor);
  if (cursor.text[cursor.pos] === "}") {
    cursor.pos++;
    return object;
  }
  for (;;) {
    skipWhitespace(cursor);
    if (cursor.text[cursor.pos] !== '"') throw unexpected(cursor, "a string key");
    const keyAt = cursor.pos;
    const key = readString(cursor);
    if (key in object) throw new SyntaxError(`duplicate key ${quote(key)} at position ${keyAt}`);
    skipWhitespace(cursor);
    expect(cursor, ":");
    object[key] = readValue(cursor);
    skipWhitespace(cursor);
    if (cursor.text[cursor.pos] === "}") {
      cursor.pos++;
      return object;
    }
    expect(cursor, ",");
  }
}

function readArray(cursor: Cursor): JsonTree[] {
  const array: JsonTree[] = [];
  cursor.pos++;
  skipWhitespace(cursor);
  if (cursor.text[cursor.pos] === "]") {
    cursor.pos++;
    return array;
  }
  for (;;) {
    array.push(readValue(cursor));
    skipWhitespace(cursor);
    if (cursor.text[cursor.pos] === "]") {
      cursor.pos++;
      return array;
    }
    expect(cursor, ",");
  }
}

function readString(cursor: Cursor): string {
  const { text } = cursor;
  const start = cursor.pos;
  let pos = start + 1;
  let escaped = false;
  for (;;) {
    plainCharacters.lastIndex = pos;
    pos += (plainCharacters.exec(text) as RegExpExecArray)[0].length;
    if (text[pos] === '"') break;
    escapeSequence.lastIndex = pos;
    const escape = escapeSequence.exec(text);
    if (escape === null) {
      cursor.pos = pos;
      throw unexpected(cursor, pos >= text.length ? "the closing quote of a string" : "a character allowed in a string");
    }
    pos += escape[0].length;
    escaped = true;
  }
  cursor.pos = pos + 1;
  // The token is valid JSON by now: let the native parser decode its escapes.
  return escaped ? (JSON.parse(text.slice(start, pos + 1)) as string) : text.slice(start + 1, pos);
}

function readLiteral<T>(cursor: Cursor, literal: string, value: T): T {
  if (!cursor.text.startsWith(literal, cursor.pos)) throw unexpected(cursor, "a JSON value");
  cursor.pos += literal.length;
  return value;
}

function expect(cursor: Cursor, token: string): void {
  if (cursor.text[cursor.pos] !== token) throw unexpected(cursor, `"${token}"`);
  cursor.pos++;
}

function skipWhitespace(cursor: Cursor): void {
  whitespace.lastIndex = cursor.pos;
  cursor.pos += (whitespace.exec(cursor.text) as RegExpExecArray)[0].length;
}

function unexpected(cursor: Cursor, wanted: string): SyntaxError {
  const found = cursor.text.codePointAt(cursor.pos);
  const shown = found === undefined ? "the end of the text" : `U+${found.toString(16).toUpperCase().padStart(4, "0")}`;
  return new SyntaxError(`expected ${wanted} at position ${cursor.pos}, found ${shown}`);
}

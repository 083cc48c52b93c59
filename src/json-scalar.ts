import { ScalarType, type DescEnum, type JsonValue } from "@bufbuild/protobuf";
import { quote } from "./errors.js";
import { JsonNumber, type JsonTree } from "./json-parse.js";

// The rules for one JSON value of a scalar or enum field (docs/json-policy.md). Each returns the
// value protobuf-es `fromJson` reads to the same field value, or throws an Error that names the
// field path and the rule.

const integerSyntax = /^-?(?:0|[1-9][0-9]*)$/;
const numberSyntax = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const base64Syntax = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const int32Range = { min: -(2n ** 31n), max: 2n ** 31n - 1n, name: "int32" };
const uint32Range = { min: 0n, max: 2n ** 32n - 1n, name: "uint32" };
const int64Range = { min: -(2n ** 63n), max: 2n ** 63n - 1n, name: "int64" };
const uint64Range = { min: 0n, max: 2n ** 64n - 1n, name: "uint64" };

interface IntegerRange {
  readonly min: bigint;
  readonly max: bigint;
  readonly name: string;
}

function integerRange(type: ScalarType): IntegerRange | undefined {
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return int32Range;
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return uint32Range;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return int64Range;
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return uint64Range;
    default:
      return undefined;
  }
}

/**
 * Checks the JSON value of a scalar field and returns it as protobuf-es reads
 * it: 32-bit integers as numbers, 64-bit integers as decimal strings, floats
 * rounded to float32, bytes as padded standard base64.
 *
 * @throws {Error} when the value breaks the policy's rule for the type.
 * @internal
 */
export function scalarFromJson(type: ScalarType, value: JsonTree, path: string): JsonValue {
  const range = integerRange(type);
  if (range !== undefined) {
    const integer = integerFromJson(value, range, path, true);
    return range === int32Range || range === uint32Range ? Number(integer) : integer.toString();
  }
  switch (type) {
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return floatFromJson(value, type === ScalarType.FLOAT, path);
    case ScalarType.BOOL:
      if (typeof value !== "boolean") throw fieldError(path, `expected true or false, got ${describeJson(value)}`);
      return value;
    case ScalarType.STRING:
      return stringFromJson(value, path);
    default:
      return bytesFromJson(value, path);
  }
}

/**
 * Checks a map key, always a JSON string, against the key type and returns
 * it in canonical form: integers in decimal without sign of zero, bools as
 * `true` or `false`.
 *
 * @throws {Error} when the key breaks the policy's rule for the key type.
 * @internal
 */
export function mapKeyFromJson(type: ScalarType, key: string, path: string): string {
  const range = integerRange(type);
  if (range !== undefined) return integerFromJson(key, range, path, true).toString();
  if (type === ScalarType.BOOL) {
    if (key !== "true" && key !== "false") throw fieldError(path, `expected the map key "true" or "false", got ${quote(key)}`);
    return key;
  }
  return stringFromJson(key, path);
}

/**
 * Checks the JSON value of an enum field: a value's exact name, or an integer
 * in int32 range as a JSON number (an open enum keeps an unknown number).
 * Returns the number. `google.protobuf.NullValue` also takes `null`, which
 * the caller passes on.
 *
 * @throws {Error} when the value is neither.
 * @internal
 */
export function enumFromJson(desc: DescEnum, value: JsonTree, path: string): number {
  if (typeof value === "string") {
    const found = desc.values.find((v) => v.name === value);
    if (found === undefined) throw fieldError(path, `${quote(value)} is not a value name of ${desc.typeName}`);
    return found.number;
  }
  if (value instanceof JsonNumber || typeof value === "number") return Number(integerFromJson(value, int32Range, path, false));
  throw fieldError(path, `expected a value name of ${desc.typeName} or an int32 number, got ${describeJson(value)}`);
}

function integerFromJson(value: JsonTree, range: IntegerRange, path: string, stringAllowed: boolean): bigint {
  let text: string | undefined;
  if (value instanceof JsonNumber) {
    if (integerSyntax.test(value.text)) text = value.text;
  } else if (typeof value === "number") {
    // A value parsed by the caller has lost its syntax: an integral value is taken as written so.
    if (Number.isInteger(value)) text = BigInt(value).toString();
  } else if (typeof value === "string" && stringAllowed) {
    if (integerSyntax.test(value)) text = value;
  }
  const form = stringAllowed ? "a number or string" : "a number";
  if (text === undefined) throw fieldError(path, `expected an integer (${form} in integer syntax), got ${describeJson(value)}`);
  // 21 characters hold every 64-bit integer: longer text is out of range, and not worth a BigInt.
  const integer = text.length <= 21 ? BigInt(text) : undefined;
  if (integer === undefined || integer < range.min || integer > range.max) {
    throw fieldError(path, `${cut(text)} is out of ${range.name} range (${range.min} to ${range.max})`);
  }
  return integer;
}

function floatFromJson(value: JsonTree, float32: boolean, path: string): number | string {
  let number: number | undefined;
  if (value instanceof JsonNumber) number = Number(value.text);
  else if (typeof value === "number") number = value;
  else if (typeof value === "string") {
    if (value === "NaN" || value === "Infinity" || value === "-Infinity") return value;
    if (numberSyntax.test(value)) number = Number(value);
  }
  if (number === undefined) {
    throw fieldError(path, `expected a number, a string in number syntax, "NaN", "Infinity" or "-Infinity", got ${describeJson(value)}`);
  }
  if (!Number.isFinite(number)) throw fieldError(path, `${describeJson(value)} is out of double range`);
  if (!float32) return number;
  const rounded = Math.fround(number);
  if (!Number.isFinite(rounded)) throw fieldError(path, `${describeJson(value)} is out of float range`);
  return rounded;
}

function stringFromJson(value: JsonTree, path: string): string {
  if (typeof value !== "string") throw fieldError(path, `expected a string, got ${describeJson(value)}`);
  if (loneSurrogate.test(value)) throw fieldError(path, `the string ${quote(value)} holds a lone surrogate, which is not Unicode text`);
  return value;
}

function bytesFromJson(value: JsonTree, path: string): string {
  if (typeof value !== "string") throw fieldError(path, `expected a base64 string, got ${describeJson(value)}`);
  // Padding, when given, makes the length a multiple of 4; unpadded, one character of a last
  // group of 4 is never whole bytes.
  const padding = !base64Syntax.test(value) ? -1 : value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0;
  const data = value.length - padding;
  const valid = padding === 0 ? data % 4 !== 1 : padding > 0 && value.length % 4 === 0;
  if (!valid) throw fieldError(path, `${quote(value)} is not base64 (standard or URL-safe, padding optional)`);
  const standard = value.slice(0, data).replace(/-/g, "+").replace(/_/g, "/");
  return standard + "=".repeat((4 - (data % 4)) % 4);
}

/**
 * Describes a JSON value for an error message, quoting and cutting what the
 * input holds.
 *
 * @internal
 */
export function describeJson(value: JsonTree): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return `the string ${quote(value)}`;
  if (value instanceof JsonNumber) return `the number ${cut(value.text)}`;
  if (typeof value === "number") return `the number ${cut(String(value))}`;
  return Array.isArray(value) ? "an array" : "an object";
}

function cut(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/**
 * An error at a field path, e.g. `items[2].quantity: expected ...`; the empty
 * path is the outermost message.
 *
 * @internal
 */
export function fieldError(path: string, rule: string): Error {
  return new Error(path === "" ? rule : `${path}: ${rule}`);
}

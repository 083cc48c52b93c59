import type { DescEnum, DescField, DescMessage, DescOneof, JsonObject, JsonValue } from "@bufbuild/protobuf";
import { LimitExceededError, quote } from "./errors.js";
import { JsonNumber, type JsonTree } from "./json-parse.js";
import { describeJson, enumFromJson, fieldError, mapKeyFromJson, scalarFromJson } from "./json-scalar.js";

/**
 * How {@link normaliseJson} treats what the schema does not know, and how
 * deep it may go.
 *
 * @internal
 */
export interface NormaliseOptions {
  /** Skip fields the schema does not have (payloads), or reject them (the envelope). */
  readonly ignoreUnknownFields: boolean;
  /** The deepest nesting of JSON arrays and objects; the outermost object is depth 1. */
  readonly maxDepth: number;
  /** What is decoded, for a limit error: `envelope` or `payload`. */
  readonly where: string;
}

/**
 * Checks a parsed JSON value against a message schema by the proto3 JSON
 * policy (docs/json-policy.md) and returns the JSON that protobuf-es
 * `fromJson` reads to the same message: fields under their JSON names, nulls
 * and unknown fields left out, 64-bit integers as decimal strings, enums as
 * numbers. Well-known types (`google.protobuf.*`) are passed on as they are,
 * numbers as JavaScript numbers, for `fromJson` to check.
 *
 * @throws {Error} when the value breaks a rule, naming the field path.
 * @throws {LimitExceededError} when arrays and objects nest deeper than `maxDepth`.
 * @internal
 */
export function normaliseJson(schema: DescMessage, value: JsonTree, options: NormaliseOptions): JsonObject {
  if (!isObject(value)) throw new Error(`expected a JSON object for ${schema.typeName}, got ${describeJson(value)}`);
  return messageFromJson(schema, value, "", 1, options) as JsonObject;
}

function messageFromJson(schema: DescMessage, value: { [key: string]: JsonTree }, path: string, depth: number, options: NormaliseOptions): JsonValue {
  checkDepth(depth, options);
  if (schema.typeName.startsWith("google.protobuf.")) return plainJson(value);
  const fields = fieldsByName(schema);
  const result: JsonObject = {};
  const keyOfField = new Map<DescField, string>();
  const keyOfOneof = new Map<DescOneof, string>();
  for (const [key, item] of Object.entries(value)) {
    const field = fields.get(key);
    if (field === undefined) {
      if (options.ignoreUnknownFields) continue;
      throw fieldError(path, `${schema.typeName} has no field ${quote(key)}`);
    }
    const fieldPath = join(path, field.jsonName);
    const earlier = keyOfField.get(field);
    if (earlier !== undefined) throw fieldError(fieldPath, `given twice, as ${quote(earlier)} and ${quote(key)}`);
    keyOfField.set(field, key);
    if (item === null && !takesNull(field)) continue;
    if (field.oneof !== undefined) {
      const other = keyOfOneof.get(field.oneof);
      if (other !== undefined) throw fieldError(fieldPath, `oneof ${field.oneof.name} is already set by ${quote(other)}`);
      keyOfOneof.set(field.oneof, key);
    }
    result[field.jsonName] = fieldFromJson(field, item, fieldPath, depth, options);
  }
  return result;
}

function fieldFromJson(field: DescField, value: JsonTree, path: string, depth: number, options: NormaliseOptions): JsonValue {
  switch (field.fieldKind) {
    case "scalar":
      return scalarFromJson(field.scalar, value, path);
    case "enum":
      return enumValue(field.enum, value, path);
    case "message":
      return messageValue(field.message, value, path, depth + 1, options);
    case "list": {
      if (!Array.isArray(value)) throw fieldError(path, `expected an array, got ${describeJson(value)}`);
      checkDepth(depth + 1, options);
      return value.map((item, index) => {
        const itemPath = `${path}[${index}]`;
        switch (field.listKind) {
          case "scalar":
            return scalarFromJson(field.scalar, item, itemPath);
          case "enum":
            return enumValue(field.enum, item, itemPath);
          case "message":
            return messageValue(field.message, item, itemPath, depth + 2, options);
        }
      });
    }
    case "map": {
      if (!isObject(value)) throw fieldError(path, `expected an object, got ${describeJson(value)}`);
      checkDepth(depth + 1, options);
      // Keys become own properties even when one is "__proto__".
      const entries: JsonObject = Object.create(null) as JsonObject;
      for (const [key, item] of Object.entries(value)) {
        const entryPath = `${path}[${quote(key)}]`;
        const canonical = mapKeyFromJson(field.mapKey, key, entryPath);
        if (canonical in entries) throw fieldError(entryPath, `the key ${quote(canonical)} is given twice`);
        switch (field.mapKind) {
          case "scalar":
            entries[canonical] = scalarFromJson(field.scalar, item, entryPath);
            break;
          case "enum":
            entries[canonical] = enumValue(field.enum, item, entryPath);
            break;
          case "message":
            entries[canonical] = messageValue(field.message, item, entryPath, depth + 2, options);
            break;
        }
      }
      return entries;
    }
  }
}

function enumValue(desc: DescEnum, value: JsonTree, path: string): JsonValue {
  if (value === null && desc.typeName === "google.protobuf.NullValue") return null;
  return enumFromJson(desc, value, path);
}

function messageValue(schema: DescMessage, value: JsonTree, path: string, depth: number, options: NormaliseOptions): JsonValue {
  if (value === null && schema.typeName === "google.protobuf.Value") return null;
  if (!isObject(value)) {
    if (!schema.typeName.startsWith("google.protobuf.")) throw fieldError(path, `expected an object for ${schema.typeName}, got ${describeJson(value)}`);
    checkDepth(depth, options);
    return plainJson(value);
  }
  return messageFromJson(schema, value, path, depth, options);
}

// A null field is absent, but for the two types whose JSON form null is.
function takesNull(field: DescField): boolean {
  if (field.fieldKind === "message") return field.message.typeName === "google.protobuf.Value";
  if (field.fieldKind === "enum") return field.enum.typeName === "google.protobuf.NullValue";
  return false;
}

function checkDepth(depth: number, options: NormaliseOptions): void {
  if (depth > options.maxDepth) throw new LimitExceededError("maxDepth", depth, options.maxDepth, options.where);
}

function isObject(value: JsonTree): value is { [key: string]: JsonTree } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

// A well-known type's JSON, for protobuf-es to read: numbers as JavaScript numbers.
function plainJson(value: JsonTree): JsonValue {
  if (value instanceof JsonNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(plainJson);
  if (isObject(value)) {
    const object: JsonObject = Object.create(null) as JsonObject;
    for (const [key, item] of Object.entries(value)) object[key] = plainJson(item);
    return object;
  }
  return value;
}

const fieldNames = new WeakMap<DescMessage, Map<string, DescField>>();

// A field's JSON name and its proto name both find it.
function fieldsByName(schema: DescMessage): Map<string, DescField> {
  let names = fieldNames.get(schema);
  if (names === undefined) {
    names = new Map();
    for (const field of schema.fields) {
      names.set(field.name, field);
      names.set(field.jsonName, field);
    }
    fieldNames.set(schema, names);
  }
  return names;
}

// Whether two payloads, each given in the protobuf JSON one language wrote, are the same message
// of the schema: parsed by protobuf-es, float fields taken as float32 values, then compared field
// by field, map entries as sets, NaN equal to NaN and -0 unequal to 0.
import { fromJson, ScalarType, toJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";

/** What comparing two payloads found: the same message, different messages, or JSON a side wrote that does not parse. */
export type PayloadComparison = "same" | "different" | "payload-json";

/** Compares two payloads of `schema` given as protobuf JSON. */
export function comparePayloads(schema: DescMessage, a: JsonValue, b: JsonValue): PayloadComparison {
  let left: JsonValue;
  let right: JsonValue;
  try {
    left = canonicalJson(schema, a);
    right = canonicalJson(schema, b);
  } catch {
    return "payload-json";
  }
  return sameJson(left, right) ? "same" : "different";
}

/** The canonical JSON of a payload after float fields are rounded to float32. */
function canonicalJson(schema: DescMessage, json: JsonValue): JsonValue {
  const message = fromJson(schema, json, { ignoreUnknownFields: false });
  roundFloats(schema, message as unknown as Record<string, unknown>);
  return toJson(schema, message);
}

function roundFloats(schema: DescMessage, message: Record<string, unknown>): void {
  for (const field of schema.fields) {
    let holder = message;
    let key = field.localName;
    if (field.oneof !== undefined) {
      const selected = message[field.oneof.localName] as { case: string | undefined; value?: unknown };
      if (selected.case !== field.localName) continue;
      holder = selected as Record<string, unknown>;
      key = "value";
    }
    const value = holder[key];
    if (field.fieldKind === "scalar" && field.scalar === ScalarType.FLOAT) holder[key] = Math.fround(value as number);
    else if (field.fieldKind === "message" && value !== undefined) roundFloats(field.message, value as Record<string, unknown>);
    else if (field.fieldKind === "list") {
      const items = value as unknown[];
      if (field.listKind === "scalar" && field.scalar === ScalarType.FLOAT) items.forEach((v, i) => (items[i] = Math.fround(v as number)));
      if (field.listKind === "message") items.forEach((v) => roundFloats(field.message, v as Record<string, unknown>));
    } else if (field.fieldKind === "map") {
      const entries = value as Record<string, unknown>;
      for (const k of Object.keys(entries)) {
        if (field.mapKind === "scalar" && field.scalar === ScalarType.FLOAT) entries[k] = Math.fround(entries[k] as number);
        if (field.mapKind === "message") roundFloats(field.message, entries[k] as Record<string, unknown>);
      }
    }
  }
}

/** Deep equality of JSON values: objects as key sets, numbers by `Object.is`. */
function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k] as JsonValue, b[k] as JsonValue))
  );
}

import { fromJson, ScalarType, toBinary, toJson, type DescField, type DescMessage, type JsonObject, type JsonValue, type Registry } from "@bufbuild/protobuf";

/** Millisecond timestamps in examples: 2026-01-01T00:00:00Z. */
export const exampleEpochMs = "1767225600000";
/** Ids in examples: a UUIDv7 of that moment. */
export const exampleId = "019b7761-e000-7a3c-9f1e-5b2d8c4a6e01";

/**
 * An example payload of a message in its canonical proto3 JSON form: every
 * field set to a value that fits its type and, where the name tells, its
 * meaning (ids, emails, `*_at` timestamps, currency codes). The example is
 * parsed and printed by protobuf-es, so it is valid JSON for the schema.
 *
 * @throws when protobuf-es rejects the example, which means the generator
 * does not know a type it meets.
 */
export function examplePayload(message: DescMessage, registry: Registry): JsonObject {
  const json = exampleMessage(message, []);
  return toJson(message, fromJson(message, json, { registry }), { registry }) as JsonObject;
}

/** The binary encoding of a message's example payload, as it rides in an envelope. */
export function examplePayloadBinary(message: DescMessage, registry: Registry): Uint8Array {
  return toBinary(message, fromJson(message, examplePayload(message, registry), { registry }));
}

function exampleMessage(message: DescMessage, stack: readonly string[]): JsonObject {
  const wkt = wellKnownExample(message.typeName);
  if (wkt !== undefined) return wkt as JsonObject;
  const out: JsonObject = {};
  if (stack.includes(message.typeName) || stack.length > 4) return out;
  const inner = [...stack, message.typeName];
  const chosenOneofs = new Set<string>();
  for (const field of message.fields) {
    if (field.oneof !== undefined) {
      if (chosenOneofs.has(field.oneof.name)) continue;
      chosenOneofs.add(field.oneof.name);
    }
    const value = exampleField(field, inner);
    if (value !== undefined) out[field.jsonName] = value;
  }
  return out;
}

function exampleField(field: DescField, stack: readonly string[]): JsonValue | undefined {
  switch (field.fieldKind) {
    case "scalar":
      return exampleScalar(field.scalar, field.name);
    case "enum":
      return exampleEnum(field.enum.values.map((v) => v.name));
    case "message":
      return messageValue(field.message, stack);
    case "list": {
      const item =
        field.listKind === "scalar"
          ? exampleScalar(field.scalar, field.name)
          : field.listKind === "enum"
            ? exampleEnum(field.enum.values.map((v) => v.name))
            : messageValue(field.message, stack);
      return item === undefined ? [] : [item];
    }
    case "map": {
      const value =
        field.mapKind === "scalar"
          ? exampleScalar(field.scalar, field.name)
          : field.mapKind === "enum"
            ? exampleEnum(field.enum.values.map((v) => v.name))
            : messageValue(field.message, stack);
      const key = field.mapKey === ScalarType.STRING ? "key" : field.mapKey === ScalarType.BOOL ? "true" : "1";
      return value === undefined ? {} : { [key]: value };
    }
  }
}

function messageValue(message: DescMessage, stack: readonly string[]): JsonValue | undefined {
  // An Any names its type at run time: the example leaves it out.
  if (message.typeName === "google.protobuf.Any") return undefined;
  const wkt = wellKnownExample(message.typeName);
  if (wkt !== undefined) return wkt;
  return stack.includes(message.typeName) ? undefined : exampleMessage(message, stack);
}

function exampleEnum(values: readonly string[]): string | undefined {
  return values[1] ?? values[0];
}

function exampleScalar(scalar: ScalarType, name: string): JsonValue {
  switch (scalar) {
    case ScalarType.STRING:
      return exampleString(name);
    case ScalarType.BOOL:
      return true;
    case ScalarType.BYTES:
      return "AQID";
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return 1.5;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      if (/(_at|_time|timestamp)$/.test(name)) return exampleEpochMs;
      return /amount|price|total|cents|minor/.test(name) ? "1999" : "42";
    default:
      return /quantity|count/.test(name) ? 2 : 7;
  }
}

function exampleString(name: string): string {
  if (name === "id") return exampleId;
  if (name.endsWith("_id") || name.endsWith("_by")) return `${exampleId.slice(0, 24)}${fnv1a(name).toString(16).padStart(8, "0")}0001`;
  if (name.includes("email")) return name.startsWith("old") ? "ada@old.example.com" : "ada@example.com";
  if (name.includes("currency")) return "EUR";
  if (name === "given_name" || name === "first_name") return "Ada";
  if (name === "family_name" || name === "last_name") return "Lovelace";
  if (name === "name" || name.endsWith("_name")) return "Ada Lovelace";
  if (name === "sku") return "SKU-1042";
  if (name.includes("role")) return "billing";
  if (name.includes("url")) return "https://example.com/";
  return `example ${name.replaceAll("_", " ")}`;
}

function wellKnownExample(typeName: string): JsonValue | undefined {
  switch (typeName) {
    case "google.protobuf.Timestamp":
      return "2026-01-01T00:00:00Z";
    case "google.protobuf.Duration":
      return "3.500s";
    case "google.protobuf.Struct":
      return { key: "value" };
    case "google.protobuf.Value":
      return "value";
    case "google.protobuf.ListValue":
      return ["value"];
    case "google.protobuf.FieldMask":
      return "displayName";
    case "google.protobuf.Empty":
      return {};
    case "google.protobuf.StringValue":
      return "value";
    case "google.protobuf.BoolValue":
      return true;
    case "google.protobuf.BytesValue":
      return "AQID";
    case "google.protobuf.Int64Value":
    case "google.protobuf.UInt64Value":
      return "42";
    case "google.protobuf.Int32Value":
    case "google.protobuf.UInt32Value":
    case "google.protobuf.DoubleValue":
    case "google.protobuf.FloatValue":
      return 7;
    default:
      return undefined;
  }
}

/** FNV-1a hash of a string: distinct, stable example ids per field name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

// fast-check arbitraries of messages of any schema, for the payload codec's property tests:
// every field left out or set, values at the edges of their ranges (NaN, -0, 2^64-1, lone
// surrogates, unknown enum numbers), nesting up to a depth.
import { create, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import fc from "fast-check";

const int64Range = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const uint64Range = { min: 0n, max: 2n ** 64n - 1n };

/** Strings of every kind: ASCII, any code point, lone surrogates, short and long. */
const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 8 }),
  fc.string({ minLength: 40, maxLength: 400 }),
  fc.string({ unit: "binary", minLength: 40, maxLength: 200 }),
);

function scalarValue(type: ScalarType, longAsString: boolean): fc.Arbitrary<unknown> {
  const long = (range: { min: bigint; max: bigint }): fc.Arbitrary<unknown> => {
    const value = fc.oneof(fc.bigInt(range), fc.bigInt({ min: range.min < 0n ? -300n : 0n, max: 300n }), fc.constantFrom(range.min, range.max, 0n));
    return longAsString ? value.map(String) : value;
  };
  switch (type) {
    case ScalarType.DOUBLE:
      return fc.double();
    case ScalarType.FLOAT:
      return fc.float();
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.oneof(fc.integer(), fc.integer({ min: -300, max: 300 }));
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 300 }));
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return long(int64Range);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return long(uint64Range);
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.STRING:
      return anyString;
    case ScalarType.BYTES:
      return fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ minLength: 100, maxLength: 300 }));
  }
}

/** An object key of a map of this key type, as protobuf-es holds it. */
function mapKey(type: ScalarType): fc.Arbitrary<string> {
  if (type === ScalarType.STRING) return fc.oneof(anyString, fc.constantFrom("__proto__", "1", "-0", "constructor"));
  if (type === ScalarType.BOOL) return fc.constantFrom("true", "false");
  return scalarValue(type, false).map(String);
}

function enumValue(field: { enum: { values: readonly { number: number }[]; open: boolean } }): fc.Arbitrary<number> {
  const known = fc.constantFrom(...field.enum.values.map((value) => value.number));
  return field.enum.open ? fc.oneof(known, fc.integer()) : known;
}

function isWrapperField(field: DescField): boolean {
  return field.fieldKind === "message" && field.oneof === undefined && field.message.typeName.startsWith("google.protobuf.") && field.message.typeName.endsWith("Value") && field.message.typeName !== "google.protobuf.Value" && field.message.typeName !== "google.protobuf.ListValue";
}

/**
 * A JSON object, as protobuf-es holds a google.protobuf.Struct field, in one
 * message of ten: the codec leaves a message with one to protobuf-es, and
 * the other fields are what the tests are about.
 */
const jsonObject = fc.oneof(
  { arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 9 },
);

function fieldValue(field: DescField, depth: number): fc.Arbitrary<unknown> | undefined {
  switch (field.fieldKind) {
    case "scalar":
      return scalarValue(field.scalar, field.longAsString);
    case "enum":
      return enumValue(field);
    case "message":
      if (field.message.typeName === "google.protobuf.Struct" && field.parent.typeName !== "google.protobuf.Value") return jsonObject;
      if (isWrapperField(field)) {
        const value = field.message.fields[0];
        return value?.fieldKind === "scalar" ? scalarValue(value.scalar, false) : undefined;
      }
      return depth > 0 ? messageInit(field.message, depth - 1) : undefined;
    case "list":
      if (field.listKind === "message") return depth > 0 ? fc.array(messageInit(field.message, depth - 1), { maxLength: 3 }) : undefined;
      return fc.array(field.listKind === "enum" ? enumValue(field) : scalarValue(field.scalar, field.longAsString), { maxLength: 5 });
    case "map": {
      let value: fc.Arbitrary<unknown> | undefined;
      if (field.mapKind === "message") {
        if (field.message.typeName === "google.protobuf.Struct") value = jsonObject;
        else value = depth > 0 ? messageInit(field.message, depth - 1) : undefined;
      } else value = field.mapKind === "enum" ? enumValue(field) : scalarValue(field.scalar, false);
      if (value === undefined) return undefined;
      return fc.dictionary(mapKey(field.mapKey), value, { maxKeys: 3 }).map((record) => (Object.values(record).includes(undefined) ? {} : record));
    }
  }
}

/** The init object of a random message of `schema`, nested at most `depth` levels deeper. */
export function messageInit(schema: DescMessage, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const member of schema.members) {
    if (member.kind === "oneof") {
      const cases = member.fields.flatMap((field) => {
        const value = fieldValue(field, depth);
        return value === undefined ? [] : [value.map((v) => ({ case: field.localName, value: v }))];
      });
      parts[member.localName] = fc.oneof(fc.constant({ case: undefined }), ...cases);
      continue;
    }
    const value = fieldValue(member, depth);
    if (value === undefined) continue;
    parts[member.localName] = value;
    // proto2 and LEGACY_REQUIRED fields, so that most messages encode; a test leaves them out on purpose.
    if (member.presence === 3) required.push(member.localName);
  }
  return fc.record(parts, { requiredKeys: required });
}

/** A random message of `schema`. */
export function arbitraryMessage(schema: DescMessage, depth = 2): fc.Arbitrary<Message> {
  return messageInit(schema, depth).map((init) => create(schema, init as never) as Message);
}

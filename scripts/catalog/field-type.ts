import { ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";

/** One part of a field's type as the catalog shows it: text, linked when it names a declared type. */
export interface TypePart {
  readonly text: string;
  /** The full name of the message or enum the text names, for a link. */
  readonly typeName?: string;
}

/** The .proto name of a scalar type, e.g. `int64`. */
function scalarName(scalar: ScalarType): string {
  return ScalarType[scalar].toLowerCase();
}

function named(type: DescMessage | DescEnum): TypePart {
  return { text: type.typeName, typeName: type.typeName };
}

/**
 * A field's type in .proto spelling, split into parts so that message and enum
 * names can become links: `repeated order.v1.LineItem`, `map<string, string>`,
 * `optional string`.
 */
export function fieldTypeParts(field: DescField): TypePart[] {
  switch (field.fieldKind) {
    case "scalar":
      return [{ text: `${field.proto.proto3Optional ? "optional " : ""}${scalarName(field.scalar)}` }];
    case "enum":
      return field.proto.proto3Optional ? [{ text: "optional " }, named(field.enum)] : [named(field.enum)];
    case "message":
      return [named(field.message)];
    case "list":
      return [{ text: "repeated " }, field.listKind === "scalar" ? { text: scalarName(field.scalar) } : named(field.listKind === "enum" ? field.enum : field.message)];
    case "map":
      return [
        { text: `map<${scalarName(field.mapKey)}, ` },
        field.mapKind === "scalar" ? { text: scalarName(field.scalar) } : named(field.mapKind === "enum" ? field.enum : field.message),
        { text: ">" },
      ];
  }
}

/** A field's type as one string, e.g. `repeated order.v1.LineItem`. */
export function fieldTypeText(field: DescField): string {
  return fieldTypeParts(field)
    .map((p) => p.text)
    .join("");
}

/** The messages and enums a field's type refers to. */
export function referencedTypes(field: DescField): (DescMessage | DescEnum)[] {
  return [field.message, field.enum].filter((t): t is DescMessage | DescEnum => t !== undefined);
}

// Literal JSON values that sit at the edges of the protobuf JSON mapping, by field type: what a
// strict parser in either language must accept or reject alike.
import { ScalarType, type DescField } from "@bufbuild/protobuf";
import type { Prng } from "./prng.js";

const int64Variants = [
  "9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "1e3", "1E2", "1.0", "1.5", "-0", "0.0", "1e-3", "1e19", '"9223372036854775807"', '"9223372036854775808"',
  '" 1"', '"1 "', '"0x10"', '"1_000"', '"\u0661\u0662"', '"1e3"', '"1.0"', '"+1"', '"01"', '"-0"', '""',
  "true", "null", "{}", "[]", '"18446744073709551615"',
];
const uint64Variants = [...int64Variants, "18446744073709551615", "18446744073709551616", "-1", '"-1"'];
const int32Variants = [
  "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296", "-1", "1e3", "1.0", "1.5",
  "-0", '"1"', '"1.0"', '"1e2"', '" 1"', '"0x10"', "true", "null", '""', "1e400", '"\u0661"',
];
const floatVariants = [
  "1e39", "-1e39", "3.4028234663852886e38", "3.4028235677973366e38", "3.4028236e38", "1e-46", '"NaN"', '"Infinity"',
  '"-Infinity"', '"-0"', "-0", "0.1", '"0.1"', '"1e39"', '"nan"', '"inf"', "NaN", "Infinity", "true", "null", '""',
  '" 1"', "1e400", '"0x1p3"', "16777217",
];
const doubleVariants = [
  "1e308", "1e309", "-1e309", "5e-324", "2e-324", '"NaN"', '"Infinity"', '"-0"', "-0", '"1e309"', "0.1", '"1.5"',
  "null", "true", '""', "9007199254740993", '"-Infinity"', "1.7976931348623157e308",
];
const boolVariants = ["true", "false", '"true"', "1", "0", "null", '"1"', '"false"', '"True"'];
const stringVariants = [
  "5", "{}", "[]", "null", "true", '"\\ud800"', '"\\udc00x"', '"\\u0000"', '"\\ud83d\\ude00"', '"\u00e9"', '"\\u00e9"', '"a\\/b"',
];
const enumVariants = [
  '"PRIORITY_HIGH"', "2", '"2"', "true", "1.5", '"PRIORITY_UNKNOWN"', "99", "-1", "2147483648", '"priority_high"', "null",
  '""', "2.0", "1e0", '"PRIORITY_LOW "',
];
const messageVariants = ['"x"', "5", "[]", "null", "{}", '{"unknownField":1}', '{"street":5}', '{"city":"Basel","city":"Bern"}', "true"];
const listVariants = ["null", '"x"', "{}", "[null]", '[1,"a"]', "[[]]", "[]"];
const mapVariants = ["null", "[]", '{"k":null}', '{"k":5}', '{"":"x"}', '{"k":"v","k":"w"}', '{"__proto__":"x"}'];

/**
 * Forms of a base64 value: padding dropped or doubled, the URL-safe alphabet, whitespace or
 * `=` inside, characters outside any alphabet.
 */
export function base64Variants(prng: Prng, canonical: string): string[] {
  const at = prng.int(0, canonical.length);
  const insert = (s: string): string => canonical.slice(0, at) + s + canonical.slice(at);
  return [
    canonical,
    canonical.replace(/=+$/, ""),
    canonical.replace(/\+/g, "-").replace(/\//g, "_"),
    canonical.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
    `${canonical}=`,
    `${canonical}==`,
    insert(" "),
    insert("\n"),
    insert("="),
    insert("!"),
    ` ${canonical}`,
    canonical.slice(0, Math.max(0, canonical.length - 1)),
    "A", "AB", "AB=", "AB==", "ABC", "ABC=", "=", "",
  ].map((s) => JSON.stringify(s));
}

/** The edge values of one field type, as literal JSON text, with a name for the report. */
export function fieldVariants(prng: Prng, field: DescField): { kind: string; variants: string[] } {
  switch (field.fieldKind) {
    case "scalar":
      return scalarVariants(prng, field.scalar);
    case "enum":
      return { kind: "enum", variants: enumVariants };
    case "message":
      return { kind: "message", variants: messageVariants };
    case "list": {
      const element = field.listKind === "scalar" ? scalarVariants(prng, field.scalar) : { kind: field.listKind, variants: messageVariants };
      return { kind: `list-of-${element.kind}`, variants: [...listVariants, ...element.variants.map((v) => `[${v}]`)] };
    }
    case "map": {
      const value = field.mapKind === "scalar" ? scalarVariants(prng, field.scalar) : { kind: field.mapKind, variants: messageVariants };
      return { kind: `map-of-${value.kind}`, variants: [...mapVariants, ...value.variants.map((v) => `{"k":${v}}`)] };
    }
  }
}

function scalarVariants(prng: Prng, scalar: ScalarType): { kind: string; variants: string[] } {
  switch (scalar) {
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { kind: "int64", variants: int64Variants };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { kind: "uint64", variants: uint64Variants };
    case ScalarType.FLOAT:
      return { kind: "float", variants: floatVariants };
    case ScalarType.DOUBLE:
      return { kind: "double", variants: doubleVariants };
    case ScalarType.BOOL:
      return { kind: "bool", variants: boolVariants };
    case ScalarType.STRING:
      return { kind: "string", variants: stringVariants };
    case ScalarType.BYTES:
      return { kind: "bytes", variants: base64Variants(prng, "AP+A") };
    default:
      return { kind: "int32", variants: int32Variants };
  }
}

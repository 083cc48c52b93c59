import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import type { DecodeLimits } from "../decode-limits.js";
import { InvalidCloudEventError, describe } from "../errors.js";
import { checkJsonTextDepth } from "../json-limits.js";
import { JsonNumber, parseJson, type JsonTree } from "../json-parse.js";
import { decodeBase64 } from "./base64.js";
import { compactJson, memberTexts } from "./json-text.js";
import { mediaTypeOf } from "./media-type.js";
import { mappedNames, readAttributes } from "./read-attributes.js";
import { isWellFormed } from "./well-formed.js";

// The attributes CloudEvents and docs/cloudevents.md type as strings (String, URI,
// URI-reference, Timestamp), a JSON string each, are the mapped ones. An extension may also be a
// Boolean or an Integer.
const stringAttributes = mappedNames;

const integerForm = /^-?(?:0|[1-9][0-9]*)$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

/**
 * Reads a CloudEvent of the JSON event format into an envelope.
 *
 * @throws {InvalidCloudEventError} when the value is not a JSON object in
 *   UTF-8 (`value`), a member has a value of the wrong type (its name), `data`
 *   and `data_base64` are both given (`data`), or an attribute breaks a rule.
 * @throws {LimitExceededError} when arrays and objects nest deeper than `maxDepth`.
 * @internal
 */
export function readStructuredJson(value: Uint8Array, limits: DecodeLimits): Envelope {
  let text: string;
  let tree: JsonTree;
  try {
    text = strictUtf8.decode(value);
  } catch {
    throw new InvalidCloudEventError("value", "is not UTF-8, which the JSON event format is");
  }
  checkJsonTextDepth(text, limits, "CloudEvent");
  try {
    tree = parseJson(text);
  } catch (cause) {
    throw new InvalidCloudEventError("value", `is not JSON text: ${describe(cause)}`);
  }
  if (typeof tree !== "object" || tree === null || Array.isArray(tree) || tree instanceof JsonNumber) {
    throw new InvalidCloudEventError("value", "is not a JSON object, as a CloudEvent in the JSON event format is");
  }
  const members = tree;
  const attributes = new Map<string, string>();
  for (const name of Object.keys(members).sort()) {
    if (name === "data" || name === "data_base64") continue;
    const attribute = attributeString(name, members[name] as JsonTree);
    if (attribute !== undefined) attributes.set(name, attribute);
  }
  const data = members["data"] ?? null;
  const dataBase64 = members["data_base64"] ?? null;
  if (data !== null && dataBase64 !== null) throw new InvalidCloudEventError("data", "and data_base64 are both given; an event has one data");
  const contentType = attributes.get("datacontenttype") ?? "application/json";
  let payload: Uint8Array = new Uint8Array();
  if (dataBase64 !== null) {
    const decoded = typeof dataBase64 === "string" ? decodeBase64(dataBase64) : undefined;
    if (decoded === undefined) throw new InvalidCloudEventError("data_base64", "is not a string of standard base64 with padding");
    payload = decoded;
  } else if (data !== null) {
    if (isJsonMediaType(contentType)) payload = utf8.encode(memberTexts(compactJson(text)).get("data") ?? "");
    else if (typeof data === "string" && isWellFormed(data)) payload = utf8.encode(data);
    else throw new InvalidCloudEventError("data", `is not a string of Unicode text, as data of the non-JSON content type ${JSON.stringify(contentType)} is in JSON`);
  }
  return readAttributes(attributes, payload, "application/json");
}

// A member's value as the attribute's canonical string; undefined for null, which is no value.
function attributeString(name: string, value: JsonTree): string | undefined {
  if (value === null) return undefined;
  if (typeof value === "string") {
    if (!isWellFormed(value)) throw new InvalidCloudEventError(name, "holds a lone surrogate (a JSON escape), which is not Unicode text");
    return value;
  }
  if (!stringAttributes.has(name)) {
    if (typeof value === "boolean") return String(value);
    if (value instanceof JsonNumber) {
      const number = Number(value.text);
      if (integerForm.test(value.text) && number >= -(2 ** 31) && number < 2 ** 31) return String(number);
      throw new InvalidCloudEventError(name, `is ${value.text}, not a CloudEvents Integer (-2^31 to 2^31-1, no fraction or exponent)`);
    }
  }
  throw new InvalidCloudEventError(name, "has a JSON value of a type this attribute cannot have");
}

// application/json, or a structured syntax suffix +json (RFC 6839), with or without parameters.
function isJsonMediaType(contentType: string): boolean {
  const mediaType = mediaTypeOf(contentType);
  return mediaType === "application/json" || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType);
}

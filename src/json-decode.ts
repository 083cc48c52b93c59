import { fromJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { DecodeLimits } from "./decode-limits.js";
import { checkJsonTextDepth } from "./json-limits.js";
import { normaliseJson } from "./json-normalise.js";
import { parseJson, type JsonTree } from "./json-parse.js";

/**
 * How one JSON decode goes: its limits, what it decodes, and whether unknown
 * fields are skipped (payloads) or rejected (the envelope).
 *
 * @internal
 */
export interface JsonDecodeOptions {
  /** The limits in force; the caller has checked `maxBytes`. */
  readonly limits: DecodeLimits;
  /** What is decoded, for a limit error: `envelope` or `payload`. */
  readonly where: string;
  /** Skip fields the schema does not have, or reject them. */
  readonly ignoreUnknownFields: boolean;
}

/**
 * Decodes a message from JSON text by the strict proto3 JSON policy
 * (docs/json-policy.md): nesting is checked before parsing, then the text is
 * parsed exactly, checked against the schema, and read by protobuf-es.
 *
 * @throws {LimitExceededError} when arrays and objects nest deeper than `maxDepth`.
 * @throws {SyntaxError} when the text is not RFC 8259 JSON.
 * @throws {Error} when the JSON breaks a rule of the policy, naming the field path.
 * @internal
 */
export function decodeJsonText<Desc extends DescMessage>(schema: Desc, text: string, options: JsonDecodeOptions): MessageShape<Desc> {
  checkJsonTextDepth(text, options.limits, options.where);
  return decodeJsonValue(schema, parseJson(text), options);
}

/**
 * Decodes a message from a parsed JSON value by the strict proto3 JSON
 * policy. A value parsed by `JSON.parse` has lost the syntax of its numbers:
 * an integral number is taken as an integer.
 *
 * @throws {LimitExceededError} when arrays and objects nest deeper than `maxDepth`.
 * @throws {Error} when the JSON breaks a rule of the policy, naming the field path.
 * @internal
 */
export function decodeJsonValue<Desc extends DescMessage>(schema: Desc, value: JsonTree, options: JsonDecodeOptions): MessageShape<Desc> {
  const normalised = normaliseJson(schema, value, {
    ignoreUnknownFields: options.ignoreUnknownFields,
    maxDepth: options.limits.maxDepth,
    where: options.where,
  });
  return fromJson(schema, normalised);
}

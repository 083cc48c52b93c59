// What the fuzzer feeds both languages: bytes to decode, JSON text to parse, or the arguments of
// a `wrap` call, each tagged with the generator that made it.
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import type { DecodeLimits } from "../../src/decode-limits.js";
import type { VectorOptions } from "../vectors.js";

/**
 * A `wrap` timestamp, spelled so that both languages receive the same value: `integer` is a
 * bigint in TypeScript and an int in Python, `number` a JavaScript number and a Python float
 * (never a whole number, which TypeScript would take as milliseconds and Python reject as a
 * float), `odd` a value of the wrong type, handed over as the JSON value it is.
 */
export type TimestampSpec =
  | { readonly integer: string }
  | { readonly number: number | "NaN" | "Infinity" | "-Infinity" }
  | { readonly odd: JsonValue };

/** The arguments of one `wrap` call, with the metadata in snake_case as the Python keywords are. */
export interface WrapSpec {
  /** The payload's fully qualified message name. */
  readonly type: string;
  /** The payload in canonical protobuf JSON. */
  readonly payload: JsonObject;
  readonly eventId: string;
  readonly timestamp: TimestampSpec;
  /** The other metadata, as the shared vectors spell it; the id and timestamp are above. */
  readonly options: Omit<VectorOptions, "event_id" | "timestamp">;
}

/** Decoding limits to use instead of the defaults, spelled as the TypeScript options. */
export type FuzzLimits = Partial<DecodeLimits>;

/** One fuzz input: what to run, and the generator that made it (e.g. `payload-bytes/bitflip`). */
export type FuzzInput =
  | { readonly generator: string; readonly bytesHex: string; readonly limits?: FuzzLimits }
  | { readonly generator: string; readonly jsonText: string; readonly limits?: FuzzLimits }
  | { readonly generator: string; readonly wrap: WrapSpec };

/** The size of an input, to pick the shortest example of a group: hex digits, characters or JSON characters. */
export function inputSize(input: FuzzInput): number {
  if ("bytesHex" in input) return input.bytesHex.length;
  if ("jsonText" in input) return input.jsonText.length;
  return JSON.stringify(input.wrap).length;
}

/** The input without its generator, as the Python peer reads it and a report shows it. */
export function inputBody(input: FuzzInput): Omit<FuzzInput, "generator"> {
  const { generator: _generator, ...body } = input;
  return body;
}

// The `wrap` generator: a fixture event's example payload with random metadata, odd strings and
// odd attribute keys, and a fixed event id and timestamp unless those are what is fuzzed.
import type { JsonObject } from "@bufbuild/protobuf";
import { ContentType } from "../../src/content-type.js";
import { eventIdentity } from "../../src/index.js";
import type { FuzzInput, TimestampSpec, WrapSpec } from "./fuzz-input.js";
import type { Prng } from "./prng.js";
import { fixedEventId, fixedTimestamp, seedEnvelopes } from "./seed-corpus.js";

/** Strings no producer should send but some will: lone surrogates, controls, very long ones. */
function oddString(prng: Prng): string {
  return prng.pick([
    "",
    "svc",
    "\ud800",
    "a\udc00b",
    "\udc00\ud800",
    "\u0000",
    "\u0007\n\t",
    "Z\u00fcrich",
    "\u{1f600}",
    "\uffff",
    "\ufeff",
    "\u200b",
    "x".repeat(prng.int(1000, 20000)),
    "\u00e9".repeat(300),
  ]);
}

/** Attribute keys whose order or meaning differs between languages and objects. */
const attributeKeys = [
  "", "__proto__", "constructor", "toString", "tenant", "tenant_id", "Tenant", "a.b", "0", "7", "10", "01",
  "4294967294", "4294967295", "-1", "\u00e9", "e\u0301", "\u{1f600}", "\uffff", "\ud800", "x".repeat(30), "tenant\u0000",
];

function attributes(prng: Prng): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (let n = prng.int(1, 6); n > 0; n--) entries.push([prng.pick(attributeKeys), prng.chance(0.7) ? "v" : oddString(prng)]);
  // Object.fromEntries defines "__proto__" as an own key, as JSON.parse does.
  return Object.fromEntries(entries);
}

function timestamp(prng: Prng): TimestampSpec {
  if (prng.chance(0.75)) return { integer: fixedTimestamp.toString() };
  const kinds: Array<() => TimestampSpec> = [
    () => ({
      integer: prng.pick([
        "0", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "8640000000000000", "8640000000000001",
      ]),
    }),
    () => ({ number: prng.pick([1.5, -0.5, 1e300, 2 ** 53, -(2 ** 60), "NaN", "Infinity", "-Infinity"] as const) }),
    // Not null: Python's None is the keyword's default, the current time, and TypeScript refuses
    // null; the two are different calls, each covered by its own unit tests.
    () => ({ odd: prng.pick(["123", " 123 ", "0x10", "1e3", "", true, false, [], {}]) }),
  ];
  return prng.pick(kinds)();
}

/** One `wrap` call: an example payload, random metadata, and sometimes an odd partition key value. */
export function wrapCall(prng: Prng): FuzzInput {
  const seed = prng.pick(seedEnvelopes);
  const options: Record<string, unknown> = {};
  for (const key of ["aggregate_id", "trace_id", "correlation_id", "causation_id", "source"]) {
    if (prng.chance(0.3)) options[key] = oddString(prng);
  }
  if (prng.chance(0.8)) {
    options["content_type"] = prng.chance(0.9)
      ? prng.pick([ContentType.Protobuf, ContentType.Json])
      : prng.pick(["", "application/xml", "APPLICATION/JSON", "application/json; charset=utf-8"]);
  }
  if (prng.chance(0.6)) options["attributes"] = attributes(prng);
  let payload: JsonObject = seed.payloadJson;
  const partitionKey = eventIdentity(seed.schema).partitionKey;
  if (partitionKey !== "" && prng.chance(0.2)) {
    // Only strings that are valid Unicode: the payload must parse alike before `wrap` is called.
    const field = seed.schema.fields.find((f) => f.name === partitionKey);
    if (field !== undefined) payload = { ...payload, [field.jsonName]: prng.pick(["", "\u0000", "Z\u00fcrich", "\u{1f600}", "x".repeat(5000)]) };
  }
  const spec: WrapSpec = {
    type: seed.schema.typeName,
    payload,
    eventId: prng.chance(0.9) ? fixedEventId : oddString(prng),
    timestamp: timestamp(prng),
    options,
  };
  return { generator: "wrap", wrap: spec };
}

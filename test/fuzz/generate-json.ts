// The JSON generators: envelopes given as JSON text (`envelopeFromJsonString`) and payloads of
// content type application/json, each a valid canonical form with one edit of the mapping's
// edges: a field's value, its name, a key twice, unknown fields, deep nesting, the text around it.
import type { DescMessage, JsonObject, JsonValue } from "@bufbuild/protobuf";
import { EnvelopeSchema } from "../../src/index.js";
import { ContentType } from "../../src/content-type.js";
import type { FuzzInput } from "./fuzz-input.js";
import { draftOf, nestedText, renderDraft, setEntry, type JsonDraft } from "./json-draft.js";
import { base64Variants, fieldVariants } from "./json-variants.js";
import type { Prng } from "./prng.js";
import { seedEnvelopes, withPayload } from "./seed-corpus.js";

type Entries = ReadonlyArray<readonly [string, JsonDraft]>;

const raw = (text: string): JsonDraft => ({ raw: text });

function entriesOf(value: JsonObject): Entries {
  const draft = draftOf(value);
  return "entries" in draft ? draft.entries : [];
}

/** One edit of a message's canonical JSON, named for the report. */
function editMessage(prng: Prng, schema: DescMessage, value: JsonObject, depth = 0): { name: string; draft: JsonDraft } {
  const entries = entriesOf(value);
  const field = prng.pick(schema.fields);
  const current = value[field.jsonName];
  const currentDraft = current === undefined ? raw('""') : draftOf(current);
  const edits: Record<string, () => { name: string; entries: Entries }> = {
    value: () => {
      if (field.fieldKind === "message" && isObject(current) && depth < 2 && prng.chance(0.4)) {
        const nested = editMessage(prng, field.message, current, depth + 1);
        return { name: `nested/${nested.name}`, entries: setEntry(entries, field.jsonName, nested.draft) };
      }
      const { kind, variants } =
        field.fieldKind === "scalar" && typeof current === "string" && field.scalar === 12
          ? { kind: "bytes", variants: base64Variants(prng, current) }
          : fieldVariants(prng, field);
      const key = prng.chance(0.2) ? field.name : field.jsonName;
      return { name: `value/${kind}`, entries: setEntry(entries.filter(([k]) => k !== field.jsonName), key, raw(prng.pick(variants))) };
    },
    "both-names": () => {
      const other = prng.chance(0.5) ? currentDraft : raw(prng.pick(fieldVariants(prng, field).variants));
      return { name: "both-names", entries: [...setEntry(entries, field.jsonName, currentDraft), [field.name, other]] };
    },
    "proto-name": () => ({
      name: "proto-name",
      entries: [...entries.filter(([k]) => k !== field.jsonName), [field.name, currentDraft]],
    }),
    null: () => ({ name: `null/${fieldVariants(prng, field).kind}`, entries: setEntry(entries, field.jsonName, raw("null")) }),
    "duplicate-key": () => {
      const again = prng.chance(0.5) ? currentDraft : raw(prng.pick(fieldVariants(prng, field).variants));
      return { name: "duplicate-key", entries: [...setEntry(entries, field.jsonName, currentDraft), [field.jsonName, again]] };
    },
    "unknown-field": () => ({ name: "unknown-field", entries: [...entries, [prng.pick(["colour", "$typeName", "__proto__", "EventName"]), raw(prng.pick(['"blue"', "1", "null", "{}", "[1]"]))]] }),
    "deep-nesting": () => {
      const depthOf = prng.pick([50, 100, 990, 5000]);
      const key = prng.chance(0.5) ? "colour" : field.jsonName;
      return { name: `deep-nesting/${key === "colour" ? "unknown" : "known"}-${depthOf}`, entries: setEntry(entries, key, raw(nestedText(depthOf, prng.chance(0.5)))) };
    },
    "oneof-both": () => {
      const oneof = schema.oneofs[0];
      if (oneof === undefined) return { name: "oneof-both", entries };
      return { name: "oneof-both", entries: oneof.fields.reduce<Entries>((acc, f) => setEntry(acc, f.jsonName, raw('"x"')), entries) };
    },
  };
  const edit = prng.pick(Object.keys(edits));
  const result = (edits[edit] as () => { name: string; entries: Entries })();
  return { name: result.name, draft: { entries: result.entries } };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One edit of the text around a JSON document: a byte order mark, whitespace, garbage, another top-level value. */
function editText(prng: Prng, text: string): { name: string; text: string } {
  const edits: Record<string, () => string> = {
    bom: () => `\ufeff${text}`,
    whitespace: () => ` \n\t${text}\r\n `,
    "nbsp-around": () => `${text}\u00a0`,
    "trailing-garbage": () => text + prng.pick(["x", "{}", ",", "\u0000", "//"]),
    "not-an-object": () => prng.pick(["[]", "null", "5", '"x"', "true", "", " "]),
    truncated: () => text.slice(0, prng.int(0, text.length - 1)),
    "bom-twice": () => `\ufeff\ufeff${text}`,
  };
  const name = prng.pick(Object.keys(edits));
  return { name, text: (edits[name] as () => string)() };
}

/** An envelope as JSON text, with one edit of its fields or its text. */
export function jsonEnvelope(prng: Prng): FuzzInput {
  const seed = prng.pick(seedEnvelopes);
  if (prng.chance(0.15)) {
    const { name, text } = editText(prng, JSON.stringify(seed.json));
    return { generator: `json-envelope/text/${name}`, jsonText: text };
  }
  const { name, draft } = editMessage(prng, EnvelopeSchema, seed.json);
  return { generator: `json-envelope/${name}`, jsonText: renderDraft(draft) };
}

/**
 * An envelope whose payload is JSON (content type application/json) with one edit, carried in
 * a binary envelope or, one time in four, in a JSON envelope.
 */
export function jsonPayload(prng: Prng): FuzzInput {
  const seed = prng.pick(seedEnvelopes);
  let name: string;
  let payload: Uint8Array;
  if (prng.chance(0.05)) {
    name = "invalid-utf8";
    const text = new TextEncoder().encode(JSON.stringify(seed.payloadJson));
    const at = prng.int(0, text.length);
    payload = new Uint8Array([...text.subarray(0, at), prng.pick([0xff, 0xc3, 0xed, 0x80]), ...text.subarray(at)]);
  } else if (prng.chance(0.2)) {
    const edited = editText(prng, JSON.stringify(seed.payloadJson));
    name = `text/${edited.name}`;
    payload = new TextEncoder().encode(edited.text);
  } else {
    const edited = editMessage(prng, seed.schema, seed.payloadJson);
    name = edited.name;
    payload = new TextEncoder().encode(renderDraft(edited.draft));
  }
  if (prng.chance(0.75)) {
    return { generator: `json-payload/${name}`, bytesHex: Buffer.from(withPayload(seed, payload, ContentType.Json)).toString("hex") };
  }
  const envelope = { ...seed.json, contentType: ContentType.Json, payload: Buffer.from(payload).toString("base64") };
  return { generator: `json-payload/${name}`, jsonText: JSON.stringify(envelope) };
}

// The binary generators: random bytes, mutated envelopes, envelopes carrying a mutated payload,
// and map entries (the envelope's attributes and the payloads' maps) built by hand.
import type { DescMessage } from "@bufbuild/protobuf";
import { EnvelopeSchema } from "../../src/index.js";
import { ContentType } from "../../src/content-type.js";
import { binaryMutations, knownFields, randomField } from "./binary-mutations.js";
import type { FuzzInput } from "./fuzz-input.js";
import type { Prng } from "./prng.js";
import { seedEnvelopes, withPayload, type SeedEnvelope } from "./seed-corpus.js";
import { concat, fixed32Field, lenField, stringField, tag, varintField, WireType } from "./wire.js";

const envelopeFields = knownFields(EnvelopeSchema);
const attributesField = 12;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function bytesInput(generator: string, bytes: Uint8Array): FuzzInput {
  return { generator, bytesHex: hex(bytes) };
}

/** Random bytes: mostly up to 300, sometimes a few kilobytes. */
export function randomBytes(prng: Prng): FuzzInput {
  const length = prng.chance(0.05) ? prng.int(300, 4096) : prng.int(0, 300);
  return bytesInput("random-bytes", prng.bytes(length));
}

/** A valid binary envelope of a fixture event, mutated by one or two binary mutations. */
export function mutatedEnvelope(prng: Prng): FuzzInput {
  const seed = prng.pick(seedEnvelopes);
  const mutation = prng.pick(binaryMutations);
  let bytes = mutation.apply(prng, { bytes: seed.bytes, fields: envelopeFields, other: prng.pick(seedEnvelopes).bytes });
  if (prng.chance(0.2)) bytes = prng.pick(binaryMutations).apply(prng, { bytes, fields: envelopeFields, other: seed.bytes });
  return bytesInput(`envelope-bytes/${mutation.name}`, bytes);
}

function protobufSeed(prng: Prng): SeedEnvelope {
  return prng.pick(seedEnvelopes.filter((s) => s.contentType === ContentType.Protobuf));
}

/**
 * A valid envelope whose binary payload is mutated: the envelope decodes, and the payload
 * decoder meets the bad bytes.
 */
export function mutatedPayload(prng: Prng): FuzzInput {
  const seed = protobufSeed(prng);
  const mutation = prng.pick(binaryMutations);
  const other = prng.chance(0.5) ? protobufSeed(prng).payloadBinary : seed.payloadBinary;
  const payload = mutation.apply(prng, { bytes: seed.payloadBinary, fields: knownFields(seed.schema), other });
  return bytesInput(`payload-bytes/${mutation.name}`, withPayload(seed, payload, ContentType.Protobuf));
}

/** A valid envelope whose payload is random bytes. */
export function randomPayload(prng: Prng): FuzzInput {
  const seed = protobufSeed(prng);
  return bytesInput("payload-bytes/random", withPayload(seed, prng.bytes(prng.int(0, 64)), ContentType.Protobuf));
}

/** A map entry built by hand: the key (field 1) and value (field 2) given, left out, doubled or of the wrong type. */
function mapEntry(prng: Prng, value: () => Uint8Array): { name: string; entry: Uint8Array } {
  const key = stringField(1, prng.pick(["k", "tenant_id", "", "a.b", "\u00e9"]));
  const shapes: Record<string, () => Uint8Array> = {
    valid: () => concat(key, value()),
    "value-first": () => concat(value(), key),
    "missing-key": () => value(),
    "missing-value": () => key,
    empty: () => new Uint8Array(),
    "extra-field": () => concat(key, value(), randomField(prng, prng.int(3, 20))),
    "key-twice": () => concat(key, stringField(1, "other"), value()),
    "value-twice": () => concat(key, value(), value()),
    "key-varint": () => concat(varintField(1, 7), value()),
    "key-fixed32": () => concat(fixed32Field(1, prng.bytes(4)), value()),
    "key-invalid-utf8": () => concat(lenField(1, new Uint8Array([0xff, 0xfe])), value()),
    "value-wrong-type": () => concat(key, randomField(prng, 2, prng.pick([0, 1, 3, 5]))),
    "key-group": () => concat(tag(1, WireType.StartGroup), tag(1, WireType.EndGroup), value()),
  };
  const name = prng.pick(Object.keys(shapes));
  return { name, entry: (shapes[name] as () => Uint8Array)() };
}

const addressValue = (prng: Prng) => (): Uint8Array =>
  lenField(
    2,
    prng.pick([
      stringField(2, "Basel"),
      new Uint8Array(),
      varintField(2, 1),
      concat(stringField(2, "Basel"), randomField(prng, prng.int(4, 30))),
      lenField(2, new Uint8Array([0xc3])),
    ]),
  );

/** An envelope with one hand-built `attributes` entry added to a valid envelope. */
export function envelopeMapEntry(prng: Prng): FuzzInput {
  const seed = prng.pick(seedEnvelopes);
  const { name, entry } = mapEntry(prng, () =>
    prng.chance(0.8) ? stringField(2, prng.pick(["v", "", "acme"])) : lenField(2, new Uint8Array([0x80])),
  );
  const field = lenField(attributesField, entry);
  const bytes = prng.chance(0.5) ? concat(seed.bytes, field) : concat(field, seed.bytes);
  return bytesInput(`envelope-map/${name}`, bytes);
}

/** A valid envelope whose payload has one hand-built entry added to a map field (`tags` or `stops`). */
export function payloadMapEntry(prng: Prng): FuzzInput {
  const withMaps = seedEnvelopes.filter((s) => s.contentType === ContentType.Protobuf && mapFields(s.schema).length > 0);
  const seed = prng.pick(withMaps);
  const field = prng.pick(mapFields(seed.schema));
  const value = field.mapKind === "message" ? addressValue(prng) : () => stringField(2, prng.pick(["v", ""]));
  const { name, entry } = mapEntry(prng, value);
  const payload = concat(seed.payloadBinary, lenField(field.number, entry));
  return bytesInput(`payload-map/${field.name}/${name}`, withPayload(seed, payload, ContentType.Protobuf));
}

function mapFields(schema: DescMessage): Array<{ number: number; name: string; mapKind: string }> {
  return schema.fields.flatMap((f) => (f.fieldKind === "map" ? [{ number: f.number, name: f.name, mapKind: f.mapKind }] : []));
}

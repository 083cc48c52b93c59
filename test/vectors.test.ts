import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { equals, fromBinary, fromJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeFromJson,
  envelopeFromJsonString,
  InvalidMetadataError,
  ProtoeventsError,
  unwrap,
  wrap,
} from "../src/index.js";
import {
  computeExpected,
  errorWrapOptions,
  eventSchema,
  fromHex,
  messageSchema,
  optionName,
  readVectors,
  toHex,
  type CanonicalBytesVector,
  type EnvelopeVector,
  type ErrorInput,
  type ErrorVector,
  vectorEvents,
} from "./vectors.js";

const envelopeCases = readVectors<EnvelopeVector>("envelopes.json");
const errorCases = readVectors<ErrorVector>("errors.json");
const canonicalCases = readVectors<CanonicalBytesVector>("canonical-bytes.json");
const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "protoevents-vectors-"));

const buf = join(root, "node_modules", ".bin", "buf");
const fixtures = join("testdata", "fixtures");
// The payload types live in the fixture workspace (testdata/fixtures/buf.fixtures.yaml), the
// envelope in the repository's module: `buf convert` reads each from an image of its own.
const fixtureImage = join(work, "fixtures.binpb");
execFileSync(buf, ["build", join(fixtures, "proto"), "--config", join(fixtures, "buf.fixtures.yaml"), "-o", fixtureImage], { cwd: root });

const repoImage = join(work, "repo.binpb");
execFileSync(buf, ["build", "-o", repoImage], { cwd: root });

/** Encodes JSON to binary with `buf convert`, an encoder independent of protobuf-es. */
function bufConvert(image: string, typeName: string, json: unknown): string {
  const input = join(work, "input.json");
  writeFileSync(input, JSON.stringify(json));
  const out = execFileSync(buf, ["convert", image, "--type", typeName, "--from", `${input}#format=json`, "--to", "-#format=binpb"], { cwd: root });
  return out.toString("hex");
}

describe("shared envelope vectors", () => {
  it("cover every fixture event, and JSON payloads of more than one", () => {
    const covered = new Set(envelopeCases.map((c) => `${c.event.name} ${c.event.version}`));
    expect(covered).toEqual(new Set(vectorEvents.map((e) => `${e.name} ${e.version}`)));
    const json = envelopeCases.filter((c) => c.options.content_type === "application/json");
    expect(new Set(json.map((c) => `${c.event.name} ${c.event.version}`)).size).toBeGreaterThan(1);
  });

  describe.each(envelopeCases.map((c) => [c.id, c] as const))("%s", (_id, vector) => {
    const expected = vector.expected;
    if (expected === undefined) throw new Error(`${vector.id} has no expected block: run test/update-vectors.ts`);

    it("wrap gives the expected bytes and JSON", () => {
      expect(computeExpected(vector)).toEqual(expected);
    });

    it("the expected envelope decodes and unwraps to the input payload", () => {
      const schema = eventSchema(vector.event.name, vector.event.version);
      const event = unwrap(decodeEnvelope(fromHex(expected.envelopeHex)), vectorEvents);
      expect([event.name, event.version]).toEqual([vector.event.name, vector.event.version]);
      expect(equals(schema, event.payload, fromJson(schema, vector.payload))).toBe(true);
    });

    it("the expected JSON form parses to the same envelope", () => {
      expect(toHex(encodeEnvelope(envelopeFromJson(expected.envelopeJson)))).toBe(expected.envelopeHex);
    });

    it("buf convert (Go protobuf) encodes the envelope to the same bytes", () => {
      expect(bufConvert(repoImage, "protoevents.v1.Envelope", expected.envelopeJson)).toBe(expected.envelopeHex);
    });

    // A JSON payload is checked by the JSON form above; a binary one against Go. Go writes map
    // entries sorted and oneof members last, protobuf-es and upb write them as given: both are
    // valid encodings of one message, so compare what they decode to.
    if (vector.options.content_type !== "application/json") {
      it("buf convert (Go protobuf) encodes the payload to the same message", () => {
        const schema = eventSchema(vector.event.name, vector.event.version);
        const go = fromHex(bufConvert(fixtureImage, schema.typeName, vector.payload));
        expect(go.length).toBe(expected.payloadHex.length / 2);
        expect(equals(schema, fromBinary(schema, go), fromBinary(schema, fromHex(expected.payloadHex)))).toBe(true);
      });
    }
  });
});

describe("shared canonical-bytes vectors", () => {
  it.each(canonicalCases.map((c) => [c.id, c] as const))("%s", (_id, vector) => {
    expect(toHex(encodeEnvelope(decodeEnvelope(fromHex(vector.bytesHex))))).toBe(vector.canonicalHex);
    expect(toHex(encodeEnvelope(decodeEnvelope(fromHex(vector.canonicalHex))))).toBe(vector.canonicalHex);
  });
});

function runErrorInput(input: ErrorInput): unknown {
  const options = { limits: input.limits ?? {} };
  if (input.bytesHex !== undefined) return unwrap(decodeEnvelope(fromHex(input.bytesHex), options), vectorEvents, options);
  if (input.jsonText !== undefined) return unwrap(envelopeFromJsonString(input.jsonText, options), vectorEvents, options);
  if (input.wrap !== undefined) {
    const schema = messageSchema(input.wrap.type);
    return wrap(schema, fromJson(schema, input.wrap.payload), errorWrapOptions(input.wrap));
  }
  throw new Error("an error vector needs bytesHex, jsonText or wrap");
}

describe("shared error vectors", () => {
  it.each(errorCases.map((c) => [c.id, c] as const))("%s", (_id, vector) => {
    let thrown: unknown;
    try {
      runErrorInput(vector.input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtoeventsError);
    expect((thrown as ProtoeventsError).code).toBe(vector.code);
    expect((thrown as ProtoeventsError).message).toContain(vector.code);
    if (vector.field !== undefined) expect((thrown as InvalidMetadataError).field).toBe(optionName(vector.field));
  });
});

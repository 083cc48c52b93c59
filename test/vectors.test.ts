import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { equals, fromJson, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  decodeEnvelope,
  EnvelopeSchema,
  envelopeFromJson,
  envelopeFromJsonString,
  ProtoeventsError,
  unwrap,
  wrap,
} from "../src/index.js";
import {
  computeExpected,
  eventSchema,
  fromHex,
  messageSchema,
  readVectors,
  toHex,
  wrapOptions,
  type EnvelopeVector,
  type ErrorInput,
  type ErrorVector,
} from "./vectors.js";

const envelopeCases = readVectors<EnvelopeVector>("envelopes.json");
const errorCases = readVectors<ErrorVector>("errors.json");
const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "protoevents-vectors-"));

/** Encodes JSON to binary with `buf convert`, an encoder independent of protobuf-es. */
function bufConvert(typeName: string, json: unknown): string {
  const input = join(work, "input.json");
  writeFileSync(input, JSON.stringify(json));
  const out = execFileSync(join(root, "node_modules", ".bin", "buf"), ["convert", "--type", typeName, "--from", `${input}#format=json`, "--to", "-#format=binpb"], { cwd: root });
  return out.toString("hex");
}

describe("shared envelope vectors", () => {
  it("cover every registered event, in binary and JSON", () => {
    const covered = new Set(envelopeCases.map((c) => `${c.event.name} ${c.event.version}`));
    expect(covered.size).toBe(6);
    const json = envelopeCases.filter((c) => c.options.content_type === "application/json");
    expect(new Set(json.map((c) => c.event.name))).toEqual(new Set(["user.created", "order.placed"]));
  });

  describe.each(envelopeCases.map((c) => [c.id, c] as const))("%s", (_id, vector) => {
    const expected = vector.expected;
    if (expected === undefined) throw new Error(`${vector.id} has no expected block: run scripts/update-vectors.ts`);

    it("wrap gives the expected bytes and JSON", () => {
      expect(computeExpected(vector)).toEqual(expected);
    });

    it("the expected envelope decodes and unwraps to the input payload", () => {
      const schema = eventSchema(vector.event.name, vector.event.version);
      const event = unwrap(decodeEnvelope(fromHex(expected.envelopeHex)));
      expect([event.name, event.version]).toEqual([vector.event.name, vector.event.version]);
      expect(equals(schema, event.payload, fromJson(schema, vector.payload))).toBe(true);
    });

    it("the expected JSON form parses to the same envelope", () => {
      expect(toHex(toBinary(EnvelopeSchema, envelopeFromJson(expected.envelopeJson)))).toBe(expected.envelopeHex);
    });

    it("buf convert (Go protobuf) encodes the envelope and payload to the same bytes", () => {
      expect(bufConvert("protoevents.v1.Envelope", expected.envelopeJson)).toBe(expected.envelopeHex);
      if (vector.options.content_type !== "application/json") {
        expect(bufConvert(eventSchema(vector.event.name, vector.event.version).typeName, vector.payload)).toBe(expected.payloadHex);
      }
    });
  });
});

function runErrorInput(input: ErrorInput): unknown {
  if (input.bytesHex !== undefined) return unwrap(decodeEnvelope(fromHex(input.bytesHex)));
  if (input.jsonText !== undefined) return unwrap(envelopeFromJsonString(input.jsonText));
  if (input.wrap !== undefined) {
    const schema = messageSchema(input.wrap.type);
    return wrap(schema, fromJson(schema, input.wrap.payload), wrapOptions(input.wrap.options));
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
  });
});

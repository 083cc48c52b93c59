// The live cross-language test: TypeScript encodes, the installed Python wheel decodes and
// re-encodes, TypeScript decodes, and the bytes are identical; and the other way round. It runs
// the Python side in the `latest` test venv (scripts/steps/python.ts), made anew when the wheel changes.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { equals, fromJson, toJson, type JsonObject } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ContentType,
  decodeEnvelope,
  encodeEnvelope,
  envelopeToJsonString,
  unwrap,
  wrap,
  type Envelope,
} from "../src/index.js";
import { ensureTestVenv, venvPython } from "../scripts/steps/python.js";
import { eventSchema, fromHex, readVectors, toHex, type EnvelopeVector, type VectorOptions } from "./vectors.js";

interface PythonDecoded {
  readonly name: string;
  readonly version: string;
  readonly payloadJson: JsonObject;
  readonly reencodedHex: string;
  readonly envelopeJsonText: string;
}

interface PythonAnswer {
  readonly decoded: PythonDecoded[];
  readonly wrapped: string[];
}

interface WrapInput {
  readonly type: string;
  readonly payload: JsonObject;
  readonly options: VectorOptions;
}

const root = join(import.meta.dirname, "..");
const vectors = readVectors<EnvelopeVector>("envelopes.json");
const contentTypes = [ContentType.Protobuf, ContentType.Json] as const;
// Keys whose order differs between code point, UTF-8 and JavaScript object order.
const trickyAttributes = { b: "", "10": "x", "9": "y", "\uffff": "1", "\u{1f600}": "2", "01": "z", "": "e", tenant_id: "acme" };

let python: string;

function askPython(decode: readonly string[], wrapInputs: readonly WrapInput[]): PythonAnswer {
  const out = execFileSync(python, [join(root, "python", "tests", "cross_language_peer.py")], {
    cwd: root,
    input: JSON.stringify({ decode, wrap: wrapInputs }),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString("utf8")) as PythonAnswer;
}

/** Every example event in both content types, wrapped by TypeScript with a fresh id and time. */
function typescriptEnvelopes(): Envelope[] {
  return contentTypes.flatMap((contentType) =>
    vectors.map((v) => {
      const schema = eventSchema(v.event.name, v.event.version);
      return wrap(schema, fromJson(schema, v.payload), {
        contentType,
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        source: "typescript",
        attributes: trickyAttributes,
      });
    }),
  );
}

beforeAll(() => {
  python = venvPython(ensureTestVenv("latest"));
});

describe("cross-language: TypeScript -> Python -> TypeScript", () => {
  it("Python decodes, unwraps and re-encodes every envelope to the same bytes and JSON", () => {
    const envelopes = typescriptEnvelopes();
    const sent = envelopes.map((e) => toHex(encodeEnvelope(e)));
    const { decoded } = askPython(sent, []);
    expect(decoded).toHaveLength(envelopes.length);
    decoded.forEach((answer, i) => {
      const envelope = envelopes[i] as Envelope;
      expect(answer.reencodedHex).toBe(sent[i]);
      expect(answer.envelopeJsonText).toBe(envelopeToJsonString(envelope));
      const event = unwrap(decodeEnvelope(fromHex(answer.reencodedHex)));
      expect([answer.name, answer.version]).toEqual([event.name, event.version]);
      const schema = eventSchema(event.name, event.version);
      expect(equals(schema, fromJson(schema, answer.payloadJson), event.payload)).toBe(true);
    });
  });
});

describe("cross-language: Python -> TypeScript -> Python", () => {
  it("TypeScript decodes what Python wrapped, re-encodes the same bytes, and Python reads them back", () => {
    const inputs: WrapInput[] = contentTypes.flatMap((contentType) =>
      vectors.map((v) => ({
        type: eventSchema(v.event.name, v.event.version).typeName,
        payload: v.payload,
        options: { ...v.options, content_type: contentType, attributes: trickyAttributes },
      })),
    );
    const { wrapped } = askPython([], inputs);
    expect(wrapped).toHaveLength(inputs.length);
    const reencoded = wrapped.map((hex, i) => {
      const input = inputs[i] as WrapInput;
      const event = unwrap(decodeEnvelope(fromHex(hex)));
      const schema = eventSchema(event.name, event.version);
      expect(schema.typeName).toBe(input.type);
      expect(toJson(schema, event.payload)).toEqual(toJson(schema, fromJson(schema, input.payload)));
      expect(event.envelope.contentType).toBe(input.options.content_type);
      const again = toHex(encodeEnvelope(event.envelope));
      expect(again).toBe(hex);
      return again;
    });
    const { decoded } = askPython(reencoded, []);
    expect(decoded.map((d) => d.reencodedHex)).toEqual(wrapped);
  });

  it("binary payloads of Python and TypeScript are the same bytes for the same inputs", () => {
    const inputs: WrapInput[] = vectors.map((v) => ({
      type: eventSchema(v.event.name, v.event.version).typeName,
      payload: v.payload,
      options: v.options,
    }));
    const { wrapped } = askPython([], inputs);
    expect(wrapped).toEqual(vectors.map((v) => v.expected?.envelopeHex));
  });
});

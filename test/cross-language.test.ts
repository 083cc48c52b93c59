// The live cross-language test: TypeScript encodes, the installed Python wheel decodes and
// re-encodes, TypeScript decodes, and the bytes are identical; and the other way round. It runs
// the Python side in the `latest` test venv (scripts/build/python-steps.ts), made anew when the wheel
// changes. The framework is proven on the fixture events (the shared vectors' inputs); the
// package's own events, whatever proto/ holds, on the catalog's example payload of each.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { createRegistry, equals, fromJson, toJson, type DescMessage, type JsonObject } from "@bufbuild/protobuf";
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
import { events } from "../gen/ts/registry.js";
import { examplePayload } from "../scripts/catalog/example-payload.js";
import { loadPackageNames } from "../scripts/lib/package-names.js";
import { fixturesPythonPath } from "../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython } from "../scripts/build/python-venvs.js";
import { eventSchema, fromHex, readVectors, toHex, vectorEvents, type EnvelopeVector, type VectorOptions } from "./vectors.js";

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
// Keys of the key rule whose order differs between the canonical (code point) order, a JavaScript
// object's (array-index keys first) and upb's ("a0" before its prefix "a"); an empty value.
const trickyAttributes = { b: "", "10": "x", "9": "y", a: "1", a0: "2", "01": "z", tenantid: "acme", tenant: "t", constructor: "c" };

let python: string;

/** Which events the Python side unwraps with: the fixtures', or the installed package's own. */
type PythonRegistry = "fixtures" | "package";

function askPython(decode: readonly string[], wrapInputs: readonly WrapInput[], registry: PythonRegistry = "fixtures"): PythonAnswer {
  const out = execFileSync(python, [join(root, "python", "tests", "cross_language_peer.py")], {
    cwd: root,
    input: JSON.stringify({ registry, decode, wrap: wrapInputs }),
    env: { ...process.env, PYTHONPATH: fixturesPythonPath, PROTOEVENTS_PYTHON_IMPORT: loadPackageNames(root).pythonImport },
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
      const event = unwrap(decodeEnvelope(fromHex(answer.reencodedHex)), vectorEvents);
      expect([answer.name, answer.version]).toEqual([event.name, event.version]);
      const schema = eventSchema(event.name, event.version);
      expect(equals(schema, fromJson(schema, answer.payloadJson), event.payload)).toBe(true);
    });
  });
});

describe("cross-language: envelopes whose attributes come unsorted on the wire", () => {
  it("re-encode to the canonical bytes and write the same JSON text in both languages", () => {
    const cases = readVectors<{ readonly bytesHex: string; readonly canonicalHex: string }>("canonical-bytes.json");
    const { decoded } = askPython(
      cases.map((c) => c.bytesHex),
      [],
    );
    decoded.forEach((answer, i) => {
      const vector = cases[i] as (typeof cases)[number];
      expect(answer.reencodedHex).toBe(vector.canonicalHex);
      expect(answer.envelopeJsonText).toBe(envelopeToJsonString(decodeEnvelope(fromHex(vector.bytesHex))));
    });
    expect(decoded).toHaveLength(cases.length);
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
      const event = unwrap(decodeEnvelope(fromHex(hex)), vectorEvents);
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

describe("cross-language: every event of the package, whatever proto/ holds", () => {
  const registry = createRegistry(...events.map((e) => e.schema.file));
  const metadata: VectorOptions = {
    event_id: "019b7761-e000-7a3c-9f1e-5b2d8c4a6e01",
    timestamp: "1767225600000",
    trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    source: "contracts-test",
    attributes: trickyAttributes,
  };
  const cases = contentTypes.flatMap((contentType) =>
    events.map((entry) => ({
      entry,
      input: { type: entry.schema.typeName, payload: examplePayload(entry.schema, registry), options: { ...metadata, content_type: contentType } },
    })),
  );
  const typescriptBytes = (schema: DescMessage, input: WrapInput): string =>
    toHex(
      encodeEnvelope(
        wrap(schema, fromJson(schema, input.payload, { registry }), {
          eventId: input.options.event_id,
          timestamp: BigInt(input.options.timestamp ?? "0"),
          traceId: input.options.trace_id,
          source: input.options.source,
          contentType: input.options.content_type as ContentType,
          attributes: input.options.attributes,
        }),
      ),
    );

  it("has at least one event", () => {
    expect(events.length).toBeGreaterThan(0);
  });

  it("TypeScript and Python wrap the example payload of each event to the same bytes, binary and JSON", () => {
    const { wrapped } = askPython([], cases.map((c) => c.input), "package");
    expect(wrapped).toEqual(cases.map((c) => typescriptBytes(c.entry.schema, c.input)));
  });

  it("each language unwraps the other's envelope into the same event and payload", () => {
    const sent = cases.map((c) => typescriptBytes(c.entry.schema, c.input));
    const { decoded } = askPython(sent, [], "package");
    decoded.forEach((answer, i) => {
      const { entry, input } = cases[i] as (typeof cases)[number];
      expect([answer.name, answer.version]).toEqual([entry.name, entry.version]);
      expect(answer.reencodedHex).toBe(sent[i]);
      const event = unwrap(decodeEnvelope(fromHex(answer.reencodedHex)), events);
      expect([event.name, event.version]).toEqual([entry.name, entry.version]);
      expect(toJson(entry.schema, event.payload, { registry })).toEqual(input.payload);
      expect(equals(entry.schema, fromJson(entry.schema, answer.payloadJson, { registry }), event.payload)).toBe(true);
    });
  });
});

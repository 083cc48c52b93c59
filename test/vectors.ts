// Reads the shared test vectors in testdata/vectors/ and computes what the TypeScript
// package makes of their inputs. Used by test/vectors.test.ts and test/update-vectors.ts.
// The vectors use the framework's fixture events (testdata/fixtures), never the organisation's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRegistry, fromJson, type DescFile, type DescMessage, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { events as fixtureEvents } from "../gen/fixtures/ts/registry.js";
import { encodeEnvelope, envelopeToJson, wrap, type Envelope, type WrapOptions } from "../src/index.js";
import type { ContentType } from "../src/content-type.js";
import type { DecodeLimits } from "../src/decode-limits.js";

/** The folder of the shared vectors. */
export const vectorsDir = join(import.meta.dirname, "..", "testdata", "vectors");

/** Metadata for `wrap`, spelled as the Python keywords are. */
export interface VectorOptions {
  readonly event_id?: string;
  readonly timestamp?: string;
  readonly aggregate_id?: string;
  readonly trace_id?: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly correlation_id?: string;
  readonly causation_id?: string;
  readonly source?: string;
  readonly content_type?: string;
  readonly attributes?: Record<string, string>;
}

/** What wrapping a vector's inputs must give. */
export interface ExpectedEnvelope {
  readonly payloadHex: string;
  readonly envelopeHex: string;
  readonly envelopeJson: JsonValue;
}

/** One case of envelopes.json. */
export interface EnvelopeVector {
  readonly id: string;
  readonly event: { readonly name: string; readonly version: string };
  readonly payload: JsonObject;
  readonly options: VectorOptions;
  readonly expected?: ExpectedEnvelope;
}

/**
 * Inputs to `wrap` in errors.json: `options` as in envelopes.json, and
 * `rawOptions`, spelled the same, handed to `wrap` exactly as JSON gives them
 * (a timestamp string stays a string, `null` stays `null`), over `options`.
 */
export interface WrapErrorInput {
  readonly type: string;
  readonly payload: JsonObject;
  readonly options: VectorOptions;
  readonly rawOptions?: Readonly<Record<string, JsonValue>>;
}

/** The input of one case of errors.json: exactly one of the three. */
export interface ErrorInput {
  readonly bytesHex?: string;
  readonly jsonText?: string;
  readonly wrap?: WrapErrorInput;
  /** Decoding limits to use instead of the defaults, spelled as the TypeScript options. */
  readonly limits?: Partial<DecodeLimits>;
}

/** One case of errors.json. */
export interface ErrorVector {
  readonly id: string;
  readonly input: ErrorInput;
  readonly code: string;
  /** For INVALID_METADATA: the option at fault, spelled as the Python keyword. */
  readonly field?: string;
}

/** One case of canonical-bytes.json: envelope bytes and the canonical bytes they re-encode to. */
export interface CanonicalBytesVector {
  readonly id: string;
  readonly about: string;
  readonly bytesHex: string;
  readonly canonicalHex: string;
}

/** Reads one vectors file. */
export function readVectors<T>(file: "envelopes.json" | "errors.json" | "canonical-bytes.json"): T[] {
  return (JSON.parse(readFileSync(join(vectorsDir, file), "utf8")) as { cases: T[] }).cases;
}

/** The events the vectors use: the fixture registry, passed to `unwrap`. */
export const vectorEvents = fixtureEvents;

/** Returns the fixture schema of an event name and version. */
export function eventSchema(name: string, version: string): DescMessage {
  const entry = vectorEvents.find((e) => e.name === name && e.version === version);
  if (entry === undefined) throw new Error(`no fixture event ${name} ${version}`);
  return entry.schema;
}

const registry = createRegistry(...collectFiles(vectorEvents.map((e) => e.schema.file)));

/** Returns any message schema of the fixtures by its fully qualified name. */
export function messageSchema(typeName: string): DescMessage {
  const found = registry.getMessage(typeName);
  if (found === undefined) throw new Error(`no message ${typeName}`);
  return found;
}

/** Maps vector options to `wrap` options. */
export function wrapOptions(options: VectorOptions): WrapOptions {
  return {
    eventId: options.event_id,
    timestamp: options.timestamp === undefined ? undefined : BigInt(options.timestamp),
    aggregateId: options.aggregate_id,
    traceId: options.trace_id,
    traceparent: options.traceparent,
    tracestate: options.tracestate,
    correlationId: options.correlation_id,
    causationId: options.causation_id,
    source: options.source,
    contentType: options.content_type as ContentType | undefined,
    attributes: options.attributes,
  };
}

/** The TypeScript name of a `wrap` option spelled as the Python keyword, e.g. `eventId` for `event_id`. */
export function optionName(keyword: string): string {
  return keyword.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Maps an errors.json `wrap` input to `wrap` options: `options`, then `rawOptions` as they are. */
export function errorWrapOptions(input: WrapErrorInput): WrapOptions {
  const raw = Object.fromEntries(Object.entries(input.rawOptions ?? {}).map(([keyword, value]) => [optionName(keyword), value]));
  return { ...wrapOptions(input.options), ...raw } as WrapOptions;
}

/** Wraps a vector's inputs as the TypeScript package does. */
export function wrapVector(vector: EnvelopeVector): Envelope {
  const schema = eventSchema(vector.event.name, vector.event.version);
  return wrap(schema, fromJson(schema, vector.payload), wrapOptions(vector.options));
}

/** Computes a vector's expected block from its inputs. */
export function computeExpected(vector: EnvelopeVector): ExpectedEnvelope {
  const envelope = wrapVector(vector);
  return {
    payloadHex: toHex(envelope.payload),
    envelopeHex: toHex(encodeEnvelope(envelope)),
    envelopeJson: envelopeToJson(envelope),
  };
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Bytes of lowercase or uppercase hex. */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

function collectFiles(roots: readonly DescFile[]): DescFile[] {
  const seen = new Set<DescFile>();
  const visit = (file: DescFile): void => {
    if (seen.has(file)) return;
    file.dependencies.forEach(visit);
    seen.add(file);
  };
  roots.forEach(visit);
  return [...seen];
}

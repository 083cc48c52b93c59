// The valid inputs every mutation starts from: one envelope per fixture event and content type,
// wrapped by TypeScript with fixed metadata, in binary and in JSON.
import { create, toBinary, toJson, type DescMessage, type JsonObject } from "@bufbuild/protobuf";
import { ContentType, encodeEnvelope, envelopeToJson, wrap, type Envelope } from "../../src/index.js";
import { fixtureExamples } from "../fixture-examples.js";

/** The event id every generated envelope carries, so that both languages' bytes are comparable. */
export const fixedEventId = "019b7761-e000-7a3c-9f1e-5b2d8c4a6e01";

/** The timestamp every generated envelope carries, in epoch milliseconds. */
export const fixedTimestamp = 1767225600000n;

/** One valid envelope of the corpus and the forms mutations start from. */
export interface SeedEnvelope {
  /** The payload's schema. */
  readonly schema: DescMessage;
  readonly contentType: ContentType;
  readonly envelope: Envelope;
  /** `encodeEnvelope(envelope)`. */
  readonly bytes: Uint8Array;
  /** The envelope's canonical JSON. */
  readonly json: JsonObject;
  /** The payload in protobuf binary, whatever the content type. */
  readonly payloadBinary: Uint8Array;
  /** The payload in canonical protobuf JSON, whatever the content type. */
  readonly payloadJson: JsonObject;
}

/** The example payloads of every fixture event, each wrapped as protobuf and as JSON. */
export const seedEnvelopes: readonly SeedEnvelope[] = fixtureExamples.flatMap(({ schema, init }) =>
  [ContentType.Protobuf, ContentType.Json].map((contentType): SeedEnvelope => {
    const envelope = wrap(schema, init, {
      eventId: fixedEventId,
      timestamp: fixedTimestamp,
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      source: "fuzz",
      contentType,
      attributes: { region: "eu", tenantid: "acme" },
    });
    const payload = create(schema, init);
    return {
      schema,
      contentType,
      envelope,
      bytes: encodeEnvelope(envelope),
      json: envelopeToJson(envelope) as JsonObject,
      payloadBinary: toBinary(schema, payload),
      payloadJson: toJson(schema, payload) as JsonObject,
    };
  }),
);

/** Encodes a copy of a seed envelope with other payload bytes and content type. */
export function withPayload(seed: SeedEnvelope, payload: Uint8Array, contentType: string): Uint8Array {
  return encodeEnvelope({ ...seed.envelope, payload, contentType });
}

import { fromJson, toJson, type DescMessage, type JsonObject, type Registry } from "@bufbuild/protobuf";
import type { EventSchema } from "../schema/event-schemas.js";
import { exampleEpochMs, exampleId, examplePayload, examplePayloadBinary } from "./example-payload.js";

/** The full name of the envelope message every event travels in. */
export const envelopeTypeName = "protoevents.v1.Envelope";

/**
 * An example envelope carrying an event's example payload, binary-encoded, in
 * the envelope's canonical JSON form: what `wrap` produces for that payload
 * with a source and a trace id. The aggregate id is the payload's partition
 * key field when the event declares one.
 *
 * @throws when protobuf-es rejects the example.
 */
export function exampleEnvelope(envelope: DescMessage, event: EventSchema, registry: Registry): JsonObject {
  const payload = examplePayload(event.message, registry);
  const keyField = event.message.fields.find((f) => f.name === event.partitionKey);
  const aggregateId = keyField === undefined ? exampleId : payload[keyField.jsonName];
  const domain = event.message.file.proto.package.split(".")[0] ?? "app";
  const json: JsonObject = {
    eventId: "019b7761-e000-7000-8000-0000000000e1",
    eventName: event.name,
    eventVersion: event.version,
    aggregateId: typeof aggregateId === "string" ? aggregateId : exampleId,
    timestamp: exampleEpochMs,
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    source: `${domain}-service`,
    contentType: "application/protobuf",
    payload: Buffer.from(examplePayloadBinary(event.message, registry)).toString("base64"),
  };
  return toJson(envelope, fromJson(envelope, json, { registry }), { registry }) as JsonObject;
}

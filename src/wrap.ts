import { create, ScalarType, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { uuidv7 } from "uuidv7";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { ContentType, encodePayload, parseContentType } from "./content-type.js";
import { InvalidMetadataError, NotAnEventError } from "./errors.js";
import { eventIdentity } from "./event-identity.js";

/**
 * Metadata for {@link wrap}. Every field is optional; `wrap` fills the event id
 * and timestamp, and takes the aggregate id from the schema's partition key
 * field when one is declared.
 */
export interface WrapOptions {
  /** The event id; a new UUIDv7 when omitted. Must not be empty. */
  eventId?: string | undefined;
  /** When the event was recorded: a Date, or epoch milliseconds; now when omitted. */
  timestamp?: Date | number | bigint | undefined;
  /** The entity the event belongs to; defaults to the payload's partition key field. */
  aggregateId?: string | undefined;
  /** Distributed tracing id. */
  traceId?: string | undefined;
  /** Id of the conversation this event is part of. */
  correlationId?: string | undefined;
  /** Id of the message that caused this one. */
  causationId?: string | undefined;
  /** The producing service. */
  source?: string | undefined;
  /** How to encode the payload; `application/protobuf` when omitted. */
  contentType?: ContentType | undefined;
  /** Extension metadata, e.g. `{ tenant_id: "acme" }`. Stored with keys sorted. */
  attributes?: Readonly<Record<string, string>> | undefined;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * Wraps an event payload into an envelope. The event name and version come
 * from the schema (its `(protoevents.v1.event)` option and its package); the
 * payload is built from `init`, a message or its init object, and encoded as
 * `options.contentType` says.
 *
 * @throws {NotAnEventError} when the schema is not an event schema.
 * @throws {UnsupportedContentTypeError} when the content type is not supported.
 * @throws {InvalidMetadataError} when the event id is empty or the timestamp is not an int64 of milliseconds.
 */
export function wrap<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
  options: WrapOptions = {},
): Envelope {
  const identity = eventIdentity(schema);
  const contentType = parseContentType(options.contentType ?? ContentType.Protobuf);
  const payload = create(schema, init);
  return create(EnvelopeSchema, {
    eventId: eventId(options.eventId),
    eventName: identity.name,
    eventVersion: identity.version,
    aggregateId: options.aggregateId ?? partitionKeyValue(schema, payload, identity.partitionKey),
    timestamp: timestampMillis(options.timestamp),
    traceId: options.traceId ?? "",
    correlationId: options.correlationId ?? "",
    causationId: options.causationId ?? "",
    source: options.source ?? "",
    contentType,
    payload: encodePayload(schema, payload, contentType),
    attributes: sortedAttributes(options.attributes),
  });
}

function eventId(given: string | undefined): string {
  if (given === undefined) return uuidv7();
  if (given === "") throw new InvalidMetadataError("eventId", "must not be empty; omit it to get a UUIDv7");
  return given;
}

function timestampMillis(given: Date | number | bigint | undefined): bigint {
  if (given === undefined) return BigInt(Date.now());
  if (given instanceof Date) {
    const millis = given.getTime();
    if (Number.isNaN(millis)) throw new InvalidMetadataError("timestamp", "the Date is invalid");
    return BigInt(millis);
  }
  if (typeof given === "number" && !Number.isSafeInteger(given)) {
    throw new InvalidMetadataError("timestamp", `${given} is not a whole number of epoch milliseconds`);
  }
  const millis = BigInt(given);
  if (millis < int64Min || millis > int64Max) {
    throw new InvalidMetadataError("timestamp", `${given} is outside the int64 range`);
  }
  return millis;
}

function partitionKeyValue<Desc extends DescMessage>(schema: Desc, payload: MessageShape<Desc>, fieldName: string): string {
  if (fieldName === "") return "";
  const field = schema.fields.find((f) => f.name === fieldName);
  if (field?.fieldKind !== "scalar" || field.scalar !== ScalarType.STRING) {
    throw new NotAnEventError(schema.typeName, `its partition_key "${fieldName}" does not name a string field`);
  }
  return String(reflect(schema, payload).get(field));
}

function sortedAttributes(given: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const sorted: Record<string, string> = {};
  if (given !== undefined) {
    for (const key of Object.keys(given).sort()) sorted[key] = given[key] ?? "";
  }
  return sorted;
}

import { create, ScalarType, type DescMessage, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { ContentType, encodePayload, parseContentType } from "./content-type.js";
import { attributeKeyProblem } from "./attribute-key.js";
import { fastEncodeInit } from "./codec/encode-message.js";
import { InvalidMetadataError, NotAnEventError, quote } from "./errors.js";
import { eventIdentity, type EventIdentity } from "./event-identity.js";
import { parseTraceparent, tracestateProblem } from "./trace-context.js";
import { uuidV7 } from "./uuid-v7.js";

/**
 * Metadata for {@link wrap}. Every field is optional: `undefined` or absent
 * means the default; `null` or a value of another type is refused.
 */
export interface WrapOptions {
  /** The event id; a new UUIDv7 when omitted. Must not be empty. */
  eventId?: string | undefined;
  /**
   * When the event was recorded: a Date, or epoch milliseconds as a safe
   * integer number or an int64 bigint; now when omitted.
   */
  timestamp?: Date | number | bigint | undefined;
  /** The entity the event belongs to; defaults to the payload's partition key field. */
  aggregateId?: string | undefined;
  /**
   * Distributed tracing id; the trace id of `traceparent` when that is given (and then, if not
   * empty, it must be the same).
   */
  traceId?: string | undefined;
  /**
   * The W3C traceparent of the operation producing the event,
   * "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>"; CloudEvents carries it as the
   * distributed-tracing extension.
   */
  traceparent?: string | undefined;
  /** The W3C tracestate that goes with `traceparent`; only with it. */
  tracestate?: string | undefined;
  /** Id of the conversation this event is part of. */
  correlationId?: string | undefined;
  /** Id of the message that caused this one. */
  causationId?: string | undefined;
  /** The producing service. */
  source?: string | undefined;
  /** How to encode the payload; `application/protobuf` when omitted. */
  contentType?: ContentType | undefined;
  /**
   * Extension metadata, a plain object of strings, e.g. `{ tenantid: "acme" }`.
   * A key is 1 to 20 characters of `a-z` and `0-9` (a CloudEvents extension
   * attribute name) and not a CloudEvents context attribute name (`id`,
   * `source`, `time`, `traceparent`, ...: docs/envelope-bytes.md). Encoded
   * sorted by key.
   */
  attributes?: Readonly<Record<string, string>> | undefined;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/**
 * Wraps an event payload into an envelope. The event name and version come
 * from the schema (its `(protoevents.v1.event)` option and its package); the
 * payload is built from `init`, a message or its init object, and encoded as
 * `options.contentType` says. Every string given must be well-formed Unicode
 * (no lone surrogates).
 *
 * @throws {NotAnEventError} when the schema is not an event schema.
 * @throws {UnsupportedContentTypeError} when the content type is not supported.
 * @throws {InvalidMetadataError} when an option is of the wrong type, a string
 *   holds a lone surrogate, the event id is empty, the timestamp is not an
 *   int64 of milliseconds, the traceparent is not a W3C traceparent (or the
 *   trace id given is not its own, or a tracestate comes without it), or an
 *   attribute key breaks the key rule; `field` names the option.
 */
export function wrap<Desc extends DescMessage>(
  schema: Desc,
  init: MessageInitShape<Desc>,
  options: WrapOptions = {},
): Envelope {
  const { identity, partitionKey, initPartitionKey } = eventPlan(schema);
  if (typeof options !== "object" || options === null) {
    throw new InvalidMetadataError("options", `must be an object, got ${typeName(options)}`);
  }
  const contentType = parseContentType(optionalString("contentType", options.contentType) ?? ContentType.Protobuf);
  const eventId = eventIdOf(options.eventId);
  const timestamp = timestampMillis(options.timestamp);
  const aggregateId = optionalString("aggregateId", options.aggregateId);
  const { traceId, traceparent, tracestate } = traceContext(options);
  const correlationId = optionalString("correlationId", options.correlationId) ?? "";
  const causationId = optionalString("causationId", options.causationId) ?? "";
  const source = optionalString("source", options.source) ?? "";
  const attributes = checkedAttributes(options.attributes);
  let aggregate: string;
  let payload: Uint8Array;
  // An init object in binary is encoded as the message create() would make of it, without
  // making it; what that encoder gives up on, create() and the payload codec decide.
  if (contentType === ContentType.Protobuf && isInitObject(schema, init) && (aggregateId !== undefined || initPartitionKey !== undefined)) {
    aggregate = aggregateId ?? (initPartitionKey as InitPartitionKey)(init);
    payload = fastEncodeInit(schema, init) ?? encodePayload(schema, create(schema, init), contentType);
  } else {
    const message = create(schema, init);
    aggregate = aggregateId ?? partitionKey(message);
    payload = encodePayload(schema, message, contentType);
  }
  // What create(EnvelopeSchema, ...) returns, without its per-field work: the properties of
  // its result in its order (field number order), so that the two are indistinguishable.
  return {
    $typeName: "protoevents.v1.Envelope",
    eventId,
    eventName: identity.name,
    eventVersion: identity.version,
    aggregateId: aggregate,
    timestamp,
    traceId,
    correlationId,
    causationId,
    source,
    contentType,
    payload,
    attributes,
    traceparent,
    tracestate,
  };
}

/** Reads the aggregate id from a payload, or throws the schema's problem with its partition key. */
type PartitionKey = (payload: Message) => string;

/** Reads the aggregate id from an init object: what {@link PartitionKey} reads from the message create() makes of it. */
type InitPartitionKey = (init: object) => string;

/** What wrap needs of an event schema, found once per schema. */
interface EventPlan {
  readonly identity: EventIdentity;
  readonly partitionKey: PartitionKey;
  /** Undefined where the key's value in the message is not plainly the init's (a oneof, explicit presence), or the key is refused. */
  readonly initPartitionKey: InitPartitionKey | undefined;
}

const plans = new WeakMap<DescMessage, EventPlan>();

function eventPlan(schema: DescMessage): EventPlan {
  let plan = plans.get(schema);
  if (plan === undefined) {
    const identity = eventIdentity(schema);
    plan = { identity, ...partitionKeysOf(schema, identity.partitionKey) };
    plans.set(schema, plan);
  }
  return plan;
}

function traceContext(options: WrapOptions): { traceId: string; traceparent: string; tracestate: string } {
  const traceId = optionalString("traceId", options.traceId);
  const traceparent = optionalString("traceparent", options.traceparent) ?? "";
  const tracestate = optionalString("tracestate", options.tracestate) ?? "";
  if (traceparent === "") {
    if (tracestate !== "") throw new InvalidMetadataError("tracestate", "is given without a traceparent");
    return { traceId: traceId ?? "", traceparent, tracestate };
  }
  const parsed = parseTraceparent(traceparent);
  if ("problem" in parsed) throw new InvalidMetadataError("traceparent", parsed.problem);
  if (traceId !== undefined && traceId !== "" && traceId !== parsed.traceId) {
    throw new InvalidMetadataError("traceId", `${quote(traceId)} is not the trace id of the traceparent, ${quote(parsed.traceId)}`);
  }
  const problem = tracestateProblem(tracestate);
  if (problem !== undefined) throw new InvalidMetadataError("tracestate", problem);
  return { traceId: parsed.traceId, traceparent, tracestate };
}

function eventIdOf(given: unknown): string {
  if (given === undefined) return uuidV7();
  const eventId = checkedString("eventId", given);
  if (eventId === "") throw new InvalidMetadataError("eventId", "must not be empty; omit it to get a UUIDv7");
  return eventId;
}

function timestampMillis(given: unknown): bigint {
  if (given === undefined) return BigInt(Date.now());
  if (given instanceof Date) {
    const millis = given.getTime();
    if (Number.isNaN(millis)) throw new InvalidMetadataError("timestamp", "the Date is invalid");
    return BigInt(millis);
  }
  if (typeof given === "number") {
    if (!Number.isSafeInteger(given)) throw new InvalidMetadataError("timestamp", `${given} is not a safe integer of epoch milliseconds`);
    return BigInt(given);
  }
  if (typeof given === "bigint") {
    if (given < int64Min || given > int64Max) throw new InvalidMetadataError("timestamp", `${given} is outside the int64 range`);
    return given;
  }
  throw new InvalidMetadataError("timestamp", `must be a Date, or epoch milliseconds as a number or bigint; got ${typeName(given)}`);
}

// A partition key that names no string field is refused when wrap reads it (when no aggregateId
// is given), as before the plan was cached.
function partitionKeysOf(schema: DescMessage, fieldName: string): { partitionKey: PartitionKey; initPartitionKey: InitPartitionKey | undefined } {
  if (fieldName === "") return { partitionKey: () => "", initPartitionKey: () => "" };
  const field = schema.fields.find((f) => f.name === fieldName);
  if (field?.fieldKind !== "scalar" || field.scalar !== ScalarType.STRING) {
    const refuse = (): never => {
      throw new NotAnEventError(schema.typeName, `its partition_key "${fieldName}" does not name a string field`);
    };
    return { partitionKey: refuse, initPartitionKey: undefined };
  }
  const checked = (value: string): string => {
    if (!isWellFormed(value)) {
      throw new InvalidMetadataError("aggregateId", `the partition key field ${fieldName} holds ${quote(value)}, which has a lone surrogate`);
    }
    return value;
  };
  // A field of a oneof keeps its value in the oneof's property: reflect finds it there.
  const localName = field.localName;
  if (field.oneof !== undefined) return { partitionKey: (payload) => checked(String(reflect(schema, payload).get(field))), initPartitionKey: undefined };
  return {
    partitionKey: (payload) => checked(String((payload as unknown as Record<string, unknown>)[localName])),
    // create() sets an implicit-presence field to the init's value, or to "" for null or undefined.
    initPartitionKey:
      field.presence === FeatureSet_FieldPresence.IMPLICIT
        ? (init) => {
            const value = (init as Record<string, unknown>)[localName];
            return checked(String(value ?? ""));
          }
        : undefined,
  };
}

/** Whether create() would read `init` as an init object: an object that is not a message of `schema` (which it returns as it is). */
function isInitObject(schema: DescMessage, init: unknown): init is object {
  return typeof init === "object" && init !== null && (init as { $typeName?: unknown }).$typeName !== schema.typeName;
}

// Every own key counts, as Reflect.ownKeys lists them: the string keys (non-enumerable ones and
// `__proto__` too) in their order, then any symbol, which is refused. getOwnPropertyNames and
// getOwnPropertySymbols list the same keys in that order at a tenth of ownKeys' cost. An object
// of another prototype (a Map, an array, a class instance) would hide or inherit keys.
function checkedAttributes(given: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (given === undefined) return attributes;
  if (typeof given !== "object" || given === null || !isPlainObject(given)) {
    throw new InvalidMetadataError("attributes", `must be a plain object of strings, got ${typeName(given)}`);
  }
  const keys = Object.getOwnPropertyNames(given);
  // Each value read once: a getter could give another value on a second read.
  const values: string[] = [];
  for (const key of keys) {
    if (!acceptedKeys.has(key)) acceptKey(key);
    const value: unknown = (given as Record<string, unknown>)[key];
    if (typeof value !== "string") throw new InvalidMetadataError("attributes", `the value of ${quote(key)} must be a string, got ${typeName(value)}`);
    if (!isWellFormed(value)) throw new InvalidMetadataError("attributes", `the value of ${quote(key)}, ${quote(value)}, has a lone surrogate`);
    values.push(value);
  }
  if (Object.getOwnPropertySymbols(given).length > 0) throw new InvalidMetadataError("attributes", "has a symbol key; keys are strings");
  // Keys are ASCII, where code unit order is code point order.
  if (isSorted(keys)) {
    for (let i = 0; i < keys.length; i++) attributes[keys[i] as string] = values[i] as string;
  } else {
    const order = keys.map((_, i) => i).sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1));
    for (const i of order) attributes[keys[i] as string] = values[i] as string;
  }
  return attributes;
}

// Keys accepted before: a producer sets the same few on every event, and a set look-up costs less
// than the key's regular expression. Bounded: keys beyond the first few hundred are checked each time.
const acceptedKeys = new Set<string>();
const maxAcceptedKeys = 256;

function acceptKey(key: string): void {
  const problem = attributeKeyProblem(key);
  if (problem !== undefined) throw new InvalidMetadataError("attributes", `key ${quote(key)} ${problem}`);
  if (acceptedKeys.size < maxAcceptedKeys) acceptedKeys.add(key);
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function optionalString(field: string, given: unknown): string | undefined {
  return given === undefined ? undefined : checkedString(field, given);
}

function checkedString(field: string, given: unknown): string {
  if (typeof given !== "string") throw new InvalidMetadataError(field, `must be a string, got ${typeName(given)}`);
  if (!isWellFormed(given)) throw new InvalidMetadataError(field, `${quote(given)} has a lone surrogate; strings must be well-formed Unicode`);
  return given;
}

// String.prototype.isWellFormed is ES2024 (Node 20); the compiler's lib is ES2022.
function isWellFormed(value: string): boolean {
  return (value as string & { isWellFormed(): boolean }).isWellFormed();
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return typeof value === "string" ? `the string ${quote(value)}` : typeof value;
}

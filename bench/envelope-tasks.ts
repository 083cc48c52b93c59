// The operations the envelope benchmark times, for the fixture event fixture.account.opened v1 (a
// typical small event), each with the raw protobuf-es operation it is compared with and a check.
import { create, equals, fromBinary, isMessage, toBinary, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { uuidv7 } from "uuidv7";
import { AccountOpenedSchema, type AccountOpened } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { events as fixtureV1Events } from "../gen/fixtures/ts/fixture/v1/index.js";
import { events as fixtureEvents } from "../gen/fixtures/ts/registry.js";
import {
  ContentType,
  createEventRegistry,
  decodeEnvelope,
  encodeEnvelope,
  envelopeFromJsonString,
  envelopeToJsonString,
  EnvelopeSchema,
  unwrap,
  wrap,
  type Envelope,
  type WrapOptions,
} from "../src/index.js";
import { baselineTask, comparedTask, type BenchTask } from "./bench-task.js";

// Built once, as a consumer does: unwrap indexes a plain list of events on every call.
const fixtureRegistry = createEventRegistry(fixtureEvents);
const fixtureV1Registry = createEventRegistry(fixtureV1Events);

/** The payload every task wraps or expects: a fixture.account.opened v1 event. */
const payloadInit: MessageInitShape<typeof AccountOpenedSchema> = {
  id: "u-1001",
  name: "Ada Lovelace",
  email: "ada@example.com",
  openedAt: 1700000000000n,
};

/** The metadata a producing service typically sets; `wrap` fills the event id and timestamp. */
const producerOptions = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  correlationId: "checkout-42",
  source: "identity-service",
  attributes: { tenantid: "acme" },
} as const satisfies WrapOptions;

/** Metadata with the event id and timestamp given, so the envelope is the same on every call. */
const fixedOptions = {
  ...producerOptions,
  eventId: "018bcfe5-6800-7000-8000-000000000001",
  timestamp: 1700000000123,
} as const satisfies WrapOptions;

const uuidV7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const expectedPayload = create(AccountOpenedSchema, payloadInit);
const protobufEnvelope = wrap(AccountOpenedSchema, payloadInit, fixedOptions);
const protobufBytes = toBinary(EnvelopeSchema, protobufEnvelope);
const jsonEnvelope = wrap(AccountOpenedSchema, payloadInit, { ...fixedOptions, contentType: ContentType.Json });
const jsonBytes = toBinary(EnvelopeSchema, jsonEnvelope);
const envelopeJsonText = envelopeToJsonString(protobufEnvelope);

/**
 * The sizes of what the tasks encode and decode, in bytes (the envelope's JSON
 * form in UTF-16 code units, which are bytes for this ASCII text).
 */
export const envelopeFixtureSizes = {
  payload: protobufEnvelope.payload.length,
  envelope: protobufBytes.length,
  jsonPayload: jsonEnvelope.payload.length,
  jsonPayloadEnvelope: jsonBytes.length,
  envelopeJsonForm: envelopeJsonText.length,
} as const;

function fail(message: string): never {
  throw new Error(message);
}

function checkPayload(envelope: Envelope, contentType: ContentType): void {
  if (envelope.eventName !== "fixture.account.opened" || envelope.eventVersion !== "v1") {
    fail(`the envelope names ${envelope.eventName} ${envelope.eventVersion}, not fixture.account.opened v1`);
  }
  if (envelope.contentType !== contentType) fail(`content type is ${envelope.contentType}, not ${contentType}`);
  checkUnwrapped(unwrap(envelope, fixtureV1Events));
}

function checkGeneratedMetadata(envelope: Envelope): void {
  if (!uuidV7Pattern.test(envelope.eventId)) fail(`event id ${envelope.eventId} is not a UUIDv7`);
  if (envelope.timestamp <= BigInt(fixedOptions.timestamp)) fail(`timestamp ${envelope.timestamp} is not the current time`);
  if (envelope.aggregateId !== payloadInit.id) fail(`aggregate id ${envelope.aggregateId} is not the payload's id`);
}

function checkSameEnvelope(actual: Envelope, expected: Envelope): void {
  if (!equals(EnvelopeSchema, actual, expected)) fail("the envelope differs from the one encoded");
}

function checkBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length !== expected.length || actual.some((byte, i) => byte !== expected[i])) {
    fail(`the bytes differ from the expected ${expected.length} bytes`);
  }
}

function checkAccountOpened(payload: AccountOpened): void {
  if (!equals(AccountOpenedSchema, payload, expectedPayload)) fail("the decoded payload differs from the one wrapped");
}

function checkUnwrapped(event: { readonly name: string; readonly version: string; readonly payload: Message }): void {
  if (event.name !== "fixture.account.opened" || event.version !== "v1") fail(`unwrapped ${event.name} ${event.version}`);
  if (!isMessage(event.payload, AccountOpenedSchema)) fail(`unwrapped a ${event.payload.$typeName}, not a fixture.v1.AccountOpened`);
  checkAccountOpened(event.payload);
}

/** Baseline names, so that each compared task points at an existing one. */
const rawToBinary = "toBinary(Envelope)";
const rawToBinaryJson = "toBinary(Envelope), JSON payload";
const rawFromBinary = "fromBinary(Envelope)";
const rawFromBinaryJson = "fromBinary(Envelope), JSON payload";
const rawPayloadFromBinary = "fromBinary(AccountOpened)";

/**
 * Returns the tasks of the envelope benchmark: producing (wrap, encode) and
 * consuming (decode, unwrap) a fixture.account.opened v1 event, with protobuf and JSON
 * payloads, each compared with raw protobuf-es on a prebuilt message.
 */
export function envelopeTasks(): BenchTask[] {
  return [
    baselineTask(rawToBinary, () => toBinary(EnvelopeSchema, protobufEnvelope), (bytes) => checkBytes(bytes, protobufBytes)),
    comparedTask(
      "wrap + encodeEnvelope",
      rawToBinary,
      () => encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, producerOptions)),
      (bytes) => {
        const envelope = fromBinary(EnvelopeSchema, bytes);
        checkPayload(envelope, ContentType.Protobuf);
        checkGeneratedMetadata(envelope);
      },
    ),
    comparedTask(
      "wrap + encodeEnvelope, id and timestamp given",
      rawToBinary,
      () => encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, fixedOptions)),
      (bytes) => checkBytes(bytes, protobufBytes),
    ),
    comparedTask(
      "wrap",
      rawToBinary,
      () => wrap(AccountOpenedSchema, payloadInit, producerOptions),
      (envelope) => {
        checkPayload(envelope, ContentType.Protobuf);
        checkGeneratedMetadata(envelope);
      },
    ),
    comparedTask(
      "create + toBinary by hand, no wrap",
      rawToBinary,
      () =>
        toBinary(
          EnvelopeSchema,
          create(EnvelopeSchema, {
            eventId: uuidv7(),
            eventName: "fixture.account.opened",
            eventVersion: "v1",
            aggregateId: payloadInit.id ?? "",
            timestamp: BigInt(Date.now()),
            traceId: producerOptions.traceId,
            correlationId: producerOptions.correlationId,
            source: producerOptions.source,
            contentType: ContentType.Protobuf,
            payload: toBinary(AccountOpenedSchema, create(AccountOpenedSchema, payloadInit)),
            attributes: producerOptions.attributes,
          }),
        ),
      (bytes) => {
        const envelope = fromBinary(EnvelopeSchema, bytes);
        checkPayload(envelope, ContentType.Protobuf);
        checkGeneratedMetadata(envelope);
      },
    ),
    comparedTask(
      "uuidv7() + BigInt(Date.now())",
      rawToBinary,
      () => [uuidv7(), BigInt(Date.now())] as const,
      ([id, timestamp]) => {
        if (!uuidV7Pattern.test(id)) fail(`${id} is not a UUIDv7`);
        if (timestamp <= BigInt(fixedOptions.timestamp)) fail(`${timestamp} is not the current time`);
      },
    ),
    comparedTask(
      "envelopeToJsonString",
      rawToBinary,
      () => envelopeToJsonString(protobufEnvelope),
      (text) => checkSameEnvelope(envelopeFromJsonString(text), protobufEnvelope),
    ),

    baselineTask(rawToBinaryJson, () => toBinary(EnvelopeSchema, jsonEnvelope), (bytes) => checkBytes(bytes, jsonBytes)),
    comparedTask(
      "wrap + encodeEnvelope, JSON payload",
      rawToBinaryJson,
      () => encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, { ...producerOptions, contentType: ContentType.Json })),
      (bytes) => {
        const envelope = fromBinary(EnvelopeSchema, bytes);
        checkPayload(envelope, ContentType.Json);
        checkGeneratedMetadata(envelope);
      },
    ),

    baselineTask(rawFromBinary, () => fromBinary(EnvelopeSchema, protobufBytes), (envelope) =>
      checkSameEnvelope(envelope, protobufEnvelope),
    ),
    comparedTask("decodeEnvelope + unwrap, all fixture events", rawFromBinary, () => unwrap(decodeEnvelope(protobufBytes), fixtureRegistry), checkUnwrapped),
    comparedTask(
      "decodeEnvelope + unwrap, fixture/v1 events",
      rawFromBinary,
      () => unwrap(decodeEnvelope(protobufBytes), fixtureV1Registry),
      checkUnwrapped,
    ),
    comparedTask(
      "fromBinary(Envelope) + fromBinary(AccountOpened) by hand, no unwrap",
      rawFromBinary,
      () => fromBinary(AccountOpenedSchema, fromBinary(EnvelopeSchema, protobufBytes).payload),
      checkAccountOpened,
    ),
    comparedTask("envelopeFromJsonString", rawFromBinary, () => envelopeFromJsonString(envelopeJsonText), (envelope) =>
      checkSameEnvelope(envelope, protobufEnvelope),
    ),

    baselineTask(rawFromBinaryJson, () => fromBinary(EnvelopeSchema, jsonBytes), (envelope) =>
      checkSameEnvelope(envelope, jsonEnvelope),
    ),
    comparedTask(
      "decodeEnvelope + unwrap, JSON payload",
      rawFromBinaryJson,
      () => unwrap(decodeEnvelope(jsonBytes), fixtureV1Registry),
      checkUnwrapped,
    ),

    baselineTask(rawPayloadFromBinary, () => fromBinary(AccountOpenedSchema, protobufEnvelope.payload), checkAccountOpened),
    comparedTask("unwrap, all fixture events", rawPayloadFromBinary, () => unwrap(protobufEnvelope, fixtureRegistry), checkUnwrapped),
    comparedTask("unwrap, fixture/v1 events", rawPayloadFromBinary, () => unwrap(protobufEnvelope, fixtureV1Registry), checkUnwrapped),
  ];
}

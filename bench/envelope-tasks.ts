// The operations the envelope benchmark times on the fixture event (bench/envelope-fixture.ts),
// each with the raw protobuf-es operation it is compared with and a check.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { uuidv7 } from "uuidv7";
import { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import {
  ContentType,
  decodeEnvelope,
  encodeEnvelope,
  envelopeFromJsonString,
  envelopeToJsonString,
  EnvelopeSchema,
  unwrap,
  wrap,
  type Envelope,
} from "../src/index.js";
import { baselineTask, comparedTask, type BenchTask } from "./bench-task.js";
import {
  checkAccountOpened,
  checkBytes,
  checkCurrentTime,
  checkGeneratedMetadata,
  checkPayload,
  checkSameEnvelope,
  checkUnwrapped,
  checkUuidV7,
  fixedOptions,
  fixtureRegistry,
  fixtureV1Registry,
  payloadInit,
  payloadMessage,
  producerOptions,
  protobufBytes,
  protobufEnvelope,
} from "./envelope-fixture.js";

const jsonEnvelope = wrap(AccountOpenedSchema, payloadInit, { ...fixedOptions, contentType: ContentType.Json });
const jsonBytes = toBinary(EnvelopeSchema, jsonEnvelope);
const envelopeJsonText = envelopeToJsonString(protobufEnvelope);

/** The envelope of {@link protobufEnvelope} without its payload, which raw encoding sets before each `toBinary`. */
const prebuiltEnvelope: Envelope = { ...protobufEnvelope, payload: new Uint8Array(0) };

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

function checkEncodedWithGeneratedMetadata(bytes: Uint8Array): void {
  const envelope = fromBinary(EnvelopeSchema, bytes);
  checkPayload(envelope, ContentType.Protobuf);
  checkGeneratedMetadata(envelope);
}

/** Baseline names, so that each compared task points at an existing one. */
const rawToBinary = "toBinary(Envelope)";
const rawToBinaryJson = "toBinary(Envelope), JSON payload";
const rawFromBinary = "fromBinary(Envelope)";
const rawFromBinaryJson = "fromBinary(Envelope), JSON payload";
const rawPayloadFromBinary = "fromBinary(AccountOpened)";

/** Raw protobuf-es producing: the payload's `toBinary`, set into a prebuilt envelope, then the envelope's `toBinary`. */
export const rawEncode = "toBinary(AccountOpened) + toBinary(Envelope)";
/** `wrap` of the built payload with id and timestamp given, then `encodeEnvelope`: the same work as {@link rawEncode}. */
export const wrapEncode = "wrap(message) + encodeEnvelope, id and timestamp given";
/** Raw protobuf-es consuming: the envelope's `fromBinary`, then the payload's. */
export const rawDecode = "fromBinary(Envelope) + fromBinary(AccountOpened)";
/** `decodeEnvelope`, then `unwrap` with a registry of every fixture event. */
export const decodeUnwrap = "decodeEnvelope + unwrap, all fixture events";

/**
 * Returns the tasks of the envelope benchmark: producing (wrap, encode) and
 * consuming (decode, unwrap) a fixture.account.opened v1 event, with protobuf and JSON
 * payloads, each compared with raw protobuf-es on a prebuilt message.
 */
export function envelopeTasks(): BenchTask[] {
  return [
    baselineTask(rawToBinary, () => toBinary(EnvelopeSchema, protobufEnvelope), (bytes) => checkBytes(bytes, protobufBytes)),
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
      "uuidv7() + BigInt(Date.now())",
      rawToBinary,
      () => [uuidv7(), BigInt(Date.now())] as const,
      ([id, timestamp]) => {
        checkUuidV7(id);
        checkCurrentTime(timestamp);
      },
    ),
    comparedTask(
      "envelopeToJsonString",
      rawToBinary,
      () => envelopeToJsonString(protobufEnvelope),
      (text) => checkSameEnvelope(envelopeFromJsonString(text), protobufEnvelope),
    ),

    baselineTask(
      rawEncode,
      () => {
        prebuiltEnvelope.payload = toBinary(AccountOpenedSchema, payloadMessage);
        return toBinary(EnvelopeSchema, prebuiltEnvelope);
      },
      (bytes) => checkBytes(bytes, protobufBytes),
    ),
    comparedTask(wrapEncode, rawEncode, () => encodeEnvelope(wrap(AccountOpenedSchema, payloadMessage, fixedOptions)), (bytes) =>
      checkBytes(bytes, protobufBytes),
    ),
    comparedTask(
      "wrap + encodeEnvelope, id and timestamp given",
      rawEncode,
      () => encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, fixedOptions)),
      (bytes) => checkBytes(bytes, protobufBytes),
    ),
    comparedTask(
      "wrap + encodeEnvelope",
      rawEncode,
      () => encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, producerOptions)),
      checkEncodedWithGeneratedMetadata,
    ),
    comparedTask(
      "create + toBinary by hand, no wrap",
      rawEncode,
      () =>
        toBinary(
          EnvelopeSchema,
          create(EnvelopeSchema, {
            eventId: uuidv7(),
            eventName: "fixture.account.opened",
            eventVersion: "v1",
            aggregateId: payloadInit.id,
            timestamp: BigInt(Date.now()),
            traceId: producerOptions.traceId,
            correlationId: producerOptions.correlationId,
            source: producerOptions.source,
            contentType: ContentType.Protobuf,
            payload: toBinary(AccountOpenedSchema, create(AccountOpenedSchema, payloadInit)),
            attributes: producerOptions.attributes,
          }),
        ),
      checkEncodedWithGeneratedMetadata,
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

    baselineTask(rawFromBinary, () => fromBinary(EnvelopeSchema, protobufBytes), (envelope) => checkSameEnvelope(envelope, protobufEnvelope)),
    comparedTask("envelopeFromJsonString", rawFromBinary, () => envelopeFromJsonString(envelopeJsonText), (envelope) =>
      checkSameEnvelope(envelope, protobufEnvelope),
    ),

    baselineTask(rawDecode, () => fromBinary(AccountOpenedSchema, fromBinary(EnvelopeSchema, protobufBytes).payload), checkAccountOpened),
    comparedTask(decodeUnwrap, rawDecode, () => unwrap(decodeEnvelope(protobufBytes), fixtureRegistry), checkUnwrapped),
    comparedTask(
      "decodeEnvelope + unwrap, fixture/v1 events",
      rawDecode,
      () => unwrap(decodeEnvelope(protobufBytes), fixtureV1Registry),
      checkUnwrapped,
    ),

    baselineTask(rawFromBinaryJson, () => fromBinary(EnvelopeSchema, jsonBytes), (envelope) => checkSameEnvelope(envelope, jsonEnvelope)),
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

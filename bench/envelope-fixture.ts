// The event every envelope task measures, fixture.account.opened v1 (a typical small event), with
// the metadata a producer sets, the envelopes and bytes built from them once, and the checks that
// tell a task's result is right.
import { create, equals, isMessage, toBinary, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { AccountOpenedSchema, type AccountOpened } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { events as fixtureV1Events } from "../gen/fixtures/ts/fixture/v1/index.js";
import { events as fixtureEvents } from "../gen/fixtures/ts/registry.js";
import { ContentType, createEventRegistry, unwrap, wrap, EnvelopeSchema, type Envelope, type WrapOptions } from "../src/index.js";

/** Every fixture event, indexed once as a consumer does: unwrap indexes a plain list on every call. */
export const fixtureRegistry = createEventRegistry(fixtureEvents);

/** The events of fixture/v1 only, indexed once. */
export const fixtureV1Registry = createEventRegistry(fixtureV1Events);

/** The payload every task wraps or expects: a fixture.account.opened v1 event. */
export const payloadInit = {
  id: "u-1001",
  name: "Ada Lovelace",
  email: "ada@example.com",
  openedAt: 1700000000000n,
} as const satisfies MessageInitShape<typeof AccountOpenedSchema>;

/** The metadata a producing service typically sets; `wrap` fills the event id and timestamp. */
export const producerOptions = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  correlationId: "checkout-42",
  source: "identity-service",
  attributes: { tenantid: "acme" },
} as const satisfies WrapOptions;

/** Metadata with the event id and timestamp given, so the envelope is the same on every call. */
export const fixedOptions = {
  ...producerOptions,
  eventId: "018bcfe5-6800-7000-8000-000000000001",
  timestamp: 1700000000123,
} as const satisfies WrapOptions;

const uuidV7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The payload as a built message, what `wrap` and `toBinary` take when the caller has one. */
export const payloadMessage: AccountOpened = create(AccountOpenedSchema, payloadInit);

/** The envelope `wrap` makes of the payload with {@link fixedOptions}. */
export const protobufEnvelope: Envelope = wrap(AccountOpenedSchema, payloadInit, fixedOptions);

/** {@link protobufEnvelope}'s bytes. */
export const protobufBytes: Uint8Array = toBinary(EnvelopeSchema, protobufEnvelope);

/** Throws an Error with `message`: a check's way to say what is wrong. */
export function fail(message: string): never {
  throw new Error(message);
}

/** Checks that `text` is a UUIDv7. */
export function checkUuidV7(text: string): void {
  if (!uuidV7Pattern.test(text)) fail(`${text} is not a UUIDv7`);
}

/** Checks that `millis`, an envelope's timestamp, is the current time, not the fixed one. */
export function checkCurrentTime(millis: bigint | number): void {
  if (BigInt(millis) <= BigInt(fixedOptions.timestamp)) fail(`timestamp ${millis} is not the current time`);
}

/** Checks that an envelope `wrap` filled carries a new UUIDv7, the current time and the payload's id. */
export function checkGeneratedMetadata(envelope: Envelope): void {
  checkUuidV7(envelope.eventId);
  checkCurrentTime(envelope.timestamp);
  if (envelope.aggregateId !== payloadInit.id) fail(`aggregate id ${envelope.aggregateId} is not the payload's id`);
}

/** Checks that an envelope names fixture.account.opened v1 in `contentType` and unwraps to the payload. */
export function checkPayload(envelope: Envelope, contentType: ContentType): void {
  if (envelope.eventName !== "fixture.account.opened" || envelope.eventVersion !== "v1") {
    fail(`the envelope names ${envelope.eventName} ${envelope.eventVersion}, not fixture.account.opened v1`);
  }
  if (envelope.contentType !== contentType) fail(`content type is ${envelope.contentType}, not ${contentType}`);
  checkUnwrapped(unwrap(envelope, fixtureV1Events));
}

/** Checks that two envelopes are equal. */
export function checkSameEnvelope(actual: Envelope, expected: Envelope): void {
  if (!equals(EnvelopeSchema, actual, expected)) fail("the envelope differs from the one encoded");
}

/** Checks that two byte arrays are equal. */
export function checkBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (actual.length !== expected.length || actual.some((byte, i) => byte !== expected[i])) {
    fail(`the bytes differ from the expected ${expected.length} bytes`);
  }
}

/** Checks that a decoded payload equals the one wrapped. */
export function checkAccountOpened(payload: AccountOpened): void {
  if (!equals(AccountOpenedSchema, payload, payloadMessage)) fail("the decoded payload differs from the one wrapped");
}

/** Checks that `unwrap` gave fixture.account.opened v1 and the payload wrapped. */
export function checkUnwrapped(event: { readonly name: string; readonly version: string; readonly payload: Message }): void {
  if (event.name !== "fixture.account.opened" || event.version !== "v1") fail(`unwrapped ${event.name} ${event.version}`);
  if (!isMessage(event.payload, AccountOpenedSchema)) fail(`unwrapped a ${event.payload.$typeName}, not a fixture.v1.AccountOpened`);
  checkAccountOpened(event.payload);
}

// protoevents against protobufjs's static code (pbjs -t static-module, bench/protobufjs-codegen.ts)
// on the same round trip of the fixture event: build and encode the payload, build and encode the
// envelope around its bytes, decode the envelope, decode the payload. Both sides do the same work,
// in two variants: the event id and timestamp given to both, or made by both (protoevents inside
// `wrap`, protobufjs's side with `uuidv7()` and `Date.now()`, what `wrap` calls as of this writing).
import { uuidv7 } from "uuidv7";
import { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { ContentType, decodeEnvelope, encodeEnvelope, unwrap, wrap } from "../src/index.js";
import { baselineTask, comparedTask, type BenchTask } from "./bench-task.js";
import {
  checkBytes,
  checkCurrentTime,
  checkGeneratedMetadata,
  checkUnwrapped,
  checkUuidV7,
  fail,
  fixedOptions,
  fixtureRegistry,
  payloadInit,
  producerOptions,
  protobufBytes,
} from "./envelope-fixture.js";
import type { AccountOpenedMessage, EnvelopeMessage, fixture, Int64, protoevents } from "./protobufjs-static.js";

/** The generated code the tasks run: the exports of bench/protobufjs-static.js. */
export interface ProtobufjsStatic {
  /** protoevents.v1 of the generated code. */
  readonly protoevents: typeof protoevents;
  /** fixture.v1 of the generated code. */
  readonly fixture: typeof fixture;
}

/** protobufjs's round trip with the event id and timestamp given. */
export const protobufjsRoundTripFixed = "protobufjs static: round trip, id and timestamp given";
/** protoevents' round trip with the event id and timestamp given: the goal's comparison. */
export const protoeventsRoundTripFixed = "wrap + encodeEnvelope + decodeEnvelope + unwrap, id and timestamp given";
/** protobufjs's round trip with a new `uuidv7()` and `Date.now()` per event. */
export const protobufjsRoundTripGenerated = "protobufjs static: round trip, uuidv7() and Date.now()";
/** protoevents' round trip with the event id and timestamp made by `wrap`. */
export const protoeventsRoundTripGenerated = "wrap + encodeEnvelope + decodeEnvelope + unwrap, id and timestamp made by wrap";

/** The task names, in the order {@link protobufjsTasks} returns them. */
export const protobufjsTaskNames = [protobufjsRoundTripFixed, protoeventsRoundTripFixed, protobufjsRoundTripGenerated, protoeventsRoundTripGenerated];

/** The payload's values for protobufjs, which takes an int64 as a number. */
const protobufjsPayload = { ...payloadInit, openedAt: Number(payloadInit.openedAt) };

interface ProtobufjsResult {
  readonly envelope: EnvelopeMessage;
  readonly payload: AccountOpenedMessage;
}

function checkInt64(field: string, actual: Int64, expected: bigint | number): void {
  if (actual.toString() !== expected.toString()) fail(`${field} is ${actual.toString()}, not ${expected}`);
}

/** Checks a protobufjs round trip's envelope against the one `wrap` makes and its payload against the one wrapped. */
function checkProtobufjsResult({ envelope, payload }: ProtobufjsResult): void {
  const expected = {
    eventName: "fixture.account.opened",
    eventVersion: "v1",
    aggregateId: payloadInit.id,
    traceId: producerOptions.traceId,
    correlationId: producerOptions.correlationId,
    source: producerOptions.source,
    contentType: ContentType.Protobuf,
  } as const;
  for (const [field, value] of Object.entries(expected)) {
    const actual = envelope[field as keyof typeof expected];
    if (actual !== value) fail(`the envelope's ${field} is ${actual}, not ${value}`);
  }
  if (JSON.stringify(envelope.attributes) !== JSON.stringify(producerOptions.attributes)) fail(`attributes ${JSON.stringify(envelope.attributes)}`);
  for (const field of ["id", "name", "email"] as const) {
    if (payload[field] !== payloadInit[field]) fail(`the payload's ${field} is ${payload[field]}, not ${payloadInit[field]}`);
  }
  checkInt64("openedAt", payload.openedAt, payloadInit.openedAt);
}

/**
 * Returns the round-trip tasks: each protobufjs variant as a baseline, and protoevents doing the
 * same work compared with it. `code` is the generated static code.
 */
export function protobufjsTasks(code: ProtobufjsStatic): BenchTask[] {
  const { Envelope } = code.protoevents.v1;
  const { AccountOpened } = code.fixture.v1;

  function protobufjsRoundTrip(eventId: string, timestamp: number): ProtobufjsResult {
    const payload = AccountOpened.encode(AccountOpened.create(protobufjsPayload)).finish();
    const bytes = Envelope.encode(
      Envelope.create({
        eventId,
        eventName: "fixture.account.opened",
        eventVersion: "v1",
        aggregateId: protobufjsPayload.id,
        timestamp,
        traceId: producerOptions.traceId,
        correlationId: producerOptions.correlationId,
        source: producerOptions.source,
        contentType: ContentType.Protobuf,
        payload,
        attributes: producerOptions.attributes,
      }),
    ).finish();
    const envelope = Envelope.decode(bytes);
    return { envelope, payload: AccountOpened.decode(envelope.payload) };
  }

  return [
    baselineTask(
      protobufjsRoundTripFixed,
      () => protobufjsRoundTrip(fixedOptions.eventId, fixedOptions.timestamp),
      (result) => {
        checkProtobufjsResult(result);
        // The same bytes as protoevents' envelope: re-encoding what was decoded gives them back.
        checkBytes(Envelope.encode(result.envelope).finish(), protobufBytes);
      },
    ),
    comparedTask(
      protoeventsRoundTripFixed,
      protobufjsRoundTripFixed,
      () => unwrap(decodeEnvelope(encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, fixedOptions))), fixtureRegistry),
      (event) => {
        checkUnwrapped(event);
        checkBytes(encodeEnvelope(event.envelope), protobufBytes);
      },
    ),
    baselineTask(
      protobufjsRoundTripGenerated,
      () => protobufjsRoundTrip(uuidv7(), Date.now()),
      (result) => {
        checkProtobufjsResult(result);
        checkUuidV7(result.envelope.eventId);
        checkCurrentTime(BigInt(result.envelope.timestamp.toString()));
      },
    ),
    comparedTask(
      protoeventsRoundTripGenerated,
      protobufjsRoundTripGenerated,
      () => unwrap(decodeEnvelope(encodeEnvelope(wrap(AccountOpenedSchema, payloadInit, producerOptions))), fixtureRegistry),
      (event) => {
        checkUnwrapped(event);
        checkGeneratedMetadata(event.envelope);
      },
    ),
  ];
}

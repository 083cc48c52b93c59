// Envelopes built by hand for the cross-language broker tests (test/kafka/kafka-python.test.ts,
// test/nats/nats-python.test.ts), and the JSON of a fixture event's payload, to compare with what
// the Python peer recorded.
import { create, toJson, type DescMessage } from "@bufbuild/protobuf";
import { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { unwrap } from "../src/index.js";
import { fixtureEvents } from "./fixture-examples.js";

/** An envelope of any name and version around raw payload bytes, with an event id made of its name, version and aggregate id. */
export function envelopeOf(name: string, version: string, payload: Uint8Array, aggregateId: string): Envelope {
  return create(EnvelopeSchema, {
    eventId: `id-${name}-${version}-${aggregateId}`,
    eventName: name,
    eventVersion: version,
    source: "broker-test",
    aggregateId,
    timestamp: 1_700_000_000_000n,
    contentType: "application/protobuf",
    payload,
  });
}

/** The payload of a fixture event's envelope, unwrapped and written as protobuf JSON. */
export function payloadJson(envelope: Envelope): unknown {
  const event = unwrap(envelope, fixtureEvents);
  const schema = fixtureEvents.find((e) => e.name === event.name && e.version === event.version)?.schema as DescMessage;
  return toJson(schema, event.payload as never);
}

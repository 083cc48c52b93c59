import { createEventRegistry, decodeEnvelope, encodeEnvelope, ProtoeventsError, unwrap, wrap } from "protoevents";
import { events as userV1, UserCreatedSchema } from "protoevents/user/v1";
import { events as userV2 } from "protoevents/user/v2";

// Producer: wrap a payload into an envelope and publish the bytes (Kafka, NATS, RabbitMQ...).
const envelope = wrap(
  UserCreatedSchema,
  { id: "u-1001", name: "Ada Lovelace", email: "ada@example.com", createdAt: 1700000000000n },
  { source: "identity-service", traceId: "4bf92f3577b34da6a3ce929d0e0e4736" },
);
const bytes: Uint8Array = encodeEnvelope(envelope);

// Consumer: accept the user events of v1 and v2, indexed once, frozen; decode the envelope, then
// the payload by event name and version.
const accepted = createEventRegistry(userV1, userV2);
const event = unwrap(decodeEnvelope(bytes), accepted);
if (event.name === "user.created" && event.version === "v1") {
  // Narrowed: event.payload is UserCreated from protoevents/user/v1.
  console.log(`${event.name} ${event.version}: ${event.payload.name} <${event.payload.email}>, aggregate ${event.envelope.aggregateId}`);
} else if (event.name === "user.created" && event.version === "v2") {
  console.log(`${event.name} ${event.version}: ${event.payload.givenName} ${event.payload.familyName}`);
}

// Bad input never escapes as anything but a ProtoeventsError with a stable code.
try {
  unwrap(decodeEnvelope(new Uint8Array([0xff, 0x01])), accepted);
} catch (error) {
  if (error instanceof ProtoeventsError) console.log(error.code);
}

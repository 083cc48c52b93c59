import { encodeEnvelope, peekEnvelope, wrap } from "protoevents";
import { UserCreatedSchema } from "protoevents/user/v1";

const bytes = encodeEnvelope(
  wrap(UserCreatedSchema, { id: "u-1001", name: "Ada Lovelace", email: "ada@example.com" }, { eventId: "0190b6a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b" }),
);

// A router reads what it routes by from the bytes: the payload is neither decoded nor copied, and
// bytes that decodeEnvelope would refuse are refused here with the same error.
const header = peekEnvelope(bytes);
console.log(header.eventName, header.eventVersion, header.aggregateId, header.eventId);

import { decodeEnvelope, encodeEnvelope, unwrap, wrap } from "protoevents";
import { events, UserCreatedSchema } from "protoevents/user/v1";

// A broker client hands over each message in memory that nothing writes to afterwards: decoding
// may then leave the payload where it is instead of copying it, which for a payload of megabytes
// is most of the time decoding takes.
const message = Buffer.from(encodeEnvelope(wrap(UserCreatedSchema, { id: "u-1001", name: "Ada Lovelace", email: "ada@example.com" })));
const options = { shareMemory: true };
const envelope = decodeEnvelope(message, options);
const event = unwrap(envelope, events, options);
console.log(event.payload.id, envelope.payload.buffer === message.buffer);

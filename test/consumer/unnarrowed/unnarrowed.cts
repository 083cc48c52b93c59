// Must NOT compile: the event name alone leaves both versions of user.created
// open, and only user.v2's UserCreated has `givenName`.
import { decodeEnvelope, unwrap } from "protoevents";

/** Reads the given name of a user.created event without checking its version. */
export function givenNameOf(bytes: Uint8Array): string {
  const evt = unwrap(decodeEnvelope(bytes));
  if (evt.name === "user.created") {
    return evt.payload.givenName;
  }
  return "";
}

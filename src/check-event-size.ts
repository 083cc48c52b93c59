import type { DescMessage } from "@bufbuild/protobuf";
import { EventTooLargeError } from "./errors.js";
import { eventIdentity } from "./event-identity.js";
import { eventLimits } from "./event-limits.js";

/**
 * Holds a message to the `max_bytes` its event declares, before a publisher
 * sends it: `byteLength` is the size of the message as the broker counts it,
 * headers included (on NATS JetStream, the header block and the data; see
 * docs/limits.md). An event that declares no `max_bytes` takes any size.
 *
 * @throws {EventTooLargeError} when `byteLength` is over the event's `max_bytes`.
 * @throws {NotAnEventError} when the message is not an event schema.
 * @throws {RangeError} when `byteLength` is not a non-negative safe integer.
 */
export function checkEventSize(schema: DescMessage, byteLength: number): void {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`checkEventSize: byteLength must be a non-negative integer, got ${String(byteLength)}`);
  }
  const { maxBytes } = eventLimits(schema);
  if (maxBytes === undefined || byteLength <= maxBytes) return;
  const { name, version } = eventIdentity(schema);
  throw new EventTooLargeError(name, version, byteLength, maxBytes);
}

import { getOption, type DescMessage } from "@bufbuild/protobuf";
import { event } from "../gen/ts/protoevents/v1/options_pb.js";
import { eventIdentity } from "./event-identity.js";

/**
 * The retention and size limits an event declares with its contract, in the
 * `limits` of its `(protoevents.v1.event)` option (docs/limits.md). A limit the
 * event does not declare is absent: no limit.
 */
export interface EventLimits {
  /**
   * How long the broker keeps a published event, in milliseconds: a stream
   * that carries the event keeps its messages at least this long. From
   * `limits.max_age`, as declared; the event lint makes sure it is whole
   * seconds, at least a minute.
   */
  readonly maxAgeMs?: number;
  /**
   * The largest message the event may be on the broker, in bytes, headers
   * included (on NATS JetStream, what a stream's `max_msg_size` counts). From
   * `limits.max_bytes`; {@link checkEventSize} holds a message to it.
   */
  readonly maxBytes?: number;
}

const noLimits: EventLimits = Object.freeze({});
const limitsBySchema = new WeakMap<DescMessage, EventLimits>();

/**
 * Reads the limits an event schema declares from its descriptor, e.g.
 * `eventLimits(UserCreatedSchema)`; `{}` when it declares none. The result is
 * frozen and read once per schema.
 *
 * @throws {NotAnEventError} when the message is not an event schema, as
 * `eventIdentity` does.
 */
export function eventLimits(schema: DescMessage): EventLimits {
  let limits = limitsBySchema.get(schema);
  if (limits === undefined) {
    limits = readLimits(schema);
    limitsBySchema.set(schema, limits);
  }
  return limits;
}

function readLimits(schema: DescMessage): EventLimits {
  eventIdentity(schema);
  const declared = getOption(schema, event).limits;
  if (declared === undefined) return noLimits;
  const { maxAge, maxBytes } = declared;
  return Object.freeze({
    ...(maxAge === undefined ? {} : { maxAgeMs: Number(maxAge.seconds) * 1000 + Math.trunc(maxAge.nanos / 1_000_000) }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
}

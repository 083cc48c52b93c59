import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";

/**
 * Where a transport read a message: a Kafka topic, partition and offset (a NATS binding gives its
 * subject as `topic` and its stream sequence as `offset`).
 */
export interface MessageSource {
  /** The topic (or subject) the message was read from. */
  readonly topic: string;
  /** The partition it was read from; 0 where the transport has none. */
  readonly partition: number;
  /** Its offset (or sequence) there, in decimal. */
  readonly offset: string;
}

/**
 * What a handler gets beside the event: the envelope it came in, its identity, which run of the
 * handler this is, and where the transport read it (absent when dispatched directly).
 */
export interface HandlerContext {
  /** The envelope the event came in. */
  readonly envelope: Envelope;
  /** The event's name, e.g. `user.created`. */
  readonly name: string;
  /** The event's version, e.g. `v1`. */
  readonly version: string;
  /** Which run of the handler for this message this is: 1 for the first, 2 for the first retry. */
  readonly attempt: number;
  /** Where the message was read, when a transport read it. */
  readonly source?: MessageSource;
}

/** What a caller of `dispatch` gives for the context; the router adds the envelope and identity. */
export interface DispatchContext {
  /** Which run this is; 1 when omitted. */
  readonly attempt?: number;
  /** Where the message was read. */
  readonly source?: MessageSource;
}

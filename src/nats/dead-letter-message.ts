import type { JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { deadLetterHeaders, type DeadLetterReason } from "../router/dead-letter-headers.js";

/** The header JetStream deduplicates by; a dead letter carries its own (see {@link deadLetterMsgId}). */
export const msgIdHeader = "Nats-Msg-Id";

// Headers that set conditions on a publish (`Nats-Expected-Stream`, `Nats-Expected-Last-Sequence`,
// ...): copied to a dead letter, they would hold its publish to the original's conditions.
const expectationHeader = /^nats-expected-/i;

/** A message to publish to the dead-letter subject. */
export interface DeadLetterMessage {
  /** The original message's data, as read. */
  readonly data: Uint8Array;
  /** Its headers and the `protoevents-*` headers. */
  readonly headers: MsgHdrs;
  /** The `Nats-Msg-Id` of the dead letter. */
  readonly msgId: string;
}

/**
 * The `Nats-Msg-Id` of the dead letter of the message at `sequence` in `stream`:
 * `dead-letter:<stream>:<sequence>`, so that a message dead-lettered again (redelivered before
 * its `term` arrived) is stored once.
 */
export function deadLetterMsgId(stream: string, sequence: number): string {
  return `dead-letter:${stream}:${sequence}`;
}

/**
 * The dead letter of a message read: its data and every one of its headers (repeated ones as they
 * came) but `Nats-Msg-Id` (replaced by {@link deadLetterMsgId}) and the `Nats-Expected-*`
 * conditions, plus the `protoevents-*` headers of the reason, which replace headers of the same
 * names; line breaks in their values (an error's message) become a space, as a NATS header
 * value is one line.
 * @internal
 */
export function deadLetterMessage(message: JsMsg, reason: DeadLetterReason): DeadLetterMessage {
  const ours = deadLetterHeaders(reason);
  const ourNames = new Set(Object.keys(ours));
  const headers = natsHeaders();
  for (const [name, values] of message.headers ?? []) {
    const lower = name.toLowerCase();
    if (ourNames.has(lower) || lower === msgIdHeader.toLowerCase() || expectationHeader.test(name)) continue;
    for (const value of values) headers.append(name, value);
  }
  // A NATS header value is one line: the error's message may hold line breaks.
  for (const [name, value] of Object.entries(ours)) headers.set(name, value.replace(/[\r\n]+/g, " "));
  return { data: message.data, headers, msgId: deadLetterMsgId(message.info.stream, message.seq) };
}

// What the NATS binding's server tests share: naming prefixes no other test uses, every message
// of a stream read raw, and waiting for a condition.
import { randomUUID } from "node:crypto";
import type { JetStreamManager } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/transport-node";
import type { NatsNameOptions } from "../../src/nats/index.js";

/** A stored message, as read from its stream. */
export interface StoredMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
  readonly headers: MsgHdrs | undefined;
}

/** Subject, stream and dead-letter prefixes of a test's own: `<tag>.events`, `<tag>`, `<tag>.dlq`. */
export function uniquePrefixes(label: string): Required<NatsNameOptions> {
  const tag = `${label}_${randomUUID().slice(0, 8)}`;
  return { subjectPrefix: `${tag}.events`, streamPrefix: tag, deadLetterPrefix: `${tag}.dlq` };
}

/** Every message of a stream, in order; waits until it holds at least `count`. */
export async function streamMessages(manager: JetStreamManager, stream: string, count = 0, timeoutMs = 20_000): Promise<StoredMessage[]> {
  await until(async () => (await manager.streams.info(stream)).state.messages >= count, timeoutMs, () => `${count} messages in ${stream}`);
  const { state } = await manager.streams.info(stream);
  const messages: StoredMessage[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const stored = await manager.streams.getMessage(stream, { seq });
    if (stored !== null) messages.push({ subject: stored.subject, seq: stored.seq, data: stored.data, headers: stored.header });
  }
  return messages;
}

/** Waits until `done()` holds, polling; throws after `timeoutMs` with what `state()` says. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, state: () => string = () => ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${state()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

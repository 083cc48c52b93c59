import { deadLetterHeaders, type DeadLetterReason } from "../router/dead-letter-headers.js";
import type { KafkaHeaders, KafkaIncomingMessage, KafkaOutgoingMessage } from "./kafka-client.js";

/**
 * The dead-letter record of a record read: its key, its value and every one of its headers
 * (repeated ones as they came), and the `protoevents-*` headers of the reason, which replace
 * headers of the same names.
 */
export function deadLetterRecord(message: KafkaIncomingMessage, reason: DeadLetterReason): KafkaOutgoingMessage {
  const headers: KafkaHeaders = {};
  const ours = deadLetterHeaders(reason);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined && !(name in ours)) headers[name] = value;
  }
  Object.assign(headers, ours);
  return { key: message.key, value: message.value, headers };
}

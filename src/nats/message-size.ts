import type { EventMessage } from "../cloudevents/event-message.js";
import { utf8Size } from "../utf8.js";

// What a NATS message's header block adds beside its headers: "NATS/1.0\r\n" before them and
// "\r\n" after them; each header is "<name>: <value>\r\n", 4 bytes beside its name and value.
const headerBlockFrame = "NATS/1.0\r\n\r\n".length;
const perHeader = ": \r\n".length;

/**
 * The size of a message as JetStream counts it against a stream's `max_msg_size` (and an
 * event's `limits.max_bytes`): the header block, with the `extraHeader` the client adds
 * (`Nats-Msg-Id`), and the data.
 * @internal
 */
export function messageSize(message: EventMessage, extraHeader: string, extraValue: string): number {
  let size = headerBlockFrame + message.value.length + utf8Size(extraHeader) + utf8Size(extraValue) + perHeader;
  for (const [name, value] of Object.entries(message.headers)) size += utf8Size(name) + utf8Size(value) + perHeader;
  return size;
}

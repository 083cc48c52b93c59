import type { MsgHdrs } from "@nats-io/transport-node";
import type { IncomingHeaders } from "../cloudevents/event-message.js";

/**
 * A NATS message's headers as `fromMessage` reads them: each name as the client gives it, with
 * all its values, so that a CloudEvents header given twice is refused (`INVALID_CLOUD_EVENT`).
 * @internal
 */
export function incomingHeaders(headers: MsgHdrs | undefined): IncomingHeaders {
  const result: Record<string, readonly string[]> = {};
  if (headers === undefined) return result;
  for (const [name, values] of headers) result[name] = values;
  return result;
}

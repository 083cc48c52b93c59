import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import type { EventSource } from "../event-registry.js";
import type { CloudEventsMode, EventMessage, WriteCloudEventOptions } from "./event-message.js";
import { toBinaryMessage } from "./to-binary-message.js";
import { toProtobufMessage } from "./to-protobuf-message.js";
import { toStructuredJsonMessage } from "./to-structured-json-message.js";

/**
 * Writes an envelope as a CloudEvent in the mode given: {@link toBinaryMessage},
 * {@link toStructuredJsonMessage} or {@link toProtobufMessage}, which alone
 * uses `events`.
 *
 * @throws whatever the mode's function throws.
 * @throws {TypeError} when `mode` is none of the three.
 */
export function toMessage(envelope: Envelope, mode: CloudEventsMode, events: EventSource, options: WriteCloudEventOptions = {}): EventMessage {
  switch (mode) {
    case "binary":
      return toBinaryMessage(envelope, options);
    case "structured-json":
      return toStructuredJsonMessage(envelope, options);
    case "protobuf":
      return toProtobufMessage(envelope, events, options);
    default:
      throw new TypeError(`mode must be "binary", "structured-json" or "protobuf", got ${JSON.stringify(mode as unknown)}`);
  }
}

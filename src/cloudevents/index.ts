export type { CloudEventsMode, EventMessage, IncomingHeaders, ReadCloudEventOptions, WriteCloudEventOptions } from "./event-message.js";
export { toBinaryMessage } from "./to-binary-message.js";
export { toStructuredJsonMessage } from "./to-structured-json-message.js";
export { toProtobufMessage } from "./to-protobuf-message.js";
export { toMessage } from "./to-message.js";
export { fromMessage } from "./from-message.js";

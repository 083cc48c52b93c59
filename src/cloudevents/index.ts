export type { CloudEventsMode, EventMessage, IncomingHeaders, ReadCloudEventOptions, WriteCloudEventOptions } from "./event-message.js";
export { toBinaryMessage } from "./to-binary-message.js";
export { fromMessage } from "./from-message.js";

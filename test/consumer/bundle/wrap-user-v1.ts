// A typical producer of one event: `wrap` and the one schema it publishes.
export { wrap } from "protoevents";
export { UserCreatedSchema } from "protoevents/user/v1";

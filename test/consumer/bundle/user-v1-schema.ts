// Only one schema of one domain: nothing of the other domains or versions should be bundled.
export { UserCreatedSchema } from "protoevents/user/v1";

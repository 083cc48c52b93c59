// A consumer of every event: `unwrap` without a registry argument needs all domains.
export { decodeEnvelope, unwrap } from "protoevents";

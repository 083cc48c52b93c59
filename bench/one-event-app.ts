// The browser app whose bundle size bench/bundle-size.ts measures: one event (a fixture event
// schema) with the runtime that wraps, encodes, decodes and unwraps it, from src/ and gen/.
export { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
export { decodeEnvelope, encodeEnvelope, unwrap, wrap } from "../src/index.js";

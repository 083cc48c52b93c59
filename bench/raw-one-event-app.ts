// The same event and envelope as bench/one-event-app.ts with raw protobuf-es and nothing of
// protoevents, binary only: the least any bundle of this event can weigh on protobuf-es.
export { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
export { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
export { create, fromBinary, toBinary } from "@bufbuild/protobuf";

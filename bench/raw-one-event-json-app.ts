// bench/raw-one-event-app.ts plus protobuf-es's JSON codec, which wrap and unwrap reach for
// payloads of content type application/json: raw protobuf-es with the features of the runtime.
export { AccountOpenedSchema } from "../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
export { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
export { create, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";

export { wrap, type WrapOptions } from "./wrap.js";
export { isEvent, unwrap, type UnwrappedPayload } from "./unwrap.js";
export {
  decodeEnvelope,
  encodeEnvelope,
  envelopeFromJson,
  envelopeFromJsonString,
  envelopeToJson,
  envelopeToJsonString,
} from "./envelope-codec.js";
export { peekEnvelope, type EnvelopeHeader } from "./peek-envelope.js";
export { defaultDecodeLimits, type DecodeLimits, type DecodeOptions } from "./decode-limits.js";
export { ContentType } from "./content-type.js";
export { eventIdentity, type EventIdentity } from "./event-identity.js";
export { eventLimits, type EventLimits } from "./event-limits.js";
export { checkEventSize } from "./check-event-size.js";
export { createEventRegistry, type EntryOf, type EventEntry, type EventRegistry, type EventSource, type UnwrappedEvent } from "./event-registry.js";
export {
  ErrorCode,
  EventTooLargeError,
  IncompleteEnvelopeError,
  InvalidCloudEventError,
  InvalidMetadataError,
  isProtoeventsError,
  LimitExceededError,
  MalformedEnvelopeError,
  NotAnEventError,
  PayloadDecodeError,
  ProtoeventsError,
  UnknownEventError,
  UnsupportedContentTypeError,
  UnsupportedVersionError,
} from "./errors.js";
export { EnvelopeSchema, type Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
export { event, EventOptionsSchema, type EventOptions } from "../gen/ts/protoevents/v1/options_pb.js";

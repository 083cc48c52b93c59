export { createPublisher, type Published, type Publisher, type PublisherOptions } from "./create-publisher.js";
export { createConsumer, defaultAckWaitMs, type Consumer, type ConsumerOptions, type DeadLetterInfo, type SkipInfo } from "./create-consumer.js";
export { defaultDuplicateWindowMs, ensureStreams, type EnsuredStream, type EnsureStreamsOptions } from "./ensure-streams.js";
export { deadLetterMsgId } from "./dead-letter-message.js";
export {
  deadLetterStream,
  deadLetterSubject,
  deadLetterSubjects,
  defaultNatsNames,
  eventStream,
  eventSubject,
  resolveNatsNames,
  type NatsNameOptions,
  type NatsNames,
} from "./subject-names.js";

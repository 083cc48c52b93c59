export { createPublisher, type Publisher, type PublisherOptions } from "./create-publisher.js";
export { createConsumer, type Consumer, type ConsumerOptions, type DeadLetterInfo, type SkipInfo } from "./create-consumer.js";
export type {
  KafkaClient,
  KafkaConsumer,
  KafkaEachBatchPayload,
  KafkaHeaders,
  KafkaHeaderValue,
  KafkaIncomingMessage,
  KafkaOutgoingMessage,
  KafkaProducer,
} from "./kafka-client.js";

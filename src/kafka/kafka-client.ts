// The parts of the KafkaJS API (kafkajs 2.2, and the KafkaJS-compatible API of
// @confluentinc/kafka-javascript) that protoevents uses, as structural types: the package takes
// the user's client and never imports a Kafka library, which stays an optional peer dependency.

/** A header's value as KafkaJS gives and takes it: repeated headers are an array. */
export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A record's headers, by name. */
export interface KafkaHeaders {
  [name: string]: KafkaHeaderValue;
}

/** A record to send. */
export interface KafkaOutgoingMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: KafkaHeaders;
}

/** A KafkaJS `Producer`, as far as protoevents uses it. */
export interface KafkaProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: { topic: string; messages: KafkaOutgoingMessage[] }): Promise<unknown>;
}

/** A record read, as KafkaJS hands it over. */
export interface KafkaIncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers?: KafkaHeaders;
  offset: string;
}

/** What a KafkaJS `eachBatch` handler gets, as far as protoevents uses it. */
export interface KafkaEachBatchPayload {
  batch: { topic: string; partition: number; messages: KafkaIncomingMessage[] };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  /** Commits these offsets (the next offset to read, per partition), even while the consumer stops. */
  commitOffsetsIfNecessary(offsets: { topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** A KafkaJS `Consumer`, as far as protoevents uses it. */
export interface KafkaConsumer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(subscription: { topics: (string | RegExp)[]; fromBeginning?: boolean }): Promise<void>;
  run(config: { autoCommit?: boolean; eachBatchAutoResolve?: boolean; eachBatch?: (payload: KafkaEachBatchPayload) => Promise<void> }): Promise<void>;
  stop(): Promise<void>;
  on(eventName: "consumer.crash", listener: (event: { payload: { error: Error; restart?: boolean } }) => void): unknown;
}

/** A KafkaJS `Kafka` client, as far as protoevents uses it: it makes producers and consumers. */
export interface KafkaClient {
  producer(config?: object): KafkaProducer;
  consumer(config: { groupId: string }): KafkaConsumer;
}

/** A Buffer over the same memory as the bytes, as KafkaJS wants its values. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

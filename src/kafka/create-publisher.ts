import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { toMessage } from "../cloudevents/index.js";
import type { CloudEventsMode } from "../cloudevents/event-message.js";
import { eventIdentity } from "../event-identity.js";
import type { EventSource } from "../event-registry.js";
import { wrap, type WrapOptions } from "../wrap.js";
import { toBuffer, type KafkaClient, type KafkaProducer } from "./kafka-client.js";

/** Options of {@link createPublisher}. */
export interface PublisherOptions {
  /** The topic every event goes to. */
  readonly topic: string;
  /** The CloudEvents `source` of the events, a URI-reference such as `/services/accounts`; a `publish` call may give another. */
  readonly source: string;
  /** How an envelope travels (docs/cloudevents.md): `binary` (the default), `structured-json` or `protobuf`. */
  readonly mode?: CloudEventsMode;
  /**
   * The events `publishEnvelope` may be given, which the `protobuf` mode needs to name a payload's
   * message; `publish` knows its schema without them.
   */
  readonly events?: EventSource;
  /** The `dataschema` attribute to write, an absolute URI; none when omitted. */
  readonly dataschema?: string;
}

/** Publishes events to one Kafka topic as CloudEvents. */
export interface Publisher {
  /** The producer's `connect()`. */
  connect(): Promise<void>;
  /** The producer's `disconnect()`. */
  disconnect(): Promise<void>;
  /**
   * Wraps the payload (`wrap(schema, init, options)`, the publisher's `source` unless the options
   * give one), writes it as a CloudEvent and sends it keyed by its aggregate id, so that the events
   * of one aggregate stay in order on one partition. Resolves with the envelope once the broker
   * acknowledged the record (as the producer's `acks` say).
   *
   * @throws what `wrap` throws (`NotAnEventError`, `InvalidMetadataError`, ...), and
   *   `InvalidMetadataError` when the envelope cannot be a CloudEvent (e.g. an empty source);
   *   rejects with the producer's error when sending fails.
   */
  publish<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>, options?: WrapOptions): Promise<Envelope>;
  /**
   * Sends an envelope already made, as {@link Publisher.publish} sends one, and resolves with it
   * once the broker acknowledged the record.
   *
   * @throws as {@link Publisher.publish} does after wrapping.
   */
  publishEnvelope(envelope: Envelope): Promise<Envelope>;
}

/**
 * Creates a publisher on a KafkaJS client (`new Kafka(...)` of kafkajs, or the KafkaJS API of
 * @confluentinc/kafka-javascript), which makes its producer, or on a producer of one. Call
 * `connect()` before publishing and `disconnect()` when done.
 *
 * @throws {TypeError} when `topic` is empty.
 */
export function createPublisher(kafka: KafkaClient | KafkaProducer, options: PublisherOptions): Publisher {
  const { topic, source, mode = "binary", events = [], dataschema } = options;
  if (typeof topic !== "string" || topic === "") throw new TypeError("createPublisher: `topic` must be a topic name");
  const producer = "send" in kafka ? kafka : kafka.producer();
  const writeOptions = dataschema === undefined ? {} : { dataschema };

  const send = async (envelope: Envelope, eventSource: EventSource): Promise<void> => {
    const { headers, value } = toMessage(envelope, mode, eventSource, writeOptions);
    await producer.send({
      topic,
      messages: [{ key: envelope.aggregateId === "" ? null : envelope.aggregateId, value: toBuffer(value), headers: { ...headers } }],
    });
  };

  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async publish(schema, init, wrapOptions = {}) {
      const envelope = wrap(schema, init, { ...wrapOptions, source: wrapOptions.source ?? source });
      const { name, version } = eventIdentity(schema);
      await send(envelope, { name, version, schema });
      return envelope;
    },
    async publishEnvelope(envelope) {
      await send(envelope, events);
      return envelope;
    },
  };
}

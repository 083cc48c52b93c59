import { fromMessage } from "../cloudevents/index.js";
import { resolveLimits, type DecodeLimits } from "../decode-limits.js";
import { isProtoeventsError, type ProtoeventsError } from "../errors.js";
import type { Router, RoutedEvent } from "../router/create-router.js";
import type { DeadLetterReason } from "../router/dead-letter-headers.js";
import { handlerFailedCode } from "../router/dead-letter-headers.js";
import { handleWithRetries } from "../router/handle-with-retries.js";
import type { MessageSource } from "../router/handler-context.js";
import { resolveRetryPolicy, type RetryPolicy } from "../router/retry-policy.js";
import { checkUnknownEventPolicy, isUnknownEvent, type UnknownEventPolicy } from "../router/unknown-event-policy.js";
import { deadLetterRecord } from "./dead-letter-record.js";
import type { KafkaClient, KafkaEachBatchPayload, KafkaIncomingMessage } from "./kafka-client.js";

// How often a batch being handled commits what it handled so far.
const commitIntervalMs = 1000;
// How often a batch being handled asks KafkaJS for a heartbeat. KafkaJS sends one only when its
// heartbeatInterval (3 s by default) has passed since the last, but each call costs several
// promises: asked once a millisecond at most, a heartbeat is a millisecond late at most.
const heartbeatCheckMs = 1;

/** What {@link ConsumerOptions.onDeadLetter} is told of a record sent to the dead-letter topic. */
export interface DeadLetterInfo extends DeadLetterReason {
  /** The topic the record was sent to. */
  readonly deadLetterTopic: string;
  /** The error: the `ProtoeventsError` of a poison record, the handler's last error for `HANDLER_FAILED`. */
  readonly error: unknown;
}

/** What {@link ConsumerOptions.onSkip} is told of an unknown event skipped. */
export interface SkipInfo extends MessageSource {
  /** The `UNKNOWN_EVENT` or `UNSUPPORTED_VERSION` error. */
  readonly error: ProtoeventsError;
}

/** Options of {@link createConsumer}. */
export interface ConsumerOptions {
  /** The consumer group. */
  readonly groupId: string;
  /** The topics to read. */
  readonly topics: readonly string[];
  /** The router whose handlers get the events. */
  readonly router: Router;
  /** Where records that cannot be handled go; `<the record's topic>.dead-letter` when omitted. */
  readonly deadLetterTopic?: string;
  /** What to do with events the router has no handler for; `"dead-letter"` when omitted. */
  readonly unknownEvents?: UnknownEventPolicy;
  /** How a failing handler is retried; the rest of {@link defaultRetryPolicy} when omitted. */
  readonly retry?: Partial<RetryPolicy>;
  /** The decoding limits of the records; {@link defaultDecodeLimits} when omitted. */
  readonly limits?: Partial<DecodeLimits>;
  /** Read a topic from its beginning when the group has no committed offset (KafkaJS `fromBeginning`); false when omitted. */
  readonly fromBeginning?: boolean;
  /** Further KafkaJS consumer settings (`sessionTimeout`, ...), beside `groupId`. */
  readonly consumerConfig?: Readonly<Record<string, unknown>>;
  /** Called after a record was sent to the dead-letter topic, before its offset is committed. */
  readonly onDeadLetter?: (info: DeadLetterInfo) => void;
  /** Called when an unknown event is skipped (`unknownEvents: "skip"`). */
  readonly onSkip?: (info: SkipInfo) => void;
}

/** Reads events from Kafka and hands them to a router's handlers, at least once. */
export interface Consumer {
  /**
   * Connects, subscribes and handles records until {@link Consumer.stop}: resolves then. Each
   * record is decoded (`fromMessage`, the router's events), handled, and its offset committed only
   * after it was handled or sent to the dead-letter topic, in order per partition.
   *
   * Rejects with the `UNKNOWN_EVENT`/`UNSUPPORTED_VERSION` error when `unknownEvents` is `"stop"`
   * and such an event comes (its offset not committed), with the producer's error when a
   * dead-letter record cannot be sent (not committed either), and with the client's error when the
   * KafkaJS consumer crashes for good; the consumer is disconnected then. A consumer runs once: a
   * second call rejects with an `Error`.
   */
  run(): Promise<void>;
  /**
   * Stops reading: a handler running finishes and its offset is committed (a wait to retry a
   * failed handler is cut short, that record is left uncommitted), then the consumer and its
   * dead-letter producer disconnect. From inside a handler, call it without awaiting it: it waits
   * for that handler.
   */
  stop(): Promise<void>;
}

/**
 * Creates a consumer on a KafkaJS client (kafkajs, or the KafkaJS API of
 * @confluentinc/kafka-javascript) that hands every event of `topics` to `router`.
 *
 * A record that does not decode (any `ProtoeventsError`: `INVALID_CLOUD_EVENT`, `LIMIT_EXCEEDED`,
 * `MALFORMED_ENVELOPE`, `PAYLOAD_DECODE_FAILED`, ...) is sent to the dead-letter topic with its key,
 * value and headers and the `protoevents-*` headers, and the consumer moves on; so is one whose
 * handler still throws after the retries (`HANDLER_FAILED`). Unknown events follow
 * `unknownEvents`.
 *
 * @throws {TypeError} when `groupId` or `topics` is empty.
 * @throws {RangeError} when `retry` or `unknownEvents` is not a policy, or a limit is out of range.
 */
export function createConsumer(kafka: KafkaClient, options: ConsumerOptions): Consumer {
  const { groupId, topics, router, deadLetterTopic, fromBeginning = false, onDeadLetter, onSkip } = options;
  if (typeof groupId !== "string" || groupId === "") throw new TypeError("createConsumer: `groupId` must be a consumer group name");
  if (!Array.isArray(topics) || topics.length === 0) throw new TypeError("createConsumer: `topics` must name at least one topic");
  const retry = resolveRetryPolicy(options.retry);
  const unknownEvents = checkUnknownEventPolicy(options.unknownEvents);
  const decodeOptions = options.limits === undefined ? {} : { limits: resolveLimits({ limits: options.limits }) };
  const consumer = kafka.consumer({ ...options.consumerConfig, groupId });
  const producer = kafka.producer();
  const stopping = new AbortController();
  let finished: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  let ended: { error: unknown } | undefined;
  const settleRun = (): void => {
    if (ended === undefined || settle === undefined) return;
    if (ended.error === undefined) settle.resolve();
    else settle.reject(ended.error);
  };

  // Ends the run once: stops the KafkaJS consumer (which waits for the batch being handled),
  // disconnects both clients, then settles run().
  let shutdown: Promise<void> | undefined;
  const end = (error?: unknown): Promise<void> => {
    stopping.abort();
    shutdown ??= (async () => {
      await consumer.stop().catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      ended = { error };
      settleRun();
    })();
    return shutdown;
  };

  const deadLetter = async (message: KafkaIncomingMessage, reason: DeadLetterReason, error: unknown): Promise<void> => {
    const target = deadLetterTopic ?? `${reason.topic}.dead-letter`;
    await producer.send({ topic: target, messages: [deadLetterRecord(message, reason)] });
    onDeadLetter?.({ ...reason, deadLetterTopic: target, error });
  };

  // Handles one record; true when its offset may be committed.
  const handle = async (message: KafkaIncomingMessage, source: MessageSource): Promise<boolean> => {
    let routed: RoutedEvent;
    try {
      const envelope = fromMessage({ headers: message.headers ?? {}, value: message.value ?? new Uint8Array() }, decodeOptions);
      routed = router.route(envelope, decodeOptions);
    } catch (error) {
      if (!isProtoeventsError(error)) throw error;
      if (isUnknownEvent(error) && unknownEvents === "skip") {
        onSkip?.({ ...source, error });
        return true;
      }
      if (isUnknownEvent(error) && unknownEvents === "stop") {
        void end(error);
        return false;
      }
      await deadLetter(message, { ...source, code: error.code, message: error.message, attempts: 0 }, error);
      return true;
    }
    const outcome = await handleWithRetries(routed, { retry, source, signal: stopping.signal });
    if (outcome.status === "aborted") return false;
    if (outcome.status === "failed") {
      await deadLetter(message, { ...source, code: handlerFailedCode, message: errorMessage(outcome.error), attempts: outcome.attempts }, outcome.error);
    }
    return true;
  };

  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: KafkaEachBatchPayload): Promise<void> => {
    const { topic, partition } = batch;
    // Offsets as KafkaJS gives them, decimal strings: the last handled, and the last committed.
    let handledOffset: string | undefined;
    let committedOffset: string | undefined;
    let committedAt = performance.now();
    let heartbeatAt = Number.NEGATIVE_INFINITY;
    // The batch's own commit: KafkaJS's consumer.commitOffsets does nothing once stop() was called,
    // and stop() waits for this batch, whose last offsets must be committed then.
    const commit = async (): Promise<void> => {
      const offset = handledOffset;
      if (offset === undefined || offset === committedOffset || isStale()) return;
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(offset) + 1n).toString() }] }] });
      committedOffset = offset;
      committedAt = performance.now();
    };
    for (const message of batch.messages) {
      if (stopping.signal.aborted || !isRunning() || isStale()) break;
      let done: boolean;
      try {
        done = await handle(message, { topic, partition, offset: message.offset });
      } catch (error) {
        // A dead-letter record not sent, or a bug: nothing from this record on may be committed.
        void end(error);
        break;
      }
      if (!done) break;
      resolveOffset(message.offset);
      handledOffset = message.offset;
      const now = performance.now();
      // A long batch of slow handlers is committed as it goes, so a crash repeats little of it.
      if (now - committedAt >= commitIntervalMs) await commit();
      if (now - heartbeatAt >= heartbeatCheckMs) {
        heartbeatAt = now;
        // Its errors (a rebalance) are KafkaJS's to handle: it reads again from the last commit.
        await heartbeat();
      }
    }
    await commit();
  };

  return {
    run() {
      // As in Python: a consumer runs once.
      if (finished !== undefined) return Promise.reject(new Error("this consumer is already running or has run"));
      finished = (async () => {
        const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
        settleRun();
        if (stopping.signal.aborted) return done;
        consumer.on?.("consumer.crash", ({ payload }) => {
          if (payload.restart !== true) void end(payload.error);
        });
        try {
          await producer.connect();
          await consumer.connect();
          await consumer.subscribe({ topics: [...topics], fromBeginning });
          if (!stopping.signal.aborted) await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
        } catch (error) {
          void end(error);
        }
        return done;
      })();
      return finished;
    },
    async stop() {
      await end();
    },
  };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

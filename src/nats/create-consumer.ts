import { AckPolicy, jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, type ConsumerConfig, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { ReadCloudEventOptions } from "../cloudevents/event-message.js";
import { fromMessage } from "../cloudevents/index.js";
import { resolveLimits, type DecodeLimits, type DecodeOptions } from "../decode-limits.js";
import { isProtoeventsError, type ProtoeventsError } from "../errors.js";
import type { Router, RoutedEvent } from "../router/create-router.js";
import { handlerFailedCode, type DeadLetterReason } from "../router/dead-letter-headers.js";
import type { MessageSource } from "../router/handler-context.js";
import { resolveRetryPolicy, retryDelayMs, type RetryPolicy } from "../router/retry-policy.js";
import { checkUnknownEventPolicy, isUnknownEvent, type UnknownEventPolicy } from "../router/unknown-event-policy.js";
import { deadLetterMessage } from "./dead-letter-message.js";
import { incomingHeaders } from "./nats-headers.js";
import { deadLetterSubject, eventStream, eventSubject, resolveNatsNames, type NatsNameOptions } from "./subject-names.js";

/** What {@link ConsumerOptions.onDeadLetter} is told of a message sent to the dead-letter subject. */
export interface DeadLetterInfo extends DeadLetterReason {
  /** The subject the dead letter was published to. */
  readonly deadLetterSubject: string;
  /** The error: the `ProtoeventsError` of a poison message, the handler's last error for `HANDLER_FAILED`. */
  readonly error: unknown;
}

/** What {@link ConsumerOptions.onSkip} is told of an unknown event skipped. */
export interface SkipInfo extends MessageSource {
  /** The `UNKNOWN_EVENT` or `UNSUPPORTED_VERSION` error. */
  readonly error: ProtoeventsError;
}

/** Options of {@link createConsumer}, beside the naming prefixes of `ensureStreams`. */
export interface ConsumerOptions extends NatsNameOptions {
  /** The durable consumer's name, the same on every stream it reads. */
  readonly durable: string;
  /** The router whose handlers get the events: the consumer reads the stream of every event name it handles. */
  readonly router: Router;
  /** What to do with events the router has no handler for; `"dead-letter"` when omitted. */
  readonly unknownEvents?: UnknownEventPolicy;
  /** How a failing handler is retried (by redelivery); the rest of {@link defaultRetryPolicy} when omitted. */
  readonly retry?: Partial<RetryPolicy>;
  /** The decoding limits of the messages; {@link defaultDecodeLimits} when omitted. */
  readonly limits?: Partial<DecodeLimits>;
  /**
   * How many messages of a stream may be delivered and not yet acknowledged (JetStream's
   * `max_ack_pending`); the server's default (1000) when omitted. `1` keeps the order of a
   * stream's events even when a handler fails, at the cost of throughput.
   */
  readonly maxAckPending?: number;
  /**
   * How long JetStream waits for a message's acknowledgement before delivering it again
   * (`ack_wait`); 30 s when omitted. A handler running longer keeps its message by telling
   * JetStream it is working on it, every half of this.
   */
  readonly ackWaitMs?: number;
  /** Called after a dead letter was stored, before its message is terminated. */
  readonly onDeadLetter?: (info: DeadLetterInfo) => void;
  /** Called when an unknown event is skipped (`unknownEvents: "skip"`). */
  readonly onSkip?: (info: SkipInfo) => void;
}

/** Reads events from NATS JetStream and hands them to a router's handlers, at least once. */
export interface Consumer {
  /**
   * Makes (or updates) the durable consumer on the stream of every event name the router handles
   * and handles their messages until {@link Consumer.stop}: resolves then. A message is
   * acknowledged only after its handler returned, it was skipped, or its dead letter was stored.
   * The messages of one stream are handled one after the other; those of different streams
   * side by side.
   *
   * Rejects with the `UNKNOWN_EVENT`/`UNSUPPORTED_VERSION` error when `unknownEvents` is `"stop"`
   * and such an event comes (it is redelivered at once to the next consumer), with the client's
   * error when a dead letter is not stored (its message neither acknowledged nor terminated), when
   * a stream is missing (`ensureStreams` makes them), or when the router handles no event. A
   * consumer runs once: a second call rejects with an `Error`.
   */
  run(): Promise<void>;
  /**
   * Stops reading: the handlers running finish and their messages are acknowledged (or
   * redelivered, as their outcome says), then the subscriptions close and what the consumer
   * sent the server is flushed. The connection stays the caller's to close. From inside a
   * handler, call it without awaiting it: it waits for that handler.
   */
  stop(): Promise<void>;
}

/** The acknowledgement wait when none is given: 30 s, JetStream's default. */
export const defaultAckWaitMs = 30_000;

const nanosPerMs = 1_000_000;

/**
 * Creates a consumer on a NATS connection (`connect()` of `@nats-io/transport-node`) that hands
 * every event of the router's streams to its handlers.
 *
 * A message that does not decode (any `ProtoeventsError`: `INVALID_CLOUD_EVENT`,
 * `LIMIT_EXCEEDED`, `MALFORMED_ENVELOPE`, `PAYLOAD_DECODE_FAILED`, ...) is published to
 * `<deadLetterPrefix>.<its subject>` with its data and headers and the `protoevents-*` headers,
 * then terminated. A handler that throws is retried by redelivery: the message is
 * negatively acknowledged with the retry policy's delay for that delivery, and once it has been
 * delivered `retry.retries + 1` times and its handler still throws, it is dead-lettered with
 * `HANDLER_FAILED`. Unknown events follow `unknownEvents`.
 *
 * @throws {TypeError} when `durable` is not a consumer name, or a prefix is not subject tokens.
 * @throws {RangeError} when `retry` or `unknownEvents` is not a policy, a limit is out of range,
 *   or `maxAckPending` or `ackWaitMs` is not a positive whole number.
 */
export function createConsumer(nc: NatsConnection, options: ConsumerOptions): Consumer {
  const { durable, router, onDeadLetter, onSkip } = options;
  if (typeof durable !== "string" || !/^[^.*>/\\\s]+$/.test(durable)) {
    throw new TypeError(`createConsumer: \`durable\` must be a consumer name without ".", "*", ">", slashes or spaces, got ${JSON.stringify(durable)}`);
  }
  const names = resolveNatsNames(options, "createConsumer");
  const retry = resolveRetryPolicy(options.retry);
  const unknownEvents = checkUnknownEventPolicy(options.unknownEvents);
  const routeOptions: DecodeOptions = options.limits === undefined ? {} : { limits: resolveLimits({ limits: options.limits }) };
  const readOptions: ReadCloudEventOptions = { ...routeOptions, headerPrefix: "ce-" };
  const ackWaitMs = positiveInteger(options.ackWaitMs ?? defaultAckWaitMs, "ackWaitMs");
  const maxAckPending = options.maxAckPending === undefined ? undefined : positiveInteger(options.maxAckPending, "maxAckPending");

  const stopping = new AbortController();
  const subscriptions: ConsumerMessages[] = [];
  // The messages whose handlers run: one timer tells JetStream they are being worked on.
  const inProgress = new Set<JsMsg>();
  let client: JetStreamClient | undefined;
  let finished: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;

  // Ends the run: closes every subscription, so that each loop ends after the message it handles.
  const end = (error?: unknown): void => {
    if (error !== undefined) failure ??= { error };
    stopping.abort();
    for (const messages of subscriptions) void messages.close().catch(() => undefined);
  };

  const deadLetter = async (message: JsMsg, reason: DeadLetterReason, error: unknown): Promise<void> => {
    const subject = deadLetterSubject(names, message.subject);
    const { data, headers, msgId } = deadLetterMessage(message, reason);
    await (client as JetStreamClient).publish(subject, data, { msgID: msgId, headers });
    onDeadLetter?.({ ...reason, deadLetterSubject: subject, error });
    message.term();
  };

  // Decodes and routes a message; undefined when it was dead-lettered, skipped, or stops the run.
  const route = async (message: JsMsg, source: MessageSource): Promise<RoutedEvent | undefined> => {
    try {
      return router.route(fromMessage({ headers: incomingHeaders(message.headers), value: message.data }, readOptions), routeOptions);
    } catch (error) {
      if (!isProtoeventsError(error)) throw error;
      if (isUnknownEvent(error) && unknownEvents === "skip") {
        message.ack();
        onSkip?.({ ...source, error });
      } else if (isUnknownEvent(error) && unknownEvents === "stop") {
        message.nak();
        end(error);
      } else {
        await deadLetter(message, { ...source, code: error.code, message: error.message, attempts: 0 }, error);
      }
      return undefined;
    }
  };

  const handle = async (message: JsMsg): Promise<void> => {
    const source: MessageSource = { topic: message.subject, partition: 0, offset: String(message.seq) };
    const routed = await route(message, source);
    if (routed === undefined) return;
    const attempt = message.info.deliveryCount;
    inProgress.add(message);
    try {
      await routed.handle({ attempt, source });
    } catch (error) {
      if (attempt > retry.retries) {
        await deadLetter(message, { ...source, code: handlerFailedCode, message: errorMessage(error), attempts: attempt }, error);
      } else {
        message.nak(retryDelayMs(retry, attempt));
      }
      return;
    } finally {
      inProgress.delete(message);
    }
    message.ack();
  };

  const read = async (messages: ConsumerMessages): Promise<void> => {
    for await (const message of messages) {
      if (stopping.signal.aborted) {
        // Read after stop(): handed back at once rather than after the acknowledgement wait.
        message.nak();
        continue;
      }
      try {
        await handle(message);
      } catch (error) {
        // A dead letter not stored, or a bug: the message stays unacknowledged, to be redelivered.
        end(error);
      }
    }
  };

  const start = async (): Promise<void> => {
    const eventNames = router.events.names();
    if (eventNames.length === 0) throw new TypeError("createConsumer: the router handles no event: register handlers before run()");
    client = jetstream(nc);
    const manager = await jetstreamManager(nc);
    const loops: Promise<void>[] = [];
    const working = setInterval(() => {
      for (const message of inProgress) message.working();
    }, ackWaitMs / 2);
    try {
      for (const eventName of eventNames) {
        if (stopping.signal.aborted) break;
        const stream = eventStream(names, eventName);
        await addOrUpdateConsumer(manager, stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          // Unlimited: a message whose last delivery was lost (its consumer killed mid-handler)
          // comes again, and is dead-lettered by the consumer, never dropped by the server.
          max_deliver: -1,
          ack_wait: ackWaitMs * nanosPerMs,
          filter_subject: eventSubject(names, eventName),
          ...(maxAckPending === undefined ? {} : { max_ack_pending: maxAckPending }),
        });
        const messages = await (await client.consumers.get(stream, durable)).consume();
        subscriptions.push(messages);
        if (stopping.signal.aborted) void messages.close().catch(() => undefined);
        loops.push(read(messages).catch((error: unknown) => end(error)));
      }
    } catch (error) {
      end(error);
    }
    await Promise.all(loops);
    clearInterval(working);
    // Acknowledgements and terminations are sent without waiting for an answer.
    await nc.flush();
  };

  return {
    run() {
      // As in Python: a consumer runs once.
      if (finished !== undefined) return Promise.reject(new Error("this consumer is already running or has run"));
      finished = (async () => {
        if (!stopping.signal.aborted) {
          try {
            await start();
          } catch (error) {
            end(error);
          }
        }
        if (failure !== undefined) throw failure.error;
      })();
      return finished;
    },
    async stop() {
      end();
      if (finished !== undefined) await finished.catch(() => undefined);
    },
  };
}

async function addOrUpdateConsumer(manager: JetStreamManager, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> {
  try {
    await manager.consumers.info(stream, config.durable_name);
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.ConsumerNotFound) throw error;
    await manager.consumers.add(stream, config);
    return;
  }
  const { durable_name: _name, filter_subject: _subject, ack_policy: _policy, ...changeable } = config;
  await manager.consumers.update(stream, config.durable_name, changeable);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`createConsumer: \`${name}\` must be a positive whole number, got ${String(value)}`);
  return value;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

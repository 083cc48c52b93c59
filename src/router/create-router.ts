import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import type { DecodeOptions } from "../decode-limits.js";
import { eventIdentity } from "../event-identity.js";
import { createEventRegistry, type EntryOf, type EventEntry, type EventRegistry, type EventSource, type UnwrappedEvent } from "../event-registry.js";
import { unwrap } from "../unwrap.js";
import type { DispatchContext, HandlerContext } from "./handler-context.js";

/** A handler of one event: its payload, typed as the schema's message, and the context. */
export type EventHandler<Schema extends DescMessage> = (event: MessageShape<Schema>, context: HandlerContext) => Promise<void> | void;

/** A handler of several events: the `unwrap` result, narrowable by `name` and `version`. */
export type EventsHandler<Entry extends EventEntry> = (event: UnwrappedEvent<Entry>, context: HandlerContext) => Promise<void> | void;

/**
 * An event a router has decoded and found the handler of, not yet handled: a consumer runs it,
 * and runs it again when it throws, without decoding again.
 */
export interface RoutedEvent {
  /** The event's name. */
  readonly name: string;
  /** The event's version. */
  readonly version: string;
  /** The envelope it came in. */
  readonly envelope: Envelope;
  /** Runs the handler once; rejects with whatever the handler throws. */
  handle(context?: DispatchContext): Promise<void>;
}

/**
 * Handlers of events by name and version, independent of any transport: the Kafka consumer (and
 * other bindings) decode a message into an envelope and hand it to {@link Router.dispatch}.
 */
export interface Router {
  /** The registry of every event the router has a handler for; envelopes are unwrapped with it. */
  readonly events: EventRegistry;
  /**
   * Registers the handler of one event. Its first argument is the payload, of exactly the
   * schema's generated message type.
   *
   * @throws {NotAnEventError} when the schema is not an event's.
   * @throws {TypeError} when the event (name and version) has a handler already.
   */
  on<Schema extends DescMessage>(schema: Schema, handler: EventHandler<Schema>): Router;
  /**
   * Registers one handler for several events: a generated `events` list (e.g. of
   * `protoevents/user/v1`), a registry, or one entry. The handler gets the `unwrap` result, a
   * union that checking `name` and `version` narrows.
   *
   * @throws {TypeError} when one of the events has a handler already, or two sources give one
   *   name and version different schemas.
   */
  onEvents<const Source extends EventSource>(events: Source, handler: EventsHandler<EntryOf<Source>>): Router;
  /**
   * Decodes the envelope's payload with the router's events and finds its handler, without
   * running it.
   *
   * @throws {ProtoeventsError} as `unwrap` throws: `UNKNOWN_EVENT` or `UNSUPPORTED_VERSION` for an
   *   event without a handler, `PAYLOAD_DECODE_FAILED`, `LIMIT_EXCEEDED`, ...
   */
  route(envelope: Envelope, options?: DecodeOptions): RoutedEvent;
  /**
   * Decodes the envelope's payload and runs its handler once.
   *
   * @throws {ProtoeventsError} when the envelope does not unwrap (as {@link Router.route});
   *   rejects with whatever the handler throws.
   */
  dispatch(envelope: Envelope, context?: DispatchContext, options?: DecodeOptions): Promise<void>;
}

type AnyHandler = (event: UnwrappedEvent<EventEntry>, context: HandlerContext) => Promise<void> | void;

/**
 * Creates an empty router: register handlers with `on` and `onEvents`, then give it to a
 * consumer (`createConsumer` of `protoevents/kafka`) or call `dispatch` yourself.
 */
export function createRouter(): Router {
  // By name, then version: the strings of a decoded envelope are looked up as they are, no key built.
  const handlers = new Map<string, Map<string, AnyHandler>>();
  let events: EventRegistry = createEventRegistry();

  const register = (entries: readonly EventEntry[], handler: AnyHandler): void => {
    for (const entry of entries) {
      if (handlers.get(entry.name)?.has(entry.version) === true) {
        throw new TypeError(`event ${entry.name} ${entry.version} has a handler already: a router runs one handler per event`);
      }
    }
    const next = createEventRegistry(events, entries);
    for (const entry of entries) {
      let versions = handlers.get(entry.name);
      if (versions === undefined) {
        versions = new Map();
        handlers.set(entry.name, versions);
      }
      versions.set(entry.version, handler);
    }
    events = next;
  };

  const router: Router = {
    get events() {
      return events;
    },
    on(schema, handler) {
      const { name, version } = eventIdentity(schema);
      register([{ name, version, schema }], (event, context) => handler(event.payload as MessageShape<typeof schema>, context));
      return router;
    },
    onEvents(source, handler) {
      register(createEventRegistry(source).entries, handler as AnyHandler);
      return router;
    },
    route(envelope, options) {
      const event = unwrap(envelope, events, options);
      const handler = handlers.get(event.name)?.get(event.version) as AnyHandler;
      return {
        name: event.name,
        version: event.version,
        envelope,
        // Not an async function: a handler that returns (most are synchronous) costs no further
        // promise than the shared one, which a consumer awaits once per event.
        handle: (context = {}) => {
          const attempt = context.attempt ?? 1;
          const source = context.source;
          const full: HandlerContext = source === undefined ? { envelope, name: event.name, version: event.version, attempt } : { envelope, name: event.name, version: event.version, attempt, source };
          try {
            const result = handler(event, full);
            return result === undefined ? handled : Promise.resolve(result).then(toVoid);
          } catch (error) {
            return Promise.reject(error);
          }
        },
      };
    },
    async dispatch(envelope, context, options) {
      await router.route(envelope, options).handle(context);
    },
  };
  return router;
}

const handled: Promise<void> = Promise.resolve();

function toVoid(): void {}

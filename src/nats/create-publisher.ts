import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import type { Envelope } from "../../gen/ts/protoevents/v1/envelope_pb.js";
import { toMessage } from "../cloudevents/index.js";
import type { CloudEventsMode } from "../cloudevents/event-message.js";
import { checkEventSize } from "../check-event-size.js";
import { eventIdentity } from "../event-identity.js";
import { eventLimits } from "../event-limits.js";
import { createEventRegistry, type EventSource } from "../event-registry.js";
import { wrap, type WrapOptions } from "../wrap.js";
import { msgIdHeader } from "./dead-letter-message.js";
import { messageSize } from "./message-size.js";
import { eventSubject, resolveNatsNames } from "./subject-names.js";

/** Options of {@link createPublisher}. */
export interface PublisherOptions {
  /** The CloudEvents `source` of the events, a URI-reference such as `/services/accounts`; a `publish` call may give another. */
  readonly source: string;
  /** How an envelope travels (docs/cloudevents.md): `binary` (the default, `ce-` headers), `structured-json` or `protobuf`. */
  readonly mode?: CloudEventsMode;
  /**
   * The events `publishEnvelope` may be given, which the `protobuf` mode needs to name a payload's
   * message; `publish` knows its schema without them.
   */
  readonly events?: EventSource;
  /** The `dataschema` attribute to write, an absolute URI; none when omitted. */
  readonly dataschema?: string;
  /** What an event's subject starts with: `<subjectPrefix>.<event name>`; `"events"` when omitted. */
  readonly subjectPrefix?: string;
}

/** What a publish resolves with once JetStream stored the event (or found it stored already). */
export interface Published {
  /** The envelope published. */
  readonly envelope: Envelope;
  /** The stream that stored it. */
  readonly stream: string;
  /** Its sequence in that stream: the first one's when it is a duplicate. */
  readonly sequence: number;
  /**
   * True when the stream had an event of this id already, within its duplicate window, and did
   * not store it again.
   */
  readonly duplicate: boolean;
}

/** Publishes events to NATS JetStream as CloudEvents, each on its event's subject. */
export interface Publisher {
  /**
   * Wraps the payload (`wrap(schema, init, options)`, the publisher's `source` unless the options
   * give one), writes it as a CloudEvent and publishes it to `<subjectPrefix>.<event name>` with
   * `Nats-Msg-Id` set to the event id. Resolves once the stream acknowledged it.
   *
   * @throws {EventTooLargeError} when the message (its headers and data, as JetStream counts
   *   them) is over the `limits.max_bytes` of the event's version; nothing is sent.
   * @throws what `wrap` throws (`NotAnEventError`, `InvalidMetadataError`, ...), and
   *   `InvalidMetadataError` when the envelope cannot be a CloudEvent (e.g. an empty source);
   *   rejects with the client's error when no stream captures the subject or the stream refuses
   *   the message.
   */
  publish<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>, options?: WrapOptions): Promise<Published>;
  /**
   * Publishes an envelope already made, as {@link Publisher.publish} publishes one; publishing
   * one envelope twice within the stream's duplicate window stores it once. Its size is checked
   * when the publisher's `events` hold its event and version.
   *
   * @throws as {@link Publisher.publish} does after wrapping.
   */
  publishEnvelope(envelope: Envelope): Promise<Published>;
}

/**
 * Creates a publisher on a NATS connection (`connect()` of `@nats-io/transport-node`); the
 * connection stays the caller's to close. The streams must exist (`ensureStreams`).
 *
 * @throws {TypeError} when `subjectPrefix` is not subject tokens.
 */
export function createPublisher(nc: NatsConnection, options: PublisherOptions): Publisher {
  const { source, mode = "binary", dataschema } = options;
  const events = createEventRegistry(options.events ?? []);
  const names = resolveNatsNames({ ...(options.subjectPrefix === undefined ? {} : { subjectPrefix: options.subjectPrefix }) }, "createPublisher");
  const writeOptions = { headerPrefix: "ce-" as const, ...(dataschema === undefined ? {} : { dataschema }) };
  let client: JetStreamClient | undefined;

  const send = async (envelope: Envelope, eventSource: EventSource, schema: DescMessage | undefined): Promise<Published> => {
    const message = toMessage(envelope, mode, eventSource, writeOptions);
    if (schema !== undefined && eventLimits(schema).maxBytes !== undefined) checkEventSize(schema, messageSize(message, msgIdHeader, envelope.eventId));
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(message.headers)) headers.set(name, value);
    client ??= jetstream(nc);
    const ack = await client.publish(eventSubject(names, envelope.eventName), message.value, { msgID: envelope.eventId, headers });
    return { envelope, stream: ack.stream, sequence: ack.seq, duplicate: ack.duplicate };
  };

  return {
    async publish(schema, init, wrapOptions = {}) {
      const envelope = wrap(schema, init, { ...wrapOptions, source: wrapOptions.source ?? source });
      const { name, version } = eventIdentity(schema);
      return send(envelope, { name, version, schema }, schema);
    },
    publishEnvelope: (envelope) => send(envelope, events, events.get(envelope.eventName, envelope.eventVersion)?.schema),
  };
}

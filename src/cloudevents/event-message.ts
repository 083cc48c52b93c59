import type { DecodeOptions } from "../decode-limits.js";

/** A message as a broker carries it: string headers and the value bytes. */
export interface EventMessage {
  /** Header names to values, in the order they are written. */
  readonly headers: Readonly<Record<string, string>>;
  /** The record's value. */
  readonly value: Uint8Array;
}

/**
 * Headers as clients hand them over: kafkajs gives a string or a Buffer, or an
 * array of them for a key given more than once; `undefined` is no header.
 */
export type IncomingHeaders = Readonly<Record<string, string | Uint8Array | readonly (string | Uint8Array)[] | undefined>>;

/**
 * How an envelope travels as a CloudEvent (docs/cloudevents.md): `binary`
 * (attributes in headers, the payload as the value), `structured-json` (the
 * JSON event format) or `protobuf` (the protobuf event format).
 */
export type CloudEventsMode = "binary" | "structured-json" | "protobuf";

/** Options of the functions that write a CloudEvent. */
export interface WriteCloudEventOptions {
  /** The header name prefix of binary mode: `ce_` (Kafka, the default) or `ce-` (NATS, AMQP, HTTP). */
  readonly headerPrefix?: "ce_" | "ce-";
  /** The `dataschema` attribute to write, an absolute URI; none when omitted. */
  readonly dataschema?: string;
}

/** Options of {@link fromMessage}: the decoding limits, and the header prefix of binary mode. */
export interface ReadCloudEventOptions extends DecodeOptions {
  /** The header name prefix of binary mode: `ce_` (Kafka, the default) or `ce-`. */
  readonly headerPrefix?: "ce_" | "ce-";
}

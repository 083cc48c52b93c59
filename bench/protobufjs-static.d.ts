// The types of protobufjs-static.js: the part of protobufjs's static code (`pbjs -t
// static-module`) that the benchmark uses, written from what pbjs generates for
// protoevents.v1.Envelope and fixture.v1.AccountOpened.

/** An int64 field as protobufjs decodes it: a long.js `Long`, whose toString() gives the decimal value. */
export type Int64 = number | { toString(): string };

/** A message class of protobufjs static code: `create` builds, `encode(...).finish()` encodes, `decode` decodes. */
export interface StaticMessageType<Properties, Message> {
  /** A new message with the given properties. */
  create(properties: Properties): Message;
  /** Encodes a message or a plain object of its properties; `finish()` gives the bytes. */
  encode(message: Properties): { finish(): Uint8Array };
  /** Decodes a message; bytes fields are views into `bytes`. */
  decode(bytes: Uint8Array): Message;
}

/** The fields of protoevents.v1.Envelope that the benchmark sets. */
export interface EnvelopeProperties {
  eventId?: string;
  eventName?: string;
  eventVersion?: string;
  aggregateId?: string;
  timestamp?: Int64;
  traceId?: string;
  correlationId?: string;
  source?: string;
  contentType?: string;
  payload?: Uint8Array;
  attributes?: Record<string, string>;
}

/** A protoevents.v1.Envelope of protobufjs: every field has a value (its default when not on the wire). */
export type EnvelopeMessage = Required<EnvelopeProperties>;

/** The fields of fixture.v1.AccountOpened. */
export interface AccountOpenedProperties {
  id?: string;
  name?: string;
  email?: string;
  openedAt?: Int64;
}

/** A fixture.v1.AccountOpened of protobufjs. */
export type AccountOpenedMessage = Required<AccountOpenedProperties>;

/** The package protoevents.v1 of the generated code. */
export declare const protoevents: {
  readonly v1: { readonly Envelope: StaticMessageType<EnvelopeProperties, EnvelopeMessage> };
};

/** The package fixture.v1 of the generated code. */
export declare const fixture: {
  readonly v1: {
    readonly AccountOpened: StaticMessageType<AccountOpenedProperties, AccountOpenedMessage>;
  };
};

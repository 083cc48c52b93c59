import { create, equals, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { AdminAccountCreatedSchema } from "../gen/ts/admin/v1/admin_account_created_pb.js";
import { OrderCompletedSchema } from "../gen/ts/order/v1/order_completed_pb.js";
import { OrderPlacedSchema, OrderStatus } from "../gen/ts/order/v1/order_placed_pb.js";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { events as allEvents } from "../gen/ts/registry.js";
import { events as userV1Events } from "../gen/ts/user/v1/index.js";
import { UserCreatedSchema } from "../gen/ts/user/v1/user_created_pb.js";
import { UserEmailChangedSchema } from "../gen/ts/user/v1/user_email_changed_pb.js";
import { UserCreatedSchema as UserCreatedV2Schema } from "../gen/ts/user/v2/user_created_pb.js";
import { ContentType } from "./content-type.js";
import { decodeEnvelope, encodeEnvelope, envelopeFromJsonString, envelopeToJsonString } from "./envelope-codec.js";
import {
  IncompleteEnvelopeError,
  PayloadDecodeError,
  ProtoeventsError,
  UnknownEventError,
  UnsupportedContentTypeError,
  UnsupportedVersionError,
} from "./errors.js";
import { unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

interface Example<Desc extends DescMessage = DescMessage> {
  readonly schema: Desc;
  readonly init: MessageInitShape<Desc>;
}

function example<Desc extends DescMessage>(schema: Desc, init: MessageInitShape<Desc>): Example {
  return { schema, init } as Example;
}

const examples: Example[] = [
  example(UserCreatedSchema, { id: "u-1", name: "Ada", email: "ada@example.com", createdAt: 1n }),
  example(UserEmailChangedSchema, { id: "u-1", oldEmail: "a@x", newEmail: "b@x", changedAt: 2n }),
  example(UserCreatedV2Schema, { id: "u-2", givenName: "Alan", familyName: "Turing", email: "alan@x" }),
  example(AdminAccountCreatedSchema, { id: "a-1", roles: ["billing", "support"], createdBy: "a-0" }),
  example(OrderPlacedSchema, {
    orderId: "o-1",
    items: [{ sku: "BOOK", quantity: 2, unitPrice: { currencyCode: "EUR", amountMinor: 1999n } }],
    total: { currencyCode: "EUR", amountMinor: 3998n },
    status: OrderStatus.PENDING,
  }),
  example(OrderCompletedSchema, { orderId: "o-1", status: OrderStatus.COMPLETED, completedAt: 3n }),
];

describe("unwrap", () => {
  it("has an example for every registered event", () => {
    expect(examples.map((e) => e.schema).sort()).toEqual(allEvents.map((e) => e.schema).sort());
  });

  describe.each([ContentType.Protobuf, ContentType.Json])("round trip with %s payloads", (contentType) => {
    it.each(examples.map((e) => [e.schema.typeName, e] as const))("%s through binary envelope bytes", (_name, { schema, init }) => {
      const sent = wrap(schema, init, { contentType, traceId: "t-1", attributes: { tenant_id: "acme" } });
      const received = decodeEnvelope(encodeEnvelope(sent));
      const event = unwrap(received);
      const entry = allEvents.find((e) => e.schema === schema);
      expect([event.name, event.version]).toEqual([entry?.name, entry?.version]);
      expect(equals(schema, event.payload, create(schema, init))).toBe(true);
      expect(equals(EnvelopeSchema, event.envelope, sent)).toBe(true);
    });

    it.each(examples.map((e) => [e.schema.typeName, e] as const))("%s through the envelope's JSON form", (_name, { schema, init }) => {
      const sent = wrap(schema, init, { contentType });
      const event = unwrap(envelopeFromJsonString(envelopeToJsonString(sent)));
      expect(equals(schema, event.payload, create(schema, init))).toBe(true);
    });
  });

  it("accepts an envelope without content type as protobuf binary", () => {
    const envelope = wrap(UserCreatedSchema, { id: "u-1" });
    envelope.contentType = "";
    expect(unwrap(envelope).payload).toMatchObject({ id: "u-1" });
  });

  it("ignores unknown payload fields in JSON, as binary does", () => {
    const envelope = wrap(UserCreatedSchema, { id: "u-1" }, { contentType: ContentType.Json });
    envelope.payload = new TextEncoder().encode('{"id":"u-1","addedInV1_1":true}');
    expect(unwrap(envelope).payload).toMatchObject({ id: "u-1" });
  });

  it("accepts only the given registry's events", () => {
    const userEvent = wrap(UserCreatedSchema, { id: "u-1" });
    expect(unwrap(userEvent, userV1Events).payload).toMatchObject({ id: "u-1" });
    expect(() => unwrap(wrap(OrderPlacedSchema, { orderId: "o-1" }), userV1Events)).toThrow(UnknownEventError);
    expect(() => unwrap(wrap(UserCreatedV2Schema, { id: "u-1" }), userV1Events)).toThrow(UnsupportedVersionError);
  });

  describe("bad input", () => {
    const base = (): ReturnType<typeof wrap> => wrap(UserCreatedSchema, { id: "u-1" });

    it("an envelope without event name", () => {
      const envelope = base();
      envelope.eventName = "";
      expect(() => unwrap(envelope)).toThrowError(new IncompleteEnvelopeError("event_name"));
    });

    it("an envelope without event version", () => {
      const envelope = base();
      envelope.eventVersion = "";
      expect(() => unwrap(envelope)).toThrowError(/INCOMPLETE_ENVELOPE.*event_version/);
    });

    it("an unknown event name names the event", () => {
      const envelope = base();
      envelope.eventName = "user.deleted";
      expect(() => unwrap(envelope)).toThrowError(/UNKNOWN_EVENT.*"user\.deleted"/);
    });

    it("a known name with an unknown version lists the known versions", () => {
      const envelope = base();
      envelope.eventVersion = "v7";
      expect(() => unwrap(envelope)).toThrowError('[UNSUPPORTED_VERSION] event "user.created" has no version "v7"; known versions: v1, v2');
    });

    it("an unsupported content type", () => {
      const envelope = base();
      envelope.contentType = "application/xml";
      expect(() => unwrap(envelope)).toThrow(UnsupportedContentTypeError);
    });

    it("a payload that does not decode keeps the decoder's error as cause", () => {
      const envelope = base();
      envelope.payload = new Uint8Array([0x0a, 0x05, 0x61]);
      let thrown: unknown;
      try {
        unwrap(envelope);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(PayloadDecodeError);
      expect(thrown).toBeInstanceOf(ProtoeventsError);
      expect((thrown as PayloadDecodeError).message).toContain('"user.created" v1');
      expect((thrown as PayloadDecodeError).cause).toBeInstanceOf(Error);
    });
  });
});

import { create, fromBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { MoneySchema } from "../gen/ts/order/v1/money_pb.js";
import { OrderPlacedSchema, OrderStatus } from "../gen/ts/order/v1/order_placed_pb.js";
import { UserCreatedSchema } from "../gen/ts/user/v1/user_created_pb.js";
import { UserCreatedSchema as UserCreatedV2Schema } from "../gen/ts/user/v2/user_created_pb.js";
import { ContentType } from "./content-type.js";
import { ErrorCode, InvalidMetadataError, NotAnEventError, UnsupportedContentTypeError } from "./errors.js";
import { wrap } from "./wrap.js";

const ada = { id: "u-1", name: "Ada", email: "ada@example.com", createdAt: 1700000000000n };

describe("wrap", () => {
  it("takes the name from the schema's option and the version from its package", () => {
    expect([wrap(UserCreatedSchema, ada).eventName, wrap(UserCreatedSchema, ada).eventVersion]).toEqual(["user.created", "v1"]);
    const v2 = wrap(UserCreatedV2Schema, { id: "u-1", givenName: "Ada" });
    expect([v2.eventName, v2.eventVersion]).toEqual(["user.created", "v2"]);
  });

  it("fills a UUIDv7 event id and the current time", () => {
    const before = BigInt(Date.now());
    const first = wrap(UserCreatedSchema, ada);
    const second = wrap(UserCreatedSchema, ada);
    const after = BigInt(Date.now());
    expect(first.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.eventId).not.toBe(first.eventId);
    // UUIDv7 ids sort by creation time.
    expect(second.eventId > first.eventId).toBe(true);
    expect(first.timestamp >= before && first.timestamp <= after).toBe(true);
  });

  it("encodes the payload as protobuf binary by default", () => {
    const envelope = wrap(UserCreatedSchema, ada);
    expect(envelope.contentType).toBe("application/protobuf");
    expect(fromBinary(UserCreatedSchema, envelope.payload)).toMatchObject(ada);
  });

  it("encodes the payload as canonical JSON when asked", () => {
    const envelope = wrap(UserCreatedSchema, ada, { contentType: ContentType.Json });
    expect(envelope.contentType).toBe("application/json");
    expect(new TextDecoder().decode(envelope.payload)).toBe(
      '{"id":"u-1","name":"Ada","email":"ada@example.com","createdAt":"1700000000000"}',
    );
  });

  it("accepts a message as well as an init object", () => {
    const message = create(UserCreatedSchema, ada);
    expect(wrap(UserCreatedSchema, message, { eventId: "e", timestamp: 1 })).toEqual(
      wrap(UserCreatedSchema, ada, { eventId: "e", timestamp: 1 }),
    );
  });

  it("passes the metadata through and sorts attributes by key", () => {
    const envelope = wrap(UserCreatedSchema, ada, {
      eventId: "evt-1",
      timestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
      aggregateId: "agg-1",
      traceId: "trace",
      correlationId: "corr",
      causationId: "cause",
      source: "svc",
      attributes: { zone: "z", alpha: "a" },
    });
    expect(envelope).toMatchObject({
      eventId: "evt-1",
      timestamp: BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
      aggregateId: "agg-1",
      traceId: "trace",
      correlationId: "corr",
      causationId: "cause",
      source: "svc",
    });
    expect(Object.keys(envelope.attributes)).toEqual(["alpha", "zone"]);
  });

  it("takes the aggregate id from the schema's partition key unless given", () => {
    const order = { orderId: "o-9", status: OrderStatus.PENDING };
    expect(wrap(OrderPlacedSchema, order).aggregateId).toBe("o-9");
    expect(wrap(OrderPlacedSchema, order, { aggregateId: "other" }).aggregateId).toBe("other");
  });

  it("accepts timestamps as number and bigint", () => {
    expect(wrap(UserCreatedSchema, ada, { timestamp: 42 }).timestamp).toBe(42n);
    expect(wrap(UserCreatedSchema, ada, { timestamp: -(2n ** 63n) }).timestamp).toBe(-(2n ** 63n));
  });

  it.each([
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["beyond int64", 2n ** 63n],
    ["an invalid Date", new Date("not a date")],
  ])("rejects a timestamp that is %s", (_what, timestamp) => {
    expect(() => wrap(UserCreatedSchema, ada, { timestamp })).toThrow(InvalidMetadataError);
  });

  it("rejects an empty event id", () => {
    expect(() => wrap(UserCreatedSchema, ada, { eventId: "" })).toThrowError(/INVALID_METADATA.*eventId/);
  });

  it("rejects a message that is not an event", () => {
    let thrown: unknown;
    try {
      wrap(MoneySchema, { currencyCode: "EUR" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NotAnEventError);
    expect((thrown as NotAnEventError).code).toBe(ErrorCode.NotAnEvent);
    expect((thrown as Error).message).toContain("order.v1.Money");
  });

  it("rejects an unsupported content type", () => {
    // A JavaScript caller can pass any string; the type allows only the two.
    const contentType = "text/plain" as ContentType;
    expect(() => wrap(UserCreatedSchema, ada, { contentType })).toThrow(UnsupportedContentTypeError);
  });
});

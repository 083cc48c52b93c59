import { describe, expectTypeOf, it } from "vitest";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import type { OrderPlaced } from "../gen/ts/order/v1/order_placed_pb.js";
import { events as userV1Events } from "../gen/ts/user/v1/index.js";
import type { UserCreated } from "../gen/ts/user/v1/user_created_pb.js";
import type { UserCreated as UserCreatedV2 } from "../gen/ts/user/v2/user_created_pb.js";
import { unwrap } from "./unwrap.js";

declare const envelope: Envelope;

describe("unwrap's result type", () => {
  it("narrows the payload by name and version", () => {
    const event = unwrap(envelope);
    if (event.name === "user.created" && event.version === "v1") {
      expectTypeOf(event.payload).toEqualTypeOf<UserCreated>();
    }
    if (event.name === "user.created" && event.version === "v2") {
      expectTypeOf(event.payload).toEqualTypeOf<UserCreatedV2>();
    }
    if (event.name === "order.placed") {
      expectTypeOf(event.payload).toEqualTypeOf<OrderPlaced>();
    }
  });

  it("knows exactly the registered names", () => {
    expectTypeOf(unwrap(envelope).name).toEqualTypeOf<
      "admin.account.created" | "order.placed" | "order.completed" | "user.created" | "user.email.changed"
    >();
  });

  it("keeps both versions apart until the version is checked", () => {
    const event = unwrap(envelope);
    if (event.name === "user.created") {
      expectTypeOf(event.payload).toEqualTypeOf<UserCreated | UserCreatedV2>();
    }
  });

  it("limits the result to a domain's events", () => {
    expectTypeOf(unwrap(envelope, userV1Events).name).toEqualTypeOf<"user.created" | "user.email.changed">();
  });
});

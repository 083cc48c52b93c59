import { describe, expectTypeOf, it } from "vitest";
import { events as fixtureV1Events } from "../../gen/fixtures/ts/fixture/v1/index.js";
import type { AccountOpened } from "../../gen/fixtures/ts/fixture/v1/account_opened_pb.js";
import { ParcelShippedSchema, type ParcelShipped } from "../../gen/fixtures/ts/fixture/v1/parcel_shipped_pb.js";
import { ScalarsRecordedSchema, type ScalarsRecorded } from "../../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import { ParcelShippedSchema as ParcelShippedV2Schema, type ParcelShipped as ParcelShippedV2 } from "../../gen/fixtures/ts/fixture/v2/parcel_shipped_pb.js";
import { events as fixtureEvents } from "../../gen/fixtures/ts/registry.js";
import { createEventRegistry } from "../event-registry.js";
import { createRouter } from "./create-router.js";
import type { HandlerContext } from "./handler-context.js";

describe("a router's handler types", () => {
  it("gives an event's handler exactly the schema's message", () => {
    createRouter()
      .on(ScalarsRecordedSchema, (event, context) => {
        expectTypeOf(event).toEqualTypeOf<ScalarsRecorded>();
        expectTypeOf(context).toEqualTypeOf<HandlerContext>();
      })
      .on(ParcelShippedSchema, async (event) => {
        expectTypeOf(event).toEqualTypeOf<ParcelShipped>();
        await Promise.resolve();
      })
      .on(ParcelShippedV2Schema, (event) => {
        expectTypeOf(event).toEqualTypeOf<ParcelShippedV2>();
      });
  });

  it("refuses a handler of another message", () => {
    // @ts-expect-error the handler of ScalarsRecorded cannot take a ParcelShipped
    createRouter().on(ScalarsRecordedSchema, (_event: ParcelShipped) => undefined);
  });

  it("refuses a handler that returns something else than nothing or a promise of it", () => {
    // @ts-expect-error a handler returns void or Promise<void>
    createRouter().on(ScalarsRecordedSchema, () => 42);
  });

  it("gives a domain's handler the unwrap union, narrowed by name and version", () => {
    createRouter().onEvents(fixtureEvents, (event) => {
      expectTypeOf(event.name).toEqualTypeOf<"fixture.account.opened" | "fixture.legacy.recorded" | "fixture.parcel.shipped" | "fixture.scalars.recorded">();
      if (event.name === "fixture.parcel.shipped" && event.version === "v2") expectTypeOf(event.payload).toEqualTypeOf<ParcelShippedV2>();
      if (event.name === "fixture.parcel.shipped") expectTypeOf(event.payload).toEqualTypeOf<ParcelShipped | ParcelShippedV2>();
    });
    createRouter().onEvents(fixtureV1Events, (event) => {
      expectTypeOf(event.version).toEqualTypeOf<"v1">();
      if (event.name === "fixture.account.opened") expectTypeOf(event.payload).toEqualTypeOf<AccountOpened>();
    });
    createRouter().onEvents(createEventRegistry(fixtureV1Events), (event) => {
      expectTypeOf(event.version).toEqualTypeOf<"v1">();
    });
  });
});

import type { MessageShape } from "@bufbuild/protobuf";
import { describe, expectTypeOf, it } from "vitest";
import { events as fixtureV1Events } from "../gen/fixtures/ts/fixture/v1/index.js";
import type { LegacyRecorded } from "../gen/fixtures/ts/fixture/v1/legacy_recorded_pb.js";
import { ParcelShippedSchema, type ParcelShipped } from "../gen/fixtures/ts/fixture/v1/parcel_shipped_pb.js";
import type { ScalarsRecorded } from "../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import type { ParcelShipped as ParcelShippedV2 } from "../gen/fixtures/ts/fixture/v2/parcel_shipped_pb.js";
import { events as fixtureEvents } from "../gen/fixtures/ts/registry.js";
import type { Envelope } from "../gen/ts/protoevents/v1/envelope_pb.js";
import { events } from "../gen/ts/registry.js";
import { createEventRegistry, type UnwrappedEvent } from "./event-registry.js";
import { unwrap } from "./unwrap.js";

declare const envelope: Envelope;

describe("unwrap's result type, on the fixture events", () => {
  it("narrows the payload by name and version", () => {
    const event = unwrap(envelope, fixtureEvents);
    if (event.name === "fixture.parcel.shipped" && event.version === "v1") {
      expectTypeOf(event.payload).toEqualTypeOf<ParcelShipped>();
    }
    if (event.name === "fixture.parcel.shipped" && event.version === "v2") {
      expectTypeOf(event.payload).toEqualTypeOf<ParcelShippedV2>();
    }
    if (event.name === "fixture.scalars.recorded") {
      expectTypeOf(event.payload).toEqualTypeOf<ScalarsRecorded>();
    }
  });

  it("knows exactly the registered names", () => {
    expectTypeOf(unwrap(envelope, fixtureEvents).name).toEqualTypeOf<
      "fixture.account.opened" | "fixture.legacy.recorded" | "fixture.parcel.shipped" | "fixture.scalars.recorded"
    >();
  });

  it("keeps both versions apart until the version is checked", () => {
    const event = unwrap(envelope, fixtureEvents);
    if (event.name === "fixture.parcel.shipped") {
      expectTypeOf(event.payload).toEqualTypeOf<ParcelShipped | ParcelShippedV2>();
    }
  });

  it("limits the result to a package's events", () => {
    const event = unwrap(envelope, fixtureV1Events);
    expectTypeOf(event.version).toEqualTypeOf<"v1">();
    if (event.name === "fixture.legacy.recorded") {
      expectTypeOf(event.payload).toEqualTypeOf<LegacyRecorded>();
    }
  });
});

describe("unwrap's result type with a registry or one schema", () => {
  it("is the union of the events of every source of a registry", () => {
    const v2 = fixtureEvents.filter((e) => e.version === "v2");
    const registry = createEventRegistry(fixtureV1Events, v2[0] as (typeof fixtureEvents)[4]);
    const event = unwrap(envelope, registry);
    expectTypeOf(event.name).toEqualTypeOf<
      "fixture.account.opened" | "fixture.legacy.recorded" | "fixture.parcel.shipped" | "fixture.scalars.recorded"
    >();
    if (event.name === "fixture.parcel.shipped" && event.version === "v2") {
      expectTypeOf(event.payload).toEqualTypeOf<ParcelShippedV2>();
    }
    expectTypeOf(unwrap(envelope, createEventRegistry(fixtureV1Events))).toEqualTypeOf(unwrap(envelope, fixtureV1Events));
  });

  it("is that schema's message for one schema", () => {
    expectTypeOf(unwrap(envelope, ParcelShippedSchema).payload).toEqualTypeOf<ParcelShipped>();
  });
});

describe("unwrap's result type, on the package's own events", () => {
  it("is the union over the generated registry, whatever it holds", () => {
    type Entry = (typeof events)[number];
    expectTypeOf(unwrap(envelope, events)).toEqualTypeOf<UnwrappedEvent<Entry>>();
    expectTypeOf(unwrap(envelope, events).name).toEqualTypeOf<Entry["name"]>();
    expectTypeOf(unwrap(envelope, events).payload).toEqualTypeOf<MessageShape<Entry["schema"]>>();
  });

  it("takes the events to accept: without them, the call does not compile", () => {
    // @ts-expect-error unwrap needs the events it accepts
    unwrap(envelope);
  });
});

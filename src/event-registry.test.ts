import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EnvelopeSchema } from "../gen/ts/protoevents/v1/envelope_pb.js";
import {
  AccountOpenedSchema,
  fixtureEvents,
  fixtureV1Events,
  ParcelShippedSchema,
  ParcelShippedV2Schema,
} from "../test/fixture-examples.js";
import { encodeEnvelope, decodeEnvelope } from "./envelope-codec.js";
import { UnknownEventError, UnsupportedVersionError } from "./errors.js";
import { createEventRegistry } from "./event-registry.js";
import { isEvent, unwrap } from "./unwrap.js";
import { wrap } from "./wrap.js";

const shipped = decodeEnvelope(encodeEnvelope(wrap(ParcelShippedSchema, { parcelId: "p-1" })));

describe("event registries are values", () => {
  it("the generated events and their entries are frozen: a push throws, nothing re-routes", () => {
    expect(Object.isFrozen(fixtureEvents)).toBe(true);
    expect(fixtureEvents.every((entry) => Object.isFrozen(entry))).toBe(true);
    expect(() => (fixtureEvents as unknown as unknown[]).push({ name: "fixture.parcel.shipped", version: "v1", schema: AccountOpenedSchema })).toThrow(TypeError);
    expect(unwrap(shipped, fixtureEvents).payload.$typeName).toBe("fixture.v1.ParcelShipped");
  });

  it("a registry is frozen and indexes its sources once, each entry once", () => {
    const registry = createEventRegistry(fixtureV1Events, fixtureEvents, fixtureV1Events[0] as (typeof fixtureV1Events)[0]);
    expect(Object.isFrozen(registry)).toBe(true);
    expect(Object.isFrozen(registry.entries)).toBe(true);
    expect(registry.entries).toHaveLength(fixtureEvents.length);
    expect(registry.get("fixture.parcel.shipped", "v2")?.schema).toBe(ParcelShippedV2Schema);
    expect(registry.versions("fixture.parcel.shipped")).toEqual(["v1", "v2"]);
    expect(registry.get("constructor", "v1")).toBeUndefined();
    expect(registry.versions("__proto__")).toEqual([]);
  });

  it("refuses two schemas for one name and version", () => {
    expect(() => createEventRegistry(fixtureV1Events, { name: "fixture.parcel.shipped", version: "v1", schema: AccountOpenedSchema })).toThrow(
      "event fixture.parcel.shipped v1 is given two schemas, fixture.v1.ParcelShipped and fixture.v1.AccountOpened",
    );
  });

  it("unwrap with a registry accepts exactly its events and lists them when refusing", () => {
    const registry = createEventRegistry(fixtureEvents.filter((e) => e.version === "v2"));
    expect(unwrap(decodeEnvelope(encodeEnvelope(wrap(ParcelShippedV2Schema, {}))), registry).version).toBe("v2");
    expect(() => unwrap(shipped, registry)).toThrow(UnsupportedVersionError);
    expect(() => unwrap(shipped, createEventRegistry())).toThrow(UnknownEventError);
  });

  it("unwrap and isEvent with one schema", () => {
    expect(isEvent(shipped, ParcelShippedSchema)).toBe(true);
    expect(isEvent(shipped, ParcelShippedV2Schema)).toBe(false);
    expect(isEvent(shipped, AccountOpenedSchema)).toBe(false);
    expect(unwrap(shipped, ParcelShippedSchema).payload.parcelId).toBe("p-1");
    expect(() => unwrap(shipped, ParcelShippedV2Schema)).toThrow(
      '[UNSUPPORTED_VERSION] event "fixture.parcel.shipped" has no version "v1" among the events this call accepts; accepted versions: v2',
    );
    expect(() => unwrap(shipped, AccountOpenedSchema)).toThrow("accepted names: fixture.account.opened");
    expect(() => unwrap(shipped, EnvelopeSchema)).toThrow("[NOT_AN_EVENT]");
  });

  it("a million unwraps with fresh arguments keep memory flat: nothing is cached by identity", () => {
    const envelope = create(EnvelopeSchema, { ...shipped, payload: new Uint8Array() });
    const heapAfter = (): number => {
      globalThis.gc?.();
      return process.memoryUsage().heapUsed;
    };
    const calls = 1_000_000;
    const run = (count: number): void => {
      for (let i = 0; i < count; i++) unwrap(envelope, [...fixtureV1Events]);
    };
    run(10_000);
    const before = heapAfter();
    run(calls);
    const growth = heapAfter() - before;
    // A cache that kept one index per fresh array (a Map of two Maps, about 600 bytes) would grow
    // by some 600 MB here; garbage not yet collected stays far below the bound.
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});

import { create, equals } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  AccountOpenedSchema,
  fixtureEvents,
  fixtureExamples,
  fixtureV1Events,
  ParcelShippedSchema,
  ParcelShippedV2Schema,
  ScalarsRecordedSchema,
} from "../../test/fixture-examples.js";
import { ContentType } from "../content-type.js";
import { ErrorCode, ProtoeventsError, UnknownEventError, UnsupportedVersionError } from "../errors.js";
import { wrap } from "../wrap.js";
import { createRouter } from "./create-router.js";
import type { HandlerContext } from "./handler-context.js";

describe("createRouter", () => {
  it("hands every fixture event to the handler of its schema, as that schema's message", async () => {
    const router = createRouter();
    const received: { typeName: string; payload: unknown; context: HandlerContext }[] = [];
    for (const { schema } of fixtureExamples) {
      router.on(schema, (payload, context) => {
        received.push({ typeName: schema.typeName, payload, context });
      });
    }
    for (const { schema, init } of fixtureExamples) {
      for (const contentType of [ContentType.Protobuf, ContentType.Json]) {
        const envelope = wrap(schema, init, { contentType });
        await router.dispatch(envelope);
        const last = received.at(-1);
        expect(last?.typeName).toBe(schema.typeName);
        expect(equals(schema, last?.payload as never, create(schema, init))).toBe(true);
        expect(last?.context).toEqual({ envelope, name: envelope.eventName, version: envelope.eventVersion, attempt: 1 });
      }
    }
    expect(received).toHaveLength(fixtureExamples.length * 2);
  });

  it("keeps two versions of one name apart", async () => {
    const seen: string[] = [];
    const router = createRouter()
      .on(ParcelShippedSchema, (parcel) => void seen.push(`v1 ${parcel.parcelId}`))
      .on(ParcelShippedV2Schema, (parcel) => void seen.push(`v2 ${parcel.trackingCode}`));
    await router.dispatch(wrap(ParcelShippedV2Schema, { parcelId: "p", trackingCode: "T-2" }));
    await router.dispatch(wrap(ParcelShippedSchema, { parcelId: "p-1" }));
    expect(seen).toEqual(["v2 T-2", "v1 p-1"]);
  });

  it("hands a domain's events to one handler as the unwrap result, and passes the attempt and source on", async () => {
    const seen: string[] = [];
    const router = createRouter().onEvents(fixtureV1Events, (event, context) => {
      seen.push(`${event.name} ${event.version} ${context.attempt} ${context.source?.topic ?? "-"}`);
      if (event.name === "fixture.scalars.recorded") expect(event.payload.id).toBe("s-9");
    });
    await router.dispatch(wrap(ScalarsRecordedSchema, { id: "s-9" }), { attempt: 2, source: { topic: "t", partition: 3, offset: "17" } });
    await router.dispatch(wrap(AccountOpenedSchema, { id: "a" }));
    expect(seen).toEqual(["fixture.scalars.recorded v1 2 t", "fixture.account.opened v1 1 -"]);
  });

  it("knows exactly the events it has handlers for", () => {
    const router = createRouter().onEvents(fixtureV1Events, () => undefined).on(ParcelShippedV2Schema, () => undefined);
    expect(router.events.entries.map((e) => `${e.name} ${e.version}`).sort()).toEqual(fixtureEvents.map((e) => `${e.name} ${e.version}`).sort());
    expect(createRouter().events.entries).toEqual([]);
  });

  it("refuses a second handler for one event, by schema or by domain, and keeps the first", async () => {
    const seen: string[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, () => void seen.push("first"));
    expect(() => router.on(ScalarsRecordedSchema, () => undefined)).toThrow(new TypeError("event fixture.scalars.recorded v1 has a handler already: a router runs one handler per event"));
    expect(() => router.onEvents(fixtureV1Events, () => undefined)).toThrow(TypeError);
    // The refused domain registered none of its events, not even those without a handler.
    expect(router.events.entries).toHaveLength(1);
    await router.dispatch(wrap(ScalarsRecordedSchema, { id: "s" }));
    expect(seen).toEqual(["first"]);
  });

  it("refuses an event it has no handler for, and a version it has no handler for", async () => {
    const router = createRouter().on(ParcelShippedSchema, () => undefined);
    await expect(router.dispatch(wrap(ScalarsRecordedSchema, { id: "s" }))).rejects.toBeInstanceOf(UnknownEventError);
    await expect(router.dispatch(wrap(ParcelShippedV2Schema, { parcelId: "p" }))).rejects.toBeInstanceOf(UnsupportedVersionError);
  });

  it("refuses a payload that does not decode, before running the handler", async () => {
    let runs = 0;
    const router = createRouter().on(ScalarsRecordedSchema, () => void runs++);
    const envelope = wrap(ScalarsRecordedSchema, { id: "s" });
    envelope.payload = new Uint8Array([0xff, 0xff, 0xff]);
    const error = await router.dispatch(envelope).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtoeventsError);
    expect((error as ProtoeventsError).code).toBe(ErrorCode.PayloadDecodeFailed);
    expect(() => router.route(wrap(ScalarsRecordedSchema, { id: "x".repeat(100) }, { contentType: ContentType.Json }), { limits: { maxBytes: 10 } })).toThrow(
      expect.objectContaining({ code: ErrorCode.LimitExceeded }),
    );
    expect(runs).toBe(0);
  });

  it("rejects with what the handler throws, synchronously or not", async () => {
    const router = createRouter()
      .on(ScalarsRecordedSchema, () => {
        throw new Error("sync failure");
      })
      .on(AccountOpenedSchema, async () => Promise.reject(new Error("async failure")));
    await expect(router.dispatch(wrap(ScalarsRecordedSchema, { id: "s" }))).rejects.toThrow("sync failure");
    await expect(router.dispatch(wrap(AccountOpenedSchema, { id: "a" }))).rejects.toThrow("async failure");
  });

  it("settles handle() once an asynchronous handler settled, and at once for a synchronous one", async () => {
    const finished: string[] = [];
    const router = createRouter()
      .on(ScalarsRecordedSchema, async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        finished.push(event.id);
      })
      .on(AccountOpenedSchema, (event) => void finished.push(event.id));
    await router.route(wrap(ScalarsRecordedSchema, { id: "s" })).handle();
    expect(finished).toEqual(["s"]);
    await router.route(wrap(AccountOpenedSchema, { id: "a" })).handle();
    expect(finished).toEqual(["s", "a"]);
  });

  it("routes once and runs the handler as often as asked, decoding once", async () => {
    const attempts: number[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, (_event, context) => void attempts.push(context.attempt));
    const routed = router.route(wrap(ScalarsRecordedSchema, { id: "s" }));
    expect([routed.name, routed.version]).toEqual(["fixture.scalars.recorded", "v1"]);
    await routed.handle();
    await routed.handle({ attempt: 2 });
    expect(attempts).toEqual([1, 2]);
  });
});

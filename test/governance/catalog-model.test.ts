import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { events as fixtureEvents } from "../../gen/fixtures/ts/registry.js";
import { events as packageEvents } from "../../gen/ts/registry.js";
import { buildCatalogModel, type CatalogEvent } from "../../scripts/catalog/catalog-model.js";
import { renderEventPage } from "../../scripts/catalog/render-event.js";
import { describeMaxAge, describeMaxBytes, maxAgeText } from "../../scripts/catalog/describe-limits.js";
import { describeChange } from "../../scripts/catalog/version-diff.js";
import { buildImage } from "../../scripts/schema/buf-image.js";
import { imageEvents } from "../../scripts/schema/image-events.js";
import { envelopeFromJson, unwrap, type EventEntry } from "../../src/index.js";
import { createFixtureWorkspace, createWorkspace, repoRoot } from "./workspace.js";

function find(events: readonly CatalogEvent[], name: string, version: string): CatalogEvent {
  const event = events.find((e) => e.name === name && e.version === version);
  if (event === undefined) throw new Error(`no event ${name} ${version} in the catalog`);
  return event;
}

/**
 * Checks that each event's example envelope unwraps, with `registry`, into its
 * example payload under its name and version.
 */
function expectEnvelopesUnwrap(events: readonly CatalogEvent[], registry: readonly EventEntry[]): void {
  for (const event of events) {
    const envelope = envelopeFromJson(event.envelope ?? null);
    const unwrapped = unwrap(envelope, registry);
    expect([unwrapped.name, unwrapped.version]).toEqual([event.name, event.version]);
    expect(toJson(event.schema.message, unwrapped.payload)).toEqual(event.payload);
  }
}

/** Checks that each event's TypeScript import line names an export of its generated entry point under `genDir`. */
async function expectImportsExist(events: readonly CatalogEvent[], genDir: string): Promise<void> {
  for (const event of events) {
    const [, name, subpath] = /^import \{ (\w+)Schema, type \w+ \} from "(?:[^"]+\/)?(\w+\/\w+)";$/.exec(event.imports.typescript) ?? [];
    expect(subpath, event.imports.typescript).toBe(`${event.domain}/${event.version}`);
    const entry = (await import(join(genDir, `${subpath}`, "index.ts"))) as Record<string, unknown>;
    expect(entry[`${name}Schema`], event.imports.typescript).toBeDefined();
    expect(event.imports.python).toMatch(new RegExp(`^from \\w+\\.${event.domain}\\.${event.version} import ${name}$`));
  }
}

describe("catalog model of the repository's proto/, whatever events it holds", () => {
  const image = buildImage(".", repoRoot);
  const model = buildCatalogModel(imageEvents(image));

  it("has an entry for every named event of the image at every version, and the envelope", () => {
    const inImage = imageEvents(image).events.filter((e) => e.name !== "").map((e) => `${e.name} ${e.version}`);
    expect(inImage.length).toBeGreaterThan(0);
    expect(model.events.map((e) => `${e.name} ${e.version}`).sort()).toEqual(inImage.sort());
    expect(model.envelope?.typeName).toBe("protoevents.v1.Envelope");
  });

  it("gives example envelopes that the runtime unwraps into the example payload", () => {
    expectEnvelopesUnwrap(model.events, packageEvents);
  });

  it("gives import lines that name exports of the generated entry points", async () => {
    await expectImportsExist(model.events, join(repoRoot, "gen", "ts"));
  });
});

describe("catalog model of the fixture module (testdata/fixtures)", () => {
  function model(): readonly CatalogEvent[] {
    return buildCatalogModel(imageEvents(buildImage(".", createFixtureWorkspace()))).events;
  }

  it("lists every event at every version, by name then version", () => {
    const source = imageEvents(buildImage(".", createFixtureWorkspace()));
    const listed = buildCatalogModel(source).events.map((e) => `${e.name} ${e.version}`);
    const inImage = source.events.map((e) => `${e.name} ${e.version}`);
    expect(listed).toHaveLength(inImage.length);
    expect([...listed].sort()).toEqual([...inImage].sort());
    const ordered = ["fixture.legacy.recorded v1", "fixture.parcel.shipped v1", "fixture.parcel.shipped v2", "fixture.scalars.recorded v1"];
    expect(listed.filter((e) => ordered.includes(e))).toEqual(ordered);
  });

  it("gives example envelopes that the runtime unwraps into the example payload, and import lines of generated exports", async () => {
    const events = model();
    expectEnvelopesUnwrap(events, fixtureEvents);
    await expectImportsExist(events, join(repoRoot, "gen", "fixtures", "ts"));
  });

  it("uses the partition key as the aggregate id, and lists the types an event refers to, from other files too", () => {
    const events = model();
    const parcel = find(events, "fixture.parcel.shipped", "v1");
    expect(parcel.envelope?.["aggregateId"]).toBe(parcel.payload["parcelId"]);
    const scalars = find(events, "fixture.scalars.recorded", "v1");
    expect(scalars.envelope?.["aggregateId"]).toBe(scalars.payload["id"]);
    expect(parcel.types.map((t) => t.typeName)).toEqual(["fixture.v1.Address", "fixture.v1.ParcelShipped.Item", "fixture.v1.Priority"]);
    expect(find(events, "fixture.legacy.recorded", "v1").types).toEqual([]);
  });

  it("describes what changed from v1 to v2", () => {
    const v2 = find(model(), "fixture.parcel.shipped", "v2");
    expect(v2.previous?.version).toBe("v1");
    expect(v2.previous?.changes.map(describeChange)).toEqual([
      "removed destination = 2 (Address), number 2 reserved",
      "removed items = 3 (repeated ParcelShipped.Item), number 3 reserved",
      "removed tags = 5 (map<string, string>), number 5 reserved",
      "removed stops = 6 (map<string, Address>), number 6 reserved",
      "removed priority = 7 (Priority), number 7 reserved",
      "removed courier = 8 (string), number 8 reserved",
      "removed postal_service = 9 (string), number 9 reserved",
      "removed note = 10 (string), number 10 reserved",
      "removed weights_grams = 11 (repeated int64), number 11 reserved",
      "added tracking_code = 12 (string)",
    ]);
    expect(v2.versions.map((v) => v.page)).toEqual(["events/fixture.parcel.shipped/v1.html", "events/fixture.parcel.shipped/v2.html"]);
  });

  it("shows each event's limits on its page: both, one, or none", () => {
    const events = model();
    const page = (name: string, version: string): string => renderEventPage(find(events, name, version), { moduleDir: "proto", hasEnvelope: true });
    expect(find(events, "fixture.parcel.shipped", "v1").schema.limits).toEqual({ maxAge: { seconds: 604_800n, nanos: 0 }, maxBytes: 65_536 });
    expect(page("fixture.parcel.shipped", "v1")).toContain(
      '<dt>Limits</dt><dd class="limits">kept for 7 days (<code>max_age: { seconds: 604800 }</code>); at most 64 KiB a message (<code>max_bytes: 65536</code>)</dd>',
    );
    expect(page("fixture.parcel.shipped", "v2")).toContain('<dt>Limits</dt><dd class="limits">at most 1 MiB a message (<code>max_bytes: 1048576</code>)</dd>');
    expect(page("fixture.legacy.recorded", "v1")).toContain('<dt>Limits</dt><dd class="limits">none</dd>');
  });

  it("shows a deprecated event as deprecated on its page", () => {
    const events = model();
    const legacy = renderEventPage(find(events, "fixture.legacy.recorded", "v1"), { moduleDir: "proto", hasEnvelope: true });
    expect(legacy).toContain('<p class="banner deprecated" id="deprecation"><strong>Deprecated.</strong>');
    const parcel = renderEventPage(find(events, "fixture.parcel.shipped", "v2"), { moduleDir: "proto", hasEnvelope: true });
    expect(parcel).not.toContain('id="deprecation"');
    expect(parcel).toContain(
      `Reserved, never to be reused: 2, 3, 5 to 11, ${["destination", "items", "tags", "stops", "priority", "courier", "postal_service", "note", "weights_grams"].map((n) => `&#34;${n}&#34;`).join(", ")}.`,
    );
  });
});

describe("catalog model of inline protos", () => {
  const v1 = `syntax = "proto3";
package shop.v1;
import "protoevents/v1/options.proto";
import "google/protobuf/timestamp.proto";
// A cart was checked out.
message CartCheckedOut {
  option (protoevents.v1.event) = { name: "shop.cart.checked_out" description: "Checkout finished." };
  // Cart id.
  string cart_id = 1;
  // Old coupon field.
  string coupon = 2 [deprecated = true];
  // Labels.
  map<string, int32> labels = 3;
  int64 total_minor = 4;
  google.protobuf.Timestamp at = 5;
  oneof payment {
    string card_token = 6;
    string invoice_id = 7;
  }
  Line line = 8;
  // One line.
  message Line { string sku = 1; Kind kind = 2; }
  enum Kind { KIND_UNSPECIFIED = 0; KIND_GOOD = 1; }
}
`;
  const v2 = `syntax = "proto3";
package shop.v2;
import "protoevents/v1/options.proto";
// A cart was checked out. Old carts use v1.
message CartCheckedOut {
  option deprecated = true;
  option (protoevents.v1.event) = { name: "shop.cart.checked_out" };
  string cart_id = 1;
  reserved 2;
  reserved "coupon";
  map<string, int32> labels = 3;
  string total_minor = 4;
  int64 checked_out_at = 9;
  string note = 10 [deprecated = true];
}
`;

  function model(): readonly CatalogEvent[] {
    const dir = createWorkspace({ "proto/shop/v1/cart.proto": v1, "proto/shop/v2/cart.proto": v2 });
    copyFileSync(join(repoRoot, "proto", "protoevents", "v1", "envelope.proto"), join(dir, "proto", "protoevents", "v1", "envelope.proto"));
    return buildCatalogModel(imageEvents(buildImage(".", dir))).events;
  }

  it("fills an example of every field kind, valid for the schema", () => {
    const first = find(model(), "shop.cart.checked_out", "v1");
    expect(first.payload).toEqual({
      cartId: "019b7761-e000-7a3c-9f1e-a8de4d2d0001",
      coupon: "example coupon",
      labels: { key: 7 },
      totalMinor: "1999",
      at: "2026-01-01T00:00:00Z",
      cardToken: "example card token",
      line: { sku: "SKU-1042", kind: "KIND_GOOD" },
    });
    expect(first.summary).toBe("Checkout finished.");
    expect(first.types.map((t) => t.typeName)).toEqual(["shop.v1.CartCheckedOut.Line", "shop.v1.CartCheckedOut.Kind"]);
  });

  it("describes what changed from the previous version", () => {
    const second = find(model(), "shop.cart.checked_out", "v2");
    expect(second.previous?.version).toBe("v1");
    expect(second.previous?.changes.map(describeChange)).toEqual([
      "removed coupon = 2 (string), number 2 reserved",
      "changed the type of total_minor = 4: int64 → string",
      "removed at = 5 (google.protobuf.Timestamp)",
      "removed card_token = 6 (string)",
      "removed invoice_id = 7 (string)",
      "removed line = 8 (CartCheckedOut.Line)",
      "added checked_out_at = 9 (int64)",
      "added note = 10 (string)",
    ]);
    expect(second.versions.map((v) => v.page)).toEqual(["events/shop.cart.checked_out/v1.html", "events/shop.cart.checked_out/v2.html"]);
  });

  it("shows deprecations on the event page", () => {
    const events = model();
    const page = renderEventPage(find(events, "shop.cart.checked_out", "v2"), { moduleDir: "proto", hasEnvelope: true });
    expect(page).toContain('<p class="banner deprecated" id="deprecation"><strong>Deprecated.</strong>');
    expect(page).toContain("Deprecated fields: <code>note</code>.");
    expect(page).toContain("Reserved, never to be reused: 2, &#34;coupon&#34;.");
    const first = renderEventPage(find(events, "shop.cart.checked_out", "v1"), { moduleDir: "proto", hasEnvelope: true });
    expect(first).not.toContain('id="deprecation"');
    expect(first).toContain("<code>coupon</code> <span class=\"badge deprecated\">deprecated</span>");
    expect(first).toContain("import { CartCheckedOutSchema, type CartCheckedOut } from &#34;protoevents/shop/v1&#34;;");
  });
});

describe("limits as the catalog describes them", () => {
  it("gives max_age in the largest unit that divides it, and as the .proto writes it", () => {
    expect(describeMaxAge({ seconds: 604_800n, nanos: 0 })).toBe("7 days");
    expect(describeMaxAge({ seconds: 86_400n, nanos: 0 })).toBe("1 day");
    expect(describeMaxAge({ seconds: 5_400n, nanos: 0 })).toBe("90 minutes");
    expect(describeMaxAge({ seconds: 7_200n, nanos: 0 })).toBe("2 hours");
    expect(describeMaxAge({ seconds: 61n, nanos: 0 })).toBe("61 seconds");
    expect(describeMaxAge({ seconds: 0n, nanos: 5 })).toBe("0 s 5 ns");
    expect(maxAgeText({ seconds: 60n, nanos: 0 })).toBe("max_age: { seconds: 60 }");
    expect(maxAgeText({ seconds: 1n, nanos: 5 })).toBe("max_age: { seconds: 1 nanos: 5 }");
  });

  it("gives max_bytes in MiB or KiB when whole", () => {
    expect(describeMaxBytes(16 * 1024 * 1024)).toBe("16 MiB");
    expect(describeMaxBytes(2048)).toBe("2 KiB");
    expect(describeMaxBytes(1536)).toBe("1536 bytes");
    expect(describeMaxBytes(1)).toBe("1 byte");
  });
});

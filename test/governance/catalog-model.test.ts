import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { buildCatalogModel, type CatalogEvent } from "../../scripts/catalog/catalog-model.js";
import { renderEventPage } from "../../scripts/catalog/render-event.js";
import { describeChange } from "../../scripts/catalog/version-diff.js";
import { buildImage } from "../../scripts/lib/buf-image.js";
import { imageEvents } from "../../scripts/lib/image-events.js";
import { envelopeFromJson, unwrap } from "../../src/index.js";
import { createWorkspace, repoRoot } from "./workspace.js";

const repoModel = buildCatalogModel(imageEvents(buildImage(".", repoRoot)));

function find(events: readonly CatalogEvent[], name: string, version: string): CatalogEvent {
  const event = events.find((e) => e.name === name && e.version === version);
  if (event === undefined) throw new Error(`no event ${name} ${version} in the catalog`);
  return event;
}

describe("catalog model of the repository", () => {
  it("lists every event at every version", () => {
    expect(repoModel.events.map((e) => `${e.name} ${e.version}`)).toEqual([
      "admin.account.created v1",
      "order.completed v1",
      "order.placed v1",
      "user.created v1",
      "user.created v2",
      "user.email.changed v1",
    ]);
    expect(repoModel.envelope?.typeName).toBe("protoevents.v1.Envelope");
  });

  it("gives example envelopes that the runtime unwraps into the example payload", () => {
    for (const event of repoModel.events) {
      const unwrapped = unwrap(envelopeFromJson(event.envelope ?? null));
      expect([unwrapped.name, unwrapped.version]).toEqual([event.name, event.version]);
      expect(toJson(event.schema.message, unwrapped.payload)).toEqual(event.payload);
    }
  });

  it("gives import lines that name exports of the generated entry points", async () => {
    for (const event of repoModel.events) {
      const [, name, subpath] = /^import \{ (\w+)Schema, type \w+ \} from "protoevents\/(\w+\/\w+)";$/.exec(event.imports.typescript) ?? [];
      const entry = (await import(join(repoRoot, "gen", "ts", `${subpath}`, "index.ts"))) as Record<string, unknown>;
      expect(entry[`${name}Schema`]).toBeDefined();
      expect(event.imports.python).toBe(`from protoevents.${subpath?.replace("/", ".")} import ${name}`);
    }
  });

  it("uses the partition key as the aggregate id and describes the v1 to v2 change", () => {
    const placed = find(repoModel.events, "order.placed", "v1");
    expect(placed.envelope?.["aggregateId"]).toBe(placed.payload["orderId"]);
    expect(placed.types.map((t) => t.typeName)).toEqual(["order.v1.LineItem", "order.v1.Money", "order.v1.OrderStatus"]);
    const v2 = find(repoModel.events, "user.created", "v2");
    expect(v2.previous?.changes.map(describeChange)).toEqual([
      "removed name = 2 (string), number 2 reserved",
      "added given_name = 5 (string)",
      "added family_name = 6 (string)",
    ]);
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

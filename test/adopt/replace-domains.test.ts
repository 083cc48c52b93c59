// An organisation adopts the repository: it adds its own domain by the README's "Adding an
// event", deletes a version folder, or keeps a single event, and runs the README's two commands
// with no other edit. Each case is a copy of the repository (test/adopt/repository-copy.ts) that
// builds and passes `npm test -- --quick` (everything but these whole-repository tests).
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { examplesMismatch, examplesNotice } from "../../scripts/build/example-events.js";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { events } from "../../gen/ts/registry.js";
import { copyRepository, git, npm, removeCopy, repoRoot } from "./repository-copy.js";

const copies: string[] = [];

/** The package the first case deletes: the first of proto/, whatever it holds (order.v1 among the examples' is not special). */
const removedPackage = [...new Set(events.map((e) => e.schema.file.proto.package))].sort()[0] ?? "";
const removedFolder = removedPackage.replaceAll(".", "/");
const removedEvents = events.filter((e) => e.schema.file.proto.package === removedPackage);
afterAll(() => copies.forEach(removeCopy));

/** The proto the README's "Adding an event" shows, taken from the README itself. */
function readmeEventProto(): string {
  const section = /## Adding an event\n([\s\S]*?)\n## /.exec(readFileSync(join(repoRoot, "README.md"), "utf8"))?.[1] ?? "";
  const proto = /```proto\n([\s\S]*?)```/.exec(section)?.[1];
  if (proto === undefined) throw new Error("README.md's \"Adding an event\" shows no proto block");
  return proto.replace(/^ {3}/gm, "");
}

/** A second event of the new domain: an enum, a repeated field, a nested message and a map. */
const invoicePaid = `syntax = "proto3";

package billing.v1;

import "protoevents/v1/options.proto";

// How an invoice was paid.
enum PaymentMethod {
  // Not known.
  PAYMENT_METHOD_UNSPECIFIED = 0;
  // By card.
  PAYMENT_METHOD_CARD = 1;
  // By bank transfer.
  PAYMENT_METHOD_TRANSFER = 2;
}

// An invoice was paid in full.
message InvoicePaid {
  option (protoevents.v1.event) = {
    name: "billing.invoice.paid"
    owner: "billing-team"
    partition_key: "invoice_id"
  };

  // One payment towards the invoice.
  message Payment {
    // The amount in minor units.
    int64 amount_minor = 1;
    // How it was paid.
    PaymentMethod method = 2;
  }

  // The invoice's id.
  string invoice_id = 1;
  // The payments, oldest first.
  repeated Payment payments = 2;
  // Free-form references from the payment provider.
  map<string, string> references = 3;
  // When the last payment arrived, epoch milliseconds.
  int64 paid_at = 4;
}
`;

function write(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Builds and tests a copy with the README's commands, expecting both to pass. */
async function buildAndTest(dir: string, label: string): Promise<string> {
  const build = await npm(dir, `${label} build`, ["run", "build"]);
  expect(build.status, build.output.slice(-4000)).toBe(0);
  const test = await npm(dir, `${label} test`, ["test", "--", "--quick"]);
  expect(test.status, test.output.slice(-4000)).toBe(0);
  return build.output + test.output;
}

function exportsOf(dir: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { exports: object }).exports);
}

describe("adopting the repository: proto/ changes, nothing else", () => {
  it("adds a domain of two events by the README, deletes a version folder of proto/, and builds and passes the tests", async () => {
    const dir = copyRepository("adopt-domain");
    copies.push(dir);
    write(dir, "proto/billing/v1/invoice_issued.proto", readmeEventProto());
    write(dir, "proto/billing/v1/invoice_paid.proto", invoicePaid);
    rmSync(join(dir, "proto", removedFolder), { recursive: true });
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", `billing events; ${removedFolder} removed before its first release`);

    await buildAndTest(dir, "domain");
    expect(exportsOf(dir)).toContain("./billing/v1");
    expect(exportsOf(dir)).not.toContain(`./${removedFolder}`);
    expect(existsSync(join(dir, "dist", "billing", "v1", "index.d.ts"))).toBe(true);
    expect(existsSync(join(dir, "dist", removedFolder))).toBe(false);
    const pages = readdirSync(join(dir, "dist-catalog"), { recursive: true, encoding: "utf8" });
    expect(pages).toContain(join("events", "billing.invoice.paid", "v1.html"));
    expect(removedEvents.length).toBeGreaterThan(0);
    for (const event of removedEvents) expect(pages).not.toContain(join("events", event.name, `${event.version}.html`));
    const wheel = readdirSync(join(dir, "python", "dist")).find((f) => f.endsWith(".whl"));
    expect(wheel).toBeDefined();
  }, 1_800_000);

  it("holds a single event, and builds and passes the tests, saying the README examples are not run", async () => {
    const dir = copyRepository("adopt-single");
    copies.push(dir);
    for (const domain of readdirSync(join(dir, "proto"))) {
      if (domain !== "protoevents") rmSync(join(dir, "proto", domain), { recursive: true });
    }
    write(
      dir,
      "proto/shipping/v1/parcel_sent.proto",
      `syntax = "proto3";

package shipping.v1;

import "protoevents/v1/options.proto";

// A parcel was handed to the carrier.
message ParcelSent {
  option (protoevents.v1.event) = {
    name: "shipping.parcel.sent"
    partition_key: "parcel_id"
  };

  // The parcel's id.
  string parcel_id = 1;
}
`,
    );
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "one event only");

    const output = await buildAndTest(dir, "single");
    expect(exportsOf(dir)).toEqual([".", "./cloudevents", "./kafka", "./nats", "./registry", "./router", "./shipping/v1", "./package.json"]);
    const mismatch = examplesMismatch(dir, loadPackageNames(dir), [{ name: "shipping.parcel.sent", version: "v1" }]);
    expect(mismatch.length).toBeGreaterThan(0);
    expect(output).toContain(examplesNotice(mismatch));
  }, 1_800_000);
});

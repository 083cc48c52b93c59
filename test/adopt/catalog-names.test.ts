// The event catalog under an organisation's names, on a fixture module of its own.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeCatalog } from "../../scripts/catalog/build-catalog.js";

const root = join(import.meta.dirname, "..", "..");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const invoice = `syntax = "proto3";

package billing.v1;

import "protoevents/v1/options.proto";

// An invoice was issued.
message InvoiceIssued {
  option (protoevents.v1.event) = { name: "billing.invoice.issued" };

  // A line of the invoice.
  message Line {
    // The product.
    string sku = 1;
  }

  // The invoice's id.
  string invoice_id = 1;
  // The lines.
  repeated Line lines = 2;
}
`;

/** A buf workspace with the framework protos, the fixture, and protoevents.names.yaml when given. */
function workspace(names?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "protoevents-catalog-names-"));
  dirs.push(dir);
  copyFileSync(join(root, "buf.yaml"), join(dir, "buf.yaml"));
  mkdirSync(join(dir, "proto", "protoevents", "v1"), { recursive: true });
  mkdirSync(join(dir, "proto", "billing", "v1"), { recursive: true });
  for (const file of ["options.proto", "envelope.proto"]) {
    copyFileSync(join(root, "proto", "protoevents", "v1", file), join(dir, "proto", "protoevents", "v1", file));
  }
  writeFileSync(join(dir, "proto", "billing", "v1", "invoice_issued.proto"), invoice);
  if (names !== undefined) writeFileSync(join(dir, "protoevents.names.yaml"), names);
  return dir;
}

function pages(dir: string): { index: string; envelope: string; event: string } {
  const out = join(dir, "dist-catalog");
  writeCatalog(dir, out);
  const read = (page: string): string => readFileSync(join(out, page), "utf8");
  return { index: read("index.html"), envelope: read("envelope.html"), event: read("events/billing.invoice.issued/v1.html") };
}

describe("the event catalog's names", () => {
  it("takes its title, packages and import lines from protoevents.names.yaml", () => {
    const names = 'version: v1\nnpm: "@acme/events"\npython:\n  distribution: acme-events\n  import: acme_events\ncatalog:\n  title: Acme Corp events\nproject:\n  repository: https://git.acme.example/events\n  author: Acme Corp\n  keywords: [events]\n  status: beta\n';
    const { index, envelope, event } = pages(workspace(names));
    expect(index).toContain("<title>Events · Acme Corp events</title>");
    expect(envelope).toContain("<title>Envelope · Acme Corp events</title>");
    expect(event).toContain("<title>billing.invoice.issued v1 · Acme Corp events</title>");
    for (const page of [index, envelope, event]) expect(page).toMatch(/class="brand" href="[./]*index\.html">Acme Corp events<\/a>/);
    expect(event).toContain("TypeScript, from the npm package <code>@acme/events</code>");
    expect(event).toContain("Python, from the PyPI package <code>acme-events</code>");
    expect(event).toContain("import { InvoiceIssuedSchema, type InvoiceIssued } from &#34;@acme/events/billing/v1&#34;;");
    expect(event).toContain("from acme_events.billing.v1 import InvoiceIssued");
    expect(event).not.toMatch(/&#34;protoevents[/&]|from protoevents\.|package <code>protoevents</);
  });

  it("uses the framework's own names in a workspace without protoevents.names.yaml", () => {
    const { index, event } = pages(workspace());
    expect(index).toContain("<title>Events · protoevents event catalog</title>");
    expect(event).toContain("from &#34;protoevents/billing/v1&#34;;");
    expect(event).toContain("from protoevents.billing.v1 import InvoiceIssued");
  });
});

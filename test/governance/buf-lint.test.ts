// buf lint in the lint steps, and the event lint run alone: a proto that uses
// (protoevents.v1.event) without importing options.proto gets buf's position and the
// import to add.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBufLint } from "../../scripts/lint/buf-lint.js";
import { optionsImportHints } from "../../scripts/lint/options-import-hint.js";
import { createWorkspace, eventProto, repoRoot } from "./workspace.js";

const withoutImport = eventProto("billing.v1", "InvoicePaid", "billing.invoice.paid").replace('import "protoevents/v1/options.proto";\n', "");
const missingImportHint =
  "proto/billing/v1/invoice_paid.proto:4:11: protoevents.v1.event is declared in protoevents/v1/options.proto, which the file does not import\n" +
  '    fix: add `import "protoevents/v1/options.proto";` below the package line of proto/billing/v1/invoice_paid.proto';

describe("buf lint", () => {
  it("names the missing options import at the position buf gave", () => {
    const dir = createWorkspace({
      "proto/billing/v1/invoice_paid.proto": withoutImport,
      "proto/billing/v1/invoice_sent.proto": eventProto("billing.v1", "InvoiceSent", "billing.invoice.sent"),
    });
    const result = runBufLint(dir);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("proto/billing/v1/invoice_paid.proto:4:11:cannot find `protoevents.v1.event` in this scope");
    expect(result.hints).toEqual([missingImportHint]);
  });

  it("passes a module that imports the options, with no hint", () => {
    const result = runBufLint(createWorkspace({ "proto/billing/v1/invoice_paid.proto": eventProto("billing.v1", "InvoicePaid", "billing.invoice.paid") }));
    expect(result).toEqual({ status: 0, output: "", hints: [] });
  });

  it("gives no hint for buf's other errors", () => {
    const dir = createWorkspace({ "proto/billing/v1/invoice_paid.proto": eventProto("billing.v1", "invoice_paid", "billing.invoice.paid") });
    const result = runBufLint(dir);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Message name "invoice_paid" should be PascalCase');
    expect(result.hints).toEqual([]);
  });

  it("reads the fully qualified spelling and other names of the options file", () => {
    expect(optionsImportHints("a/b.proto:3:5:cannot find `.protoevents.v1.EventOptions` in this scope\n").map((h) => h.split("\n")[0])).toEqual([
      "a/b.proto:3:5: protoevents.v1.EventOptions is declared in protoevents/v1/options.proto, which the file does not import",
    ]);
  });
});

describe("scripts/lint/event-lint.ts on a module buf cannot build", () => {
  it("prints buf's error and the import to add, and exits 1", () => {
    const dir = createWorkspace({ "proto/billing/v1/invoice_paid.proto": withoutImport });
    const run = spawnSync(join(repoRoot, "node_modules", ".bin", "tsx"), [join(repoRoot, "scripts", "lint", "event-lint.ts"), dir], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("proto/billing/v1/invoice_paid.proto:4:11:cannot find `protoevents.v1.event` in this scope");
    expect(run.stderr).toContain(missingImportHint);
    expect(run.stderr).toContain("✘ event lint: buf cannot build the module (its errors above)");
  });
});

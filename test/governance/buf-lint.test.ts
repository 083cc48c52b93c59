// buf lint in the lint steps: a proto that uses (protoevents.v1.event) without importing
// options.proto gets buf's position and the import to add.
import { describe, expect, it } from "vitest";
import { runBufLint } from "../../scripts/lib/buf-lint.js";
import { optionsImportHints } from "../../scripts/lib/options-import-hint.js";
import { createWorkspace, eventProto } from "./workspace.js";

describe("buf lint", () => {
  it("names the missing options import at the position buf gave", () => {
    const withoutImport = eventProto("billing.v1", "InvoicePaid", "billing.invoice.paid").replace('import "protoevents/v1/options.proto";\n', "");
    const dir = createWorkspace({
      "proto/billing/v1/invoice_paid.proto": withoutImport,
      "proto/billing/v1/invoice_sent.proto": eventProto("billing.v1", "InvoiceSent", "billing.invoice.sent"),
    });
    const result = runBufLint(dir);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("proto/billing/v1/invoice_paid.proto:4:11:cannot find `protoevents.v1.event` in this scope");
    expect(result.hints).toEqual([
      "proto/billing/v1/invoice_paid.proto:4:11: protoevents.v1.event is declared in protoevents/v1/options.proto, which the file does not import\n" +
        '    fix: add `import "protoevents/v1/options.proto";` below the package line of proto/billing/v1/invoice_paid.proto',
    ]);
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

// Rule event-partition-key: a partition_key that names no string field fails the event
// lint at the partition_key line, with a did-you-mean, before generation would refuse it.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasErrors, runEventLint } from "../../scripts/lint/event-lint-run.js";
import { formatFinding } from "../../scripts/lint/lint-finding.js";
import { createWorkspace, repoRoot } from "./workspace.js";

/**
 * An event of package billing.v1 with a partition key, on fixed lines: the
 * partition_key on line 7 (col 5), `body` from line 9.
 */
function keyedEvent(message: string, name: string, key: string, body: string): string {
  return [
    'syntax = "proto3";',
    "package billing.v1;",
    'import "protoevents/v1/options.proto";',
    `message ${message} {`,
    "  option (protoevents.v1.event) = {",
    `    name: "${name}"`,
    `    partition_key: "${key}"`,
    "  };",
    ...body.split("\n").map((line) => `  ${line}`),
    "}",
    "",
  ].join("\n");
}

/** The lint's report of a workspace, each finding as printed. */
function report(files: Record<string, string>): string[] {
  const result = runEventLint(createWorkspace(files));
  return result.findings.map((f) => formatFinding(f, result.moduleDir));
}

describe("event-partition-key", () => {
  it("reports a camelCase key at its line and suggests the snake_case field", () => {
    const files = { "proto/billing/v1/invoice_paid.proto": keyedEvent("InvoicePaid", "billing.invoice.paid", "invoiceId", "string invoice_id = 1;\nstring customer_id = 2;") };
    expect(report(files)).toEqual([
      'proto/billing/v1/invoice_paid.proto:7:5: error [event-partition-key] partition_key "invoiceId" of billing.v1.InvoicePaid names no field of the message\n' +
        '    fix: did you mean "invoice_id"? partition_key takes the field\'s name as the .proto declares it, in snake_case, not its JSON name "invoiceId"',
    ]);
    expect(hasErrors(runEventLint(createWorkspace(files)))).toBe(true);
  });

  it("reports a key naming a field that is not a singular string, for every other kind of field", () => {
    const other = 'syntax = "proto3";\npackage billing.v1;\nmessage Money { int64 minor = 1; }\nenum Status { STATUS_UNSPECIFIED = 0; }\n';
    const withOther = (text: string): string => text.replace('import "protoevents', 'import "billing/v1/money.proto";\nimport "protoevents');
    const body = "string invoice_id = 1;\nint64 amount = 2;\nMoney total = 3;\nStatus status = 4;\nrepeated string invoice_ids = 5;\nmap<string, string> labels = 6;";
    const lines = report({
      "proto/billing/v1/money.proto": other,
      "proto/billing/v1/a.proto": withOther(keyedEvent("A", "billing.a.paid", "amount", body)),
      "proto/billing/v1/b.proto": withOther(keyedEvent("B", "billing.b.paid", "total", body)),
      "proto/billing/v1/c.proto": withOther(keyedEvent("C", "billing.c.paid", "status", body)),
      "proto/billing/v1/d.proto": withOther(keyedEvent("D", "billing.d.paid", "invoice_ids", body)),
      "proto/billing/v1/e.proto": withOther(keyedEvent("E", "billing.e.paid", "labels", body)),
    });
    expect(lines.map((l) => l.split("\n")[0])).toEqual([
      'proto/billing/v1/a.proto:8:5: error [event-partition-key] partition_key "amount" of billing.v1.A names a field of type int64: the partition key is a string field',
      'proto/billing/v1/b.proto:8:5: error [event-partition-key] partition_key "total" of billing.v1.B names a field of message type billing.v1.Money: the partition key is a string field',
      'proto/billing/v1/c.proto:8:5: error [event-partition-key] partition_key "status" of billing.v1.C names a field of enum type billing.v1.Status: the partition key is a string field',
      'proto/billing/v1/d.proto:8:5: error [event-partition-key] partition_key "invoice_ids" of billing.v1.D names a repeated field: the partition key is a string field',
      'proto/billing/v1/e.proto:8:5: error [event-partition-key] partition_key "labels" of billing.v1.E names a map field: the partition key is a string field',
    ]);
    expect(lines[3]?.split("\n")[1]).toBe('    fix: did you mean "invoice_id"? partition_key names the string field of D that holds the aggregate id');
  });

  it("suggests the closest string field by edit distance, and says what a camelCase key is in snake_case", () => {
    const body = "string invoice_id = 1;\nstring customer_id = 2;\nstring currency_code = 3;";
    const fixes = report({
      "proto/billing/v1/a.proto": keyedEvent("A", "billing.a.paid", "custmer_id", body),
      "proto/billing/v1/b.proto": keyedEvent("B", "billing.b.paid", "currencyCod", body),
      "proto/billing/v1/c.proto": keyedEvent("C", "billing.c.paid", "id", "int64 id = 1;"),
    }).map((l) => l.split("\n")[1]);
    expect(fixes).toEqual([
      '    fix: did you mean "customer_id"? partition_key names the string field of A that holds the aggregate id',
      '    fix: did you mean "currency_code"? (in snake_case "currencyCod" is "currency_cod", which is no string field either) partition_key names the string field of B that holds the aggregate id',
      "    fix: add a string field that holds the aggregate id to C and name it in partition_key, or remove partition_key and pass the aggregate id to wrap",
    ]);
  });

  it("accepts a singular string field, in a oneof or not, and no key at all", () => {
    expect(
      report({
        "proto/billing/v1/a.proto": keyedEvent("A", "billing.a.paid", "invoice_id", "string invoice_id = 1;"),
        "proto/billing/v1/b.proto": keyedEvent("B", "billing.b.paid", "card_token", "oneof payment {\n  string card_token = 1;\n  string iban = 2;\n}"),
        "proto/billing/v1/c.proto": keyedEvent("C", "billing.c.paid", "", "int64 id = 1;"),
      }),
    ).toEqual([]);
  });

  it.each([
    ["a camelCase key", "invoiceId", "string invoice_id = 1;"],
    ["a string in a oneof", "card_token", "oneof payment {\n  string card_token = 1;\n}"],
  ])("agrees with the code generators, which refuse what it reports: %s", (_what, key, body) => {
    const dir = createWorkspace({ "proto/billing/v1/invoice_paid.proto": keyedEvent("InvoicePaid", "billing.invoice.paid", key, body) });
    const reported = runEventLint(dir).findings.some((f) => f.rule === "event-partition-key");
    for (const plugin of ["protoc-gen-protoevents.ts", "protoc-gen-protoevents-py.ts"]) {
      const template = JSON.stringify({ version: "v2", plugins: [{ local: ["tsx", join(repoRoot, "scripts", "codegen", plugin)], out: "gen", strategy: "all" }] });
      const run = spawnSync(join(repoRoot, "node_modules", ".bin", "buf"), ["generate", "--template", template], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PATH: `${join(repoRoot, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` },
      });
      expect(run.status === 0, `${plugin}: ${run.stderr}`).toBe(!reported);
      if (reported) expect(run.stderr).toContain(`partition_key "${key}" must name a string field of the message`);
    }
  });
});

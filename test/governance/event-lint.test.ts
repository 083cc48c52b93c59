import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasErrors, runEventLint } from "../../scripts/lint/event-lint-run.js";
import { LintConfigError } from "../../scripts/lint/lint-config.js";
import { buildImage } from "../../scripts/schema/buf-image.js";
import { imageEvents } from "../../scripts/schema/image-events.js";
import { findingPath, formatFinding } from "../../scripts/lint/lint-finding.js";
import { createFixtureWorkspace, createWorkspace, eventProto, releaseAs, removePath, repoRoot, writeFiles } from "./workspace.js";

/** The findings of the event lint on a workspace, as `file:line:col rule: message`. */
function lint(dir: string): string[] {
  const result = runEventLint(dir);
  return result.findings.map((f) => `${findingPath(f, result.moduleDir)}:${f.position.line}:${f.position.column} ${f.rule}: ${f.message}`);
}

/** The fixes of the event lint's findings on a workspace. */
function fixes(dir: string): string[] {
  return runEventLint(dir).findings.map((f) => f.fix);
}

/**
 * An event .proto (eventProto's lines) whose option declares `limits` from line
 * 7: `{`, each given line of the limits from line 8 (col 7), then `}`.
 */
function eventWithLimits(pkg: string, message: string, name: string, ...limits: string[]): string {
  return eventProto(pkg, message, name).replace(`    name: "${name}"\n`, `    name: "${name}"\n    limits: {\n${limits.map((l) => `      ${l}\n`).join("")}    }\n`);
}

describe("event lint on the repository", () => {
  it("passes with no finding, advice included, whatever events proto/ holds", () => {
    const result = runEventLint(repoRoot);
    expect(result.findings.map((f) => formatFinding(f, result.moduleDir))).toEqual([]);
    expect(result.events).toBe(imageEvents(buildImage(".", repoRoot)).events.length);
    expect(result.events).toBeGreaterThan(0);
  });
});

describe("event-name-format", () => {
  it("reports a name that is not lowercase and dot-separated, with a suggestion", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": eventProto("user.v1", "UserCreated", "User.EmailChanged") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_created.proto:6:5 event-name-format: event name "User.EmailChanged" of user.v1.UserCreated is not lowercase and dot-separated with 2 to 4 segments',
    ]);
    expect(fixes(dir)).toEqual(['rename it "user.email.changed"']);
  });

  it("reports one segment, five segments and an empty name", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventProto("user.v1", "A", "user"),
      "proto/user/v1/b.proto": eventProto("user.v1", "B", "user.profile.photo.crop.changed"),
      "proto/user/v1/c.proto": eventProto("user.v1", "C", ""),
    });
    expect(lint(dir)).toEqual([
      'proto/user/v1/a.proto:6:5 event-name-format: event name "user" of user.v1.A is not lowercase and dot-separated with 2 to 4 segments',
      'proto/user/v1/b.proto:6:5 event-name-format: event name "user.profile.photo.crop.changed" of user.v1.B is not lowercase and dot-separated with 2 to 4 segments',
      "proto/user/v1/c.proto:6:5 event-name-format: user.v1.C has the (protoevents.v1.event) option but no event name",
    ]);
    expect(fixes(dir)).toEqual([
      'use 2 to 4 lowercase segments, "<domain>.<entity>.<verb>", e.g. "user.created"',
      'use 2 to 4 lowercase segments, "<domain>.<entity>.<verb>", e.g. "user.created"',
      'add name: "user.<entity>.<verb>" to the option, e.g. "user.created"',
    ]);
  });
});

describe("event-name-past-tense", () => {
  it("is advice: printed, not failing", () => {
    const dir = createWorkspace({ "proto/order/v1/order_place.proto": eventProto("order.v1", "OrderPlace", "order.place") });
    const result = runEventLint(dir);
    expect(lint(dir)).toEqual(['proto/order/v1/order_place.proto:6:5 event-name-past-tense: event name "order.place" does not end in a past tense verb']);
    expect(result.findings.map((f) => f.fix)).toEqual(['name what happened, in the past tense, e.g. "order.placed"']);
    expect(hasErrors(result)).toBe(false);
  });

  it("accepts regular and irregular past tenses in snake_case", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventProto("user.v1", "A", "user.logged_in"),
      "proto/user/v1/b.proto": eventProto("user.v1", "B", "user.invoice.paid"),
      "proto/user/v1/c.proto": eventProto("user.v1", "C", "user.password_reset"),
    });
    expect(lint(dir)).toEqual([]);
  });
});

describe("event-name-domain", () => {
  it("reports a name that does not start with the package's domain, suggesting the domain in front of the entity", () => {
    const dir = createWorkspace({ "proto/billing/v1/invoice_paid.proto": eventProto("billing.v1", "InvoicePaid", "invoice.paid") });
    expect(lint(dir)).toEqual([
      'proto/billing/v1/invoice_paid.proto:6:5 event-name-domain: event name "invoice.paid" of billing.v1.InvoicePaid does not start with its domain "billing"',
    ]);
    expect(fixes(dir)).toEqual(['rename it "billing.invoice.paid", or move the message to proto/invoice/']);
  });

  it("replaces the first segment when it is the domain misspelled, or when a prefix would make five segments", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventProto("user.v1", "A", "users.created"),
      "proto/user/v1/b.proto": eventProto("user.v1", "B", "usr.email.changed"),
      "proto/user/v1/c.proto": eventProto("user.v1", "C", "account.profile.photo.changed"),
      "proto/user/v1/d.proto": eventProto("user.v1", "D", "account.created"),
    });
    expect(fixes(dir)).toEqual([
      'rename it "user.created", or move the message to proto/users/',
      'rename it "user.email.changed", or move the message to proto/usr/',
      'rename it "user.profile.photo.changed", or move the message to proto/account/',
      'rename it "user.account.created", or move the message to proto/account/',
    ]);
  });
});

describe("event-name-unique", () => {
  it("reports a version folder holding two events of one name", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventProto("user.v1", "UserCreated", "user.created"),
      "proto/user/v1/b.proto": eventProto("user.v1", "UserRegistered", "user.created"),
    });
    expect(lint(dir)).toEqual([
      'proto/user/v1/b.proto:6:5 event-name-unique: event "user.created" v1 is declared twice: by user.v1.UserCreated (proto/user/v1/a.proto:6:5) and by user.v1.UserRegistered',
    ]);
  });

  it("accepts one name in two version folders", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventProto("user.v1", "UserCreated", "user.created"),
      "proto/user/v2/a.proto": eventProto("user.v2", "UserCreated", "user.created"),
    });
    expect(lint(dir)).toEqual([]);
  });
});

describe("event-name-stable", () => {
  it("reports an event renamed in a new version folder", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventProto("user.v1", "UserCreated", "user.created"),
      "proto/user/v2/a.proto": eventProto("user.v2", "UserCreated", "user.registered"),
    });
    expect(lint(dir)).toEqual([
      'proto/user/v2/a.proto:6:5 event-name-stable: user.v2.UserCreated is named "user.registered" but user.v1.UserCreated is "user.created": an event keeps its name across versions',
    ]);
  });
});

describe("event-package", () => {
  it("reports events outside versioned packages, in another folder, or in a deeper package", () => {
    const dir = createWorkspace({
      "proto/user/user_created.proto": eventProto("user", "UserCreated", "user.created"),
      "proto/users/v1/user_deleted.proto": eventProto("user.v1", "UserDeleted", "user.deleted"),
      "proto/acme/user/v1/user_renamed.proto": eventProto("acme.user.v1", "UserRenamed", "acme.renamed"),
    });
    expect(lint(dir)).toEqual([
      'proto/acme/user/v1/user_renamed.proto:2:1 event-package: package "acme.user.v1" of event UserRenamed is not of the form <domain>.<version>',
      'proto/user/user_created.proto:2:1 event-package: package "user" of event UserCreated has no version suffix: events live only in versioned packages',
      "proto/users/v1/user_deleted.proto:2:1 event-package: package user.v1 of event UserDeleted is declared in folder users/v1/, not in user/v1/",
    ]);
    expect(fixes(dir)).toEqual([
      "declare package user.v1 and move the file to proto/user/v1/, or set `proto: { prefix: acme }` in protoevents.names.yaml",
      "declare package user.v1 and move the file to proto/user/v1/",
      "move the file to proto/user/v1/ or declare the package that matches its folder",
    ]);
  });
});

describe("event-package: domains the package's own modules or Python take", () => {
  it.each([
    ["registry", "is the name of one of the package's own modules"],
    ["kafka", "is the name of one of the package's own modules"],
    ["cloudevents", "is the name of one of the package's own modules"],
    ["class", "is a Python keyword"],
  ])("refuses the domain %s, and so do both code generators", (domain, problem) => {
    const dir = createWorkspace({ [`proto/${domain}/v1/thing_done.proto`]: eventProto(`${domain}.v1`, "ThingDone", `${domain}.thing.done`) });
    expect(lint(dir)).toEqual([`proto/${domain}/v1/thing_done.proto:2:1 event-package: domain "${domain}" of package ${domain}.v1 (event ThingDone) ${problem}` + (problem.startsWith("is the name") ? " (registry, cloudevents, router, kafka, nats), which a domain of that name would shadow in Python" : ", which no Python import can name")]);
    for (const plugin of ["protoc-gen-protoevents.ts", "protoc-gen-protoevents-py.ts"]) {
      const template = JSON.stringify({ version: "v2", plugins: [{ local: ["tsx", join(repoRoot, "scripts", "codegen", plugin)], out: "gen", strategy: "all" }] });
      const run = spawnSync(join(repoRoot, "node_modules", ".bin", "buf"), ["generate", "--template", template], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PATH: `${join(repoRoot, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` },
      });
      expect(run.status, plugin).not.toBe(0);
      expect(run.stderr).toContain(`package ${domain}.v1: its domain "${domain}" ${problem}`);
    }
  });

  it("accepts a domain that only contains a reserved name or is a soft keyword", () => {
    const dir = createWorkspace({
      "proto/registrys/v1/thing_done.proto": eventProto("registrys.v1", "ThingDone", "registrys.thing.done"),
      "proto/match/v1/thing_done.proto": eventProto("match.v1", "ThingDone", "match.thing.done"),
    });
    expect(lint(dir)).toEqual([]);
  });
});

describe("event-package with proto.prefix in protoevents.names.yaml", () => {
  const names = (prefix: string): string =>
    `version: v1\nnpm: "@acme/events"\npython:\n  distribution: acme-events\n  import: acme_events\ncatalog:\n  title: Acme\n` +
    `project:\n  repository: https://git.acme.example/events\n  author: Acme\n  keywords: [events]\n  status: alpha\nproto:\n  prefix: ${prefix}\n`;

  it("accepts <prefix>.<domain>.<version> in <prefix>/<domain>/<version>/, dotted prefixes too", () => {
    const dir = createWorkspace({
      "protoevents.names.yaml": names("acme.corp"),
      "proto/acme/corp/user/v1/user_created.proto": eventProto("acme.corp.user.v1", "UserCreated", "user.created"),
      "proto/acme/corp/user/v2/user_created.proto": eventProto("acme.corp.user.v2", "UserCreated", "user.created"),
    });
    expect(lint(dir)).toEqual([]);
  });

  it("refuses a package without the prefix, or in a folder without it, and says where it goes", () => {
    const dir = createWorkspace({
      "protoevents.names.yaml": names("acme"),
      "proto/user/v1/user_created.proto": eventProto("user.v1", "UserCreated", "user.created"),
      "proto/globex/order/v1/order_placed.proto": eventProto("globex.order.v1", "OrderPlaced", "order.placed"),
      "proto/acme/billing/v1/billing_paid.proto": eventProto("acme.billing.v1", "BillingPaid", "invoice.paid"),
    });
    expect(lint(dir)).toEqual([
      'proto/acme/billing/v1/billing_paid.proto:6:5 event-name-domain: event name "invoice.paid" of acme.billing.v1.BillingPaid does not start with its domain "billing"',
      'proto/globex/order/v1/order_placed.proto:2:1 event-package: package "globex.order.v1" of event OrderPlaced is not of the form acme.<domain>.<version> (proto.prefix of protoevents.names.yaml)',
      'proto/user/v1/user_created.proto:2:1 event-package: package "user.v1" of event UserCreated is not of the form acme.<domain>.<version> (proto.prefix of protoevents.names.yaml)',
    ]);
    expect(fixes(dir)).toEqual([
      'rename it "billing.invoice.paid", or move the message to proto/acme/invoice/',
      "declare package acme.order.v1 and move the file to proto/acme/order/v1/",
      "declare package acme.user.v1 and move the file to proto/acme/user/v1/",
    ]);
  });
});

describe("event-limits", () => {
  it("accepts limits from a minute and 1 KiB up to 292 years and 16 MiB, either alone, and the fixture module's", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventWithLimits("user.v1", "A", "user.a_done", "max_age: { seconds: 60 }", "max_bytes: 1024"),
      "proto/user/v1/b.proto": eventWithLimits("user.v1", "B", "user.b_done", "max_age: { seconds: 9223372036 }", "max_bytes: 16777216"),
      "proto/user/v1/c.proto": eventWithLimits("user.v1", "C", "user.c_done", "max_bytes: 65536"),
      "proto/user/v1/d.proto": eventWithLimits("user.v1", "D", "user.d_done", "max_age: { seconds: 604800 }"),
      "proto/user/v1/e.proto": eventWithLimits("user.v1", "E", "user.e_done"),
    });
    expect(lint(dir)).toEqual([]);
    expect(lint(createFixtureWorkspace())).toEqual([]);
  });

  it("reports a max_age under a minute, over 292 years, or not whole seconds, at its first value (an empty one at the option)", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventWithLimits("user.v1", "A", "user.a_done", "max_age: { seconds: 59 }"),
      "proto/user/v1/b.proto": eventWithLimits("user.v1", "B", "user.b_done", "max_age: { }"),
      "proto/user/v1/c.proto": eventWithLimits("user.v1", "C", "user.c_done", "max_age: { seconds: -3600 }"),
      "proto/user/v1/d.proto": eventWithLimits("user.v1", "D", "user.d_done", "max_age: { seconds: 9223372037 }"),
      "proto/user/v1/e.proto": eventWithLimits("user.v1", "E", "user.e_done", "max_age: { seconds: 3600 nanos: 500000000 }"),
      "proto/user/v1/f.proto": eventWithLimits("user.v1", "F", "user.f_done", "max_age: { nanos: 5 }"),
    });
    expect(lint(dir)).toEqual([
      "proto/user/v1/a.proto:8:18 event-limits: max_age of user.v1.A is 59 s, under a minute: a consumer that restarts or backs off would lose events, and JetStream's duplicate window would shrink to it",
      "proto/user/v1/b.proto:5:10 event-limits: max_age of user.v1.B is 0 s, under a minute: a consumer that restarts or backs off would lose events, and JetStream's duplicate window would shrink to it",
      "proto/user/v1/c.proto:8:18 event-limits: max_age of user.v1.C is -3600 s, under a minute: a consumer that restarts or backs off would lose events, and JetStream's duplicate window would shrink to it",
      "proto/user/v1/d.proto:8:18 event-limits: max_age of user.v1.D is 9223372037 s, over 9223372036 s (about 292 years), the longest max_age a JetStream stream takes",
      "proto/user/v1/e.proto:8:18 event-limits: max_age of user.v1.E has 500000000 nanos: a retention is whole seconds",
      "proto/user/v1/f.proto:8:18 event-limits: max_age of user.v1.F has 5 nanos: a retention is whole seconds",
    ]);
    expect(fixes(dir)).toEqual([
      "set max_age to a minute or more, e.g. { seconds: 604800 } for 7 days, or remove it for no limit",
      "set max_age to a minute or more, e.g. { seconds: 604800 } for 7 days, or remove it for no limit",
      "set max_age to a minute or more, e.g. { seconds: 604800 } for 7 days, or remove it for no limit",
      "remove max_age for no limit, or set a shorter one",
      "remove nanos: max_age: { seconds: 3600 }",
      "give max_age whole seconds, e.g. { seconds: 604800 } for 7 days",
    ]);
  });

  it("reports a max_bytes under 1 KiB (0 included) or over 16 MiB, at its line", () => {
    const dir = createWorkspace({
      "proto/user/v1/a.proto": eventWithLimits("user.v1", "A", "user.a_done", "max_age: { seconds: 3600 }", "max_bytes: 1023"),
      "proto/user/v1/b.proto": eventWithLimits("user.v1", "B", "user.b_done", "max_bytes: 0"),
      "proto/user/v1/c.proto": eventWithLimits("user.v1", "C", "user.c_done", "max_bytes: 16777217"),
    });
    expect(lint(dir)).toEqual([
      "proto/user/v1/a.proto:9:7 event-limits: max_bytes of user.v1.A is 1023, under 1024 (1 KiB): the CloudEvents headers alone take a few hundred bytes",
      "proto/user/v1/b.proto:8:7 event-limits: max_bytes of user.v1.B is 0, under 1024 (1 KiB): the CloudEvents headers alone take a few hundred bytes",
      "proto/user/v1/c.proto:8:7 event-limits: max_bytes of user.v1.C is 16777217, over 16777216 (16 MiB), the decoders' default maxBytes: consumers would refuse what the contract allows",
    ]);
    expect(fixes(dir)).toEqual([
      "set max_bytes to 1024 or more, or remove it for no limit",
      "set max_bytes to 1024 or more, or remove it for no limit",
      "set max_bytes to 16777216 or less; a larger payload belongs in object storage, with a reference in the event",
    ]);
  });
});

describe("field-reserved against the previous version folder", () => {
  const v1 = eventProto("user.v1", "UserCreated", "user.created", "string id = 1;\nstring name = 2;\nstring email = 3;");

  it("reports fields of v1 missing from v2 and not reserved there", () => {
    const dir = createWorkspace({
      "proto/user/v1/user_created.proto": v1,
      "proto/user/v2/user_created.proto": eventProto("user.v2", "UserCreated", "user.created", "string id = 1;\nstring email = 3;\nreserved 2;"),
    });
    expect(lint(dir)).toEqual([
      'proto/user/v2/user_created.proto:4:9 field-reserved: field name = 2 of user.v1.UserCreated ("user.created" v1) is not in v2, but user.v2.UserCreated does not reserve name "name"',
    ]);
    expect(fixes(dir)).toEqual(['add `reserved "name";` to message UserCreated, so that v2 never gives them another meaning']);
  });

  it("refuses a number that any earlier version retired, not only the previous one", () => {
    const dir = createWorkspace({
      "proto/user/v1/user_created.proto": v1,
      "proto/user/v2/user_created.proto": eventProto("user.v2", "UserCreated", "user.created", 'string id = 1;\nreserved 2;\nreserved "name";\nstring email = 3;'),
      "proto/user/v3/user_created.proto": eventProto("user.v3", "UserCreated", "user.created", 'string id = 1;\nint32 name = 2;\nstring email = 3;'),
    });
    expect(lint(dir)).toEqual([
      'proto/user/v3/user_created.proto:9:3 field-reserved: field name = 2 of user.v3.UserCreated takes number 2, which user.v1.UserCreated gave to name (string): a number retired in any earlier version is never used again',
    ]);
    expect(fixes(dir)).toEqual(['give name a number no earlier version of "user.created" used, and reserve 2']);
  });

  it("takes each version's own copy of an enum or message as the same type, and a different one as a reuse", () => {
    const withStatus = (pkg: string, enumName: string, field: string): string =>
      `syntax = "proto3";\npackage ${pkg};\nimport "protoevents/v1/options.proto";\n` +
      `message UserCreated {\n  option (protoevents.v1.event) = { name: "user.created" };\n  string id = 1;\n  ${field}\n  message Line { string sku = 1; }\n  repeated Line lines = 4;\n}\n` +
      `enum ${enumName} {\n  ${enumName.toUpperCase()}_UNSPECIFIED = 0;\n}\n`;
    const same = createWorkspace({
      "proto/user/v1/user_created.proto": withStatus("user.v1", "Status", "Status status = 3;"),
      "proto/user/v2/user_created.proto": withStatus("user.v2", "Status", "Status status = 3;"),
    });
    expect(lint(same)).toEqual([]);
    const other = createWorkspace({
      "proto/user/v1/user_created.proto": withStatus("user.v1", "Status", "Status status = 3;"),
      "proto/user/v2/user_created.proto": withStatus("user.v2", "State", "State status = 3;"),
    });
    expect(lint(other)).toEqual([
      "proto/user/v2/user_created.proto:7:3 field-reserved: field status = 3 of user.v2.UserCreated takes number 3, which user.v1.UserCreated gave to status (user.v1.Status): a number retired in any earlier version is never used again",
    ]);
  });

  it("accepts a v2 that reserves what it deleted, or reuses a name at a new number", () => {
    const dir = createWorkspace({
      "proto/user/v1/user_created.proto": v1,
      "proto/user/v2/user_created.proto": eventProto(
        "user.v2",
        "UserCreated",
        "user.created",
        'string id = 1;\nreserved 2, 3;\nreserved "name";\nstring email = 4;',
      ),
    });
    expect(lint(dir)).toEqual([]);
  });
});

describe("against the last release (newest vX.Y.Z tag behind HEAD)", () => {
  const released = {
    "proto/user/v1/user_created.proto": eventProto("user.v1", "UserCreated", "user.created", "string id = 1;\nstring email = 2;\nStatus status = 3;"),
    "proto/user/v1/status.proto": 'syntax = "proto3";\npackage user.v1;\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_ACTIVE = 1;\n  STATUS_BLOCKED = 2;\n}\n',
    "proto/user/v1/user_deleted.proto": eventProto("user.v1", "UserDeleted", "user.deleted"),
  };
  const imports = 'import "user/v1/status.proto";\n';
  const withImport = (text: string): string => text.replace("import ", `${imports}import `);

  function releasedWorkspace(): string {
    const dir = createWorkspace({ ...released, "proto/user/v1/user_created.proto": withImport(released["proto/user/v1/user_created.proto"]) });
    releaseAs(dir, "v0.1.0");
    return dir;
  }

  it("passes when nothing changed, and says which release it compared against", () => {
    const result = runEventLint(releasedWorkspace());
    expect(result.findings).toEqual([]);
    expect(result.release).toEqual({ tag: "v0.1.0" });
  });

  it("field-reserved: a deleted field and a deleted enum value must be reserved", () => {
    const dir = releasedWorkspace();
    writeFiles(dir, {
      "proto/user/v1/user_created.proto": withImport(eventProto("user.v1", "UserCreated", "user.created", "string id = 1;\nStatus status = 3;\nreserved 2;")),
      "proto/user/v1/status.proto": 'syntax = "proto3";\npackage user.v1;\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_ACTIVE = 1;\n}\n',
    });
    expect(lint(dir)).toEqual([
      'proto/user/v1/status.proto:3:6 field-reserved: enum value STATUS_BLOCKED = 2 was deleted after v0.1.0, but user.v1.Status does not reserve number 2 and name "STATUS_BLOCKED"',
      'proto/user/v1/user_created.proto:5:9 field-reserved: field email = 2 was deleted after v0.1.0, but user.v1.UserCreated does not reserve name "email"',
    ]);
    expect(fixes(dir)).toEqual(['add `reserved 2; reserved "STATUS_BLOCKED";` to enum Status', 'add `reserved "email";` to message UserCreated']);
  });

  it("event-name-stable: a released event keeps its name", () => {
    const dir = releasedWorkspace();
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": eventProto("user.v1", "UserDeleted", "user.removed") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_deleted.proto:6:5 event-name-stable: user.v1.UserDeleted was released in v0.1.0 as "user.deleted" and is now named "user.removed"',
    ]);
  });

  it("event-removed: a released event cannot disappear", () => {
    const dir = releasedWorkspace();
    removePath(dir, "proto/user/v1/user_deleted.proto");
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_deleted.proto:4:9 event-removed: event "user.deleted" v1 (user.v1.UserDeleted) was released in v0.1.0 and is gone (it was declared at proto/user/v1/user_deleted.proto:4:9 in v0.1.0)',
    ]);
  });

  it("event-message-stable: a released event keeps its message, the symbol users import", () => {
    const dir = releasedWorkspace();
    removePath(dir, "proto/user/v1/user_deleted.proto");
    writeFiles(dir, { "proto/user/v1/user_removed.proto": eventProto("user.v1", "UserRemoved", "user.deleted") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_removed.proto:4:9 event-message-stable: event "user.deleted" v1 was released in v0.1.0 as message user.v1.UserDeleted and is now user.v1.UserRemoved: the generated UserDeletedSchema and UserDeleted that users import would disappear',
    ]);
    expect(fixes(dir)).toEqual(["name the message UserDeleted again"]);
  });

  it("partition-key-stable: a released event keeps its partition_key", () => {
    const keyed = (key: string): string => eventProto("user.v1", "UserDeleted", "user.deleted", "string id = 1;\nstring email = 2;").replace('name: "user.deleted"', `name: "user.deleted"\n    partition_key: "${key}"`);
    const dir = createWorkspace({ ...released, "proto/user/v1/user_created.proto": withImport(released["proto/user/v1/user_created.proto"]), "proto/user/v1/user_deleted.proto": keyed("id") });
    releaseAs(dir, "v0.1.0");
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": keyed("email") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_deleted.proto:7:5 partition-key-stable: event "user.deleted" v1 was released in v0.1.0 with partition_key "id" and now has partition_key "email": its envelopes would carry another aggregate id, out of order with those already published',
    ]);
    expect(fixes(dir)).toEqual(['set partition_key: "id" again; another key for this event goes to a new version folder']);
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": eventProto("user.v1", "UserDeleted", "user.deleted", "string id = 1;\nstring email = 2;") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_deleted.proto:4:9 partition-key-stable: event "user.deleted" v1 was released in v0.1.0 with partition_key "id" and now has no partition_key: its envelopes would carry another aggregate id, out of order with those already published',
    ]);
  });

  it("max-bytes-stable: a released event keeps its max_bytes or a higher one; max_age may change", () => {
    const limited = (...limits: string[]): string => eventWithLimits("user.v1", "UserDeleted", "user.deleted", ...limits);
    const dir = createWorkspace({ ...released, "proto/user/v1/user_created.proto": withImport(released["proto/user/v1/user_created.proto"]), "proto/user/v1/user_deleted.proto": limited("max_bytes: 65536") });
    releaseAs(dir, "v0.1.0");
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": limited("max_age: { seconds: 60 }", "max_bytes: 65535") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_deleted.proto:9:7 max-bytes-stable: event "user.deleted" v1 was released in v0.1.0 with max_bytes 65536 and now has max_bytes 65535: a producer that publishes within the released contract would be refused',
    ]);
    expect(fixes(dir)).toEqual(["set max_bytes: 65536 or more again; a lower limit goes to a new version folder"]);
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": limited("max_age: { seconds: 60 }", "max_bytes: 131072") });
    expect(lint(dir)).toEqual([]);
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": eventProto("user.v1", "UserDeleted", "user.deleted") });
    expect(lint(dir)).toEqual([]);
  });

  it("max-bytes-stable: a max_bytes added to a released event that had none is lower than no limit", () => {
    const dir = releasedWorkspace();
    writeFiles(dir, { "proto/user/v1/user_deleted.proto": eventWithLimits("user.v1", "UserDeleted", "user.deleted", "max_bytes: 1048576") });
    expect(lint(dir)).toEqual([
      'proto/user/v1/user_deleted.proto:8:7 max-bytes-stable: event "user.deleted" v1 was released in v0.1.0 with no max_bytes and now has max_bytes 1048576: a producer that publishes within the released contract would be refused',
    ]);
    expect(fixes(dir)).toEqual([
      "remove max_bytes; a size limit for this event goes to a new version folder, or to protoevents.lint.yaml when no producer sends larger messages",
    ]);
    writeFiles(dir, { "protoevents.lint.yaml": "version: v1\nignore_only:\n  max-bytes-stable:\n    - proto/user/v1/user_deleted.proto\n" });
    expect(lint(dir)).toEqual([]);
  });

  it("field-reserved: a renumbered released field is told to take its number back, not to reserve it", () => {
    const dir = releasedWorkspace();
    writeFiles(dir, { "proto/user/v1/user_created.proto": withImport(eventProto("user.v1", "UserCreated", "user.created", "string id = 1;\nstring email = 5;\nStatus status = 3;")) });
    expect(lint(dir)).toEqual([
      "proto/user/v1/user_created.proto:10:3 field-reserved: field email of user.v1.UserCreated was number 2 in v0.1.0 and is now 5: a released field keeps its number",
    ]);
    expect(fixes(dir)).toEqual(["give email its number 2 again; the field under a new number goes to a new version folder"]);
  });

  it("event-name-stable: renaming a released event is reported once, at the renamed version", () => {
    const dir = releasedWorkspace();
    writeFiles(dir, { "proto/user/v2/user_created.proto": eventProto("user.v2", "UserCreated", "user.created", "string id = 1;\nreserved 2, 3;\nreserved \"email\", \"status\";") });
    releaseAs(dir, "v0.2.0");
    writeFiles(dir, { "proto/user/v1/user_created.proto": withImport(released["proto/user/v1/user_created.proto"]).replace('name: "user.created"', 'name: "user.registered"') });
    const findings = lint(dir).filter((f) => f.includes("event-name-stable"));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain('proto/user/v1/user_created.proto');
    expect(findings[0]).toContain('was released in v0.2.0 as "user.created" and is now named "user.registered"');
  });

  it("compares against the newest tag by version order", () => {
    const dir = releasedWorkspace();
    removePath(dir, "proto/user/v1/user_deleted.proto");
    releaseAs(dir, "v0.10.0");
    writeFiles(dir, { "proto/user/v1/note.txt": "tags v0.1.0 and v0.10.0" });
    const result = runEventLint(dir);
    expect(result.release).toEqual({ tag: "v0.10.0" });
    expect(result.findings).toEqual([]);
  });
});

describe("protoevents.lint.yaml", () => {
  it("excepts a rule for a folder", () => {
    const dir = createWorkspace({
      "proto/order/v1/order_place.proto": eventProto("order.v1", "OrderPlace", "order.place"),
      "proto/user/v1/user_create.proto": eventProto("user.v1", "UserCreate", "user.create"),
      "protoevents.lint.yaml": "version: v1\nignore_only:\n  event-name-past-tense:\n    - proto/order/v1\n",
    });
    expect(lint(dir)).toEqual(['proto/user/v1/user_create.proto:6:5 event-name-past-tense: event name "user.create" does not end in a past tense verb']);
    expect(runEventLint(dir).excepted).toBe(1);
  });

  it.each([
    ["an unknown rule", "version: v1\nignore_only:\n  event-name-shape:\n    - proto\n", /unknown rule "event-name-shape" under ignore_only; the rules are event-name-format, /],
    ["a path that does not exist", "version: v1\nignore_only:\n  event-removed:\n    - proto/gone\n", /ignore_only.event-removed: "proto\/gone" does not exist/],
    ["an unknown key", "version: v1\nexcept: {}\n", /unknown key "except"/],
    ["a missing version", "ignore_only: {}\n", /expected "version: v1"/],
  ])("rejects %s", (_what, text, message) => {
    const dir = createWorkspace({ "protoevents.lint.yaml": text });
    expect(() => runEventLint(dir)).toThrow(LintConfigError);
    expect(() => runEventLint(dir)).toThrow(message);
  });
});

describe("scripts/lint/event-lint.ts", () => {
  it("prints file:line:col, the rule, the problem and the fix, and exits 1", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": eventProto("user.v1", "UserCreated", "UserCreated") });
    const run = spawnSync(join(repoRoot, "node_modules", ".bin", "tsx"), [join(repoRoot, "scripts", "lint", "event-lint.ts"), dir], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'proto/user/v1/user_created.proto:6:5: error [event-name-format] event name "UserCreated" of user.v1.UserCreated is not lowercase and dot-separated with 2 to 4 segments\n    fix: rename it "user.created"',
    );
    expect(run.stderr).toContain("  event-name-format: an event name is lowercase and dot-separated, 2 to 4 segments of [a-z0-9_] each starting with a letter (docs/evolution.md)");
    expect(run.stderr).toContain("✘ event lint: 1 error, 0 advice");
  });
});

// The rules of docs/evolution.md end to end: adding a field to a released version
// passes the lint and the gate, and a consumer built on the released schema reads
// what the newer producer sends; the document covers every lint rule.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBreakingGate } from "../../scripts/lib/breaking-check.js";
import { buildImage } from "../../scripts/lib/buf-image.js";
import { runEventLint } from "../../scripts/lib/event-lint-run.js";
import { lintRules } from "../../scripts/lib/lint-rules.js";
import { ContentType, unwrap, wrap } from "../../src/index.js";
import { createWorkspace, releaseAs, repoRoot, writeFiles } from "./workspace.js";

const released = readFileSync(join(repoRoot, "proto", "user", "v1", "user_created.proto"), "utf8");
const withLocale = released.replace(/\n}\s*$/, "\n  // The user's preferred locale, e.g. \"de-CH\". Added after the release.\n  string locale = 5;\n}\n");

describe("schema evolution", () => {
  it("adding a field to a released version passes the lint and the gate, and old consumers read it", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": released });
    releaseAs(dir, "v1.0.0");
    writeFiles(dir, { "proto/user/v1/user_created.proto": withLocale });
    expect(withLocale).not.toBe(released);
    expect(runEventLint(dir).findings).toEqual([]);
    expect(runBreakingGate(dir)).toEqual({ status: "passed", tag: "v1.0.0" });

    const newer = buildImage(".", dir).registry.getMessage("user.v1.UserCreated");
    if (newer === undefined) throw new Error("user.v1.UserCreated is missing from the image");
    for (const contentType of [ContentType.Protobuf, ContentType.Json]) {
      const envelope = wrap(newer, { id: "u-1", email: "ada@example.com", locale: "de-CH" }, { contentType });
      const read = unwrap(envelope);
      expect([read.name, read.version]).toEqual(["user.created", "v1"]);
      expect(read.payload).toMatchObject({ id: "u-1", email: "ada@example.com" });
    }
  });

  it("docs/evolution.md explains every lint rule", () => {
    const doc = readFileSync(join(repoRoot, "docs", "evolution.md"), "utf8");
    for (const rule of Object.keys(lintRules)) expect(doc, rule).toContain(`\`${rule}\``);
  });
});

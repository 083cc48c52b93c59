// The rules of docs/evolution.md end to end: adding a field to a released version
// passes the lint and the gate, and a consumer built on the released schema reads
// what the newer producer sends; the document covers every lint rule.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DescMessage } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { runBreakingGate } from "../../scripts/breaking/breaking-check.js";
import { buildImage } from "../../scripts/schema/buf-image.js";
import { runEventLint } from "../../scripts/lint/event-lint-run.js";
import { lintRules } from "../../scripts/lint/lint-rules.js";
import { ContentType, unwrap, wrap } from "../../src/index.js";
import { createWorkspace, fixtureProtoDir, releaseAs, repoRoot, writeFiles } from "./workspace.js";

const releasedFile = "fixture/v1/scalars_recorded.proto";
const released = readFileSync(join(fixtureProtoDir, releasedFile), "utf8");
const withLocale = released.replace(/\n}\s*$/, "\n  // The preferred locale, e.g. \"de-CH\". Added after the release.\n  string locale = 17;\n}\n");

/** The event message of a workspace's image, by its full name. */
function eventMessage(dir: string, typeName: string): DescMessage {
  const message = buildImage(".", dir).registry.getMessage(typeName);
  if (message === undefined) throw new Error(`${typeName} is missing from the image`);
  return message;
}

describe("schema evolution", () => {
  it("adding a field to a released version passes the lint and the gate, and old consumers read it", () => {
    const dir = createWorkspace({ [`proto/${releasedFile}`]: released });
    releaseAs(dir, "v1.0.0");
    const consumer = { name: "fixture.scalars.recorded", version: "v1", schema: eventMessage(dir, "fixture.v1.ScalarsRecorded") } as const;
    writeFiles(dir, { [`proto/${releasedFile}`]: withLocale });
    expect(withLocale).not.toBe(released);
    expect(runEventLint(dir).findings).toEqual([]);
    expect(runBreakingGate(dir)).toEqual({ status: "passed", tag: "v1.0.0" });

    const newer = eventMessage(dir, "fixture.v1.ScalarsRecorded");
    expect(newer.fields.map((f) => f.name)).toContain("locale");
    expect(consumer.schema.fields.map((f) => f.name)).not.toContain("locale");
    for (const contentType of [ContentType.Protobuf, ContentType.Json]) {
      const envelope = wrap(newer, { id: "s-1", int32Value: 7, locale: "de-CH" }, { contentType });
      const read = unwrap(envelope, [consumer]);
      expect([read.name, read.version, read.envelope.aggregateId]).toEqual(["fixture.scalars.recorded", "v1", "s-1"]);
      expect(read.payload).toMatchObject({ id: "s-1", int32Value: 7 });
    }
  });

  it("docs/evolution.md explains every lint rule", () => {
    const doc = readFileSync(join(repoRoot, "docs", "evolution.md"), "utf8");
    for (const rule of Object.keys(lintRules)) expect(doc, rule).toContain(`\`${rule}\``);
  });
});

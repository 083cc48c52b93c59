import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBreakingGate } from "../../scripts/lib/breaking-check.js";
import { createFixtureWorkspace, createWorkspace, eventProto, fixtureProtoDir, releaseAs, repoRoot, writeFiles } from "./workspace.js";

const userCreatedV1 = eventProto("user.v1", "UserCreated", "user.created", "string id = 1;\nstring name = 2;\nstring email = 3;");
const userCreatedV2 = eventProto("user.v2", "UserCreated", "user.created", 'string id = 1;\nreserved 2;\nreserved "name";\nstring email = 3;\nstring given_name = 4;');

/** A git repository with user/v1 and user/v2, released as v0.1.0. */
function released(): string {
  const dir = createWorkspace({ "proto/user/v1/user_created.proto": userCreatedV1, "proto/user/v2/user_created.proto": userCreatedV2 });
  releaseAs(dir, "v0.1.0");
  return dir;
}

function gateCli(dir: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(join(repoRoot, "node_modules", ".bin", "tsx"), [join(repoRoot, "scripts", "breaking-gate.ts"), dir], { encoding: "utf8" });
}

describe("breaking-change gate", () => {
  it("says there is no release tag and passes", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": userCreatedV1 });
    expect(runBreakingGate(dir)).toEqual({ status: "no-release", reason: "not a git repository: there is no release to compare against" });
    releaseAs(dir, "before-release");
    const run = gateCli(dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("no release tag (v*) yet: there is nothing to compare against; the breaking-change gate passes");
  });

  it("fails a type change in a released version folder, naming the file and the new folder to add", () => {
    const dir = released();
    writeFiles(dir, { "proto/user/v1/user_created.proto": userCreatedV1.replace("string email = 3;", "bytes email = 3;") });
    const result = runBreakingGate(dir);
    expect(result).toMatchObject({
      status: "failed",
      tag: "v0.1.0",
      changes: [{ path: "proto/user/v1/user_created.proto", line: 10, column: 3, type: "FIELD_WIRE_JSON_COMPATIBLE_TYPE" }],
      folders: [{ folder: "proto/user/v1", files: ["proto/user/v1/user_created.proto"], next: { folder: "proto/user/v3", package: "user.v3" } }],
    });
    const run = gateCli(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("✘ breaking gate: 1 breaking change against release v0.1.0 (buf breaking, WIRE_JSON)");
    expect(run.stderr).toContain('proto/user/v1/user_created.proto:10:3: FIELD_WIRE_JSON_COMPATIBLE_TYPE Field "3" with name "email" on message "UserCreated" changed type from "string" to "bytes".');
    expect(run.stderr).toContain("proto/user/v1/user_created.proto: proto/user/v1/ was released in v0.1.0");
    expect(run.stderr).toContain("Revert the change in proto/user/v1/ and add a new version folder instead: proto/user/v3/ (package user.v3), keeping the event names.");
  });

  it("uses buf.yaml's WIRE_JSON rules: a field rename breaks JSON consumers", () => {
    const dir = released();
    writeFiles(dir, { "proto/user/v1/user_created.proto": userCreatedV1.replace("string email = 3;", "string email_address = 3;") });
    const result = runBreakingGate(dir);
    expect(result.status).toBe("failed");
    expect(result.status === "failed" ? result.changes.map((c) => c.type) : []).toContain("FIELD_SAME_JSON_NAME");
  });

  it("passes when the breaking change goes to a new version folder", () => {
    const dir = released();
    writeFiles(dir, {
      "proto/user/v3/user_created.proto": eventProto("user.v3", "UserCreated", "user.created", 'string id = 1;\nreserved 2, 3, 4;\nreserved "name", "email", "given_name";\nbytes email_hash = 5;'),
    });
    expect(runBreakingGate(dir)).toEqual({ status: "passed", tag: "v0.1.0" });
    const run = gateCli(dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("no breaking change against release v0.1.0 (buf breaking, WIRE_JSON)");
  });

  it("names the version folder after the newest one of the domain: a change in the fixture module's v1 goes to v3", () => {
    const dir = createFixtureWorkspace();
    releaseAs(dir, "v2.0.0");
    const file = "fixture/v1/parcel_shipped.proto";
    const text = readFileSync(join(fixtureProtoDir, file), "utf8");
    const field = "  string parcel_id = 1;";
    writeFiles(dir, { [`proto/${file}`]: text.replace(field, "  bytes parcel_id = 1;") });
    const line = text.split("\n").indexOf(field) + 1;
    expect(line).toBeGreaterThan(0);
    expect(runBreakingGate(dir)).toMatchObject({
      status: "failed",
      tag: "v2.0.0",
      changes: [{ path: `proto/${file}`, line, column: 3, type: "FIELD_WIRE_JSON_COMPATIBLE_TYPE" }],
      folders: [{ folder: "proto/fixture/v1", files: [`proto/${file}`], next: { folder: "proto/fixture/v3", package: "fixture.v3" } }],
    });
  });
});

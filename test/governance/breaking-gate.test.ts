import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runBreakingGate } from "../../scripts/breaking/breaking-check.js";
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
  return spawnSync(join(repoRoot, "node_modules", ".bin", "tsx"), [join(repoRoot, "scripts", "breaking", "breaking-gate.ts"), dir], { encoding: "utf8" });
}

/** Runs git in `dir`, returning its output. */
function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
}

/** The email field of user/v1 made bytes: a breaking change. */
const breakingEdit = { "proto/user/v1/user_created.proto": userCreatedV1.replace("string email = 3;", "bytes email = 3;") };

describe("breaking-change gate: the baseline", () => {
  it("ignores tags that are not releases (vX.Y.Z)", () => {
    const dir = released();
    writeFiles(dir, breakingEdit);
    git(dir, "commit", "-qam", "breaking");
    for (const tag of ["vendor-sync", "v1", "v0.9.0-rc.1", "version-2.0.0"]) git(dir, "tag", tag);
    expect(runBreakingGate(dir)).toMatchObject({ status: "failed", tag: "v0.1.0" });
  });

  it("compares a maintenance branch with the newest release behind it, not the newest overall", () => {
    const dir = released();
    git(dir, "branch", "maintenance-0.1");
    writeFiles(dir, { "proto/user/v3/user_created.proto": eventProto("user.v3", "UserCreated", "user.created", "string id = 1;") });
    releaseAs(dir, "v0.2.0");
    git(dir, "switch", "-q", "maintenance-0.1");
    writeFiles(dir, { "proto/user/v1/user_created.proto": userCreatedV1.replace("string id = 1;", "// The user's id.\nstring id = 1;") });
    expect(runBreakingGate(dir)).toEqual({ status: "passed", tag: "v0.1.0" });
    writeFiles(dir, breakingEdit);
    expect(runBreakingGate(dir)).toMatchObject({ status: "failed", tag: "v0.1.0" });
  });

  it("fails in a released project's clone without the release tag, saying how to fetch it", () => {
    const origin = released();
    writeFiles(origin, { "CHANGELOG.md": "# protoevents\n\n## 0.1.0\n\n### Minor Changes\n\n- First release.\n" });
    git(origin, "add", "-A");
    git(origin, "commit", "-qm", "changelog");
    writeFiles(origin, breakingEdit);
    git(origin, "commit", "-qam", "breaking");
    const shallow = join(origin, "..", `${basename(origin)}-shallow`);
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${origin}`, shallow]);
    onTestFinished(() => rmSync(shallow, { recursive: true, force: true }));
    const result = runBreakingGate(shallow);
    expect(result.status).toBe("no-baseline");
    const run = gateCli(shallow);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("✘ breaking gate: CHANGELOG.md records release 0.1.0, but no release tag (vX.Y.Z) behind HEAD is in this clone, which is shallow");
    expect(run.stderr).toContain("git fetch --tags --unshallow");
    git(shallow, "fetch", "-q", "--tags", "--unshallow");
    expect(runBreakingGate(shallow)).toMatchObject({ status: "failed", tag: "v0.1.0" });
  });

  it("passes a project that was never released, with or without history", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": userCreatedV1 });
    releaseAs(dir, "not-a-release");
    expect(runBreakingGate(dir)).toMatchObject({ status: "no-release" });
  });
});

describe("breaking-change gate: what users import", () => {
  it("refuses renaming a released message: the symbol users import would disappear", () => {
    const dir = released();
    writeFiles(dir, { "proto/user/v1/user_created.proto": userCreatedV1.replace("message UserCreated", "message UserRegistered") });
    const result = runBreakingGate(dir);
    expect(result.status === "failed" ? result.changes.map((c) => c.type) : result.status).toContain("PACKAGE_MESSAGE_NO_DELETE");
  });

  it("refuses deleting the released envelope, with the envelope's policy rather than a version folder to add", () => {
    const dir = createFixtureWorkspace();
    releaseAs(dir, "v0.1.0");
    rmSync(join(dir, "proto", "protoevents", "v1", "envelope.proto"));
    const result = runBreakingGate(dir);
    expect(result).toMatchObject({ status: "failed", folders: [{ folder: "proto/protoevents/v1", envelope: true, next: undefined }] });
    expect(result.status === "failed" ? result.changes.map((c) => c.type) : []).toContain("PACKAGE_MESSAGE_NO_DELETE");
    const run = gateCli(dir);
    expect(run.stderr).toContain("the envelope was released in v0.1.0");
    expect(run.stderr).toContain("the envelope only gains fields, under new numbers");
    expect(run.stderr).not.toContain("proto/protoevents/v2");
  });

  it("passes the safe edits: a field added, a field deleted and reserved, a comment, a message moved within its package, a new event, a new version folder", () => {
    const dir = createFixtureWorkspace();
    releaseAs(dir, "v0.1.0");
    const parcel = join(fixtureProtoDir, "fixture", "v1", "parcel_shipped.proto");
    const text = readFileSync(parcel, "utf8");
    writeFiles(dir, {
      "proto/fixture/v1/parcel_shipped.proto": text.replace("string note = 10;", "// Free text.\n  reserved 10;\n  reserved \"note\";\n  string carrier_note = 12;"),
      "proto/fixture/v1/thing_done.proto": eventProto("fixture.v1", "ThingDone", "fixture.thing.done"),
      "proto/fixture/v9/thing_done.proto": eventProto("fixture.v9", "ThingDone", "fixture.thing.done"),
    });
    expect(runBreakingGate(dir)).toEqual({ status: "passed", tag: "v0.1.0" });
  });
});

describe("breaking-change gate", () => {
  it("fails protos that do not compile even with no release to compare against", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": userCreatedV1.replace("string email = 3;", "reserved 3;\nstring email = 3;") });
    expect(runBreakingGate(dir)).toMatchObject({ status: "does-not-compile", tag: undefined, errors: [{ type: "COMPILE" }] });
    const run = gateCli(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("use of reserved field number `3`");
    expect(run.stderr).toContain("✘ breaking gate: the protos do not compile (above)");
  });

  it("prints the compiler's errors, not a change to revert, when the protos do not compile", () => {
    const dir = released();
    writeFiles(dir, { "proto/user/v1/user_created.proto": userCreatedV1.replace("string email = 3;", "reserved 3;\nstring email = 3;") });
    expect(runBreakingGate(dir)).toMatchObject({ status: "does-not-compile", tag: "v0.1.0", errors: [{ path: "proto/user/v1/user_created.proto", type: "COMPILE" }] });
    const run = gateCli(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/proto\/user\/v1\/user_created\.proto:\d+:\d+: use of reserved field number `3`/);
    expect(run.stderr).toContain("✘ breaking gate: the protos do not compile (above), so they cannot be compared with release v0.1.0");
    expect(run.stderr).not.toContain("new version folder");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("says there is no release tag and passes", () => {
    const dir = createWorkspace({ "proto/user/v1/user_created.proto": userCreatedV1 });
    expect(runBreakingGate(dir)).toEqual({ status: "no-release", reason: "not a git repository: there is no release to compare against" });
    releaseAs(dir, "before-release");
    const run = gateCli(dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "no release yet (no vX.Y.Z tag behind HEAD, and CHANGELOG.md records none): there is nothing to compare against; the breaking-change gate passes",
    );
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

// `npm run changeset -- --bump <bump> --summary <text>` in a workspace of its own, a scoped
// package named in its protoevents.names.yaml: the files it writes are read by the real
// `changeset status` and `changeset version`.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesetSlug } from "../../scripts/release/write-changeset.js";

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "node_modules", ".bin");
const workspace = mkdtempSync(join(tmpdir(), "protoevents-changeset-"));

function changesetScript(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(bin, "tsx"), [join(root, "scripts", "release", "changeset.ts"), ...args], { cwd: workspace, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function changesetCli(...args: string[]): string {
  return execFileSync(join(bin, "changeset"), args, { cwd: workspace, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  writeFileSync(join(workspace, "package.json"), JSON.stringify({ name: "@acme/events", version: "1.0.0" }, null, 2));
  writeFileSync(
    join(workspace, "protoevents.names.yaml"),
    'version: v1\nnpm: "@acme/events"\npython:\n  distribution: acme-events\n  import: acme_events\ncatalog:\n  title: Acme events\n' +
      "project:\n  repository: https://git.acme.example/events\n  author: Acme\n  keywords: [events]\n  status: alpha\n",
  );
  mkdirSync(join(workspace, ".changeset"));
  writeFileSync(
    join(workspace, ".changeset", "config.json"),
    JSON.stringify({ changelog: "@changesets/cli/changelog", commit: false, access: "public", baseBranch: "main" }),
  );
  // changeset resolves its changelog module from the workspace.
  symlinkSync(join(root, "node_modules"), join(workspace, "node_modules"));
  writeFileSync(join(workspace, ".gitignore"), "node_modules\n");
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: workspace, encoding: "utf8" });
  git("init", "--quiet", "--initial-branch=main");
  git("-c", "user.name=T", "-c", "user.email=t@example.com", "add", ".");
  git("-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "init");
});

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("npm run changeset without a prompt", () => {
  it("writes changesets that changeset status and changeset version read", () => {
    const first = changesetScript("--bump", "minor", "--summary", "Add billing events");
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("wrote .changeset/add-billing-events.md: minor for the next release; commit it with the change\n");
    expect(changesetScript("--bump", "patch", "--summary", "Add billing events").stdout).toContain(".changeset/add-billing-events-2.md");
    expect(readFileSync(join(workspace, ".changeset", "add-billing-events.md"), "utf8")).toBe(
      '---\n"@acme/events": minor\n---\n\nAdd billing events\n',
    );

    changesetCli("status", "--output", "status.json");
    const status = JSON.parse(readFileSync(join(workspace, "status.json"), "utf8")) as {
      releases: { name: string; type: string; newVersion: string }[];
    };
    expect(status.releases).toEqual([expect.objectContaining({ name: "@acme/events", type: "minor", newVersion: "1.1.0" })]);

    changesetCli("version");
    expect((JSON.parse(readFileSync(join(workspace, "package.json"), "utf8")) as { version: string }).version).toBe("1.1.0");
    const changelog = readFileSync(join(workspace, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("## 1.1.0");
    expect(changelog.match(/Add billing events/g)).toHaveLength(2);
    expect(readdirSync(join(workspace, ".changeset")).filter((name) => name.endsWith(".md"))).toEqual([]);
  });

  it("refuses a bump it does not know, a missing summary and unknown options, writing nothing", () => {
    for (const args of [
      ["--bump", "huge", "--summary", "x"],
      ["--bump", "minor"],
      ["--bump", "minor", "--summary", "x", "--extra"],
    ]) {
      const result = changesetScript(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("usage: npm run changeset");
    }
    const blank = changesetScript("--bump", "minor", "--summary", "   ");
    expect(blank.status).toBe(1);
    expect(blank.stderr).toContain("the summary is empty");
    expect(readdirSync(join(workspace, ".changeset")).filter((name) => name.endsWith(".md"))).toEqual([]);
  });

  it("refuses when package.json is not the package protoevents.names.yaml names", () => {
    const other = mkdtempSync(join(tmpdir(), "protoevents-changeset-other-"));
    try {
      cpSync(workspace, other, { recursive: true, verbatimSymlinks: true });
      writeFileSync(join(other, "package.json"), JSON.stringify({ name: "events", version: "1.0.0" }));
      const result = spawnSync(join(bin, "tsx"), [join(root, "scripts", "release", "changeset.ts"), "--bump", "patch", "--summary", "x"], {
        cwd: other,
        encoding: "utf8",
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('package.json is named "events", protoevents.names.yaml says "@acme/events"');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("changesetSlug", () => {
  it("keeps the summary's first words, lowercase, within 48 characters", () => {
    expect(changesetSlug("Add billing events")).toBe("add-billing-events");
    expect(changesetSlug("Fix: `order.placed` keeps its currency!")).toBe("fix-order-placed-keeps-its-currency");
    expect(changesetSlug("a".repeat(60))).toBe("changeset");
    expect(changesetSlug("one two three four five six seven eight nine ten eleven").length).toBeLessThanOrEqual(48);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { frameworkPackageNames, loadPackageNames, PackageNamesError, workspacePackageNames } from "../../scripts/lib/package-names.js";
import { syncPackageName } from "../../scripts/sync-package-names.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "protoevents-names-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function namesFile(npm: string, distribution: string, importName: string, title = "Acme event catalog"): string {
  return `version: v1\nnpm: "${npm}"\npython:\n  distribution: "${distribution}"\n  import: "${importName}"\ncatalog:\n  title: ${title}\n`;
}

describe("loadPackageNames", () => {
  it("reads the four names", () => {
    const dir = workspace({ "protoevents.names.yaml": namesFile("@acme/events", "acme-events", "acme_events") });
    expect(loadPackageNames(dir)).toEqual({
      npm: "@acme/events",
      pythonDistribution: "acme-events",
      pythonImport: "acme_events",
      catalogTitle: "Acme event catalog",
    });
  });

  it.each([
    ["an npm name with capitals", namesFile("@Acme/Events", "acme-events", "acme_events"), 'npm "@Acme/Events" is not a valid name'],
    ["a distribution name with a space", namesFile("@acme/events", "acme events", "acme_events"), 'python.distribution "acme events" is not a valid name'],
    ["a dotted import name", namesFile("@acme/events", "acme-events", "acme.events"), 'python.import "acme.events" is not a valid name'],
    ["a keyword as import name", namesFile("@acme/events", "acme-events", "class"), 'python.import "class" is not a valid name'],
    ["google as import name", namesFile("@acme/events", "acme-events", "google"), 'python.import "google" is not a valid name'],
    ["an unknown key", `${namesFile("a", "a", "a")}pypi: a\n`, 'unknown key "pypi" in the file'],
    ["an empty title", namesFile("a", "a", "a", '""'), "catalog.title must be a non-empty string"],
  ])("rejects %s", (_, text, message) => {
    const dir = workspace({ "protoevents.names.yaml": text });
    expect(() => loadPackageNames(dir)).toThrow(PackageNamesError);
    expect(() => loadPackageNames(dir)).toThrow(`protoevents.names.yaml: ${message}`);
  });

  it("fails when the file is missing, where workspacePackageNames falls back to the framework's names", () => {
    const dir = workspace({});
    expect(() => loadPackageNames(dir)).toThrow("protoevents.names.yaml: not found at the repository root");
    expect(workspacePackageNames(dir)).toEqual(frameworkPackageNames);
  });
});

describe("syncPackageName", () => {
  it("writes the npm name into package.json, keeping the rest, and reports a change only once", () => {
    const manifest = { name: "protoevents", version: "1.2.3", exports: { ".": "./dist/index.js" } };
    const dir = workspace({
      "protoevents.names.yaml": namesFile("@acme/events", "acme-events", "acme_events"),
      "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
    });
    expect(syncPackageName(dir)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toEqual({ ...manifest, name: "@acme/events" });
    expect(syncPackageName(dir)).toBe(false);
  });

  it("leaves package.json alone when the names file is not valid", () => {
    const text = `${JSON.stringify({ name: "protoevents" }, null, 2)}\n`;
    const dir = workspace({ "protoevents.names.yaml": namesFile("Bad Name", "a", "a"), "package.json": text });
    expect(() => syncPackageName(dir)).toThrow(PackageNamesError);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(text);
  });
});

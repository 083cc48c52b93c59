import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { frameworkPackageNames, loadPackageNames, PackageNamesError, workspacePackageNames } from "../../scripts/lib/package-names.js";
import { syncPackageName } from "../../scripts/build/sync-package-names.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "protoevents-names-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const acmeProject = `project:
  repository: https://git.acme.example/platform/events.git
  author: Acme Corp
  keywords: [events, acme]
  status: beta
`;

function namesFile(npm: string, distribution: string, importName: string, title = "Acme event catalog", project = acmeProject): string {
  return `version: v1\nnpm: "${npm}"\npython:\n  distribution: "${distribution}"\n  import: "${importName}"\ncatalog:\n  title: ${title}\n${project}`;
}

describe("loadPackageNames", () => {
  it("reads the names and the project, deriving the homepage and issues from the repository", () => {
    const dir = workspace({ "protoevents.names.yaml": namesFile("@acme/events", "acme-events", "acme_events") });
    expect(loadPackageNames(dir)).toEqual({
      npm: "@acme/events",
      pythonDistribution: "acme-events",
      pythonImport: "acme_events",
      catalogTitle: "Acme event catalog",
      project: {
        repository: "https://git.acme.example/platform/events",
        homepage: "https://git.acme.example/platform/events#readme",
        issues: "https://git.acme.example/platform/events/issues",
        author: "Acme Corp",
        keywords: ["events", "acme"],
        status: "beta",
      },
      protoPrefix: "",
    });
  });

  it("reads an optional proto package prefix, dotted or not", () => {
    for (const prefix of ["acme", "acme.corp", "acme_events"]) {
      const dir = workspace({ "protoevents.names.yaml": `${namesFile("a", "a", "a")}proto:\n  prefix: ${prefix}\n` });
      expect(loadPackageNames(dir).protoPrefix).toBe(prefix);
    }
  });

  it("takes an explicit homepage and issues address", () => {
    const project = `${acmeProject}  homepage: https://events.acme.example/\n  issues: https://tracker.acme.example/events\n`;
    const dir = workspace({ "protoevents.names.yaml": namesFile("a", "a", "a", "t", project) });
    expect(loadPackageNames(dir).project).toMatchObject({ homepage: "https://events.acme.example/", issues: "https://tracker.acme.example/events" });
  });

  it("holds the repository's own file to the same rules", () => {
    const repoRoot = join(import.meta.dirname, "..", "..");
    expect(loadPackageNames(repoRoot).project.repository).toMatch(/^https:\/\//);
  });

  it.each([
    ["an npm name with capitals", namesFile("@Acme/Events", "acme-events", "acme_events"), 'npm "@Acme/Events" is not a valid name'],
    ["a distribution name with a space", namesFile("@acme/events", "acme events", "acme_events"), 'python.distribution "acme events" is not a valid name'],
    ["a dotted import name", namesFile("@acme/events", "acme-events", "acme.events"), 'python.import "acme.events" is not a valid name'],
    ["a keyword as import name", namesFile("@acme/events", "acme-events", "class"), 'python.import "class" is not a valid name'],
    ["google as import name", namesFile("@acme/events", "acme-events", "google"), 'python.import "google" is not a valid name'],
    ["an unknown key", `${namesFile("a", "a", "a")}pypi: a\n`, 'unknown key "pypi" in the file'],
    ["an empty title", namesFile("a", "a", "a", '""'), "catalog.title must be a non-empty string"],
    ["no project", namesFile("a", "a", "a", "t", ""), "project must be a mapping"],
    ["an http repository", namesFile("a", "a", "a", "t", acmeProject.replace("https://", "http://")), 'project.repository "http://git.acme.example/platform/events.git" is not an https address'],
    ["credentials in the repository", namesFile("a", "a", "a", "t", acmeProject.replace("https://", "https://me:secret@")), "project.repository must not carry credentials"],
    ["an unknown status", namesFile("a", "a", "a", "t", acmeProject.replace("beta", "done")), 'project.status "done" is not one of planning, pre-alpha, alpha, beta'],
    ["keywords as a string", namesFile("a", "a", "a", "t", acmeProject.replace("[events, acme]", "events")), "project.keywords must be a list of lowercase words"],
    ["an upper-case prefix", `${namesFile("a", "a", "a")}proto:\n  prefix: Acme\n`, 'proto.prefix "Acme" is not a proto package prefix'],
    ["a prefix ending in a dot", `${namesFile("a", "a", "a")}proto:\n  prefix: acme.\n`, 'proto.prefix "acme." is not a proto package prefix'],
    ["the framework's package as prefix", `${namesFile("a", "a", "a")}proto:\n  prefix: protoevents\n`, 'proto.prefix "protoevents" may not start with protoevents or google, nor hold a version part'],
    ["a version in the prefix", `${namesFile("a", "a", "a")}proto:\n  prefix: acme.v1\n`, 'proto.prefix "acme.v1" may not start with protoevents or google, nor hold a version part'],
    ["an unknown proto key", `${namesFile("a", "a", "a")}proto:\n  root: x\n`, 'unknown key "root" in proto'],
    ["an unknown project key", namesFile("a", "a", "a", "t", `${acmeProject}  license: MIT\n`), 'unknown key "license" in project'],
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
  it("writes the npm name and the project metadata into package.json, keeping the rest, and reports a change only once", () => {
    const manifest = { name: "protoevents", version: "1.2.3", license: "Apache-2.0", keywords: ["old"], exports: { ".": "./dist/index.js" } };
    const dir = workspace({
      "protoevents.names.yaml": namesFile("@acme/events", "acme-events", "acme_events"),
      "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
    });
    expect(syncPackageName(dir)).toBe(true);
    const written = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(written).toEqual({
      ...manifest,
      name: "@acme/events",
      author: "Acme Corp",
      repository: { type: "git", url: "git+https://git.acme.example/platform/events.git" },
      homepage: "https://git.acme.example/platform/events#readme",
      bugs: { url: "https://git.acme.example/platform/events/issues" },
      keywords: ["events", "acme"],
    });
    expect(Object.keys(written)).toEqual(["name", "version", "license", "author", "repository", "homepage", "bugs", "keywords", "exports"]);
    expect(syncPackageName(dir)).toBe(false);
  });

  it("leaves package.json alone when the names file is not valid", () => {
    const text = `${JSON.stringify({ name: "protoevents" }, null, 2)}\n`;
    const dir = workspace({ "protoevents.names.yaml": namesFile("Bad Name", "a", "a"), "package.json": text });
    expect(() => syncPackageName(dir)).toThrow(PackageNamesError);
    expect(readFileSync(join(dir, "package.json"), "utf8")).toBe(text);
  });
});

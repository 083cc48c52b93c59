// The published artifacts as a careful user (or their legal team) reads them: the packed npm
// tarball, the wheel and the sdist carry the license and the project metadata of
// protoevents.names.yaml, and the npm package shows its users' README with links that resolve.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { developmentStatuses, loadPackageNames } from "../scripts/lib/package-names.js";
import { packNpmPackage, repositoryOnlyFields } from "../scripts/release/npm-package.js";
import { pythonArtifactNames } from "../scripts/release/package-files.js";
import { manifestMetadata } from "../scripts/build/sync-package-names.js";

const root = join(import.meta.dirname, "..");
const names = loadPackageNames(root);
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; license: string; description: string };
const license = readFileSync(join(root, "LICENSE"), "utf8");
const [wheel, sdist] = pythonArtifactNames(names.pythonDistribution, manifest.version).map((name) => join(root, "python", "dist", name)) as [string, string];

let work = "";
let unpacked = "";

/** The core metadata of a wheel's METADATA or an sdist's PKG-INFO: each header's values, in order. */
function coreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of text.slice(0, text.indexOf("\n\n")).split("\n")) {
    const colon = line.indexOf(": ");
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    headers.set(key, [...(headers.get(key) ?? []), line.slice(colon + 2)]);
  }
  return headers;
}

/** A file of a zip archive, read by the Python standard library (Node has no unzip). */
function unzipText(archive: string, member: string): string {
  const script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1]) as z:\n    print(z.read(sys.argv[2]).decode(), end='')";
  return execFileSync("python3", ["-c", script, archive, member], { encoding: "utf8" });
}

function zipMembers(archive: string): string[] {
  const script = "import sys, zipfile\nprint('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))";
  return execFileSync("python3", ["-c", script, archive], { encoding: "utf8" }).trim().split("\n");
}

beforeAll(() => {
  for (const artifact of [join(root, "dist"), wheel, sdist]) {
    if (!existsSync(artifact)) throw new Error(`${artifact} is missing: run \`npm run build\` first`);
  }
  work = mkdtempSync(join(tmpdir(), "protoevents-metadata-"));
  const tarball = packNpmPackage(root, work);
  unpacked = join(work, "unpacked");
  mkdirSync(unpacked);
  execFileSync("tar", ["xzf", tarball, "-C", unpacked]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the npm tarball", () => {
  const packed = (path: string): string => readFileSync(join(unpacked, "package", path), "utf8");

  it("declares the license, author, repository, homepage, bugs and keywords of protoevents.names.yaml", () => {
    const published = JSON.parse(packed("package.json")) as Record<string, unknown>;
    expect(published).toMatchObject({ name: names.npm, license: manifest.license, ...manifestMetadata(names) });
    for (const field of repositoryOnlyFields) expect(published).not.toHaveProperty(field);
    expect(packed("LICENSE")).toBe(license);
  });

  it("shows its users a README: install and use, not the contributors' build, with every link absolute", () => {
    const readme = packed("README.md");
    expect(readme.startsWith(`# ${names.npm}\n\n${manifest.description}\n`)).toBe(true);
    expect(readme).toContain(`npm install ${names.npm}`);
    expect(readme).toContain(names.project.repository);
    expect(readme).not.toContain("npm run build");
    expect(readme).not.toContain("<!-- npm-readme");
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target).toMatch(/^https:\/\//);
  });

  it("has no file but the package's own: dist/, package.json, README.md and LICENSE", () => {
    const top = readdirSync(join(unpacked, "package")).sort();
    expect(top).toEqual(["LICENSE", "README.md", "dist", "package.json"]);
  });
});

describe.each([
  ["the wheel", () => unzipText(wheel, zipMembers(wheel).find((member) => member.endsWith(".dist-info/METADATA")) ?? "no METADATA")],
  ["the sdist", () => execFileSync("tar", ["xzf", sdist, "-O", `${basename(sdist, ".tar.gz")}/PKG-INFO`], { encoding: "utf8" })],
])("%s", (_, read) => {
  it("declares the project metadata of protoevents.names.yaml, the license and every supported Python", () => {
    const metadata = coreMetadata(read());
    const { project } = names;
    expect(metadata.get("Name")).toEqual([names.pythonDistribution]);
    expect(metadata.get("Project-URL")).toEqual([`Homepage, ${project.homepage}`, `Repository, ${project.repository}`, `Issues, ${project.issues}`]);
    expect(metadata.get("Author")).toEqual([project.author]);
    expect(metadata.get("Keywords")?.[0]?.split(",").sort()).toEqual([...project.keywords].sort());
    expect(metadata.get("License-Expression")).toEqual([manifest.license]);
    expect(metadata.get("License-File")).toEqual(["LICENSE"]);
    const classifiers = metadata.get("Classifier") ?? [];
    expect(classifiers).toContain(developmentStatuses[project.status]);
    expect(classifiers.filter((c) => c.startsWith("Development Status ::"))).toHaveLength(1);
    const requiresPython = /^>=3\.(\d+)$/.exec(metadata.get("Requires-Python")?.[0] ?? "");
    expect(requiresPython).not.toBeNull();
    const minor = Number(requiresPython?.[1]);
    // Each minor Python from the declared minimum to 3.13 is named.
    for (let m = minor; m <= 13; m++) expect(classifiers).toContain(`Programming Language :: Python :: 3.${m}`);
    expect(metadata.get("Provides-Extra")).toEqual(["kafka", "nats", "typing"]);
    expect(metadata.get("Requires-Dist")?.some((line) => /^confluent-kafka\b.*; extra == 'kafka'$/.test(line))).toBe(true);
    expect(metadata.get("Requires-Dist")?.some((line) => /^nats-py\b.*; extra == 'nats'$/.test(line))).toBe(true);
    expect(metadata.get("Requires-Dist")?.some((line) => /^types-protobuf\b.*; extra == 'typing'$/.test(line))).toBe(true);
  });
});

describe("the sdist", () => {
  it("holds only the package, its build file, README, LICENSE and PKG-INFO: no dotfiles", () => {
    const files = execFileSync("tar", ["tzf", sdist], { encoding: "utf8" }).trim().split("\n").map((path) => path.slice(path.indexOf("/") + 1));
    expect(files.filter((path) => !path.startsWith(`src/${names.pythonImport}/`)).sort()).toEqual(["LICENSE", "PKG-INFO", "README.md", "pyproject.toml"]);
    expect(files.filter((path) => path.split("/").some((part) => part.startsWith(".")))).toEqual([]);
  });
});

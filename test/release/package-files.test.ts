// The names the release derives from protoevents.names.yaml, checked against what the real
// tools make: `pnpm pack` for the npm tarball, `python -m build` (hatchling) for the wheel and sdist.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  distributionFileStem,
  indexProjectName,
  isPythonArtifactOf,
  npmTarballName,
  pythonArtifactNames,
} from "../../scripts/release/package-files.js";
import { devVenv, venvPython } from "../../scripts/build/python-venvs.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "protoevents-package-files-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npmTarballName", () => {
  it("drops the scope's @ and joins it with -", () => {
    expect(npmTarballName("@acme/events", "1.0.0")).toBe("acme-events-1.0.0.tgz");
    expect(npmTarballName("events", "2.3.4")).toBe("events-2.3.4.tgz");
  });

  it("is the name pnpm pack gives a scoped package", () => {
    const pkg = join(work, "npm");
    mkdirSync(pkg);
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@acme/events", version: "1.0.0", files: ["index.js"] }));
    writeFileSync(join(pkg, "index.js"), "export {};\n");
    const pnpm = join(root, ".tools", "node_modules", "pnpm", "bin", "pnpm.cjs");
    execFileSync(process.execPath, [pnpm, "pack", "--pack-destination", join(work, "packed")], { cwd: pkg, stdio: "pipe" });
    expect(readdirSync(join(work, "packed"))).toEqual([npmTarballName("@acme/events", "1.0.0")]);
  });
});

describe("Python distribution names", () => {
  it("normalizes for the index URL (PEP 503) and for file names (PEP 427, PEP 625)", () => {
    expect(indexProjectName("Acme_Events..Core")).toBe("acme-events-core");
    expect(distributionFileStem("Acme-Events.core")).toBe("acme_events_core");
    expect(pythonArtifactNames("acme-events", "1.0.0")).toEqual(["acme_events-1.0.0-py3-none-any.whl", "acme_events-1.0.0.tar.gz"]);
  });

  it("are the names python -m build gives the wheel and the sdist", () => {
    const project = join(work, "python");
    mkdirSync(join(project, "src", "acme_events"), { recursive: true });
    writeFileSync(join(project, "src", "acme_events", "__init__.py"), "");
    writeFileSync(
      join(project, "pyproject.toml"),
      [
        "[build-system]",
        'requires = ["hatchling"]',
        'build-backend = "hatchling.build"',
        "[project]",
        'name = "Acme.Events"',
        'version = "1.0.0"',
        'requires-python = ">=3.11"',
        "[tool.hatch.build.targets.wheel]",
        'packages = ["src/acme_events"]',
        "",
      ].join("\n"),
    );
    execFileSync(venvPython(devVenv), ["-m", "build", "--no-isolation", "--outdir", join(work, "python-dist"), project], { stdio: "pipe" });
    expect(readdirSync(join(work, "python-dist")).sort()).toEqual([...pythonArtifactNames("Acme.Events", "1.0.0")].sort());
  });

  it("recognize a version's files however an index spells the name, and nothing else", () => {
    expect(isPythonArtifactOf("acme_events-1.0.0-py3-none-any.whl", "acme-events", "1.0.0")).toBe(true);
    expect(isPythonArtifactOf("Acme.Events-1.0.0.tar.gz", "acme-events", "1.0.0")).toBe(true);
    expect(isPythonArtifactOf("acme_events-1.0.0.tar.gz", "acme-events", "1.0")).toBe(false);
    expect(isPythonArtifactOf("acme_events-1.0.01.tar.gz", "acme-events", "1.0.0")).toBe(false);
    expect(isPythonArtifactOf("acme_events_core-1.0.0.tar.gz", "acme-events", "1.0.0")).toBe(false);
    expect(isPythonArtifactOf("acmeXevents-1.0.0.tar.gz", "acme.events", "1.0.0")).toBe(false);
  });
});

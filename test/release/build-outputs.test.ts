// A dry run's copy of the build outputs: whatever the release does to them in between,
// restore() leaves every file as it was, bytes and times, and removes what was not there.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildOutputs, snapshotBuildOutputs } from "../../scripts/release/build-outputs.js";

const root = mkdtempSync(join(tmpdir(), "protoevents-build-outputs-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Every file under root: its path, contents and modification time (to the millisecond, as utimes keeps it). */
function listing(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = `${readFileSync(path, "utf8")} @${Math.round(statSync(path).mtimeMs)}`;
  }
  return files;
}

describe("snapshotBuildOutputs", () => {
  it("puts back the folders as they were and removes the ones that were missing", () => {
    write("gen/python-package/pkg/_version.py", '__version__ = "1.0.0"\n');
    write("dist/index.js", "export {};\n");
    write("python/dist/pkg-1.0.0-py3-none-any.whl", "wheel 1.0.0");
    write("python/src/pkg/__init__.py", "handwritten\n");
    utimesSync(join(root, "dist", "index.js"), new Date(1_700_000_000_000), new Date(1_700_000_000_000));
    const before = listing();

    const snapshot = snapshotBuildOutputs(root);
    // What a release does between: clean, then build at the bumped version.
    for (const dir of buildOutputs) rmSync(join(root, dir), { recursive: true, force: true });
    write("gen/python-package/pkg/_version.py", '__version__ = "1.1.0"\n');
    write("dist/index.js", "export const changed = 1;\n");
    write("python/dist/pkg-1.1.0-py3-none-any.whl", "wheel 1.1.0");
    write("dist-catalog/index.html", "<html></html>");
    expect(listing()).not.toEqual(before);

    expect(snapshot.restore()).toEqual(buildOutputs);
    expect(listing()).toEqual(before);
    expect(existsSync(snapshot.dir)).toBe(false);
  });

  it("discards the copy and leaves the tree as it is", () => {
    write("dist/index.js", "export const built = 1;\n");
    const snapshot = snapshotBuildOutputs(root);
    expect(existsSync(join(snapshot.dir, "dist", "index.js"))).toBe(true);
    write("dist/index.js", "export const built = 2;\n");
    snapshot.discard();
    expect(existsSync(snapshot.dir)).toBe(false);
    expect(readFileSync(join(root, "dist", "index.js"), "utf8")).toBe("export const built = 2;\n");
  });
});

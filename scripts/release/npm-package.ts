// The npm package as it is published: package.json without what only the repository needs
// (scripts, devDependencies, packageManager), the users' README, the LICENSE and dist/,
// staged in a folder of its own and packed there. The release, the package tests and the
// adoption test all pack through here, so they check the tarball that is published.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPackageNames } from "../lib/package-names.js";
import { npmReadme } from "./npm-readme.js";
import { npmTarballName } from "./package-files.js";

/** The package.json fields only the repository uses, left out of the published manifest. */
export const repositoryOnlyFields = ["scripts", "devDependencies", "packageManager"] as const;

/**
 * Stages the npm package of the workspace at `root` (built: dist/ must exist) and packs it with
 * the workspace's pinned pnpm into `destination`.
 *
 * @returns the tarball's path.
 * @throws when dist/ or pnpm is missing, README.md has no users' part, or pnpm pack fails.
 */
export function packNpmPackage(root: string, destination: string): string {
  const pnpm = join(root, ".tools", "node_modules", "pnpm", "bin", "pnpm.cjs");
  if (!existsSync(join(root, "dist"))) throw new Error("dist/ is missing: run `npm run build` first");
  if (!existsSync(pnpm)) throw new Error("pnpm is not in .tools/: run `npm run build` once, it installs pnpm there");
  const names = loadPackageNames(root);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown> & {
    readonly version: string;
    readonly description: string;
    readonly license: string;
  };
  for (const field of repositoryOnlyFields) delete manifest[field];
  const stage = mkdtempSync(join(tmpdir(), "protoevents-npm-package-"));
  try {
    writeFileSync(join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(stage, "README.md"), npmReadme(readFileSync(join(root, "README.md"), "utf8"), names, manifest));
    cpSync(join(root, "LICENSE"), join(stage, "LICENSE"));
    cpSync(join(root, "dist"), join(stage, "dist"), { recursive: true });
    execFileSync(process.execPath, [pnpm, "pack", "--pack-destination", destination], { cwd: stage, stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const tarball = join(destination, npmTarballName(names.npm, manifest.version));
  if (!existsSync(tarball)) throw new Error(`pnpm pack did not write ${tarball}`);
  return tarball;
}

// A dry run, and a release that stops before its commit, must leave the build outputs as it
// found them: the release cleans them and builds at the bumped version, and the next
// `npm test` would read that build (a wheel at the bumped version against package.json at
// the old one).
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The folders the build writes, relative to the repository root: the release cleans them first. */
export const buildOutputs: readonly string[] = ["gen", "dist", join("python", "dist"), "dist-catalog"];

/** A copy of the build outputs, taken before a release changes them. */
export interface BuildOutputsSnapshot {
  /** The temp folder that holds the copy. */
  readonly dir: string;
  /**
   * Replaces the build outputs in the tree with the copy (a folder that did not exist is
   * removed), then deletes the copy.
   *
   * @returns the folders put back as they were.
   */
  restore(): string[];
  /** Deletes the copy, leaving the build outputs in the tree as they are. */
  discard(): void;
}

/** Copies the build outputs of `root` into a temp folder. */
export function snapshotBuildOutputs(root: string): BuildOutputsSnapshot {
  const copy = mkdtempSync(join(tmpdir(), "protoevents-build-outputs-"));
  for (const dir of buildOutputs) {
    if (existsSync(join(root, dir))) cpSync(join(root, dir), join(copy, dir), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  }
  return {
    dir: copy,
    restore() {
      for (const dir of buildOutputs) {
        rmSync(join(root, dir), { recursive: true, force: true });
        if (existsSync(join(copy, dir))) cpSync(join(copy, dir), join(root, dir), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      }
      rmSync(copy, { recursive: true, force: true });
      return [...buildOutputs];
    },
    discard() {
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

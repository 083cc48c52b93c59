import { renameSync, writeFileSync } from "node:fs";

/**
 * Replaces a file's content in one step: written beside it, then renamed over it, so that a
 * process reading it meanwhile (node reads package.json on every start) sees the old content or
 * the new, never an empty file. Five lines, so not the `write-file-atomic` package.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { git } from "./git.js";

/**
 * Copies the working tree of the git checkout at `root` into `target`: the tracked files and the
 * untracked ones git does not ignore, as they are now (a deleted file is left out), modes kept.
 * The adoption tests and the scale benchmark build such copies, as a fresh clone has the files.
 *
 * @throws the child_process error when git cannot list the files.
 */
export function copyWorkingTree(root: string, target: string): void {
  const files = git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { trim: false })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
}

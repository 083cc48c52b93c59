import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Copies the working tree of the git checkout at `root` into `target`: the tracked files and the
 * untracked ones git does not ignore, as they are now (a deleted file is left out), modes kept.
 * The adoption tests and the scale benchmark build such copies, as a fresh clone has the files.
 *
 * @throws the child_process error when git cannot list the files.
 */
export function copyWorkingTree(root: string, target: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
}

// The repository clone the end-to-end release test releases from. It shares the outer
// checkout's installed dependencies instead of installing them again (`npm run build` proves
// that installation on every run): node_modules/ and .tools/ are links, and .venv/ holds links
// to the build venv's parts but its own wheel-tests/, so nothing the clone's tests install
// reaches the outer checkout's test venvs.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/** The parts of the outer .venv that are not the build venv itself. */
const ownVenvFolders = new Set(["wheel-tests", "release-registry"]);

/**
 * Clones `root` into `clone` on the branch `main` and links it to `root`'s dependencies.
 *
 * @throws when `root` has not been built (no node_modules/, .tools/ or .venv/), or git fails.
 */
export function cloneSharingDependencies(root: string, clone: string): void {
  for (const dir of ["node_modules", ".tools", ".venv"]) {
    if (!existsSync(join(root, dir))) throw new Error(`${dir}/ is missing in ${root}: run \`npm run build\` first`);
  }
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
  execFileSync("git", ["switch", "--quiet", "--force-create", "main"], { cwd: clone });
  // .gitignore's `node_modules/` matches folders only, not links to them.
  appendFileSync(join(clone, ".git", "info", "exclude"), "/node_modules\n/.tools\n");
  symlinkSync(join(root, "node_modules"), join(clone, "node_modules"));
  symlinkSync(join(root, ".tools"), join(clone, ".tools"));
  mkdirSync(join(clone, ".venv"));
  for (const entry of readdirSync(join(root, ".venv"))) {
    if (!ownVenvFolders.has(entry)) symlinkSync(join(root, ".venv", entry), join(clone, ".venv", entry));
  }
}

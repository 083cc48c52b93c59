// Entry point of `npm run build` and `npm test` on a machine that has only Node and npm.
// It installs the pinned pnpm into .tools/, installs the workspace with it, then hands
// the command to the TypeScript task runner. Plain JavaScript because nothing else is
// installed yet when it starts.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [task, ...rest] = process.argv.slice(2);
if (task === undefined) {
  console.error("usage: node scripts/bootstrap.mjs <build|test|release> [args...]");
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const pnpmVersion = /^pnpm@(.+)$/.exec(pkg.packageManager ?? "")?.[1];
if (pnpmVersion === undefined) {
  console.error("package.json must pin pnpm in its packageManager field, e.g. pnpm@10.34.9");
  process.exit(2);
}

const tools = join(root, ".tools");
const pnpm = join(tools, "node_modules", "pnpm", "bin", "pnpm.cjs");

function run(file, args) {
  execFileSync(file, args, { cwd: root, stdio: "inherit" });
}

function installedPnpmVersion() {
  const manifest = join(tools, "node_modules", "pnpm", "package.json");
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).version : undefined;
}

try {
  if (installedPnpmVersion() !== pnpmVersion) {
    console.log(`▶ bootstrap: installing pnpm@${pnpmVersion} into .tools/`);
    run("npm", ["install", "--prefix", tools, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${pnpmVersion}`]);
  }
  console.log("▶ bootstrap: pnpm install --frozen-lockfile");
  run(process.execPath, [pnpm, "install", "--frozen-lockfile", "--reporter=append-only"]);
  run(process.execPath, [pnpm, "exec", "tsx", join("scripts", "tasks.ts"), task, ...rest]);
} catch (error) {
  // The failing step already printed its own output; exit with its status.
  process.exit(typeof error.status === "number" && error.status !== 0 ? error.status : 1);
}

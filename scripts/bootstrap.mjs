// Entry point of `npm run build` and `npm test` on a machine that has only Node and npm.
// It installs the pinned pnpm into .tools/, installs the workspace with it, then hands
// the command to the TypeScript task runner. Plain JavaScript because nothing else is
// installed yet when it starts.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { exitStatusOf, statusError } from "./lib/exit-status.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const [task, ...rest] = process.argv.slice(2);
if (task === undefined) {
  console.error("usage: node scripts/bootstrap.mjs <lint|build|test> [args...]");
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

// Output that is not a terminal (CI, a log file) gets no colour codes, from any tool.
if (!process.stdout.isTTY) Object.assign(process.env, { NO_COLOR: "1", FORCE_COLOR: "0" });

function run(file, args) {
  execFileSync(file, args, { cwd: root, stdio: "inherit" });
}

/** Runs a command with its output kept unless it fails; then prints it and throws its status. */
function runQuiet(file, args) {
  const result = spawnSync(file, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  if (result.status === 0) return;
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? result.error?.message ?? "");
  throw statusError(`${file} failed`, result.status ?? 1);
}

function installedPnpmVersion() {
  const manifest = join(tools, "node_modules", "pnpm", "package.json");
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).version : undefined;
}

try {
  if (installedPnpmVersion() !== pnpmVersion) {
    console.log(`▶ bootstrap: installing pnpm@${pnpmVersion} into .tools/`);
    runQuiet("npm", ["install", "--prefix", tools, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${pnpmVersion}`]);
  }
  console.log("▶ bootstrap: pnpm install --frozen-lockfile");
  runQuiet(process.execPath, [pnpm, "install", "--frozen-lockfile", "--reporter=append-only"]);
  run(process.execPath, [pnpm, "exec", "tsx", join("scripts", "build", "tasks.ts"), task, ...rest]);
} catch (error) {
  // The failing step already printed its own output; exit with its status.
  process.exit(exitStatusOf(error));
}

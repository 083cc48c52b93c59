// verdaccio and pypiserver on 127.0.0.1 in a temp folder, for the end-to-end release test:
// installed from test/release/registry-tools, started as child processes, stopped by pid.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureVenv, venvPython } from "../../../scripts/build/python-venvs.js";
import { freePort } from "../../server-process.js";

const root = join(import.meta.dirname, "..", "..", "..");
const tools = join(import.meta.dirname, "..", "registry-tools");
const pypiVenv = join(root, ".venv", "release-registry");

/** A registry running on 127.0.0.1. */
export interface LocalRegistry {
  /** The registry's base URL, ending in `/`. */
  readonly url: string;
  /** The server's process. */
  readonly process: ChildProcess;
}

/**
 * Installs verdaccio (npm ci from the pinned lockfile) and pypiserver (a venv from pinned
 * requirements) when missing, the two at once.
 *
 * @throws when npm ci or pip fails.
 */
export async function installRegistryTools(): Promise<void> {
  let npmCi: Promise<void> = Promise.resolve();
  if (!existsSync(join(tools, "node_modules", ".bin", "verdaccio"))) {
    const child = spawn("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: tools, stdio: "inherit" });
    npmCi = new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`npm ci in ${tools} exited with ${code}`))));
    });
  }
  // Synchronous, while npm ci runs in its own process.
  try {
    ensureVenv(pypiVenv, join(tools, "requirements.txt"));
  } finally {
    await npmCi;
  }
}

/** A free TCP port on 127.0.0.1. */
async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 30 s:\n${log()}`);
}

function start(command: string, args: readonly string[]): { child: ChildProcess; log: () => string } {
  let output = "";
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, log: () => output };
}

/**
 * Starts verdaccio with its storage and htpasswd in `dir`, no uplinks, anyone may read and
 * only users may publish; creates the user `release` and returns its token.
 */
export async function startVerdaccio(dir: string): Promise<LocalRegistry & { readonly token: string }> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${join(dir, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(dir, "htpasswd")}`,
      "uplinks: {}",
      "packages:",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const { child, log } = start(join(tools, "node_modules", ".bin", "verdaccio"), ["--config", config, "--listen", `127.0.0.1:${port}`]);
  await waitFor(`${url}-/ping`, child, log);
  const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "release", password: "release-password" }),
  });
  const body = (await response.json()) as { token?: unknown };
  if (!response.ok || typeof body.token !== "string") throw new Error(`verdaccio did not create the user: ${JSON.stringify(body)}`);
  return { url, process: child, token: body.token };
}

/** Starts pypiserver on packages in `dir`, uploads guarded by htpasswd for `user`/`password`, no fallback to pypi.org. */
export async function startPypiserver(dir: string, user: string, password: string): Promise<LocalRegistry> {
  const packages = join(dir, "packages");
  mkdirSync(packages, { recursive: true });
  const htpasswd = join(dir, "htpasswd");
  execFileSync(venvPython(pypiVenv), [
    "-c",
    "import sys; from passlib.apache import HtpasswdFile as H; h = H(sys.argv[1], new=True); h.set_password(sys.argv[2], sys.argv[3]); h.save()",
    htpasswd,
    user,
    password,
  ]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const { child, log } = start(venvPython(pypiVenv), [
    "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", String(port), "-P", htpasswd, "-a", "update", "--disable-fallback", packages,
  ]);
  await waitFor(`${url}simple/`, child, log);
  return { url, process: child };
}

/** Stops a server by its pid and waits for it to exit. */
export async function stop(registry: LocalRegistry | undefined): Promise<void> {
  const child = registry?.process;
  if (child === undefined || child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
}

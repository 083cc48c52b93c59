// A Python peer of the cross-language broker tests (a script in python/tests, such as kafka_peer.py
// or nats_peer.py) run from vitest: the latest test venv's interpreter, the fixture package on
// PYTHONPATH, and the record file its `route` command writes through peer_recorder.py.
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackageNames } from "../scripts/lib/package-names.js";
import { fixturesPythonPath } from "../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython } from "../scripts/build/python-venvs.js";

const root = join(import.meta.dirname, "..");
const testsDir = join(root, "python", "tests");

/** What a peer's `route` wrote (python/tests/peer_recorder.py): one line per handler run, handled event, dead letter or skip. */
export interface PeerLine {
  readonly kind: "run" | "handled" | "dead-letter" | "skip";
  readonly eventId?: string;
  readonly aggregateId?: string;
  readonly name?: string;
  readonly version?: string;
  readonly attempt?: number;
  readonly attempts?: number;
  readonly payloadClass?: string;
  readonly payload?: unknown;
  readonly envelopeHex?: string;
  readonly code?: string;
  readonly message?: string;
  /** The dead-letter subject (NATS only). */
  readonly subject?: string;
  readonly where?: [string, number, number];
}

/** How a peer process ended: its exit code or signal, and all it wrote to stdout. */
export interface PeerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

/** A running peer process: its process id, and its end. */
export interface RunningPeer {
  readonly pid: number;
  readonly done: Promise<PeerExit>;
}

/** A `route` run to its end: its exit code, the summary it printed last, and the lines it recorded. */
export interface RouteResult {
  readonly code: number | null;
  readonly summary: unknown;
  readonly lines: PeerLine[];
}

function peerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: fixturesPythonPath, PROTOEVENTS_PYTHON_IMPORT: loadPackageNames(root).pythonImport };
}

function peerCommand(script: string): [string, string] {
  return [venvPython(ensureTestVenv("latest")), join(testsDir, script)];
}

/**
 * Runs a peer script to its end (at most 2 min), `input` on its stdin; returns its stdout as JSON.
 *
 * @param stderr - where its stderr goes: the test's output, or nowhere (for a chatty client library)
 * @throws when it exits non-zero, times out, or prints something that is not JSON.
 */
export function runPeer(script: string, args: string[], input = "", stderr: "inherit" | "ignore" = "inherit"): unknown {
  const [python, path] = peerCommand(script);
  const output = execFileSync(python, [path, ...args], { cwd: testsDir, encoding: "utf8", input, timeout: 120_000, env: peerEnv(), stdio: ["pipe", "pipe", stderr] });
  return JSON.parse(output);
}

/**
 * Starts a peer script without waiting for it. Its stderr is kept (the last 5,000 characters) and
 * printed when it exits with a code other than 0, 3 or 4 (the peers' own outcomes) and no signal.
 */
export function startPeer(script: string, args: string[]): RunningPeer {
  const [python, path] = peerCommand(script);
  const child = spawn(python, [path, ...args], { cwd: testsDir, env: peerEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-5000)));
  const done = new Promise<PeerExit>((resolve) =>
    child.once("exit", (code, signal) => {
      if (code !== 0 && code !== 3 && code !== 4 && signal === null) console.error(`${script} ${args[0] ?? ""} exited with ${code}:\n${stderr}`);
      resolve({ code, signal, stdout });
    }),
  );
  return { pid: child.pid as number, done };
}

/** Waits for a started `route` to end; returns its exit code, its last stdout line as JSON, and its record file's lines. */
export async function finishRoute(running: RunningPeer, recordFile: string): Promise<RouteResult> {
  const { code, stdout } = await running.done;
  return { code, summary: JSON.parse(stdout.trim().split("\n").at(-1) ?? "null"), lines: readPeerLines(recordFile) };
}

/** The lines of a record file (none when it does not exist yet). */
export function readPeerLines(file: string): PeerLine[] {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  // A line being written when the process was killed is incomplete: left out.
  return text.split("\n").flatMap((line) => {
    try {
      return line === "" ? [] : [JSON.parse(line) as PeerLine];
    } catch {
      return [];
    }
  });
}

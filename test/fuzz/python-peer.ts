// The Python side of the differential fuzzer: one long-lived process (python/tests/fuzz_peer.py)
// fed in chunks of JSON lines, restarted when it crashes, the input it died on reported as an
// escape.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { loadPackageNames } from "../../scripts/lib/package-names.js";
import { fixturesPythonPath } from "../../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython, type TestVenv } from "../../scripts/build/python-venvs.js";
import { inputBody, type FuzzInput } from "./fuzz-input.js";
import type { Outcome } from "./outcome.js";

const root = join(import.meta.dirname, "..", "..");
// More crashes than this in one chunk is a peer that cannot run at all, not inputs that crash it.
const maxCrashesPerChunk = 20;

/** How to start a peer: the interpreter, its arguments and environment. */
export interface PeerCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** The command that runs python/tests/fuzz_peer.py in a test venv (`latest` by default), made first if needed. */
export function fuzzPeerCommand(venv: TestVenv = "latest"): PeerCommand {
  return {
    file: venvPython(ensureTestVenv(venv)),
    args: [join(root, "python", "tests", "fuzz_peer.py")],
    env: { ...process.env, PYTHONPATH: fixturesPythonPath, PROTOEVENTS_PYTHON_IMPORT: loadPackageNames(root).pythonImport },
  };
}

/** A running peer: answers chunks of inputs, in order. */
export interface PythonPeer {
  /** The outcome of every input, and the seconds the peer spent on them. */
  run(inputs: readonly FuzzInput[]): Promise<{ outcomes: Outcome[]; busySeconds: number }>;
  /** Ends the peer. */
  close(): Promise<void>;
}

interface Process {
  readonly child: ChildProcessWithoutNullStreams;
  readonly nextLine: () => Promise<string | undefined>;
  readonly stderrTail: () => string;
  readonly exited: Promise<string>;
}

function startProcess(command: PeerCommand): Process {
  const child = spawn(command.file, [...command.args], { cwd: root, env: command.env, stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let closed = false;
  const reader = createInterface({ input: child.stdout, crlfDelay: Infinity });
  reader.on("line", (line) => {
    const waiter = waiting.shift();
    if (waiter === undefined) lines.push(line);
    else waiter(line);
  });
  reader.on("close", () => {
    closed = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  });
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => {
    stderr = (stderr + data.toString("utf8")).slice(-2000);
  });
  // A peer that died mid-chunk closes the pipe: its exit is reported, not the write error.
  child.stdin.on("error", () => undefined);
  const exited = new Promise<string>((resolve) => {
    child.on("exit", (code, signal) => resolve(signal === null ? `exit code ${code}` : `signal ${signal}`));
    child.on("error", (error) => resolve(`could not start: ${error.message}`));
  });
  return {
    child,
    nextLine: () => {
      const line = lines.shift();
      if (line !== undefined || closed) return Promise.resolve(line);
      return new Promise((resolve) => waiting.push(resolve));
    },
    stderrTail: () => stderr,
    exited,
  };
}

/**
 * Starts the peer. A crash (the process ends before answering every input of a chunk) makes
 * the first unanswered input an escape; the peer is started anew for the rest.
 */
export function startPythonPeer(command: PeerCommand): PythonPeer {
  let process: Process | undefined;
  const answer = async (peer: Process, inputs: readonly FuzzInput[]): Promise<{ outcomes: Outcome[]; busySeconds?: number }> => {
    peer.child.stdin.write(inputs.map((input) => `${JSON.stringify(inputBody(input))}\n`).join("") + '{"flush":true}\n');
    const outcomes: Outcome[] = [];
    while (outcomes.length < inputs.length) {
      const line = await peer.nextLine();
      if (line === undefined) return { outcomes };
      outcomes.push(JSON.parse(line) as Outcome);
    }
    const stats = await peer.nextLine();
    if (stats === undefined) return { outcomes };
    return { outcomes, busySeconds: (JSON.parse(stats) as { busySeconds: number }).busySeconds };
  };
  return {
    async run(inputs) {
      const outcomes: Outcome[] = [];
      let busySeconds = 0;
      let crashes = 0;
      while (outcomes.length < inputs.length) {
        process ??= startProcess(command);
        const result = await answer(process, inputs.slice(outcomes.length));
        outcomes.push(...result.outcomes);
        if (result.busySeconds !== undefined) {
          busySeconds += result.busySeconds;
          continue;
        }
        const how = await process.exited;
        if (++crashes > maxCrashesPerChunk) throw new Error(`the Python peer crashed ${crashes} times in one chunk, last: ${how}: ${process.stderrTail()}`);
        if (outcomes.length < inputs.length) outcomes.push({ escape: `PeerCrash: ${how}: ${process.stderrTail().trim().slice(-300)}` });
        process = undefined;
      }
      return { outcomes, busySeconds };
    },
    async close() {
      if (process === undefined) return;
      process.child.stdin.end();
      await process.exited;
      process = undefined;
    },
  };
}

// A TypeScript consumer in a process of its own (test/kafka/consume-to-file.ts,
// test/nats/consume-to-file.ts), for the tests that kill it mid-stream: it appends each handled
// event's id, a line, to a file.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");

/** A started consumer process, and its end: its signal, or its exit code. */
export interface ConsumerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

/** Starts `script` (a path from the repository's root) under `node --import tsx`, its output to the test's. */
export function startConsumerProcess(script: string, args: string[]): ConsumerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, script), ...args], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  return { child, exited };
}

/** The ids a consumer process wrote to `file`, in order (none while the file does not exist). */
export function handledIds(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((line) => line !== "") : [];
}

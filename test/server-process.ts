// A server process a test starts (a Kafka broker, a NATS server): spawned with its output kept for
// error messages, on a free port of 127.0.0.1, stopped by its PID, its temp folder deleted.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";

/** A spawned server process, ready or not. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** The last 20,000 characters it wrote to stdout and stderr. */
  output(): string;
  /** Stops it by its PID (SIGTERM, SIGKILL after the grace period), waits for its exit and deletes its folder. */
  stop(): Promise<void>;
}

/** A port nothing listens on now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Spawns a server whose files are in `dir`, and waits for `ready` (given the process); stops it
 * when it does not get ready.
 *
 * @param killAfterMs - how long `stop` waits after SIGTERM before SIGKILL
 * @throws what `ready` throws, or when the process cannot be spawned (it is stopped then).
 */
export async function startServerProcess(
  name: string,
  command: string,
  args: string[],
  dir: string,
  killAfterMs: number,
  ready: (server: ServerProcess) => Promise<void>,
): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once("error", (error) => reject(new Error(`${name} did not start: ${error.message}`))));
  const server: ServerProcess = {
    child,
    output: () => output,
    stop: async () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, "SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.race([ready(server), spawnError]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** A process's resident memory now, in MiB (from /proc). */
export function residentMiB(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024;
}

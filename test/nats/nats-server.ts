// A real NATS server with JetStream for the tests: Debian's nats-server (.ci/install-nats-server)
// on 127.0.0.1 at a free port, with no monitoring port, its JetStream store in a temp folder,
// ready when JetStream answers a client, bounded in time, and stopped by its PID.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { freePort, residentMiB, startServerProcess } from "../server-process.js";

/** Debian's nats-server, installed by .ci/install-nats-server; no test downloads a server. */
const natsServerPath = "/usr/sbin/nats-server";

/** A running NATS server with JetStream. */
export interface NatsServer {
  /** `nats://127.0.0.1:<port>`, for a client's `servers`. */
  readonly url: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** The server's process id. */
  readonly pid: number;
  /** Milliseconds from the spawn to the first answer of JetStream to a client. */
  readonly startMs: number;
  /** The server's resident memory now, in MiB (from /proc). */
  residentMiB(): number;
  /** Stops the server by its PID (SIGTERM, SIGKILL after 10 s), waits for its exit and deletes its folder. */
  stop(): Promise<void>;
}

// Limits keep a test's stream from filling the disk or the memory of a shared machine.
function serverConfig(dir: string, port: number): string {
  return [
    "server_name: protoevents-test",
    `listen: "127.0.0.1:${port}"`,
    "jetstream {",
    `  store_dir: ${JSON.stringify(join(dir, "jetstream"))}`,
    "  max_memory_store: 64MB",
    "  max_file_store: 256MB",
    "}",
    "",
  ].join("\n");
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, deadline: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`nats-server exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output()}`);
    }
    try {
      const connection = await connect({ servers: url, reconnect: false, timeout: 1_000 });
      try {
        await (await jetstreamManager(connection, { timeout: 1_000 })).getAccountInfo();
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline) throw new Error(`nats-server's JetStream did not answer on ${url} within the time allowed:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Starts nats-server with JetStream on 127.0.0.1 at a free port, its store in a new temp folder.
 *
 * @param timeoutMs - how long JetStream may take to answer (20 s by default)
 * @throws when nats-server is missing (with the command that installs it), or when it exits or
 *   does not answer in time (it is stopped then, with its log in the message).
 */
export async function startNats(timeoutMs = 20_000): Promise<NatsServer> {
  if (!existsSync(natsServerPath)) {
    throw new Error(`nats-server is not installed at ${natsServerPath}: run \`bash .ci/install-nats-server\` (apt-get install nats-server) first`);
  }
  const dir = mkdtempSync(join(tmpdir(), "protoevents-nats-"));
  const port = await freePort();
  const config = join(dir, "nats-server.conf");
  writeFileSync(config, serverConfig(dir, port));
  const url = `nats://127.0.0.1:${port}`;
  const started = Date.now();
  const { child, stop } = await startServerProcess("nats-server", natsServerPath, ["--config", config], dir, 10_000, ({ child, output }) =>
    waitUntilReady(url, child, output, started + timeoutMs),
  );
  const pid = child.pid as number;
  return { url, port, pid, startMs: Date.now() - started, residentMiB: () => residentMiB(pid), stop };
}

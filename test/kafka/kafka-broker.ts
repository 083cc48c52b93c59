// A real Apache Kafka broker for the tests: one node in KRaft mode (broker and controller), from
// the jars scripts/kafka/kafka-jars.ts fetched, on 127.0.0.1 at free ports, its log folder in a
// temp folder, ready when a client lists its topics, bounded in time, and stopped by its PID.
import { spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { ensureKafkaJars } from "../../scripts/kafka/kafka-jars.js";
import { freePort, residentMiB, startServerProcess } from "../server-process.js";

const root = join(import.meta.dirname, "..", "..");

// Small and quick: about 4-9 s to the first answer and 300-430 MB here (notes/brokers.md).
const jvmOptions = ["-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"];

/** A running broker. */
export interface KafkaBroker {
  /** `127.0.0.1:<port>`, for a client's `brokers`. */
  readonly bootstrap: string;
  /** The broker's process id. */
  readonly pid: number;
  /** Milliseconds from the start of the JVM to the first answer to a client. */
  readonly startMs: number;
  /** The broker's resident memory now, in MiB (from /proc). */
  residentMiB(): number;
  /** Stops the broker by its PID (SIGTERM, SIGKILL after 15 s) and deletes its folder. */
  stop(): Promise<void>;
}

function serverProperties(dir: string, port: number, controllerPort: number): string {
  return [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    `log.dirs=${join(dir, "data")}`,
    "num.partitions=1",
    "offsets.topic.replication.factor=1",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    "auto.create.topics.enable=false",
    "",
  ].join("\n");
}

async function waitUntilReady(bootstrap: string, child: ChildProcess, output: () => string, deadline: number): Promise<void> {
  const admin = new Kafka({ clientId: "protoevents-readiness", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Kafka broker exited with status ${child.exitCode}:\n${output()}`);
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      return;
    } catch {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the Kafka broker did not answer on ${bootstrap} within the time allowed:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * A cluster id as `kafka-storage random-uuid` gives it: 16 random bytes in unpadded base64url,
 * never starting with "-", which the storage tool would read as an option (Kafka's own
 * `Uuid.randomUuid` draws again in that case, as this does).
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/**
 * Formats a log folder and starts a one-node KRaft broker on 127.0.0.1.
 *
 * @param timeoutMs - how long it may take to answer (60 s by default)
 * @throws when Java or the jars are missing, formatting fails, or the broker exits or does not
 *   answer in time (it is stopped then, with its output in the message).
 */
export async function startKafka(timeoutMs = 60_000): Promise<KafkaBroker> {
  const { libs } = ensureKafkaJars(root);
  const dir = mkdtempSync(join(tmpdir(), "protoevents-kafka-"));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const properties = join(dir, "server.properties");
  writeFileSync(properties, serverProperties(dir, port, controllerPort));
  const classpath = `${libs}/*`;
  const clusterId = randomClusterId();
  const format = spawnSync("java", [...jvmOptions, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties], { encoding: "utf8", timeout: timeoutMs });
  if (format.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`formatting the Kafka log folder failed (${format.status ?? format.signal}):\n${format.stdout}${format.stderr}`);
  }
  const bootstrap = `127.0.0.1:${port}`;
  const started = Date.now();
  const { child, stop } = await startServerProcess("the Kafka broker", "java", [...jvmOptions, "-cp", classpath, "kafka.Kafka", properties], dir, 15_000, ({ child, output }) =>
    waitUntilReady(bootstrap, child, output, started + timeoutMs),
  );
  const pid = child.pid as number;
  return { bootstrap, pid, startMs: Date.now() - started, residentMiB: () => residentMiB(pid), stop };
}

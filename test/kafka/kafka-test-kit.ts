// What the Kafka binding's broker tests share: a client on the test broker, topics made on
// demand, every record of a topic read raw, and waiting for a condition.
import { randomUUID } from "node:crypto";
import { Kafka, logLevel, type IHeaders } from "kafkajs";

process.env["KAFKAJS_NO_PARTITIONER_WARNING"] = "1";

/** A record as read, raw. */
export interface RawRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  readonly partition: number;
  readonly offset: string;
}

/** A kafkajs client on the broker, quiet. */
export function kafkaClient(bootstrap: string): Kafka {
  return new Kafka({ clientId: "protoevents-test", brokers: [bootstrap], logLevel: logLevel.NOTHING });
}

/** A name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates the topics (the broker creates none by itself). */
export async function createTopics(kafka: Kafka, topics: readonly string[], numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
  await admin.disconnect();
}

/** Reads `count` records of a topic from its beginning, in a group of its own; throws when fewer come in time. */
export async function readRecords(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName("reader") });
  const records: RawRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      records.push({ key: message.key === null ? null : message.key.toString(), value: message.value, headers: message.headers ?? {}, partition, offset: message.offset });
    },
  });
  try {
    await until(() => records.length >= count, timeoutMs, () => `${records.length} of ${count} records of ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Waits until `done()` holds, polling; throws after `timeoutMs` with what `state()` says. */
export async function until(done: () => boolean, timeoutMs: number, state: () => string = () => ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${state()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A header's value as a string, or the strings of a repeated one. */
export function headerText(value: IHeaders[string]): string | string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : String(value);
}

// A consumer in a process of its own, for the test that kills it (kafka-consumer.test.ts): it
// handles fixture.scalars.recorded events of a topic and appends each event's id, a line, to a
// file once handled. SIGTERM stops it as a service would stop it. Run with `node --import tsx`.
//   node --import tsx test/kafka/consume-to-file.ts <bootstrap> <topic> <group id> <file>
import { appendFileSync } from "node:fs";
import { ScalarsRecordedSchema } from "../../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import { createConsumer } from "../../src/kafka/index.js";
import { createRouter } from "../../src/router/index.js";
import { kafkaClient } from "./kafka-test-kit.js";

const [bootstrap, topic, groupId, file] = process.argv.slice(2);
if (bootstrap === undefined || topic === undefined || groupId === undefined || file === undefined) {
  console.error("usage: consume-to-file.ts <bootstrap> <topic> <group id> <file>");
  process.exit(2);
}

const router = createRouter().on(ScalarsRecordedSchema, async (event) => {
  // Slow enough that a kill lands mid-stream.
  await new Promise((resolve) => setTimeout(resolve, 5));
  appendFileSync(file, `${event.id}\n`);
});
const consumer = createConsumer(kafkaClient(bootstrap), {
  groupId,
  topics: [topic],
  router,
  fromBeginning: true,
  // A killed member leaves the group after 6 s (the broker's least), not KafkaJS's 30 s.
  consumerConfig: { sessionTimeout: 6000, heartbeatInterval: 500 },
});
process.once("SIGTERM", () => void consumer.stop());
consumer.run().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

// A consumer in a process of its own, for the test that kills it (nats-consumer.test.ts): it
// handles fixture.scalars.recorded events and appends each event's id, a line, to a file once
// handled. SIGTERM stops it as a service would stop it. Run with `node --import tsx`.
//   node --import tsx test/nats/consume-to-file.ts <server url> <prefixes as JSON> <durable> <file>
import { appendFileSync } from "node:fs";
import { connect } from "@nats-io/transport-node";
import { ScalarsRecordedSchema } from "../../gen/fixtures/ts/fixture/v1/scalars_recorded_pb.js";
import { createConsumer, type NatsNameOptions } from "../../src/nats/index.js";
import { createRouter } from "../../src/router/index.js";

const [url, prefixes, durable, file] = process.argv.slice(2);
if (url === undefined || prefixes === undefined || durable === undefined || file === undefined) {
  console.error("usage: consume-to-file.ts <server url> <prefixes as JSON> <durable> <file>");
  process.exit(2);
}

const router = createRouter().on(ScalarsRecordedSchema, async (event) => {
  // Slow enough that a kill lands mid-stream.
  await new Promise((resolve) => setTimeout(resolve, 5));
  appendFileSync(file, `${event.id}\n`);
});
const nc = await connect({ servers: url });
// A message delivered to the killed process comes again after 1 s, not JetStream's 30 s.
const consumer = createConsumer(nc, { ...(JSON.parse(prefixes) as NatsNameOptions), durable, router, ackWaitMs: 1000 });
process.once("SIGTERM", () => void consumer.stop());
consumer.run().then(
  async () => {
    await nc.close();
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

// Runs bench/python/bench_kafka.py against the test broker: starts it (test/kafka/kafka-broker.ts),
// runs the benchmark with the latest test venv's interpreter, stops the broker.
//   node_modules/.bin/tsx bench/python/run-bench-kafka.ts [--events 50000] [--rounds 5]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fixturesPythonPath } from "../../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython } from "../../scripts/build/python-venvs.js";
import { startKafka } from "../../test/kafka/kafka-broker.js";

const root = join(import.meta.dirname, "..", "..");
const python = venvPython(ensureTestVenv("latest"));
console.log("starting the Kafka broker (test/kafka/kafka-broker.ts)");
const broker = await startKafka(120_000);
console.log(`broker on ${broker.bootstrap}, answered after ${broker.startMs} ms`);
try {
  const result = spawnSync(python, [join(root, "bench", "python", "bench_kafka.py"), broker.bootstrap, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, PYTHONPATH: fixturesPythonPath },
  });
  process.exitCode = result.status ?? 1;
} finally {
  await broker.stop();
}

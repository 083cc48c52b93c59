// Runs bench/python/bench_nats.py against the test server: starts it (test/nats/nats-server.ts),
// runs the benchmark with the latest test venv's interpreter, stops the server.
//   node_modules/.bin/tsx bench/python/run-bench-nats.ts [--events 50000] [--rounds 3]
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fixturesPythonPath } from "../../scripts/build/fixtures-steps.js";
import { ensureTestVenv, venvPython } from "../../scripts/build/python-venvs.js";
import { startNats } from "../../test/nats/nats-server.js";

const root = join(import.meta.dirname, "..", "..");
const python = venvPython(ensureTestVenv("latest"));
console.log("starting nats-server (test/nats/nats-server.ts)");
const server = await startNats();
console.log(`nats-server on ${server.url}, JetStream answered after ${server.startMs} ms`);
try {
  const result = spawnSync(python, [join(root, "bench", "python", "bench_nats.py"), server.url, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, PYTHONPATH: fixturesPythonPath },
  });
  process.exitCode = result.status ?? 1;
} finally {
  await server.stop();
}

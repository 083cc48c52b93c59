// `npm run bench:kafka`: what protoevents costs on a Kafka round trip, against two baselines on
// kafkajs (bench/kafka/rounds.ts says what each does): raw kafkajs, which reads bytes only, and
// hand-written CloudEvents code, which decodes the payload and calls a handler as protoevents does
// but checks nothing and builds no envelope. Measured here (bench/README.md): consuming takes
// protoevents 1.39x raw kafkajs's time and 1.24x the hand-written code's; producing 1.12x and
// 1.09x. Starts a broker (test/kafka/kafka-broker.ts), bundles bench/kafka/rounds.ts with esbuild
// into .bench/kafka-rounds.mjs (kafkajs left external) and runs it under plain node, so no
// TypeScript loader runs in the timed process; then stops the broker. Arguments go to the rounds:
//   npm run bench:kafka -- --events 50000 --rounds 5
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { startKafka } from "../test/kafka/kafka-broker.js";
import { repoRoot } from "./bundle.js";

/** Bundles the rounds into `outFile`, the runtime from src/ and the generated code with them. */
export async function bundleKafkaBench(outFile: string): Promise<void> {
  await build({
    entryPoints: [join(repoRoot, "bench", "kafka", "rounds.ts")],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["kafkajs"],
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundle = join(repoRoot, ".bench", "kafka-rounds.mjs");
  console.log("▶ bundling bench/kafka/rounds.ts");
  await bundleKafkaBench(bundle);
  console.log("▶ starting a Kafka broker");
  const broker = await startKafka();
  try {
    const run = spawnSync(process.execPath, [bundle, "--bootstrap", broker.bootstrap, ...process.argv.slice(2)], { stdio: "inherit" });
    process.exitCode = run.status ?? 1;
  } finally {
    await broker.stop();
  }
}

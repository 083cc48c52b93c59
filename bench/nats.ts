// `npm run bench:nats`: what protoevents costs on a NATS JetStream round trip, against the raw
// client. Starts a nats-server (test/nats/nats-server.ts), bundles bench/nats/rounds.ts with esbuild
// into .bench/nats-rounds.mjs (the @nats-io clients left external) and runs it under plain node, so
// no TypeScript loader runs in the timed process; then stops the server. Arguments go to the rounds:
//   npm run bench:nats -- --events 50000 --rounds 5
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { startNats } from "../test/nats/nats-server.js";
import { repoRoot } from "./bundle.js";

/** Bundles the rounds into `outFile`, the runtime from src/ and the generated code with them. */
export async function bundleNatsBench(outFile: string): Promise<void> {
  await build({
    entryPoints: [join(repoRoot, "bench", "nats", "rounds.ts")],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["@nats-io/jetstream", "@nats-io/transport-node"],
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundle = join(repoRoot, ".bench", "nats-rounds.mjs");
  console.log("▶ bundling bench/nats/rounds.ts");
  await bundleNatsBench(bundle);
  console.log("▶ starting a nats-server with JetStream");
  const server = await startNats();
  try {
    const run = spawnSync(process.execPath, [bundle, "--server", server.url, ...process.argv.slice(2)], { stdio: "inherit" });
    process.exitCode = run.status ?? 1;
  } finally {
    await server.stop();
  }
}

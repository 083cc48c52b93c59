// One differential fuzz run: the inputs of a seed, in chunks, through TypeScript in-process and
// the Python peer beside it, every pair of outcomes compared.
import { performance } from "node:perf_hooks";
import { disagreement } from "./compare-outcomes.js";
import type { FuzzInput } from "./fuzz-input.js";
import { createReportBuilder, type FuzzReport } from "./fuzz-report.js";
import { generateInputs } from "./generate-inputs.js";
import { isEscape, outcomeLabel, type Outcome } from "./outcome.js";
import { fuzzPeerCommand, startPythonPeer, type PeerCommand } from "./python-peer.js";
import { typescriptOutcome } from "./typescript-side.js";

/** What to run. */
export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  /** Inputs per chunk sent to the peer; bounds the memory a run holds. */
  readonly chunkSize?: number;
  /** The peer to run; python/tests/fuzz_peer.py in the test venv by default. */
  readonly peer?: PeerCommand;
  /** Called after each chunk with the number of inputs done. */
  readonly onProgress?: (done: number) => void;
}

// Yield to the event loop this often while TypeScript works, so the pipes to the peer keep flowing.
const sliceSize = 100;

async function runTypescript(inputs: readonly FuzzInput[]): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const outcomes: Outcome[] = [];
  let seconds = 0;
  for (let i = 0; i < inputs.length; i += sliceSize) {
    const started = performance.now();
    for (const input of inputs.slice(i, i + sliceSize)) outcomes.push(typescriptOutcome(input));
    seconds += (performance.now() - started) / 1000;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { outcomes, seconds };
}

/** Runs `count` inputs of `seed` through both languages and reports what differs. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const chunkSize = options.chunkSize ?? 2000;
  const peer = startPythonPeer(options.peer ?? fuzzPeerCommand());
  const report = createReportBuilder();
  const started = performance.now();
  let typescriptSeconds = 0;
  let pythonSeconds = 0;
  let done = 0;
  const inputs = generateInputs(options.seed, options.count);
  try {
    for (;;) {
      const chunk: FuzzInput[] = [];
      while (chunk.length < chunkSize) {
        const next = inputs.next();
        if (next.done === true) break;
        chunk.push(next.value);
      }
      if (chunk.length === 0) break;
      const python = peer.run(chunk);
      const ts = await runTypescript(chunk);
      const py = await python;
      typescriptSeconds += ts.seconds;
      pythonSeconds += py.busySeconds;
      chunk.forEach((input, i) => {
        const tsOutcome = ts.outcomes[i] as Outcome;
        const pyOutcome = py.outcomes[i] as Outcome;
        report.count(input);
        const difference = disagreement(tsOutcome, pyOutcome);
        if (difference !== undefined) report.add("disagreements", `${difference}@${input.generator}`, input, tsOutcome, pyOutcome);
        if (isEscape(tsOutcome)) report.add("escapes", `ts:${outcomeLabel(tsOutcome)}@${input.generator}`, input, tsOutcome, pyOutcome);
        if (isEscape(pyOutcome)) report.add("escapes", `py:${outcomeLabel(pyOutcome)}@${input.generator}`, input, tsOutcome, pyOutcome);
      });
      done += chunk.length;
      options.onProgress?.(done);
    }
  } finally {
    await peer.close();
  }
  return report.build(options.seed, done, {
    typescriptPerSecond: done / Math.max(typescriptSeconds, 1e-9),
    pythonPerSecond: done / Math.max(pythonSeconds, 1e-9),
    seconds: (performance.now() - started) / 1000,
  });
}

// The fuzzer's input stream: every generator class mixed by weight, one seeded PRNG for all, so
// a seed names the same inputs on every run.
import type { FuzzInput, FuzzLimits } from "./fuzz-input.js";
import {
  envelopeMapEntry,
  mutatedEnvelope,
  mutatedPayload,
  payloadMapEntry,
  randomBytes,
  randomPayload,
} from "./generate-binary.js";
import { jsonEnvelope, jsonPayload } from "./generate-json.js";
import { wrapCall } from "./generate-wrap.js";
import { createPrng, type Prng } from "./prng.js";

const weighted: ReadonlyArray<readonly [number, (prng: Prng) => FuzzInput]> = [
  [10, randomBytes],
  [20, mutatedEnvelope],
  [16, mutatedPayload],
  [4, randomPayload],
  [6, envelopeMapEntry],
  [6, payloadMapEntry],
  [15, jsonEnvelope],
  [15, jsonPayload],
  [8, wrapCall],
];
const totalWeight = weighted.reduce((sum, [w]) => sum + w, 0);

/** The first `count` inputs of a seed, generated lazily. */
export function* generateInputs(seed: number, count: number): Generator<FuzzInput> {
  const prng = createPrng(seed);
  for (let i = 0; i < count; i++) {
    let draw = prng.next() * totalWeight;
    const entry = weighted.find(([w]) => (draw -= w) < 0) ?? (weighted[0] as (typeof weighted)[number]);
    const input = entry[1](prng);
    yield "wrap" in input || prng.next() >= 0.15 ? input : { ...input, limits: smallLimits(prng), generator: `${input.generator}/limits` };
  }
}

/**
 * Limits low enough that fuzz inputs of a few hundred bytes meet them, so that which limit or
 * malformation is found first is compared too: some of the four, each at a small value.
 */
function smallLimits(prng: Prng): FuzzLimits {
  const limits: { -readonly [K in keyof FuzzLimits]: FuzzLimits[K] } = {};
  if (prng.next() < 0.5) limits.maxDepth = prng.int(1, 4);
  if (prng.next() < 0.5) limits.maxMessages = prng.int(1, 8);
  if (prng.next() < 0.5) limits.maxUnknownFields = prng.int(1, 4);
  if (prng.next() < 0.3) limits.maxBytes = prng.int(8, 400);
  return limits;
}

/** The class of a generator name, its first segment: `payload-bytes/bitflip` is of `payload-bytes`. */
export function generatorClass(generator: string): string {
  return generator.split("/")[0] ?? generator;
}

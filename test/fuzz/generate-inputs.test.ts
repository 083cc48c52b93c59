import { describe, expect, it } from "vitest";
import { typescriptOutcome } from "./typescript-side.js";
import { generateInputs, generatorClass } from "./generate-inputs.js";

describe("generateInputs", () => {
  it("gives the same inputs for the same seed, and other inputs for another seed", () => {
    const first = [...generateInputs(42, 500)];
    expect([...generateInputs(42, 500)]).toEqual(first);
    expect([...generateInputs(43, 500)]).not.toEqual(first);
  });

  it("mixes every generator class", () => {
    const classes = new Set([...generateInputs(1, 2000)].map((input) => generatorClass(input.generator)));
    expect([...classes].sort()).toEqual([
      "envelope-bytes", "envelope-map", "json-envelope", "json-payload", "payload-bytes", "payload-map", "random-bytes", "wrap",
    ]);
  });

  it("makes payload mutations that still decode as an envelope, so the payload decoder is what they test", () => {
    const payloadInputs = [...generateInputs(1, 3000)].filter((input) => input.generator.startsWith("payload-"));
    const outcomes = payloadInputs.map((input) => typescriptOutcome(input));
    const malformed = outcomes.filter((o) => "code" in o && o.code === "MALFORMED_ENVELOPE");
    expect(malformed).toEqual([]);
  });
});

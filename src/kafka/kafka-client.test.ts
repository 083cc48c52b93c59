import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toBuffer } from "./kafka-client.js";

describe("the Kafka binding's dependency on a Kafka client", () => {
  it("is none: no module of protoevents/kafka or protoevents/router imports a Kafka library", () => {
    const sources = ["kafka", "router"].flatMap((dir) =>
      readdirSync(join(import.meta.dirname, "..", dir))
        .filter((name) => name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(name))
        .map((name) => join(import.meta.dirname, "..", dir, name)),
    );
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/from "(kafkajs|@confluentinc\/[^"]*)"|require\(/);
    }
  });

  it("hands kafkajs a Buffer over the same bytes, without copying", () => {
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    const view = backing.subarray(1, 4);
    const buffer = toBuffer(view);
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect([...buffer]).toEqual([1, 2, 3]);
    backing[2] = 7;
    expect(buffer[1]).toBe(7);
    const already = Buffer.from([1]);
    expect(toBuffer(already)).toBe(already);
  });
});

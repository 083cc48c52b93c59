import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe("the NATS clients, optional peer dependencies", () => {
  it("are imported by the modules of protoevents/nats only, so that no other entry point loads them", () => {
    const all = sources(src);
    const nats = all.filter((file) => relative(src, file).startsWith("nats/"));
    expect(nats.length).toBeGreaterThan(4);
    expect(nats.some((file) => /from "@nats-io\/jetstream"/.test(readFileSync(file, "utf8")))).toBe(true);
    for (const file of all.filter((file) => !nats.includes(file))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/["']@nats-io\//);
    }
  });
});

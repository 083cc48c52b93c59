import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { examplesMismatch, examplesNotice } from "../scripts/build/example-events.js";
import { loadPackageNames } from "../scripts/lib/package-names.js";
import { events } from "../gen/ts/registry.js";

const root = join(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
// The examples are written for example events of proto/ under the default names (examples/written-for.json).
const mismatch = examplesMismatch(root, loadPackageNames(root), events);
if (mismatch.length > 0) console.warn(examplesNotice(mismatch));

describe("README", () => {
  it("shows exactly two Quick start commands", () => {
    const quickStart = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const commands = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1]?.trim().split("\n");
    expect(commands).toEqual(["npm run build", "npm test"]);
  });

  it("shows examples/quickstart.ts verbatim", () => {
    const example = readFileSync(join(root, "examples", "quickstart.ts"), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
  });

  it("shows examples/kafka.ts verbatim (test/kafka/kafka-examples.test.ts runs it against a broker)", () => {
    const example = readFileSync(join(root, "examples", "kafka.ts"), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
  });

  it("shows examples/nats.ts verbatim (test/nats/nats-examples.test.ts runs it against a nats-server)", () => {
    const example = readFileSync(join(root, "examples", "nats.ts"), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
  });

  it("shows examples/decode-limits.ts verbatim", () => {
    const example = readFileSync(join(root, "examples", "decode-limits.ts"), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
  });

  it.skipIf(mismatch.length > 0)("runs examples/decode-limits.ts against the built package", () => {
    const output = execFileSync(join(root, "node_modules", ".bin", "tsx"), ["examples/decode-limits.ts"], { cwd: root }).toString();
    expect(output).toBe("LIMIT_EXCEEDED maxBytes 2097152 1048576\n");
    expect(readme).toContain(`It prints \`${output.trim()}\``);
  });

  it("shows examples/share-memory.ts verbatim", () => {
    const example = readFileSync(join(root, "examples", "share-memory.ts"), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
  });

  it.skipIf(mismatch.length > 0)("runs examples/share-memory.ts against the built package", () => {
    const output = execFileSync(join(root, "node_modules", ".bin", "tsx"), ["examples/share-memory.ts"], { cwd: root }).toString();
    expect(output).toBe("u-1001 true\n");
    expect(readme).toContain(`It prints \`${output.trim()}\``);
  });

  it("shows examples/peek.ts verbatim", () => {
    const example = readFileSync(join(root, "examples", "peek.ts"), "utf8");
    expect(readme).toContain("```ts\n" + example + "```");
  });

  it.skipIf(mismatch.length > 0)("runs examples/peek.ts against the built package", () => {
    const output = execFileSync(join(root, "node_modules", ".bin", "tsx"), ["examples/peek.ts"], { cwd: root }).toString();
    expect(output).toBe("user.created v1 u-1001 0190b6a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b\n");
    expect(readme).toContain(`It prints \`${output.trim()}\``);
  });

  it.skipIf(mismatch.length > 0)("runs examples/quickstart.ts against the built package", () => {
    // "protoevents" resolves to this package's own dist/ through its exports map (self-reference).
    const output = execFileSync(join(root, "node_modules", ".bin", "tsx"), ["examples/quickstart.ts"], { cwd: root }).toString();
    expect(output).toBe("user.created v1: Ada Lovelace <ada@example.com>, aggregate u-1001\nMALFORMED_ENVELOPE\n");
  });

  it("shows examples/ci/release.yml verbatim: a release by trusted publishing, with the OIDC permission and the full history", () => {
    const workflow = readFileSync(join(root, "examples", "ci", "release.yml"), "utf8");
    expect(readme).toContain("```yaml\n" + workflow + "```");
    const parsed = parse(workflow) as { permissions: Record<string, string>; jobs: { release: { steps: { run?: string; with?: Record<string, unknown> }[] } } };
    expect(parsed.permissions["id-token"]).toBe("write");
    const steps = parsed.jobs.release.steps;
    expect(steps.map((step) => step.run).filter((run) => run?.startsWith("npm run"))).toEqual(["npm run build", "npm run release"]);
    expect(steps.find((step) => step.with?.["fetch-depth"] !== undefined)?.with?.["fetch-depth"]).toBe(0);
    expect(workflow).not.toMatch(/NPM_TOKEN:|TWINE_PASSWORD:/);
  });
});

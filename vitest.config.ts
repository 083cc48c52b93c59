import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // `pnpm release` runs the tests with this set: the end-to-end release test would start a release again.
    exclude: [...configDefaults.exclude, ...(process.env["PROTOEVENTS_EXCLUDE_RELEASE_TESTS"] === "1" ? ["test/release/e2e/**"] : [])],
    // The consumer test packs and installs the package: give it room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 300_000,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});

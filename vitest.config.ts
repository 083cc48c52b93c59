import { configDefaults, defineConfig } from "vitest/config";

// The tests that build, test or release whole copies of the repository: minutes each.
const wholeRepository = ["test/adopt/**", "test/release/e2e/**"];

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    exclude: [
      ...configDefaults.exclude,
      // `npm test -- --quick` (scripts/build/test-steps.ts) leaves them out, and so does `npm run release`,
      // whose end-to-end test would otherwise start a release again.
      ...(process.env["PROTOEVENTS_TEST_MODE"] === "quick" ? wholeRepository : []),
    ],
    // The consumer test packs and installs the package: give it room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 300_000,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});

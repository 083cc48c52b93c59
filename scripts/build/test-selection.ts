/** What `npm test -- <args>` runs. */
export interface TestSelection {
  /** Leave out the tests that build or release whole copies of the repository (test/adopt/, test/release/e2e/). */
  readonly quick: boolean;
  /** vitest's arguments (paths, `-t <filter>`...), or undefined when vitest does not run. */
  readonly vitest: readonly string[] | undefined;
  /** pytest's arguments relative to python/tests/, or undefined when pytest does not run. */
  readonly pytest: readonly string[] | undefined;
}

const pythonTests = "python/tests/";

/**
 * Reads the arguments of `npm test -- <args>`. With none, vitest and pytest run everything.
 * `--quick` leaves out the whole-repository tests. Other arguments select: those naming
 * `python/tests/...` go to pytest, the rest (paths, `-t <filter>`) to vitest, and a runner
 * that gets no argument does not run.
 *
 * @throws when an argument names a python/ path outside python/tests/.
 */
export function parseTestArgs(args: readonly string[]): TestSelection {
  const quick = args.includes("--quick");
  const rest = args.filter((arg) => arg !== "--quick");
  if (rest.length === 0) return { quick, vitest: [], pytest: [] };
  const python = rest.filter((arg) => arg.startsWith("python/"));
  const wrong = python.find((arg) => !`${arg}/`.startsWith(pythonTests));
  if (wrong !== undefined) throw new Error(`${wrong}: pytest runs the tests in ${pythonTests}; name a file there`);
  const vitest = rest.filter((arg) => !arg.startsWith("python/"));
  return {
    quick,
    vitest: vitest.length > 0 ? vitest : undefined,
    // `python/tests` alone selects every Python test: pytest gets no path.
    pytest: python.length > 0 ? python.map((arg) => arg.slice(pythonTests.length)).filter((arg) => arg !== "") : undefined,
  };
}

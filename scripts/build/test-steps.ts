// The steps of `npm test`: the framework's test fixtures, the typechecks of scripts, tests and
// the README's examples, Chromium for the catalog's browser test, Kafka's jars and nats-server
// for the broker tests, the Python test venvs with the built wheel, vitest, the typecheck of the
// Python tests, and pytest with the newest and the oldest protobuf runtimes, as selected by
// `npm test -- <args>` (scripts/build/test-selection.ts).
import type { TestSelection } from "./test-selection.js";
import { ensureKafkaJars } from "../kafka/kafka-jars.js";
import { root } from "../lib/repository-root.js";
import { exec, type Step } from "./steps.js";
import { pythonTestPrepareSteps, pythonTestSteps, typecheckPythonTestsStep } from "./python-steps.js";
import { fixtureSteps } from "./fixtures-steps.js";
import { typecheckExamplesStep, typecheckToolingStep } from "./typescript-steps.js";

/** The environment variable that makes vitest.config.ts leave out the whole-repository tests. */
export const quickTestsEnv = "PROTOEVENTS_TEST_MODE";

/** The steps that run the selected tests. */
export function testSteps(selection: TestSelection): Step[] {
  const steps: Step[] = [...fixtureSteps, typecheckToolingStep, typecheckExamplesStep];
  if (selection.vitest !== undefined) {
    steps.push(
      {
        title: "Chromium from Debian's packages for the catalog's browser test (.ci/install-chromium)",
        run: () => exec("bash", [".ci/install-chromium"]),
      },
      {
        title: "Java, Maven and Apache Kafka's jars from Maven Central for the broker tests (.ci/install-java, scripts/kafka/pom.xml -> .tools/kafka/)",
        run: () => {
          exec("bash", [".ci/install-java"]);
          console.log(ensureKafkaJars(root).fetched ? "  Kafka's jars fetched with mvn" : "  Kafka's jars up to date");
        },
      },
      {
        title: "nats-server from Debian's packages for the NATS JetStream tests (.ci/install-nats-server)",
        run: () => exec("bash", [".ci/install-nats-server"]),
      },
    );
  }
  // pytest needs the venvs; so does a whole vitest run, whose cross-language tests run Python. A
  // chosen vitest test that runs Python makes the venv it needs itself (ensureTestVenv).
  if (selection.pytest !== undefined || selection.vitest?.length === 0) steps.push(...pythonTestPrepareSteps);
  if (selection.vitest !== undefined) {
    const args = selection.vitest;
    steps.push({
      title: `vitest run${args.length > 0 ? ` ${args.join(" ")}` : ""}${selection.quick ? " (quick: without test/adopt/ and test/release/e2e/)" : ""}`,
      run: () => exec("vitest", ["run", ...args], selection.quick ? { [quickTestsEnv]: "quick" } : {}),
    });
  }
  if (selection.pytest !== undefined) steps.push(typecheckPythonTestsStep, ...pythonTestSteps(selection.pytest));
  return steps;
}

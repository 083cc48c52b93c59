// The framework's test fixtures: the protos of testdata/fixtures/, generated with the package's
// own plugins into gen/fixtures/. The runtime, code generator and vector tests run on these,
// never on the organisation's events in proto/, which an adopter replaces.
import { join } from "node:path";
import { exec, type Step } from "./steps.js";
import { root } from "../lib/repository-root.js";
import { devVenv, venvPython } from "./python-venvs.js";

/** The fixture workspace, the buf.yaml given with --config, and the generation template. */
const fixturesDir = join("testdata", "fixtures");

/** Where the fixture Python modules are staged as the package `protoevents_fixtures`. */
export const fixturesPythonPath = join(root, "gen", "fixtures", "python-package");

/** Generates the fixtures' TypeScript and Python, and stages the Python as `protoevents_fixtures`. */
export const fixtureSteps: Step[] = [
  {
    title: "buf generate the framework's test fixtures (testdata/fixtures -> gen/fixtures)",
    run: () => {
      const config = ["--config", join(fixturesDir, "buf.fixtures.yaml")];
      exec("buf", ["lint", join(fixturesDir, "proto"), ...config]);
      exec("buf", ["generate", join(fixturesDir, "proto"), ...config, "--template", join(fixturesDir, "buf.gen.yaml")]);
      exec(venvPython(devVenv), [join("python", "tools", "stage_fixtures.py"), join("gen", "fixtures", "python"), fixturesPythonPath]);
    },
  },
];

import { describe, expect, it } from "vitest";
import { parseTestArgs } from "./test-selection.js";

describe("npm test -- <args>", () => {
  it("runs everything without arguments", () => {
    expect(parseTestArgs([])).toEqual({ quick: false, vitest: [], pytest: [] });
  });

  it("runs everything but the whole-repository tests with --quick", () => {
    expect(parseTestArgs(["--quick"])).toEqual({ quick: true, vitest: [], pytest: [] });
  });

  it("passes paths and filters to vitest alone", () => {
    expect(parseTestArgs(["src/wrap.test.ts", "-t", "partition key"])).toEqual({
      quick: false,
      vitest: ["src/wrap.test.ts", "-t", "partition key"],
      pytest: undefined,
    });
  });

  it("passes python/tests paths to pytest alone, relative to python/tests", () => {
    expect(parseTestArgs(["python/tests/test_vectors.py::test_message_class_finds_value_objects"])).toEqual({
      quick: false,
      vitest: undefined,
      pytest: ["test_vectors.py::test_message_class_finds_value_objects"],
    });
  });

  it("splits a mix between the two runners", () => {
    expect(parseTestArgs(["--quick", "test/vectors.test.ts", "python/tests/test_vectors.py"])).toEqual({
      quick: true,
      vitest: ["test/vectors.test.ts"],
      pytest: ["test_vectors.py"],
    });
  });

  it("runs every Python test for python/tests", () => {
    expect(parseTestArgs(["python/tests"]).pytest).toEqual([]);
    expect(parseTestArgs(["python/tests/"]).pytest).toEqual([]);
  });

  it("refuses a python/ path outside python/tests", () => {
    expect(() => parseTestArgs(["python/src/protoevents/_wrap.py"])).toThrow(/python\/tests\//);
  });
});

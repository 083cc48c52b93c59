import { spawnSync } from "node:child_process";
import { bufBinary } from "../schema/buf-image.js";
import { optionsImportHints } from "./options-import-hint.js";

/** What `buf lint` said about a workspace, with our hints for its errors. */
export interface BufLintResult {
  /** buf's exit status: 0 when the module compiles and passes its lint rules. */
  readonly status: number;
  /** What buf printed, stdout and stderr. */
  readonly output: string;
  /** How to fix the errors buf cannot explain, e.g. a missing options import. */
  readonly hints: readonly string[];
}

/**
 * Runs `buf lint` (the rules of buf.yaml) on the workspace at `dir`, capturing
 * its output so that a compile error such as `cannot find
 * protoevents.v1.event in this scope` comes with the import to add.
 *
 * @throws when buf cannot be started at all.
 */
export function runBufLint(dir: string): BufLintResult {
  const run = spawnSync(bufBinary, ["lint"], { cwd: dir, encoding: "utf8" });
  if (run.error !== undefined) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  return { status: run.status ?? 1, output, hints: optionsImportHints(output) };
}

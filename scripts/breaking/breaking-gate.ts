// Breaking-change gate: `buf breaking` (the WIRE_JSON rules of buf.yaml) against the
// newest release tag (vX.Y.Z) behind HEAD. A released version folder is frozen: a breaking
// change in it fails with the file and the new version folder to add instead. Never
// released, it says so and passes; released but without the tag in this clone, it fails
// (scripts/breaking/release-tag.ts). Run by `npm run build` and `npm run lint`; alone:
// `pnpm exec tsx scripts/breaking/breaking-gate.ts`.
import { pathToFileURL } from "node:url";
import { runBreakingGate } from "./breaking-check.js";
import { root } from "../lib/repository-root.js";

/**
 * Runs the gate on the workspace at `dir` and prints the report. Returns the
 * exit status: 0 when nothing breaks or there is no release, 1 otherwise (also
 * when the project was released but the release tag is not in this clone).
 */
export function breakingGate(dir: string): number {
  const result = runBreakingGate(dir);
  if (result.status === "no-release") {
    console.log(`  ${result.reason}; the breaking-change gate passes`);
    return 0;
  }
  if (result.status === "no-baseline") {
    console.error(`✘ breaking gate: ${result.reason}`);
    return 1;
  }
  if (result.status === "does-not-compile") {
    for (const error of result.errors) console.error(`${error.path}:${error.line}:${error.column}: ${error.message}`);
    console.error(
      `✘ breaking gate: the protos do not compile (above)${result.tag === undefined ? "" : `, so they cannot be compared with release ${result.tag}`}`,
    );
    return 1;
  }
  if (result.status === "passed") {
    console.log(`  no breaking change against release ${result.tag} (buf breaking, WIRE_JSON)`);
    return 0;
  }
  const count = result.changes.length;
  console.error(`✘ breaking gate: ${count} breaking change${count === 1 ? "" : "s"} against release ${result.tag} (buf breaking, WIRE_JSON)`);
  for (const change of result.changes) {
    console.error(`${change.path}:${change.line}:${change.column}: ${change.type} ${change.message}`);
  }
  for (const { folder, files, next, envelope } of result.folders) {
    if (envelope) {
      console.error(`\n  ${files.join(", ")}: the envelope was released in ${result.tag}; every producer and consumer of every event reads it.`);
      console.error("  Revert the change: the envelope only gains fields, under new numbers (docs/evolution.md, \"The envelope\").");
      continue;
    }
    console.error(`\n  ${files.join(", ")}: ${folder}/ was released in ${result.tag}, and consumers deployed since read its events as they are.`);
    console.error(
      next === undefined
        ? `  Revert the change and put the new schema in a new version folder (<domain>/<version>/).`
        : `  Revert the change in ${folder}/ and add a new version folder instead: ${next.folder}/ (package ${next.package}), keeping the event names.`,
    );
  }
  console.error(`\n  The rules: docs/evolution.md.`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = breakingGate(process.argv[2] ?? root);
}

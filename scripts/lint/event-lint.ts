// Event lint: checks the event contracts in the buf image against the rules of
// docs/evolution.md and prints each finding as file:line:col with the rule, what is
// wrong and how to fix it. Exits 1 on any error, 2 on a bad protoevents.lint.yaml.
// Run by `npm run build` and `pnpm lint`; alone: `pnpm exec tsx scripts/lint/event-lint.ts`.
import { pathToFileURL } from "node:url";
import type { BufImage } from "../schema/buf-image.js";
import { runBufLint } from "./buf-lint.js";
import { hasErrors, runEventLint } from "./event-lint-run.js";
import { LintConfigError } from "./lint-config.js";
import { lintRules } from "./lint-rules.js";
import { findingSeverity, formatFinding } from "./lint-finding.js";
import { root } from "../lib/repository-root.js";

/**
 * Runs the event lint on the workspace at `dir` and prints the report.
 * Returns the exit status: 0 when no finding is an error, 1 otherwise (buf
 * failing to build the module included), 2 when protoevents.lint.yaml is not valid.
 */
export function eventLint(dir: string, current?: BufImage): number {
  let result;
  try {
    result = runEventLint(dir, current);
  } catch (error) {
    if (error instanceof LintConfigError) {
      console.error(`✘ ${error.message}`);
      return 2;
    }
    if (typeof (error as { status?: unknown }).status !== "number") throw error;
    // buf printed its errors as it failed; buf lint's output has them in a form we can explain.
    for (const hint of runBufLint(dir).hints) console.error(hint);
    console.error("✘ event lint: buf cannot build the module (its errors above)");
    return 1;
  }
  const against = "tag" in result.release ? `against release ${result.release.tag}` : result.release.none;
  const errors = result.findings.filter((f) => findingSeverity(f) === "error").length;
  const advice = result.findings.length - errors;
  const excepted = result.excepted > 0 ? `, ${result.excepted} excepted by protoevents.lint.yaml` : "";
  // One stream for the whole report keeps findings and summary in order.
  const print = hasErrors(result) ? console.error : console.log;
  print(`  ${result.events} events checked; ${against}`);
  for (const finding of result.findings) print(formatFinding(finding, result.moduleDir));
  for (const rule of new Set(result.findings.map((f) => f.rule))) print(`  ${rule}: ${lintRules[rule].summary} (docs/evolution.md)`);
  if (hasErrors(result)) {
    print(`✘ event lint: ${errors} error${errors === 1 ? "" : "s"}, ${advice} advice${excepted}`);
    return 1;
  }
  print(`  event lint passed: 0 errors, ${advice} advice${excepted}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = eventLint(process.argv[2] ?? root);
}

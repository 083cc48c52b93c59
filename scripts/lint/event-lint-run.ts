import { buildImage, type BufImage } from "../schema/buf-image.js";
import { bufModuleDir } from "../schema/buf-module.js";
import { checkEventIdentity } from "./check-event-identity.js";
import { checkEventLimits } from "./check-event-limits.js";
import { checkEventRelease } from "./check-event-release.js";
import { checkEventNames } from "./check-event-names.js";
import { checkEventPackages } from "./check-event-package.js";
import { checkPartitionKeys } from "./check-partition-key.js";
import { checkReserved } from "./check-reserved.js";
import { imageEvents } from "../schema/image-events.js";
import { isExcepted, loadLintConfig } from "./lint-config.js";
import { compareFindings, findingPath, findingSeverity, type Finding } from "./lint-finding.js";
import type { LintCheck, LintInput } from "./lint-input.js";
import { workspacePackageNames } from "../lib/package-names.js";
import { findRelease } from "../breaking/release-tag.js";

/** Every check of the event lint. */
const checks: readonly LintCheck[] = [checkEventNames, checkEventIdentity, checkEventRelease, checkEventPackages, checkPartitionKeys, checkEventLimits, checkReserved];

/** What the event lint found. */
export interface EventLintResult {
  /** The module folder relative to the repository root, e.g. `proto`. */
  readonly moduleDir: string;
  /** Findings after the exceptions of protoevents.lint.yaml, sorted by position. */
  readonly findings: readonly Finding[];
  /** How many findings protoevents.lint.yaml excepted. */
  readonly excepted: number;
  /** The number of events checked. */
  readonly events: number;
  /** The release compared against, or why there was none. */
  readonly release: { readonly tag: string } | { readonly none: string };
}

/**
 * Runs the event lint on the buf workspace at `root` (a git work tree or not):
 * builds the module's image (unless `current` is given), and the image at the
 * last release (scripts/breaking/release-tag.ts) when there is one, runs every rule and applies the
 * exceptions of protoevents.lint.yaml.
 *
 * @throws {LintConfigError} when protoevents.lint.yaml is not valid; the
 * child_process error when buf cannot build the module.
 */
export function runEventLint(root: string, current?: BufImage): EventLintResult {
  const config = loadLintConfig(root);
  const moduleDir = bufModuleDir(root);
  const lookup = findRelease(root, moduleDir);
  const input: LintInput = {
    moduleDir,
    prefix: workspacePackageNames(root).protoPrefix,
    current: imageEvents(current ?? buildImage(".", root)),
    release: "release" in lookup ? { tag: lookup.release.tag, image: imageEvents(buildImage(lookup.release.bufInput, root)) } : undefined,
  };
  const all = checks.flatMap((check) => check(input));
  const findings = all.filter((f) => !isExcepted(config, f.rule, findingPath(f, moduleDir))).sort(compareFindings);
  return {
    moduleDir,
    findings,
    excepted: all.length - findings.length,
    events: input.current.events.length,
    release: "release" in lookup ? { tag: lookup.release.tag } : { none: "error" in lookup ? lookup.error : lookup.none },
  };
}

/** Tells whether a lint result fails: it has a finding of severity error. */
export function hasErrors(result: EventLintResult): boolean {
  return result.findings.some((f) => findingSeverity(f) === "error");
}

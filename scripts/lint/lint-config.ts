import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isRuleId, lintRules, type RuleId } from "./lint-rules.js";

/** The event lint's config file at the repository root. */
export const lintConfigFile = "protoevents.lint.yaml";

/**
 * Exceptions to the event lint: per rule, the paths (files or folders,
 * relative to the repository root) where the rule does not apply.
 */
export interface LintConfig {
  readonly ignoreOnly: ReadonlyMap<RuleId, readonly string[]>;
}

/** Thrown when protoevents.lint.yaml is not valid; the message says what is wrong. */
export class LintConfigError extends Error {
  override readonly name = "LintConfigError";
}

/**
 * Reads protoevents.lint.yaml from `root`; a missing file means no exceptions.
 *
 * @throws {LintConfigError} on an unknown key or rule id, a path that does not
 * exist, or a value of the wrong shape.
 */
export function loadLintConfig(root: string): LintConfig {
  const file = join(root, lintConfigFile);
  if (!existsSync(file)) return { ignoreOnly: new Map() };
  const fail = (what: string): never => {
    throw new LintConfigError(`${lintConfigFile}: ${what}`);
  };
  const config: unknown = parse(readFileSync(file, "utf8")) ?? {};
  if (!isRecord(config)) return fail("expected a mapping with `version: v1` and `ignore_only`");
  for (const key of Object.keys(config)) {
    if (key !== "version" && key !== "ignore_only") fail(`unknown key "${key}"; the keys are version and ignore_only`);
  }
  if (config["version"] !== "v1") fail('expected "version: v1"');
  const ignoreOnly = new Map<RuleId, string[]>();
  const entries = config["ignore_only"] ?? {};
  if (!isRecord(entries)) return fail("ignore_only maps rule ids to lists of paths");
  for (const [rule, paths] of Object.entries(entries)) {
    if (!isRuleId(rule)) fail(`unknown rule "${rule}" under ignore_only; the rules are ${Object.keys(lintRules).join(", ")}`);
    if (!Array.isArray(paths) || !paths.every((p): p is string => typeof p === "string")) {
      return fail(`ignore_only.${rule} must be a list of paths`);
    }
    const normalized = paths.map((p) => p.replace(/^\.\//, "").replace(/\/+$/, ""));
    for (const path of normalized) {
      if (!existsSync(join(root, path))) fail(`ignore_only.${rule}: "${path}" does not exist (paths are relative to the repository root)`);
    }
    ignoreOnly.set(rule as RuleId, normalized);
  }
  return { ignoreOnly };
}

/**
 * Tells whether a rule is switched off for a path (relative to the repository
 * root): the path is one of the rule's exceptions or lies inside one.
 */
export function isExcepted(config: LintConfig, rule: RuleId, path: string): boolean {
  return (config.ignoreOnly.get(rule) ?? []).some((p) => path === p || path.startsWith(`${p}/`));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

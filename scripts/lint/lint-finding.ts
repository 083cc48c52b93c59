import { lintRules, type RuleId, type Severity } from "./lint-rules.js";
import type { SourcePosition } from "../schema/source-position.js";

/** One finding of the event lint: where, which rule, what is wrong and how to fix it. */
export interface Finding {
  readonly rule: RuleId;
  /** The position; its file is relative to the module root (`user/v1/user_created.proto`). */
  readonly position: SourcePosition;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** How to fix it, in one sentence. */
  readonly fix: string;
}

/** Returns the severity of a finding's rule. */
export function findingSeverity(finding: Finding): Severity {
  return lintRules[finding.rule].severity;
}

/**
 * Returns the path of a finding's file as the user sees it from the
 * repository root, e.g. `proto/user/v1/user_created.proto`.
 */
export function findingPath(finding: Finding, moduleDir: string): string {
  return repositoryPath(finding.position.file, moduleDir);
}

/**
 * Returns the path of a module file (`user/v1/user_created.proto`) as the user
 * sees it from the repository root (`proto/user/v1/user_created.proto`).
 */
export function repositoryPath(file: string, moduleDir: string): string {
  return moduleDir === "." || moduleDir === "" ? file : `${moduleDir}/${file}`;
}

/** Formats a position for the terminal as `file:line:col`, the file from the repository root. */
export function formatPosition(position: SourcePosition, moduleDir: string): string {
  return `${repositoryPath(position.file, moduleDir)}:${position.line}:${position.column}`;
}

/**
 * Formats a finding for the terminal, `file:line:col: severity [rule] message`
 * with the fix on the next line, so that editors can jump to it.
 */
export function formatFinding(finding: Finding, moduleDir: string): string {
  const { line, column } = finding.position;
  return `${findingPath(finding, moduleDir)}:${line}:${column}: ${findingSeverity(finding)} [${finding.rule}] ${finding.message}\n    fix: ${finding.fix}`;
}

/** Orders findings by file, line, column and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.position.file.localeCompare(b.position.file) ||
    a.position.line - b.position.line ||
    a.position.column - b.position.column ||
    a.rule.localeCompare(b.rule)
  );
}

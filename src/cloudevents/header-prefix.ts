/**
 * The header prefix an option gives, `ce_` when none.
 *
 * @throws {TypeError} for another value (a JavaScript caller's mistake).
 * @internal
 */
export function headerPrefixOf(given: unknown): "ce_" | "ce-" {
  if (given === undefined) return "ce_";
  if (given === "ce_" || given === "ce-") return given;
  throw new TypeError(`headerPrefix must be "ce_" or "ce-", got ${typeof given === "string" ? JSON.stringify(given) : typeof given}`);
}

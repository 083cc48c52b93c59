import { ErrorCode, isProtoeventsError } from "../errors.js";

/**
 * What a consumer does with an event its router does not know (`UNKNOWN_EVENT`) or knows in
 * other versions only (`UNSUPPORTED_VERSION`):
 * - `"dead-letter"` (the default): to the dead-letter topic, as a poison message;
 * - `"skip"`: commit it and move on (the consumer reports it to `onSkip`);
 * - `"stop"`: stop the consumer without committing it; `run()` rejects with the error.
 */
export type UnknownEventPolicy = "dead-letter" | "skip" | "stop";

/** The policy when none is given. */
export const defaultUnknownEventPolicy: UnknownEventPolicy = "dead-letter";

/**
 * Whether an error is the router's not knowing an event, the errors an
 * {@link UnknownEventPolicy} applies to: `UNKNOWN_EVENT` or `UNSUPPORTED_VERSION`.
 */
export function isUnknownEvent(error: unknown): boolean {
  return isProtoeventsError(error) && (error.code === ErrorCode.UnknownEvent || error.code === ErrorCode.UnsupportedVersion);
}

/**
 * Checks a policy given by a JavaScript caller.
 *
 * @throws {RangeError} when it is not one of the three.
 */
export function checkUnknownEventPolicy(policy: UnknownEventPolicy | undefined): UnknownEventPolicy {
  if (policy === undefined) return defaultUnknownEventPolicy;
  if (policy !== "dead-letter" && policy !== "skip" && policy !== "stop") {
    throw new RangeError(`unknownEvents must be "dead-letter", "skip" or "stop", got ${JSON.stringify(policy)}`);
  }
  return policy;
}

// The one translation between a failure and an exit status, for every runner: the bootstrap
// (plain JavaScript, before the dependencies are installed), the task runner and the release.

/**
 * An error for a command or check that failed with an exit status, which the runners exit with.
 *
 * @param {string} message - what failed
 * @param {number} status - the exit status, not 0
 * @returns {Error & { status: number }}
 */
export function statusError(message, status) {
  return Object.assign(new Error(message), { status });
}

/**
 * The exit status a failure stands for: the non-zero `status` of a failed command or check
 * (see {@link statusError}), else 1.
 *
 * @param {unknown} failure - what was thrown
 * @returns {number}
 */
export function exitStatusOf(failure) {
  const status = typeof failure === "object" && failure !== null ? /** @type {{ status?: unknown }} */ (failure).status : undefined;
  return typeof status === "number" && Number.isInteger(status) && status !== 0 ? status : 1;
}

/**
 * Whether a failure carries the exit status of a command or check, rather than being a bug.
 *
 * @param {unknown} failure - what was thrown
 * @returns {failure is Error & { status: number }}
 */
export function hasExitStatus(failure) {
  return typeof failure === "object" && failure !== null && typeof (/** @type {{ status?: unknown }} */ (failure).status) === "number";
}

/** An error for a command or check that failed with an exit status, which the runners exit with. */
export function statusError(message: string, status: number): Error & { status: number };
/** The exit status a failure stands for: the non-zero `status` of a failed command or check, else 1. */
export function exitStatusOf(failure: unknown): number;
/** Whether a failure carries the exit status of a command or check, rather than being a bug. */
export function hasExitStatus(failure: unknown): failure is Error & { status: number };

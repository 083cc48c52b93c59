// The W3C trace context `wrap` takes (https://www.w3.org/TR/trace-context/): a traceparent is
// "<version>-<trace id>-<parent id>-<flags>", two, 32, 16 and two lowercase hex digits; version
// "ff" is invalid, and so are an all-zero trace id or parent id. Python: _trace_context.py.
const traceparentForm = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// The W3C limit of a tracestate: 32 list members of at most 256 characters, 512 characters in all
// being what a vendor may rely on.
const maxTracestateLength = 512;

/**
 * The trace id of a valid traceparent, or the problem with it in words.
 *
 * @internal
 */
export function parseTraceparent(value: string): { readonly traceId: string } | { readonly problem: string } {
  const match = traceparentForm.exec(value);
  if (match === null) return { problem: 'is not a W3C traceparent ("00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", lowercase)' };
  const [, version, traceId, parentId] = match as unknown as [string, string, string, string];
  if (version === "ff") return { problem: 'has the version "ff", which W3C trace context forbids' };
  if (/^0+$/.test(traceId)) return { problem: "has an all-zero trace id" };
  if (/^0+$/.test(parentId)) return { problem: "has an all-zero parent id" };
  return { traceId };
}

/**
 * What is wrong with a tracestate, or undefined: printable ASCII without a tab, at most 512
 * characters (the list members themselves are the vendors' own).
 *
 * @internal
 */
export function tracestateProblem(value: string): string | undefined {
  if (value.length > maxTracestateLength) return `is longer than ${maxTracestateLength} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[^\x20-\x7e]/.test(value)) return "holds a character outside printable ASCII";
  return undefined;
}

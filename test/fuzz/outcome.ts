// What one input gives in one language, in a form both languages write as JSON.
import type { JsonValue } from "@bufbuild/protobuf";

/**
 * The outcome of one input: decoded (name, version, payload in canonical protobuf JSON and the
 * envelope re-encoded), wrapped (the encoded envelope), rejected with a protoevents error code,
 * or an escape: any other exception, or a crash of the Python peer.
 */
export type Outcome =
  | { readonly ok: true; readonly name: string; readonly version: string; readonly payload: JsonValue; readonly reencodedHex: string }
  | { readonly ok: true; readonly wrappedHex: string }
  | { readonly ok: false; readonly code: string }
  | { readonly escape: string };

/**
 * What `peekEnvelope` gives for the same bytes: the four routing fields, a protoevents error
 * code, or an escape. Only inputs of envelope bytes have one.
 */
export type PeekOutcome =
  | { readonly ok: true; readonly eventId: string; readonly eventName: string; readonly eventVersion: string; readonly aggregateId: string }
  | { readonly ok: false; readonly code: string }
  | { readonly escape: string };

/** An outcome, with the peek's outcome beside it for an input of envelope bytes. */
export type InputOutcome = Outcome & { readonly peek?: PeekOutcome };

/** Whether an outcome is an escape. */
export function isEscape(outcome: Outcome | PeekOutcome): outcome is { readonly escape: string } {
  return "escape" in outcome;
}

/** The short label of an outcome in a disagreement key: `ok`, the error code, or `escape(<error class>)`. */
export function outcomeLabel(outcome: Outcome | PeekOutcome): string {
  if ("escape" in outcome) return `escape(${outcome.escape.split(":")[0] ?? ""})`;
  return outcome.ok ? "ok" : outcome.code;
}

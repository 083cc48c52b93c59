// Compares the outcomes of one input in both languages: the same label (ok, error code, escape),
// and when both decoded, the same event, payload and re-encoded envelope; when both wrapped, the
// same bytes; for envelope bytes, the same peekEnvelope outcome too.
import { fixtureEvents } from "../fixture-examples.js";
import { isEscape, outcomeLabel, type InputOutcome, type Outcome, type PeekOutcome } from "./outcome.js";
import { comparePayloads } from "./same-payload.js";

/**
 * What differs between the TypeScript and the Python outcome of one input, as the start of a
 * disagreement key (`ts:ok/py:MALFORMED_ENVELOPE`, `ts:ok/py:ok (payload differs)`), or
 * `undefined` when they agree.
 */
export function disagreement(ts: InputOutcome, py: InputOutcome): string | undefined {
  const labels = `ts:${outcomeLabel(ts)}/py:${outcomeLabel(py)}`;
  return outcomeDisagreement(ts, py) ?? peekDisagreement(ts.peek, py.peek, labels);
}

// A peek that escapes is a disagreement whatever the other language did: peek must only fail typed.
function peekDisagreement(ts: PeekOutcome | undefined, py: PeekOutcome | undefined, labels: string): string | undefined {
  if (ts === undefined && py === undefined) return undefined;
  if (ts === undefined || py === undefined) return `${labels} (peek missing)`;
  if (isEscape(ts) || isEscape(py)) return `${labels} (peek escape)`;
  return JSON.stringify(ts) === JSON.stringify(py) ? undefined : `${labels} (peek differs: ts:${outcomeLabel(ts)}/py:${outcomeLabel(py)})`;
}

function outcomeDisagreement(ts: Outcome, py: Outcome): string | undefined {
  const labels = `ts:${outcomeLabel(ts)}/py:${outcomeLabel(py)}`;
  if (isEscape(ts) || isEscape(py)) return outcomeLabel(ts) === outcomeLabel(py) ? undefined : labels;
  if (!ts.ok || !py.ok) return !ts.ok && !py.ok && ts.code === py.code ? undefined : labels;
  if ("wrappedHex" in ts || "wrappedHex" in py) {
    const same = "wrappedHex" in ts && "wrappedHex" in py && ts.wrappedHex === py.wrappedHex;
    return same ? undefined : `${labels} (wrapped bytes differ)`;
  }
  if (ts.name !== py.name || ts.version !== py.version) return `${labels} (event differs)`;
  const entry = fixtureEvents.find((e) => e.name === ts.name && e.version === ts.version);
  if (entry === undefined) return `${labels} (not a fixture event)`;
  const payload = comparePayloads(entry.schema, ts.payload, py.payload);
  if (payload === "payload-json") return `${labels} (payload-json)`;
  if (payload === "different") return `${labels} (payload differs)`;
  if (ts.reencodedHex !== py.reencodedHex) return `${labels} (re-encoded envelope differs)`;
  return undefined;
}

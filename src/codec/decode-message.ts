import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import type { DecodeLimits } from "../decode-limits.js";
import { plainView } from "../plain-view.js";
import { scanWire } from "../wire-scan.js";
import { fastDecode } from "./fast-decode.js";

/**
 * Decodes `bytes` as `schema` under the decoding contract (docs/decoding.md):
 * the outcome of the wire scan followed by protobuf-es's `fromBinary`, for
 * every input. Bytes in the subset the fast reader proves equal (known fields
 * in their declared wire types, valid UTF-8, well within the limits) are
 * decoded by it; anything else is scanned and decoded by protobuf-es, which
 * gives the message or the error. The message shares no memory with `bytes`,
 * or its bytes fields are views into them when `share`.
 *
 * @throws {LimitExceededError} when the bytes are over one of the `limits`;
 *   `what` names them in the error.
 * @throws {WireFormatError} when the bytes are malformed.
 * @throws whatever `fromBinary` throws otherwise (invalid UTF-8 in a string field).
 * @internal
 */
export function decodeMessage<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array, limits: DecodeLimits, what: string, share: boolean): MessageShape<Desc> {
  const message = fastDecode(schema, bytes, limits, share);
  if (message !== undefined) return message;
  scanWire(schema, bytes, limits, what);
  // A copy (not `slice()`, a view on a Node Buffer): protobuf-es reads bytes fields as views into its input.
  return fromBinary(schema, share ? plainView(bytes) : new Uint8Array(bytes));
}

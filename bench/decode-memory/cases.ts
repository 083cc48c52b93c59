// The inputs of the decode-memory benchmark, built alike in both languages (cases.py): an
// envelope whose payload is one large bytes field, and floods of what costs the most memory per
// byte on the wire.

/** One measured input. */
export interface MemoryCase {
  /** A short name, the same in both languages. */
  readonly name: string;
  /** The size of the input in MiB. */
  readonly mib: number;
  /** Whether the input is a large valid event (decoded) or a flood (refused by a limit). */
  readonly kind: "bytes-payload" | "unknown-flood" | "empty-message-flood" | "empty-string-flood" | "json-labels";
}

/** Every case, in the order they are run. */
export const memoryCases: readonly MemoryCase[] = [
  { name: "64 MB bytes payload", mib: 64, kind: "bytes-payload" },
  { name: "256 MB bytes payload", mib: 256, kind: "bytes-payload" },
  { name: "64 MB unknown-field flood", mib: 64, kind: "unknown-flood" },
  { name: "16 MB empty-message flood", mib: 16, kind: "empty-message-flood" },
  { name: "16 MB empty-string flood", mib: 16, kind: "empty-string-flood" },
  { name: "16 MB JSON payload of short strings", mib: 16, kind: "json-labels" },
];

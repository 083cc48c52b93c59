/**
 * The bounds on what decoding accepts, so that bytes from a broker cannot take
 * unbounded memory or time. Every decoding function takes them as an option;
 * the Python package has the same limits, defaults and error.
 */
export interface DecodeLimits {
  /** The most bytes an envelope may have: binary, or JSON text in UTF-8. */
  readonly maxBytes: number;
  /**
   * The deepest nesting of messages, groups and JSON arrays or objects; the
   * outermost message is depth 1. At most 100, the protobuf runtimes' own
   * recursion limit, so that this limit is always the one met.
   */
  readonly maxDepth: number;
  /** The most unknown fields one decode keeps, counted over every nested message. */
  readonly maxUnknownFields: number;
  /**
   * The most nested messages and map entries one decode creates. Each costs
   * about 100 bytes of memory in JavaScript whatever its size on the wire
   * (2 bytes at least), so this bounds what a flood of empty messages costs.
   */
  readonly maxMessages: number;
}

/**
 * The limits in force when a call gives none: 16 MiB, 64 levels, 1024 unknown
 * fields, 100,000 messages.
 * Below the protobuf runtimes' own limits (100 levels), so that ours are met first.
 */
export const defaultDecodeLimits: DecodeLimits = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxUnknownFields: 1024,
  maxMessages: 100_000,
});

// upb refuses deeper nesting itself, so a higher maxDepth would make the languages differ.
const maxDepthCeiling = 100;

/**
 * The options of every decoding function.
 */
export interface DecodeOptions {
  /** Limits to change; the others keep their {@link defaultDecodeLimits}. */
  readonly limits?: Partial<DecodeLimits>;
  /**
   * When true, a decoded envelope's `payload` and a payload's `bytes` fields
   * may be views into the bytes given, as protobuf-es's `fromBinary` returns
   * them, instead of copies: decoding a large payload then copies nothing.
   * Only for bytes that nobody writes to afterwards, such as a message a
   * broker client handed over; a receive buffer that is reused would change
   * the events decoded from it. Default false: a decoded event shares no
   * memory with the bytes given. The outcome (the values, every error) is the
   * same either way. TypeScript only: Python's `bytes` cannot change.
   */
  readonly shareMemory?: boolean;
}

/**
 * Merges given limits over the defaults.
 *
 * @throws {RangeError} when a limit is not a positive safe integer, or
 *   `maxDepth` is over 100.
 * @internal
 */
export function resolveLimits(options: DecodeOptions | undefined): DecodeLimits {
  const given = options?.limits;
  if (given === undefined) return defaultDecodeLimits;
  const limits = { ...defaultDecodeLimits, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limit ${name} must be a positive integer, got ${String(value)}`);
  }
  if (limits.maxDepth > maxDepthCeiling) throw new RangeError(`limit maxDepth must be at most ${maxDepthCeiling}, got ${limits.maxDepth}`);
  return limits;
}

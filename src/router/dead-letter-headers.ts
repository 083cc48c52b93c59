/**
 * The headers a consumer adds to a dead-letter record, beside the original record's key, value
 * and every header of it. Their values are UTF-8 strings; numbers are in decimal.
 */
export const DeadLetterHeader = {
  /** The `ProtoeventsError` code, or `HANDLER_FAILED` when the handler kept failing. */
  ErrorCode: "protoevents-error-code",
  /** The error's message, cut to 1000 characters (Unicode code points). */
  ErrorMessage: "protoevents-error-message",
  /** The topic (or subject) the record was read from. */
  OriginalTopic: "protoevents-original-topic",
  /** The partition it was read from. */
  OriginalPartition: "protoevents-original-partition",
  /** Its offset there. */
  OriginalOffset: "protoevents-original-offset",
  /** How many times the handler ran: 0 for a message that did not decode. */
  Attempts: "protoevents-attempts",
} as const;

/** The code of a dead-letter record whose handler threw on every run. */
export const handlerFailedCode = "HANDLER_FAILED";

/** The longest error message a dead-letter record carries, in Unicode code points. */
export const maxDeadLetterMessageLength = 1000;

/** Why and from where an event was dead-lettered. */
export interface DeadLetterReason {
  /** A `ProtoeventsError` code, or {@link handlerFailedCode}. */
  readonly code: string;
  /** The error's message. */
  readonly message: string;
  /** Where the record was read from. */
  readonly topic: string;
  readonly partition: number;
  /** The record's offset, in decimal. */
  readonly offset: string;
  /** How many times the handler ran. */
  readonly attempts: number;
}

/**
 * The `protoevents-*` headers of a dead-letter record ({@link DeadLetterHeader}), the message cut
 * to 1000 code points so that both languages cut at the same place.
 */
export function deadLetterHeaders(reason: DeadLetterReason): Record<string, string> {
  return {
    [DeadLetterHeader.ErrorCode]: reason.code,
    [DeadLetterHeader.ErrorMessage]: truncateCodePoints(reason.message, maxDeadLetterMessageLength),
    [DeadLetterHeader.OriginalTopic]: reason.topic,
    [DeadLetterHeader.OriginalPartition]: String(reason.partition),
    [DeadLetterHeader.OriginalOffset]: reason.offset,
    [DeadLetterHeader.Attempts]: String(reason.attempts),
  };
}

function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  let count = 0;
  for (const char of text) {
    if (count === max) break;
    end += char.length;
    count += 1;
  }
  return text.slice(0, end);
}

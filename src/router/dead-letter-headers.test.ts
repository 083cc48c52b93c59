import { describe, expect, it } from "vitest";
import { ScalarsRecordedSchema } from "../../test/fixture-examples.js";
import { ErrorCode, MalformedEnvelopeError } from "../errors.js";
import { unwrap } from "../unwrap.js";
import { wrap } from "../wrap.js";
import { deadLetterHeaders } from "./dead-letter-headers.js";
import { checkUnknownEventPolicy, isUnknownEvent } from "./unknown-event-policy.js";

describe("deadLetterHeaders", () => {
  it("names the error, where the record was read and how often the handler ran, in decimal strings", () => {
    expect(deadLetterHeaders({ code: "HANDLER_FAILED", message: "boom", topic: "orders", partition: 2, offset: "9007199254740993", attempts: 4 })).toEqual({
      "protoevents-error-code": "HANDLER_FAILED",
      "protoevents-error-message": "boom",
      "protoevents-original-topic": "orders",
      "protoevents-original-partition": "2",
      "protoevents-original-offset": "9007199254740993",
      "protoevents-attempts": "4",
    });
  });

  it("cuts the message to 1000 code points, never inside a surrogate pair", () => {
    const header = (message: string): string => deadLetterHeaders({ code: "X", message, topic: "t", partition: 0, offset: "0", attempts: 0 })["protoevents-error-message"] ?? "";
    expect(header("a".repeat(1000))).toBe("a".repeat(1000));
    expect(header("a".repeat(1001))).toBe("a".repeat(1000));
    const emoji = "\u{1F600}".repeat(1200);
    expect([...header(emoji)]).toHaveLength(1000);
    expect(header(emoji)).toBe("\u{1F600}".repeat(1000));
  });
});

describe("the unknown-event policy", () => {
  it("applies to UNKNOWN_EVENT and UNSUPPORTED_VERSION only", () => {
    const unknown = (() => {
      try {
        unwrap(wrap(ScalarsRecordedSchema, { id: "s" }), []);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect((unknown as { code: string }).code).toBe(ErrorCode.UnknownEvent);
    expect(isUnknownEvent(unknown)).toBe(true);
    expect(isUnknownEvent(new MalformedEnvelopeError("no"))).toBe(false);
    expect(isUnknownEvent(new Error("UNKNOWN_EVENT"))).toBe(false);
  });

  it("is dead-letter by default and one of three", () => {
    expect(checkUnknownEventPolicy(undefined)).toBe("dead-letter");
    expect(checkUnknownEventPolicy("skip")).toBe("skip");
    expect(() => checkUnknownEventPolicy("ignore" as "skip")).toThrow('unknownEvents must be "dead-letter", "skip" or "stop", got "ignore"');
  });
});

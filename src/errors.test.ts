import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  describe as describeError,
  ErrorCode,
  InvalidCloudEventError,
  isProtoeventsError,
  MalformedEnvelopeError,
  ProtoeventsError,
  quote,
  UnknownEventError,
  UnsupportedContentTypeError,
  UnsupportedVersionError,
} from "./errors.js";

const dist = join(import.meta.dirname, "..", "dist");

describe("ErrorCode", () => {
  it("lists the codes in the order of the Python package's ErrorCode (python/tests/test_errors.py)", () => {
    expect(Object.values(ErrorCode)).toEqual([
      "MALFORMED_ENVELOPE",
      "INCOMPLETE_ENVELOPE",
      "UNKNOWN_EVENT",
      "UNSUPPORTED_VERSION",
      "UNSUPPORTED_CONTENT_TYPE",
      "PAYLOAD_DECODE_FAILED",
      "NOT_AN_EVENT",
      "INVALID_METADATA",
      "LIMIT_EXCEEDED",
      "INVALID_CLOUD_EVENT",
      "EVENT_TOO_LARGE",
    ]);
  });
});

describe("error messages", () => {
  it("quote untrusted values, escaping quotes, backslashes, control characters and lone surrogates", () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quote("line\nbreak\u0000\u001b[31m\u0085\u2028")).toBe('"line\\u000abreak\\u0000\\u001b[31m\\u0085\\u2028"');
    expect(quote("x\ud800y\udc00")).toBe('"x\\ud800y\\udc00"');
    expect(quote("ok \u{1f600} é")).toBe('"ok \u{1f600} é"');
  });

  it("cut a long value to 64 characters, and keep the whole value on the error", () => {
    const name = "e".repeat(50 * 1024 * 1024);
    const error = new UnknownEventError(name, ["a.b"]);
    expect(error.message).toBe(`[UNKNOWN_EVENT] unknown event "${"e".repeat(64)}…": not among the events this call accepts; accepted names: a.b`);
    expect(error.eventName).toBe(name);
  });

  it("list at most 20 accepted names or versions, then how many more", () => {
    const names = Array.from({ length: 23 }, (_, i) => `domain.event${i}`);
    expect(new UnknownEventError("x", names).message).toBe(
      `[UNKNOWN_EVENT] unknown event "x": not among the events this call accepts; accepted names: ${names.slice(0, 20).join(", ")} and 3 more`,
    );
    expect(new UnknownEventError("x", names.slice(0, 20)).message.endsWith("domain.event19")).toBe(true);
    expect(new UnsupportedVersionError("x", "v9", ["v1", "v2"]).message).toBe(
      '[UNSUPPORTED_VERSION] event "x" has no version "v9" among the events this call accepts; accepted versions: v1, v2',
    );
  });

  it("never carry a raw control character from the input", () => {
    const error = new UnsupportedContentTypeError("text/plain\r\nX-Injected: 1");
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.contentType).toBe("text/plain\r\nX-Injected: 1");
    expect(describeError(new Error(`bad\n${"x".repeat(500)}`))).toHaveLength(3 + 6 + 200 - 4 + 1);
  });
});

describe("ProtoeventsError across copies of the package", () => {
  const require = createRequire(import.meta.url);
  const cjs = require(join(dist, "index.cjs")) as typeof import("./index.js");

  it("is recognised by instanceof and isProtoeventsError whichever copy threw it", async () => {
    const esm = (await import(join(dist, "index.js"))) as typeof import("./index.js");
    expect(cjs.ProtoeventsError).not.toBe(esm.ProtoeventsError);
    let thrown: unknown;
    try {
      cjs.decodeEnvelope(new Uint8Array([0xff]));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(esm.ProtoeventsError);
    expect(thrown).toBeInstanceOf(esm.MalformedEnvelopeError);
    expect(thrown).toBeInstanceOf(MalformedEnvelopeError);
    expect(thrown).not.toBeInstanceOf(esm.UnknownEventError);
    expect(esm.isProtoeventsError(thrown)).toBe(true);
    expect(isProtoeventsError(thrown)).toBe(true);
  });

  it("is not claimed for other errors, or objects that only look alike", () => {
    expect(new Error("x")).not.toBeInstanceOf(ProtoeventsError);
    expect({ name: "MalformedEnvelopeError", code: "MALFORMED_ENVELOPE" }).not.toBeInstanceOf(ProtoeventsError);
    expect(isProtoeventsError({ code: "MALFORMED_ENVELOPE" })).toBe(false);
    expect(isProtoeventsError(null)).toBe(false);
    expect(new cjs.UnknownEventError("x", [])).not.toBeInstanceOf(MalformedEnvelopeError);
  });
});

describe("InvalidCloudEventError", () => {
  it("carries the code and the attribute at fault, quoting it", () => {
    const error = new InvalidCloudEventError("ce\ntype", "is missing");
    expect(error.code).toBe("INVALID_CLOUD_EVENT");
    expect(error.field).toBe("ce\ntype");
    expect(error.message).toBe('[INVALID_CLOUD_EVENT] not a valid CloudEvent: "ce\\u000atype" is missing');
    expect(error).toBeInstanceOf(ProtoeventsError);
  });
});

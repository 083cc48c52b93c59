import { describe, expect, it } from "vitest";
import { ProtoeventsError, ErrorCode } from "../../src/index.js";
import type { FuzzInput } from "./fuzz-input.js";
import { fuzzPeerCommand, startPythonPeer } from "./python-peer.js";
import { outcomeOf } from "./typescript-side.js";

// A stand-in peer that answers every input with a code, and dies on the text "crash".
const fakePeer = String.raw`
import json, sys
for line in sys.stdin:
    item = json.loads(line)
    if "flush" in item:
        print(json.dumps({"busySeconds": 0.0}), flush=True)
    elif item.get("jsonText") == "crash":
        sys.exit(3)
    else:
        print(json.dumps({"ok": False, "code": item["jsonText"]}))
`;

describe("the Python peer", () => {
  it("reports a protoevents error by its code and any other exception as an escape", async () => {
    const peer = startPythonPeer(fuzzPeerCommand());
    try {
      const inputs: FuzzInput[] = [
        { generator: "t", bytesHex: "ff" },
        // No such message type: the peer's lookup raises KeyError, which is no ProtoeventsError.
        { generator: "t", wrap: { type: "fixture.v1.Missing", payload: {}, eventId: "e", timestamp: { integer: "0" }, options: {} } },
      ];
      const { outcomes } = await peer.run(inputs);
      expect(outcomes[0]).toEqual({ ok: false, code: "MALFORMED_ENVELOPE", peek: { ok: false, code: "MALFORMED_ENVELOPE" } });
      expect(outcomes[1]).toMatchObject({ escape: expect.stringMatching(/^KeyError: /) as unknown });
    } finally {
      await peer.close();
    }
  }, 120_000);

  it("reports the input a peer crashed on as an escape, and answers the rest from a new peer", async () => {
    const peer = startPythonPeer({ file: "python3", args: ["-c", fakePeer], env: process.env });
    try {
      const inputs: FuzzInput[] = ["A", "crash", "B"].map((jsonText) => ({ generator: "t", jsonText }));
      const { outcomes } = await peer.run(inputs);
      expect(outcomes[0]).toEqual({ ok: false, code: "A" });
      expect(outcomes[1]).toMatchObject({ escape: expect.stringMatching(/^PeerCrash: exit code 3/) as unknown });
      expect(outcomes[2]).toEqual({ ok: false, code: "B" });
    } finally {
      await peer.close();
    }
  });
});

describe("the TypeScript side", () => {
  it("reports a protoevents error by its code and any other exception as an escape", () => {
    expect(outcomeOf(() => { throw new ProtoeventsError(ErrorCode.UnknownEvent, "x"); })).toEqual({ ok: false, code: "UNKNOWN_EVENT" });
    expect(outcomeOf(() => { throw new RangeError("too deep"); })).toEqual({ escape: "RangeError: too deep" });
  });
});

import { describe, expect, it } from "vitest";
import { deadLetterStream, deadLetterSubject, deadLetterSubjects, defaultNatsNames, eventStream, eventSubject, resolveNatsNames } from "./subject-names.js";

describe("the NATS names", () => {
  it("default to events.<name>, events-<name with - for .>, dead-letter.<subject> and events-dead-letter", () => {
    const names = resolveNatsNames({}, "test");
    expect(names).toEqual(defaultNatsNames);
    expect(eventSubject(names, "account.opened")).toBe("events.account.opened");
    expect(eventStream(names, "user_account.created")).toBe("events-user_account-created");
    expect(deadLetterSubject(names, "events.account.opened")).toBe("dead-letter.events.account.opened");
    expect(deadLetterStream(names)).toBe("events-dead-letter");
    expect(deadLetterSubjects(names)).toBe("dead-letter.>");
  });

  it("follow the prefixes given, several tokens for a subject", () => {
    const names = resolveNatsNames({ subjectPrefix: "acme.prod", streamPrefix: "acme_prod", deadLetterPrefix: "acme.dlq" }, "test");
    expect(eventSubject(names, "fixture.parcel.shipped")).toBe("acme.prod.fixture.parcel.shipped");
    expect(eventStream(names, "fixture.parcel.shipped")).toBe("acme_prod-fixture-parcel-shipped");
    expect(deadLetterSubject(names, "acme.prod.fixture.parcel.shipped")).toBe("acme.dlq.acme.prod.fixture.parcel.shipped");
    expect(deadLetterStream(names)).toBe("acme_prod-dead-letter");
  });

  it("give two event names two streams", () => {
    const names = resolveNatsNames({}, "test");
    expect(eventStream(names, "a_b.c")).not.toBe(eventStream(names, "a.b_c"));
  });

  it.each([
    [{ subjectPrefix: "" }, "`subjectPrefix` must be subject tokens"],
    [{ subjectPrefix: "events.>" }, "`subjectPrefix` must be subject tokens"],
    [{ subjectPrefix: "events.*" }, "`subjectPrefix` must be subject tokens"],
    [{ subjectPrefix: "Events" }, "`subjectPrefix` must be subject tokens"],
    [{ subjectPrefix: "events..x" }, "`subjectPrefix` must be subject tokens"],
    [{ subjectPrefix: "events." }, "`subjectPrefix` must be subject tokens"],
    [{ deadLetterPrefix: "dead letter" }, "`deadLetterPrefix` must be subject tokens"],
    [{ streamPrefix: "a.b" }, "`streamPrefix` must be one token"],
    [{ streamPrefix: "" }, "`streamPrefix` must be one token"],
    [{ subjectPrefix: "dead-letter" }, "`subjectPrefix` \"dead-letter\" and `deadLetterPrefix` \"dead-letter\" must not overlap"],
    [{ deadLetterPrefix: "events.failed" }, "`subjectPrefix`"],
    [{ subjectPrefix: "dlq.events", deadLetterPrefix: "dlq" }, "`subjectPrefix`"],
  ])("refuse %j", (given, message) => {
    expect(() => resolveNatsNames(given, "createThing")).toThrow(TypeError);
    expect(() => resolveNatsNames(given, "createThing")).toThrow(`createThing: ${message}`);
  });
});

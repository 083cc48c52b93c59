import { describe, expect, it } from "vitest";
import { ScalarsRecordedSchema } from "../../test/fixture-examples.js";
import { wrap } from "../wrap.js";
import { createRouter } from "./create-router.js";
import { handleWithRetries } from "./handle-with-retries.js";
import { defaultRetryPolicy, resolveRetryPolicy, retryDelayMs } from "./retry-policy.js";

describe("the retry policy", () => {
  it("defaults to 3 retries from 100 ms, doubling, at most 5 s", () => {
    expect(defaultRetryPolicy).toEqual({ retries: 3, initialDelayMs: 100, maxDelayMs: 5000, factor: 2 });
    expect([1, 2, 3, 6, 7, 20].map((n) => retryDelayMs(defaultRetryPolicy, n))).toEqual([100, 200, 400, 3200, 5000, 5000]);
    expect(resolveRetryPolicy({ retries: 0 })).toEqual({ ...defaultRetryPolicy, retries: 0 });
  });

  it("refuses a policy that cannot be followed", () => {
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ retries: 1.5 })).toThrow("retry.retries must be a non-negative integer, got 1.5");
    expect(() => resolveRetryPolicy({ initialDelayMs: Number.NaN })).toThrow("retry.initialDelayMs must be a non-negative number, got NaN");
    expect(() => resolveRetryPolicy({ maxDelayMs: -5 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ factor: 0.5 })).toThrow("retry.factor must be a number of at least 1, got 0.5");
  });
});

describe("handleWithRetries", () => {
  const fast = resolveRetryPolicy({ retries: 2, initialDelayMs: 1, maxDelayMs: 1 });

  it("runs a handler that fails once again, and reports the run that succeeded", async () => {
    const attempts: number[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, (_event, context) => {
      attempts.push(context.attempt);
      if (context.attempt === 1) throw new Error("once");
    });
    const outcome = await handleWithRetries(router.route(wrap(ScalarsRecordedSchema, { id: "s" })), { retry: fast });
    expect(outcome).toEqual({ status: "handled", attempts: 2 });
    expect(attempts).toEqual([1, 2]);
  });

  it("gives up after the retries with the last error, having run 1 + retries times", async () => {
    let runs = 0;
    const router = createRouter().on(ScalarsRecordedSchema, () => {
      runs++;
      throw new Error(`failure ${runs}`);
    });
    const outcome = await handleWithRetries(router.route(wrap(ScalarsRecordedSchema, { id: "s" })), { retry: fast, source: { topic: "t", partition: 0, offset: "1" } });
    expect(outcome).toMatchObject({ status: "failed", attempts: 3, error: new Error("failure 3") });
    expect(runs).toBe(3);
  });

  it("waits between runs as the policy says", async () => {
    const times: number[] = [];
    const router = createRouter().on(ScalarsRecordedSchema, () => {
      times.push(performance.now());
      throw new Error("always");
    });
    await handleWithRetries(router.route(wrap(ScalarsRecordedSchema, { id: "s" })), { retry: resolveRetryPolicy({ retries: 2, initialDelayMs: 40, factor: 2 }) });
    const gaps = [(times[1] ?? 0) - (times[0] ?? 0), (times[2] ?? 0) - (times[1] ?? 0)];
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78);
  });

  it("stops waiting to retry when aborted, and reports the message as neither handled nor failed", async () => {
    const controller = new AbortController();
    let runs = 0;
    const router = createRouter().on(ScalarsRecordedSchema, () => {
      runs++;
      setTimeout(() => controller.abort(), 10);
      throw new Error("fails");
    });
    const started = performance.now();
    const outcome = await handleWithRetries(router.route(wrap(ScalarsRecordedSchema, { id: "s" })), {
      retry: resolveRetryPolicy({ retries: 5, initialDelayMs: 10_000 }),
      signal: controller.signal,
    });
    expect(outcome).toEqual({ status: "aborted", attempts: 1 });
    expect(runs).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

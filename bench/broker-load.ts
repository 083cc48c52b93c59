// What the broker benchmarks (bench/kafka/rounds.ts, bench/nats/rounds.ts) publish, how many
// publishes they keep in flight at once, and how they time consuming.

/** The `i`th fixture.account.opened payload: the same fields for every broker and variant. */
export function accountOpened(i: number): { id: string; name: string; email: string; openedAt: bigint } {
  return { id: `acc-${i}`, name: "Ada Lovelace", email: "ada@example.com", openedAt: 1_700_000_000_000n + BigInt(i) };
}

/** Calls `send(i)` for every `i` below `total`, `concurrency` at a time: each window waits for all its sends. */
export async function inWindows(total: number, concurrency: number, send: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < total; start += concurrency) {
    const sends: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(total, start + concurrency); i++) sends.push(send(i));
    await Promise.all(sends);
  }
}

/** Resolves when `isDone()`, polled every millisecond or so, and gives the time since the first event. */
export async function consumed(isDone: () => boolean, firstAt: () => number | undefined, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error("the events did not all arrive in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - (firstAt() ?? Number.NaN);
}

/** Monotonic milliseconds with sub-millisecond resolution. */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Runs fn and returns its duration in milliseconds (and its result). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = nowMs();
  const value = await fn();
  return { ms: nowMs() - start, value };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `worker` on `concurrency` parallel loops until `durationMs` has passed; returns completed operations and
 * their latencies. The closed-loop counterpart of autocannon, for raw SQL.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  worker: (i: number) => Promise<void>,
): Promise<{ ops: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let i = 0;
  const start = nowMs();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nowMs() < end) {
        const t = nowMs();
        await worker(i++);
        latencies.push(nowMs() - t);
      }
    }),
  );
  return { ops: latencies.length, seconds: (nowMs() - start) / 1000, latencies };
}

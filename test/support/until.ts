// Waiting until a probe has an answer, for tests on both hosts (no Node built-ins: workerd too).

export interface UntilOptions {
  /** Give up after this long (default 30 s). */
  ms?: number;
  /** Poll this often (default 50 ms). */
  every?: number;
  /** What to add to the timeout's message (a log so far). */
  context?: () => string;
}

/** Polls `probe` until it returns something other than undefined. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, { ms = 30_000, every = 50, context }: UntilOptions = {}): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context ? `; log:\n${context()}` : ""}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// Telegram's 429 (with the retry_after it asks for) and 5xx answers are retried a few times;
// what still fails is returned to grammY, which throws it to the handler, whose error the
// webhook logs (never rethrows: Telegram would redeliver the update).
import type { Transformer } from "grammy";

export interface RetryOptions {
  maxRetries?: number;
  /** A longer wait than this is not waited for (the webhook must answer in time). */
  maxDelaySeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function retryTransformer({ maxRetries = 2, maxDelaySeconds = 5, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }: RetryOptions = {}): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      const result = await prev(method, payload, signal);
      if (result.ok) return result;
      const delay =
        result.error_code === 429 ? (result.parameters?.retry_after ?? 1) : result.error_code >= 500 ? 0.5 * 2 ** attempt : undefined;
      if (delay === undefined || attempt >= maxRetries || delay > maxDelaySeconds) return result;
      await sleep(delay * 1000);
    }
  };
}

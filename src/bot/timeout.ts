// Every call to the Bot API has a deadline: grammY's own default is 500 s, long enough for a
// webhook to be answered late (and Telegram to redeliver) or a long-polling bot to stall.
// A call that passes its deadline is aborted; grammY then throws an HttpError, which the
// outbox (./outbox.ts) treats like any network failure: the reply is delivered later.
import type { Transformer } from "grammy";

/** Seconds a Bot API call may take; getUpdates gets its long-poll timeout on top. */
export const CALL_TIMEOUT_SECONDS = 10;

export function timeoutTransformer(seconds = CALL_TIMEOUT_SECONDS): Transformer {
  return async (prev, method, payload, signal) => {
    const longPoll = method === "getUpdates" ? Number((payload as { timeout?: number } | undefined)?.timeout ?? 0) : 0;
    // grammY types the signal as its Node shim's; both kinds have addEventListener, all it needs
    type Signal = Parameters<typeof prev>[2];
    const controller = new AbortController();
    const abort = () => controller.abort();
    if (signal?.aborted) abort();
    signal?.addEventListener("abort", abort, { once: true });
    const timer = setTimeout(() => controller.abort(new Error(`${method} timed out after ${seconds + longPoll} s`)), (seconds + longPoll) * 1000);
    try {
      return await prev(method, payload, controller.signal as unknown as Signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  };
}

// Wrong admin tokens, per client address: after MAX_FAILURES within WINDOW_MS, that client gets
// 429 with Retry-After until the window passes, without its token being looked at. Kept in this
// instance's memory (bounded); on the edge each instance counts on its own, which still turns a
// guessing run into a trickle.
import type { Context } from "hono";

export const MAX_FAILURES = 10;
export const WINDOW_MS = 10 * 60_000;
const MAX_CLIENTS = 10_000;

export interface FailedAuth {
  /** Seconds to wait when the client is locked out, else 0. */
  lockedFor(client: string, now?: number): number;
  failed(client: string, now?: number): void;
}

export function failedAuthLimiter(max = MAX_FAILURES, windowMs = WINDOW_MS): FailedAuth {
  const clients = new Map<string, { count: number; since: number }>();
  const current = (client: string, now: number) => {
    const entry = clients.get(client);
    if (entry && now - entry.since >= windowMs) clients.delete(client);
    return clients.get(client);
  };
  return {
    lockedFor(client, now = Date.now()) {
      const entry = current(client, now);
      return entry && entry.count >= max ? Math.ceil((entry.since + windowMs - now) / 1000) : 0;
    },
    failed(client, now = Date.now()) {
      const entry = current(client, now) ?? { count: 0, since: now };
      entry.count++;
      clients.delete(client);
      clients.set(client, entry);
      if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value!);
    },
  };
}

/** Who is asking: Cloudflare's client address on the edge, the socket's on Node. */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return c.req.header("cf-connecting-ip") ?? incoming?.socket?.remoteAddress ?? "unknown";
}

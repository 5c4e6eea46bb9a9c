// The web pages' setting, from the environment (worker vars, .dev.vars, or process.env):
//   PUBLIC_BASE_URL  optional: where the site is reached from outside ("https://zct.example.org"
//                    or "https://example.org/zct"), for absolute og:url and canonical links.
// Without it the pages are the same, with relative links only and no og:url.
import type { BaseUrl } from "./links.js";

/** PUBLIC_BASE_URL, when set: normalised (no trailing slash; host and path as the URL parser writes them), or what is wrong with it. One reading for the pages and the bot (../bot/config.ts adds Telegram's rule). */
export function readPublicBaseUrl(env: Record<string, unknown>): { ok: true; base?: BaseUrl; url?: URL } | { ok: false; error: string } {
  const value = env.PUBLIC_BASE_URL;
  if (value === undefined || value === "") return { ok: true };
  const fail = (message: string) => ({ ok: false as const, error: `PUBLIC_BASE_URL ${message}` });
  if (typeof value !== "string") return fail("must be an absolute http(s) URL, e.g. https://zct.example.org/");
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return fail("must be an absolute http(s) URL, e.g. https://zct.example.org/");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return fail("must be an absolute http(s) URL, e.g. https://zct.example.org/");
  if (value.includes("?") || value.includes("#")) return fail("must not have a query (?…) or a fragment (#…)");
  if (url.username || url.password) return fail("must not hold a user name or password");
  return { ok: true, base: `${url.origin}${url.pathname}`.replace(/\/+$/, ""), url };
}

export interface WebConfig {
  /** PUBLIC_BASE_URL without its trailing slashes; undefined when not set. */
  baseUrl?: BaseUrl;
}

export type WebConfigResult = { ok: true; config: WebConfig } | { ok: false; error: string };

export function readWebConfig(env: Record<string, unknown>): WebConfigResult {
  const read = readPublicBaseUrl(env);
  if (!read.ok) return read;
  return { ok: true, config: read.base ? { baseUrl: read.base } : {} };
}

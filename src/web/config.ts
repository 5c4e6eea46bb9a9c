// The web pages' setting, from the environment (worker vars, .dev.vars, or process.env),
// validated with zod/mini like the bot's (../bot/config.ts):
//   PUBLIC_BASE_URL  optional: where the site is reached from outside ("https://zct.example.org"
//                    or "https://example.org/zct"), for absolute og:url and canonical links.
// Without it the pages are the same, with relative links only and no og:url.
import * as z from "zod/mini";
import type { BaseUrl } from "./links.js";

export const WebEnv = z.object({
  PUBLIC_BASE_URL: z.optional(
    z.string().check(
      z.refine((s) => {
        try {
          const url = new URL(s.trim());
          return (url.protocol === "https:" || url.protocol === "http:") && !s.includes("?") && !s.includes("#") && !url.username && !url.password;
        } catch {
          return false;
        }
      }, "PUBLIC_BASE_URL must be an http(s) URL without query, fragment or credentials (e.g. https://zct.example.org)"),
    ),
  ),
});

export interface WebConfig {
  /** PUBLIC_BASE_URL without its trailing slashes; undefined when not set. */
  baseUrl?: BaseUrl;
}

export type WebConfigResult = { ok: true; config: WebConfig } | { ok: false; error: string };

export function readWebConfig(env: Record<string, unknown>): WebConfigResult {
  const value = env.PUBLIC_BASE_URL;
  const parsed = WebEnv.safeParse(value === undefined || value === "" ? {} : { PUBLIC_BASE_URL: value });
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") };
  const base = parsed.data.PUBLIC_BASE_URL;
  if (!base) return { ok: true, config: {} };
  // as the URL parser writes it (the bot's links normalise it the same way): no trailing slash
  const url = new URL(base.trim());
  return { ok: true, config: { baseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, "") } };
}

// Query-string validation for the JSON API (zod/mini): bad input is a 400 with a JSON error.
import * as z from "zod/mini";

export const MAX_QUERY_CHARS = 200;

const question = z.pipe(
  z.pipe(z.string({ error: "q is required" }), z.transform((s: string) => s.trim())),
  z.string().check(
    z.refine((s) => s.length > 0, "q must not be empty"),
    z.refine((s) => [...s].length <= MAX_QUERY_CHARS, `q must be at most ${MAX_QUERY_CHARS} characters`),
    z.refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/u.test(s), "q contains control or invalid characters"),
  ),
);

/** k: a whole number from 1 to 20, 5 when absent. */
const resultCount = z._default(
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/, "k must be a whole number")), z.transform(Number)),
    z.number().check(z.refine((k) => k >= 1 && k <= 20, "k must be between 1 and 20")),
  ),
  5,
);

export const SearchParams = z.object({ q: question, k: resultCount });
export type SearchParams = z.infer<typeof SearchParams>;

export interface ApiError {
  error:
    | "invalid_request"
    | "not_found"
    | "method_not_allowed"
    | "internal_error"
    | "unavailable"
    | "unauthorized"
    | "too_many_requests"
    | `publish_${string}`
    | "rollback_unavailable"
    | "tier_mode";
  message: string;
  issues?: { field: string; message: string }[];
}

/** Reads the query string strictly: a repeated parameter or broken %-encoding is an error. */
export function readQuery(url: string): { ok: true; params: Record<string, string> } | { ok: false; error: ApiError } {
  // no prototype: "toString", "constructor" or "__proto__" are parameters like any other
  const params: Record<string, string> = Object.create(null);
  const search = url.includes("?") ? url.slice(url.indexOf("?") + 1).replace(/#.*$/, "") : "";
  for (const pair of search.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, " "));
      value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    } catch {
      return { ok: false, error: { error: "invalid_request", message: "malformed percent-encoding in the query string" } };
    }
    if (Object.hasOwn(params, key)) return { ok: false, error: { error: "invalid_request", message: `parameter ${key} is given more than once` } };
    params[key] = value;
  }
  return { ok: true, params };
}

export function validationError(error: z.core.$ZodError): ApiError {
  return {
    error: "invalid_request",
    message: error.issues.map((i) => i.message).join("; "),
    issues: error.issues.map((i) => ({ field: i.path.join(".") || "query", message: i.message })),
  };
}

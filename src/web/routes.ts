// The web pages' routes on the Hono app (both hosts): `/`, `/q?q=…`, `/c/<clauseId>`,
// `/d/<docId>` and the static files, with their headers:
//   - Content-Security-Policy without inline script or style (the CSS and JS are files),
//     Referrer-Policy no-referrer (the address holds the question), X-Frame-Options DENY for
//     browsers older than frame-ancestors; nosniff comes from the app's middleware.
//   - Caching: a page is a function of the index version, its address, the settings and the
//     code. ETag = the index's content hash + a hash of the address and the page; Cache-Control
//     public with a short max-age (a publish reaches browsers within a minute); If-None-Match →
//     304. With a page cache (the Cache API in the worker) rendered answers are kept under a key
//     holding the index's content hash, so a new version never serves an old answer.
import type { Context, Handler } from "hono";
import type { LoadedIndex } from "../search/load-index.js";
import type { TierVersion } from "../tier/source.js";
import { log } from "../shared/log.js";
import { MAX_QUERY_CHARS, readQuery, SearchParams } from "../http/validate.js";
import { answerPage } from "./answer-page.js";
import { clausePage } from "./clause-page.js";
import { readWebConfig } from "./config.js";
import { documentPage } from "./document-page.js";
import { homePage } from "./home.js";
import { badQueryPage, notFoundPage, unavailablePage, type Rendered } from "./notices.js";
import { memoryPages, tierPages, type PageLibrary } from "./library.js";
import { CSS_PATH, JS_PATH, STATIC_FILES, staticFallback } from "./static.js";
import { shortHash } from "./styles.js";
import { page } from "./layout.js";

export const PAGE_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
} as const;

/** Browsers and shared caches keep a page this long: how late a publish may reach a reader who reloads. */
export const PAGE_MAX_AGE = 60;
/** A page kept by the page cache: under its index version's key, so only a deploy that changes the pages can make it stale, for at most this long. */
export const PAGE_CACHE_SECONDS = 600;
const STATIC_MAX_AGE = 365 * 86400;

/** Rendered pages kept between requests (the Cache API on the edge); keys are URLs. */
export interface PageCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

export interface WebDeps {
  index: () => LoadedIndex | Promise<LoadedIndex>;
  /** The search tier, when one is configured: the pages read the library from it. Rejects when it cannot be opened. */
  tier?: (c: Context) => Promise<TierVersion> | undefined;
  now: () => Date;
  env: (c: Context) => Record<string, unknown>;
  pageCache?: PageCache;
}

type Route = (method: "GET" | "POST", path: string, handler: Handler) => void;

/** What the page templates are made of: a change to any of them changes the page cache's keys. */
const RENDERING = shortHash([homePage, answerPage, clausePage, documentPage, page, CSS_PATH, JS_PATH].map(String).join("\n"));

export function webRoutes(route: Route, deps: WebDeps): { notFound: (c: Context) => Promise<Response> } {
  let warned: string | undefined;
  const baseOf = (c: Context) => {
    const config = readWebConfig(deps.env(c));
    if (config.ok) return config.config.baseUrl;
    if (warned !== config.error) log.error(`web pages: PUBLIC_BASE_URL ignored: ${config.error}`);
    warned = config.error;
    return undefined;
  };

  /** `cached`: the page may come from, and goes to, the page cache (only answers: other pages cost less to render than a cache lookup, scripts/web-figures.ts). */
  const serve = async (c: Context, render: (library: PageLibrary, now: Date) => Rendered | Promise<Rendered>, { cached: useCache = false } = {}) => {
    const pageCache = useCache ? deps.pageCache : undefined;
    const base = baseOf(c);
    const now = deps.now();
    const url = new URL(c.req.url);
    let library: PageLibrary;
    try {
      const tier = deps.tier?.(c);
      library = tier ? tierPages(await tier) : memoryPages(await deps.index());
    } catch (e) {
      log.error("web pages: the search tier cannot be read", e);
      const rendered = unavailablePage(base, url.pathname);
      return c.body(String(rendered.html), rendered.status, { ...PAGE_HEADERS, "Content-Type": "text/html; charset=UTF-8", "Cache-Control": "no-store" });
    }
    const key = `${url.origin}/__pages/${library.contentHash}/${RENDERING}-${shortHash(base ?? "")}-${now.getUTCFullYear()}${url.pathname}${url.search}`;
    let cached: Response | undefined;
    try {
      cached = await pageCache?.match(key);
    } catch (e) {
      log.error("web pages: page cache read failed", e);
    }
    let status: Rendered["status"];
    let body: string;
    if (cached) {
      status = 200;
      body = await cached.text();
    } else {
      const rendered = await render(library, now);
      status = rendered.status;
      body = String(rendered.html);
    }
    const etag = `"${library.contentHash.slice(0, 16)}-${shortHash(url.pathname + url.search)}${shortHash(body)}"`;
    const headers: Record<string, string> = {
      ...PAGE_HEADERS,
      "Content-Type": "text/html; charset=UTF-8",
      "Cache-Control": status === 400 || status === 503 ? "no-store" : `public, max-age=${PAGE_MAX_AGE}`,
    };
    if (status === 200) {
      headers.ETag = etag;
      if (!cached && pageCache) {
        const copy = new Response(body, { headers: { "Content-Type": headers["Content-Type"], "Cache-Control": `public, max-age=${PAGE_CACHE_SECONDS}` } });
        const put = pageCache.put(key, copy).catch((e) => log.error("web pages: page cache write failed", e));
        waitUntil(c, put);
      }
      if (matches(c.req.header("if-none-match"), etag)) return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": headers["Cache-Control"] } });
    }
    return c.body(body, status, headers);
  };

  route("GET", "/", (c) => serve(c, async (library, now) => ({ status: 200, html: await homePage(library, baseOf(c), now) })));

  route("GET", "/q", async (c) => {
    const query = readQuery(c.req.url);
    const raw = query.ok && typeof query.params.q === "string" ? query.params.q : "";
    const parsed = query.ok ? SearchParams.safeParse(query.params) : undefined;
    if (!parsed?.success) {
      const message = query.ok ? chineseIssue(parsed!.error.issues.map((i) => i.message)) : chineseIssue([query.error.message]);
      const value = [...raw.replace(/[\u0000-\u001f\u007f\ufffd]/gu, "")].slice(0, MAX_QUERY_CHARS * 2).join("");
      return serve(c, () => badQueryPage(baseOf(c), message, value));
    }
    const { q, k } = parsed.data;
    return serve(c, async (library, now) => ({ status: 200, html: await answerPage(library, await library.search(q, { k, now }), baseOf(c), now) }), { cached: true });
  });

  route("GET", "/c/:id", (c) => serve(c, (library, now) => clausePage(library, c.req.param("id") ?? "", baseOf(c), now)));
  route("GET", "/d/:id", (c) => serve(c, (library, now) => documentPage(library, c.req.param("id") ?? "", baseOf(c), now)));

  route("GET", "/static/:file", (c) => {
    const path = new URL(c.req.url).pathname;
    const current = STATIC_FILES[path];
    const file = current ?? staticFallback(path);
    if (!file) return c.body("", 404, { "Content-Type": "text/plain; charset=UTF-8" });
    const etag = `"${shortHash(file.body)}"`;
    const headers = {
      ...PAGE_HEADERS,
      "Content-Type": file.type,
      "Cache-Control": current ? `public, max-age=${STATIC_MAX_AGE}, immutable` : `public, max-age=${PAGE_MAX_AGE}`,
      ETag: etag,
    };
    if (matches(c.req.header("if-none-match"), etag)) return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": headers["Cache-Control"] } });
    return c.body(file.body, 200, headers);
  });

  return {
    notFound: (c) => serve(c, () => notFoundPage(baseOf(c), new URL(c.req.url).pathname)),
  };
}

/** Whether a request is a browser's for a page (an unknown address then gets the 404 page, not JSON). */
export function wantsPage(c: Context): boolean {
  const path = new URL(c.req.url).pathname;
  if (/^\/(api|admin|telegram|healthz|static)(\/|$)/.test(path)) return false;
  return (c.req.method === "GET" || c.req.method === "HEAD") && (c.req.header("accept") ?? "").includes("text/html");
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag || t.trim() === "*");
}

function waitUntil(c: Context, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    // no execution context (Node): the write goes on by itself
  }
}

/** The API's validation messages (./validate.ts), as a reader of the page is told them. */
export function chineseIssue(messages: string[]): string {
  const said = messages.map((m) => {
    if (m === "q is required" || m === "q must not be empty") return "请先输入一个问题。";
    if (m.startsWith("q must be at most")) return `问题太长了，请控制在${MAX_QUERY_CHARS}个字以内。`;
    if (m.startsWith("q contains control")) return "问题里有无法识别的字符，请重新输入。";
    if (m.startsWith("k ")) return "链接里的结果数量（k）应是 1 到 20 之间的整数。";
    if (m.startsWith("malformed percent-encoding")) return "链接不完整或已损坏（可能在转发时被截断），请重新输入问题。";
    if (m.includes("more than once")) return "链接里的参数重复了，请重新输入问题。";
    return "这个链接里的问题无法识别，请重新输入。";
  });
  return [...new Set(said)].join("");
}

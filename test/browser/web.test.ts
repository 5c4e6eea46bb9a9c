// The web pages (src/web/) in a real browser: headless Chromium (the system's, driven by
// playwright-core) against `wrangler dev` (test/support/wrangler-dev.ts: quiet, offline, its own
// settings file, state folder, dev registry and port, stopped with its process group afterwards).
//
// At phone width (375×812) and desktop width (1280×800): the search page, a question typed and
// submitted, the answer read (the documents and clauses /api/answer gives for the same question),
// a clause's full text expanded, a clause page, a document page; on each page the meta description
// and Open Graph tags, no console error, no uncaught exception, no Content Security Policy
// violation (console, the page's securitypolicyviolation event and DevTools' CSP issues), a CSP
// header that allows no inline script, nothing wider than the screen; then axe-core on each page,
// in a context of its own that bypasses the CSP (to inject axe) — no serious or critical
// violations; and the search without JavaScript.
//
// Skipped, with a line saying so, only when no Chromium is found: $CHROMIUM_PATH, /usr/bin/chromium,
// or chromium, chromium-browser, google-chrome on the PATH (`apt-get install chromium`).
// UPDATE_SCREENSHOTS=1 (npm run screenshots) writes the phone-width screenshots of the search, an
// answer and a clause page to docs/screenshots/; otherwise they are taken into the run's
// temporary folder only.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerPath, clausePath, documentPath } from "../../src/web/links.js";
import { freePort, killWranglerDevNow, ROOT, startWranglerDev, stopWranglerDev, waitForHealthz, type WranglerDev } from "../support/wrangler-dev.js";

// What runs in the page (evaluate, addInitScript): the project's TypeScript has no DOM library
// (the worker's types would clash with it), so the page's globals are declared loosely here.
declare const document: any;
declare const window: any;

const QUESTION = "我能申请哪些技改补贴";
/** A question the sample documents do not cover: the page says so (<p class="nothing">). */
const UNCOVERED = "护照怎么办";
const VIEWPORTS = [
  { name: "phone", width: 375, height: 812 },
  { name: "desktop", width: 1280, height: 800 },
] as const;
const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1" ? join(ROOT, "docs", "screenshots") : undefined;

/** The Chromium to drive: $CHROMIUM_PATH if set, else the first one found. */
function findChromium(): { path?: string; looked: string } {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { path: existsSync(fromEnv) ? fromEnv : undefined, looked: `CHROMIUM_PATH=${fromEnv}` };
  const names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
  const candidates = ["/usr/bin/chromium", ...(process.env.PATH ?? "").split(delimiter).filter(Boolean).flatMap((d) => names.map((n) => join(d, n)))];
  const path = candidates.find((c) => {
    try {
      return statSync(c).isFile();
    } catch {
      return false;
    }
  });
  return { path, looked: `CHROMIUM_PATH (unset), /usr/bin/chromium, ${names.join(", ")} on the PATH` };
}

const CHROMIUM = findChromium();
if (!CHROMIUM.path) {
  console.warn(`test/browser/web.test.ts skipped: no Chromium found (looked for ${CHROMIUM.looked}). Install it with \`apt-get install chromium\` or set CHROMIUM_PATH.`);
}

/** What a page did that it should not have, and the HTML documents it was served. */
interface Watched {
  errors: string[];
  cspViolations: string[];
  /** DevTools issues other than CSP ones (reported, not failed on). */
  issues: string[];
  documents: { url: string; status: number; csp: string | undefined }[];
}

async function watch(page: Page, context: BrowserContext): Promise<Watched> {
  const w: Watched = { errors: [], cspViolations: [], issues: [], documents: [] };
  page.on("console", (m) => {
    const where = m.location().url ? ` (${m.location().url}:${m.location().lineNumber})` : "";
    if (m.type() === "error") w.errors.push(`console.error: ${m.text()}${where}`);
    if (/content security policy/i.test(m.text())) w.cspViolations.push(`console.${m.type()}: ${m.text()}${where}`);
  });
  page.on("pageerror", (e) => w.errors.push(`uncaught: ${e.message}`));
  page.on("response", (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
      w.documents.push({ url: r.url(), status: r.status(), csp: r.headers()["content-security-policy"] });
    }
  });
  // The page's own event, reported through a binding (CDP: not subject to the page's CSP).
  await page.exposeBinding("__reportCspViolation", (_source, v: string) => void w.cspViolations.push(`securitypolicyviolation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e: any) => {
      window.__reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber} (${e.disposition})`,
      );
    });
  });
  // DevTools' issues: CSP violations as the browser itself files them, report-only ones included.
  const cdp = await context.newCDPSession(page);
  cdp.on("Audits.issueAdded", ({ issue }) => {
    if (issue.code === "ContentSecurityPolicyIssue") w.cspViolations.push(`DevTools issue: ${JSON.stringify(issue.details.contentSecurityPolicyIssueDetails)}`);
    else w.issues.push(`${issue.code}: ${JSON.stringify(issue.details).slice(0, 300)}`);
  });
  await cdp.send("Audits.enable");
  return w;
}

/** The script sources a CSP allows: script-src, else default-src; undefined when neither is set (any script runs). */
function scriptSources(csp: string): string[] | undefined {
  const directives = new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name.toLowerCase(), values] as const),
  );
  return directives.get("script-src") ?? directives.get("default-src");
}

/** The meta description and Open Graph tags every page carries. */
async function expectMeta(page: Page, what: string): Promise<void> {
  const meta = await page.evaluate(() => {
    const content = (sel: string): string | null => document.querySelector(sel)?.content ?? null;
    return {
      lang: document.documentElement.lang as string,
      title: document.title as string,
      description: content('meta[name="description"]'),
      ogTitle: content('meta[property="og:title"]'),
      ogDescription: content('meta[property="og:description"]'),
      ogType: content('meta[property="og:type"]'),
      ogUrl: content('meta[property="og:url"]'),
      viewport: content('meta[name="viewport"]'),
    };
  });
  expect(meta.lang, what).toBe("zh-CN");
  expect(meta.title.trim(), `${what}: <title>`).not.toBe("");
  expect(meta.description?.trim(), `${what}: meta description`).toBeTruthy();
  expect(meta.ogTitle?.trim(), `${what}: og:title`).toBeTruthy();
  expect(meta.ogDescription?.trim(), `${what}: og:description`).toBeTruthy();
  expect(meta.ogType?.trim(), `${what}: og:type`).toBeTruthy();
  // PUBLIC_BASE_URL is the server's own address here: og:url is the page's (without the question's encoding details)
  expect(meta.ogUrl && decodeURIComponent(meta.ogUrl), `${what}: og:url`).toBe(decodeURIComponent(page.url()));
  expect(meta.viewport ?? "", `${what}: a viewport for phones`).toMatch(/width=device-width/);
}

/** Nothing wider than the screen (no sideways scrolling on a phone). */
async function expectNoOverflow(page: Page, what: string): Promise<void> {
  const [scrollWidth, clientWidth] = await page.evaluate((): number[] => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scrollWidth, `${what}: page wider than the ${clientWidth}px viewport`).toBeLessThanOrEqual(clientWidth);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const serious = (vs: AxeViolation[]) => vs.filter((v) => v.impact === "serious" || v.impact === "critical");
const describeViolation = (v: AxeViolation) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(", ")}`;

/** The answer as the API gives it: which documents and clauses the /q page should show. */
interface ApiAnswer {
  answered: boolean;
  documents: { id: string; citation: string; clauses: { id: string; sentences: string[] }[] }[];
}

describe.skipIf(!CHROMIUM.path)("the web pages in headless Chromium, served by wrangler dev", () => {
  let dir: string;
  let server: WranglerDev | undefined;
  let browser: Browser | undefined;
  let api: ApiAnswer;
  const onExit = () => killWranglerDevNow(server);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "zct-browser-"));
    process.once("exit", onExit);
    const port = await freePort();
    // PUBLIC_BASE_URL: the pages' og:url and canonical link (without it they have none)
    server = startWranglerDev({ dir, port, inspectorPort: await freePort(), envLines: [`PUBLIC_BASE_URL=http://127.0.0.1:${port}`] });
    try {
      await waitForHealthz(server, 120_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nwrangler dev printed:\n${server.output().split("\n").slice(-40).join("\n")}`);
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      headless: true,
      // Playwright adds --no-sandbox (needed as root), --disable-background-networking and the like
      args: ["--disable-quic", "--disable-gpu"],
      timeout: 60_000,
    });
    const r = await fetch(`${server.url}/api/answer?q=${encodeURIComponent(QUESTION)}`);
    expect(r.status).toBe(200);
    api = (await r.json()) as ApiAnswer;
    expect(api.documents.length, "the sample index answers the test question").toBeGreaterThan(0);
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (server) await stopWranglerDev(server);
    process.off("exit", onExit);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  for (const viewport of VIEWPORTS) {
    it(`${viewport.name} (${viewport.width}×${viewport.height}): search, answer, full text, clause, document — no console error, no CSP violation`, { timeout: 120_000 }, async () => {
      const context = await browser!.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        locale: "zh-CN",
        // for the 复制链接 button (the pages' one script)
        permissions: ["clipboard-read", "clipboard-write"],
      });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        const seen = await watch(page, context);
        const shots = viewport.width === 375 ? (SCREENSHOTS ?? join(dir, "screenshots")) : undefined;
        if (shots) mkdirSync(shots, { recursive: true });
        const base = server!.url;

        // The search page
        const home = await page.goto(`${base}/`);
        expect(home?.status()).toBe(200);
        await expectMeta(page, "/");
        const form = page.locator('form[role="search"]');
        await expect.poll(() => form.count()).toBe(1);
        expect(await form.getAttribute("action")).toBe("/q");
        expect(await form.evaluate((f: any) => f.method as string)).toBe("get");
        const input = form.locator("input#q");
        expect(await input.getAttribute("name")).toBe("q");
        expect(await input.getAttribute("type")).toBe("search");
        expect(await form.locator('label[for="q"]').count()).toBe(1);
        expect(await form.locator('button[type="submit"]').count()).toBe(1);
        const examples = page.locator("a.example");
        expect(await examples.count(), "example questions").toBeGreaterThan(0);
        for (const href of await examples.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) expect(href).toMatch(/^\/q\?q=./);
        await expectNoOverflow(page, "/");
        if (shots) await page.screenshot({ path: join(shots, "search.png") });

        // A question typed and submitted
        await input.fill(QUESTION);
        await Promise.all([page.waitForURL((u) => u.pathname === "/q"), form.locator('button[type="submit"]').click()]);
        expect(new URL(page.url()).searchParams.get("q")).toBe(QUESTION);
        expect(page.url()).toBe(`${base}${answerPath(QUESTION)}`.replace(/%20/g, "+"));
        expect((await page.locator("h1").innerText()).trim()).toContain(QUESTION);
        await expectMeta(page, "/q");

        // The answer: the documents and clauses the API gives for the same question, in its order
        const docs = page.locator("section.doc");
        expect(await docs.count()).toBe(api.documents.length);
        for (let i = 0; i < api.documents.length; i++) {
          const doc = docs.nth(i);
          const expected = api.documents[i];
          expect((await doc.locator("h2").innerText()).replace(/\s+/g, "")).toContain(expected.citation.replace(/\s+/g, "").slice(0, 20));
          expect(await doc.locator("a.doc-link").first().getAttribute("href")).toBe(documentPath(expected.id));
          const clauseLinks = await doc.locator("article.clause a.clause-link").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
          expect(clauseLinks).toEqual(expected.clauses.map((c) => clausePath(c.id)));
        }
        const firstClause = page.locator("article.clause").first();
        const shown = (await firstClause.innerText()).replace(/\s+/g, "");
        expect(shown).toContain(api.documents[0].clauses[0].sentences[0].replace(/\s+/g, "").slice(0, 15));

        // A clause's full text, collapsed until asked for
        const details = firstClause.locator("details.full-text");
        expect(await details.count()).toBe(1);
        expect(await details.evaluate((d: any) => d.open as boolean)).toBe(false);
        const fullBefore = await details.evaluate((d: any) => d.innerText.length as number);
        await details.locator("summary").click();
        await expect.poll(() => details.evaluate((d: any) => d.open as boolean)).toBe(true);
        const full = await details.evaluate((d: any) => (d.innerText as string).replace(/\s+/g, ""));
        const summary = (await details.locator("summary").innerText()).replace(/\s+/g, "");
        expect(full.length, "the full text is more than its summary").toBeGreaterThan(summary.length + 10);
        expect(full.length).toBeGreaterThan(fullBefore);
        await expectNoOverflow(page, "/q");
        if (shots) {
          // as a reader first sees it: full text collapsed
          await details.locator("summary").click();
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(shots, "answer.png") });
        }

        // A clause page, from the answer's first clause link
        const clauseHref = clausePath(api.documents[0].clauses[0].id);
        await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/c/")), firstClause.locator("a.clause-link").click()]);
        expect(new URL(page.url()).pathname).toBe(clauseHref);
        expect((await page.locator("h1").innerText()).trim()).not.toBe("");
        expect((await page.locator("div.clause-text").innerText()).trim().length).toBeGreaterThan(10);
        // the clause's own text starts on the first screen, at phone width too
        const textTop = await page.locator("div.clause-text").evaluate((el) => el.getBoundingClientRect().top);
        expect(textTop, "the clause text begins within the first screen").toBeLessThan(viewport.height);
        const neighbours = page.locator("nav.neighbours a[rel=prev], nav.neighbours a[rel=next]");
        expect(await neighbours.count(), "a clause links to the one before or after it").toBeGreaterThan(0);
        for (const href of await neighbours.evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) expect(href).toMatch(/^\/c\/./);
        await expectMeta(page, "/c/…");
        await expectNoOverflow(page, "/c/…");
        if (shots) await page.screenshot({ path: join(shots, "clause.png") });
        // The pages' script (a file, allowed by the CSP) shows the 复制链接 button; it copies the page's address
        const copy = page.locator("button.copy-link");
        await expect.poll(() => copy.isVisible(), { message: "the script shows the 复制链接 button" }).toBe(true);
        await copy.click();
        await expect.poll(() => copy.innerText()).toBe("已复制链接");
        expect(await page.evaluate((): Promise<string> => window.navigator.clipboard.readText())).toBe(page.url());

        // Its document
        const docHref = documentPath(api.documents[0].id);
        const docLink = page.locator("a.doc-link").first();
        expect(await docLink.getAttribute("href")).toBe(docHref);
        await Promise.all([page.waitForURL((u) => u.pathname.startsWith("/d/")), docLink.click()]);
        expect(new URL(page.url()).pathname).toBe(docHref);
        expect((await page.locator("h1").innerText()).trim()).not.toBe("");
        expect(await page.locator("dl.meta").count()).toBe(1);
        const tree = await page.locator('ol.tree a[href^="/c/"]').evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        expect(tree.length).toBeGreaterThan(0);
        expect(tree, "the document's tree links the clause we came from").toContain(clauseHref);
        await expectMeta(page, "/d/…");
        await expectNoOverflow(page, "/d/…");

        // Every HTML document served: 200, with a CSP that allows no inline script
        expect(seen.documents.map((d) => new URL(d.url).pathname)).toEqual(["/", "/q", clauseHref, docHref]);
        for (const d of seen.documents) {
          expect(d.status, d.url).toBe(200);
          expect(d.csp, `${d.url}: Content-Security-Policy header`).toBeTruthy();
          const scripts = scriptSources(d.csp!);
          expect(scripts, `${d.url}: its CSP limits scripts (script-src or default-src): ${d.csp}`).toBeDefined();
          expect(scripts, `${d.url}: its CSP allows inline scripts: ${d.csp}`).not.toContain("'unsafe-inline'");
        }
        expect(seen.cspViolations).toEqual([]);
        expect(seen.errors).toEqual([]);
        if (process.env.BROWSER_TEST_VERBOSE) console.log(`${viewport.name}: DevTools issues: ${JSON.stringify(seen.issues)}`);
      } finally {
        await context.close();
      }
    });
  }

  it("axe-core on the search, answer, clause and document pages at both widths: no serious or critical violations", { timeout: 120_000 }, async () => {
    const paths = ["/", answerPath(QUESTION), answerPath(UNCOVERED), clausePath(api.documents[0].clauses[0].id), documentPath(api.documents[0].id)];
    const found: string[] = [];
    const all: string[] = [];
    const passed: string[] = [];
    for (const viewport of VIEWPORTS) {
      // axe is a script injected into the page: this context alone bypasses the pages' CSP
      const context = await browser!.newContext({ viewport: { width: viewport.width, height: viewport.height }, bypassCSP: true, locale: "zh-CN" });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        for (const path of paths) {
          expect((await page.goto(`${server!.url}${path}`))?.status(), path).toBe(200);
          // every full text open, so that it is checked too
          await page.evaluate(() => document.querySelectorAll("details").forEach((d: any) => (d.open = true)));
          await page.addScriptTag({ path: AXE_SOURCE });
          const result = await page.evaluate(async () => {
            const axe = window.axe as { run: (context: unknown) => Promise<{ violations: AxeViolation[]; passes: unknown[]; incomplete: { id: string }[] }> };
            const result = await axe.run(document);
            return {
              violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
              passes: result.passes.length,
              incomplete: result.incomplete.map((v) => v.id),
            };
          });
          const { violations } = result;
          passed.push(`${viewport.name} ${path}: ${result.passes} rules passed, ${violations.length} violated, needs review: ${result.incomplete.join(", ") || "none"}`);
          for (const v of violations) all.push(`${viewport.name} ${path}: ${describeViolation(v)}`);
          for (const v of serious(violations)) found.push(`${viewport.name} ${path}: ${describeViolation(v)}`);
        }
      } finally {
        await context.close();
      }
    }
    if (process.env.BROWSER_TEST_VERBOSE) console.log(`axe-core:\n${passed.join("\n")}\n${all.length} violation(s)\n${all.join("\n")}`);
    expect(found).toEqual([]);
  });

  it("at 320 px and with text at 200%: no page is wider than the screen", { timeout: 60_000 }, async () => {
    const context = await browser!.newContext({ viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const paths = ["/", `/q?q=${encodeURIComponent(QUESTION)}`, clausePath(api.documents[0].clauses[0].id), documentPath(api.documents[0].id)];
      for (const path of paths) {
        await page.goto(`${server!.url}${path}`);
        await expectNoOverflow(page, `${path} at 320 px`);
        // 200% text zoom, as a phone's font-size setting does it: the root font size doubled
        await page.evaluate(() => {
          document.documentElement.style.fontSize = "200%";
        });
        await expectNoOverflow(page, `${path} at 320 px, text 200%`);
      }
    } finally {
      await context.close();
    }
  });

  it("without JavaScript: the search form still answers, and says when the documents do not cover a question", { timeout: 60_000 }, async () => {
    const context = await browser!.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(`${server!.url}/`);
      await page.locator('form[role="search"] input#q').fill(QUESTION);
      await Promise.all([page.waitForURL((u) => u.pathname === "/q"), page.locator('form[role="search"] button[type="submit"]').click()]);
      expect((await page.locator("h1").innerText()).trim()).toContain(QUESTION);
      expect(await page.locator("section.doc").count()).toBe(api.documents.length);
      // the 复制链接 button needs the script: hidden without it
      expect(await page.locator("button.copy-link").count()).toBe(1);
      expect(await page.locator("button.copy-link").isVisible()).toBe(false);

      const r = await fetch(`${server!.url}/api/answer?q=${encodeURIComponent(UNCOVERED)}`);
      expect(((await r.json()) as ApiAnswer).answered, `the API abstains on ${UNCOVERED}`).toBe(false);
      await page.locator('form[role="search"] input#q').fill(UNCOVERED);
      await Promise.all([page.waitForURL((u) => u.searchParams.get("q") === UNCOVERED), page.locator('form[role="search"] button[type="submit"]').click()]);
      expect((await page.locator("h1").innerText()).trim()).toContain(UNCOVERED);
      expect((await page.locator("p.nothing").innerText()).trim()).not.toBe("");
      expect(await page.locator("section.doc").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

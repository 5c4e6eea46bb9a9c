// The web pages inside workerd, through the worker's real routes (SELF): /, /q, /c/<clauseId>,
// /d/<docId> and the static files — status, headers (CSP, nosniff, Referrer-Policy, caching),
// the DOM contract the browser test relies on, escaping, the 400 page, Open Graph tags, page
// weight, and links that keep working after an admin withdraws or replaces a document.
import { env, SELF } from "cloudflare:test";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_QUESTIONS } from "../../src/bot/texts.js";
import { createApp } from "../../src/http/app.js";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { OPTIONAL_INDEX_FILES } from "../../src/ingest/build/serialise.js";
import { allClauses } from "../../src/search/db.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { checkFiles, readLive } from "../../src/store/index-versions.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { answerPath, clausePath, documentPath } from "../../src/web/links.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";
import seedQuestions from "../fixtures/seed-questions.public.json";
import { captureLogs } from "../support/logs.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, post, press, reset, sentTexts, text } from "../support/telegram-updates.js";

const get = (path: string, init?: RequestInit) => SELF.fetch(`https://example.com${path}`, init);
const fetchPage = async (path: string, init?: RequestInit) => {
  const response = await get(path, init);
  return { response, html: await response.text() };
};
const bytes = (s: string) => new TextEncoder().encode(s).length;
const count = (html: string, re: RegExp) => (html.match(new RegExp(re.source, "g")) ?? []).length;
const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
/** The content of <meta property|name="…">, decoded. */
const meta = (html: string, key: string) => {
  const m = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html);
  return m ? decode(m[1]) : undefined;
};
const inner = (html: string, tag: string) => [...html.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => decode(m[1].replace(/<[^>]+>/g, "")));
const hrefs = (html: string, cls: string) => [...html.matchAll(new RegExp(`<a class="${cls}" href="([^"]*)"`, "g"))].map((m) => decode(m[1]));

const index = bundledIndex();
const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
async function clearStore() {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
}

function expectPageHeaders(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("text/html; charset=UTF-8");
  const csp = response.headers.get("content-security-policy") ?? "";
  for (const directive of ["default-src 'none'", "style-src 'self'", "script-src 'self'", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
  expect(csp).not.toContain("unsafe-inline");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
}

/** lang, landmarks, one h1, headings in order, no inline script or style. */
function expectSemantic(html: string) {
  expect(html.startsWith("<!doctype html>")).toBe(true);
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  for (const landmark of ["<header", "<main>", "<footer"]) expect(count(html, new RegExp(landmark))).toBe(1);
  expect(html).toContain("<nav");
  expect(count(html, /<h1>/)).toBe(1);
  const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => i > 0 && expect(level, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1] + 1));
  // every script is a file; no <style> and no style="" (the CSP would refuse them)
  expect(count(html, /<script(?![^>]*\ssrc="\/static\/)/)).toBe(0);
  const tags = html.match(/<[a-z][^>]*>/g) ?? []; // real tags: text is escaped, so "<" there is "&lt;"
  expect(tags.map((t) => t.replace(/"[^"]*"/g, '""')).filter((t) => /^<style|\sstyle=|\son[a-z]+=/.test(t))).toEqual([]);
  // every input has its label
  for (const m of html.matchAll(/<input id="([^"]+)"/g)) expect(html).toContain(`<label for="${m[1]}">`);
}

function expectSearchForm(html: string) {
  expect(html).toContain('<form role="search" action="/q" method="get">');
  const form = /<form role="search"[\s\S]*?<\/form>/.exec(html)![0];
  expect(form).toContain('<label for="q">');
  expect(form).toMatch(/<input id="q" name="q" type="search"/);
  expect(form).toContain('<button type="submit">');
}

describe("/", () => {
  it("is the search page: one box, the bot's example questions, what the library holds", async () => {
    const { response, html } = await fetchPage("/");
    expectPageHeaders(response, 200);
    expectSemantic(html);
    expectSearchForm(html);
    expect(hrefs(html, "example")).toEqual(EXAMPLE_QUESTIONS.map(answerPath));
    for (const q of EXAMPLE_QUESTIONS) expect(html).toContain(`>${q}</a>`);
    expect(html).toContain("共 5 份文件");
    for (const region of ["四川省成都市", "河南省许昌市", "安徽省六安市", "湖北省十堰市", "四川省南充市"]) expect(html).toContain(region);
    expect(html).toContain("发文年份2015—2024年");
    expect(html).toContain("征求意见稿1份");
    for (const doc of index.documents) expect(html).toContain(`<a href="${documentPath(doc.id)}">《${doc.title.replace(/"/g, "&quot;")}》</a>`);
    expect(html).toContain("有效期2018—2020年，已过期");
    expect(html).toContain("原文不完整");
    expect(meta(html, "og:type")).toBe("website");
    expect(meta(html, "og:title")).toContain("政策通");
    expect(meta(html, "description")).toContain("5 份文件");
  });

  it("links its stylesheet and script as files served with a year's cache; old hashes still get the current file", async () => {
    const html = await (await get("/q?q=" + encodeURIComponent("技改补贴"))).text();
    const css = /<link rel="stylesheet" href="(\/static\/site-[0-9a-f]{8}\.css)">/.exec(html)![1];
    const js = /<script src="(\/static\/site-[0-9a-f]{8}\.js)" defer><\/script>/.exec(html)![1];
    const style = await get(css);
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toBe("text/css; charset=UTF-8");
    expect(style.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(style.headers.get("x-content-type-options")).toBe("nosniff");
    const sheet = await style.text();
    expect(sheet).toContain("line-height:1.7");
    expect(sheet).toContain('"PingFang SC"');
    expect(sheet).not.toMatch(/justify/);
    // relative units only: the one pixel value is the hairline of a border
    expect(new Set(sheet.match(/\d+(\.\d+)?px/g))).toEqual(new Set(["1px"]));
    const script = await get(js);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=UTF-8");
    const code = await script.text();
    expect(code).not.toMatch(/=>|\blet\b|\bconst\b|`/); // ES5 for old mobile browsers
    expect(code).toContain("navigator.clipboard && navigator.clipboard.writeText");
    // a page cached before a deploy asks for the old name: it gets the current file, briefly cached
    const old = await get("/static/site-00000000.css");
    expect(old.status).toBe(200);
    expect(old.headers.get("cache-control")).toBe("public, max-age=60");
    expect((await get("/static/nothing.txt")).status).toBe(404);
  });
});

describe("/q?q=…", () => {
  const q = (s: string) => answerPath(s);

  it("is the composed answer: documents with their citation and link, clauses with their sentences, full text, citation and link", async () => {
    const question = "企业上市有什么支持";
    const { response, html } = await fetchPage(q(question));
    expectPageHeaders(response, 200);
    expectSemantic(html);
    expectSearchForm(html);
    expect(inner(html, "h1")).toEqual([question]);
    const api = await (await get(`/api/answer?q=${encodeURIComponent(question)}`)).json<{ documents: { id: string; citation: string; clauses: { id: string; sentences: string[]; citation: string }[] }[] }>();
    expect(count(html, /<section class="doc">/)).toBe(api.documents.length);
    expect(hrefs(html, "doc-link")).toEqual(api.documents.map((d) => documentPath(d.id)));
    expect(hrefs(html, "clause-link")).toEqual(api.documents.flatMap((d) => d.clauses.map((c) => clausePath(c.id))));
    const sections = html.split('<section class="doc">').slice(1);
    sections.forEach((section, i) => {
      const doc = api.documents[i];
      expect(section).toMatch(/^\s*<h2><a class="doc-link" href="[^"]+">/);
      expect(decode(inner(section, "h2")[0])).toContain(doc.citation);
      const articles = section.split('<article class="clause">').slice(1);
      expect(articles.length).toBe(doc.clauses.length);
      articles.forEach((article, j) => {
        const clause = doc.clauses[j];
        expect(article).toContain(`<a class="clause-link" href="${clausePath(clause.id)}">`);
        for (const s of clause.sentences) expect(decode(article)).toContain(s);
        expect(article).toMatch(/<details class="full-text"><summary>[^<]+<\/summary>[\s\S]*<\/details>/);
        expect(decode(article)).toContain(`出处：${clause.citation}`);
      });
    });
    // the full text behind <details> is the whole clause
    const first = allClauses(index.db).find((c) => c.id === api.documents[0].clauses[0].id)!;
    const details = /<details class="full-text">[\s\S]*?<\/details>/.exec(html)![0];
    expect(decode(details.replace(/<[^>]+>/g, ""))).toContain(first.text.split("\n")[0]);
    // og: the question, and the first sentence of the answer
    expect(meta(html, "og:title")).toBe(question);
    expect(meta(html, "og:description")).toContain(api.documents[0].clauses[0].sentences[0].slice(0, 40));
    expect(meta(html, "description")).toBe(meta(html, "og:description"));
    expect(meta(html, "og:type")).toBe("article");
    expect(meta(html, "robots")).toBe("noindex");
  });

  it("every clause and document it links to has its page", async () => {
    const html = await (await get(q("我能申请哪些技改补贴"))).text();
    const links = [...new Set([...hrefs(html, "clause-link"), ...hrefs(html, "doc-link")])];
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) expect((await get(link)).status, link).toBe(200);
  });

  it("shows the seed questions' answers: the gold words on the page", async () => {
    for (const { q: question, gold } of seedQuestions as { q: string; gold: string[] }[]) {
      const html = decode(await (await get(q(question))).text());
      if (html.includes('<p class="nothing">')) continue; // the two the engine does not answer
      // gold phrases are written without punctuation or symbols (5‰ → 5), as the evaluation compares them
      const words = (s: string) => s.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "");
      for (const g of gold) expect(words(html), question).toContain(words(g));
    }
  });

  it("says when no document is from the region asked, and which were put first when some are", async () => {
    const elsewhere = await (await get(q("北京的高新技术企业有奖励吗"))).text();
    expect(elsewhere).toMatch(/<p class="region">知识库里没有北京市的政策文件，以下条款来自其他地区，请注意适用范围。<\/p>/);
    expect(meta(elsewhere, "og:description")).toMatch(/^知识库里没有北京市的政策文件/);
    const local = await (await get(q("十堰的企业贷款贴息怎么申请"))).text();
    expect(local).toContain('<p class="region">已优先列出十堰市的文件。</p>');
    expect(local).toContain('<p class="warning">⚠ 本文件是征求意见稿，不是正式生效的政策，最终内容以正式印发文件为准</p>');
    expect(local).toContain("适用条件：");
  });

  it("opens with the uncovered note when no clause speaks of a word of the question", async () => {
    const html = await (await get(q("技术改造补贴对航天火箭企业有吗"))).text();
    const note = /<p class="uncovered">([^<]*)<\/p>/.exec(html)![1];
    expect(decode(note)).toMatch(/^以下条款都没有提到.*“航天”.*“火箭”.*请勿把它们当作这方面的答案。$/);
    expect(html.indexOf('<p class="uncovered">')).toBeLessThan(html.indexOf('<section class="doc">'));
    expect(meta(html, "og:description")).toMatch(/^没有找到完全对应问题的条款/);
  });

  it("abstains with what the library covers", async () => {
    const { response, html } = await fetchPage(q("股票明天会涨吗"));
    expectPageHeaders(response, 200);
    expectSemantic(html);
    expect(html).toMatch(/<p class="nothing">没有找到与这个问题相关的政策条款。/);
    expect(count(html, /<section class="doc">/)).toBe(0);
    for (const doc of index.documents) expect(html).toContain(`href="${documentPath(doc.id)}"`);
    expect(meta(html, "og:description")).toMatch(/^没有找到与这个问题相关的政策条款/);
  });

  it("escapes the question everywhere it is shown", async () => {
    const question = `<script>alert("x")</script>'"&<img src=x onerror=alert(1)> 技改补贴`;
    const { response, html } = await fetchPage(q(question));
    expectPageHeaders(response, 200);
    expectSemantic(html);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    const escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&quot;&amp;&lt;img src=x onerror=alert(1)&gt; 技改补贴";
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<title>${escaped} · 政策通</title>`);
    expect(html).toContain(`<meta property="og:title" content="${escaped}">`);
    expect(html).toContain(`value="${escaped}"`);
    expect(meta(html, "og:title")).toBe(question);
  });

  it.each([
    ["no q", "/q", "请先输入一个问题。"],
    ["empty q", "/q?q=", "请先输入一个问题。"],
    ["blank q", "/q?q=%20%20", "请先输入一个问题。"],
    ["201 characters", `/q?q=${encodeURIComponent("长".repeat(201))}`, "问题太长了，请控制在200个字以内。"],
    ["a control character", "/q?q=%E6%8A%80%01", "问题里有无法识别的字符"],
    ["broken %-encoding", "/q?q=%E4%B8", "链接不完整或已损坏"],
    ["q twice", `/q?q=a&q=b`, "链接里的参数重复了"],
    ["k=0", `/q?q=${encodeURIComponent("技改")}&k=0`, "1 到 20 之间的整数"],
  ])("%s: a Chinese page with status 400 and the search box", async (_name, path, message) => {
    const { response, html } = await fetchPage(path);
    expectPageHeaders(response, 400);
    expectSemantic(html);
    expectSearchForm(html);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(/<p class="error">([^<]*)<\/p>/.exec(html)![1]).toContain(message);
    // the API refuses the same query
    expect((await get(path.replace("/q", "/api/answer"))).status).toBe(400);
  });

  it("keeps what was typed in the box of a 400 page, escaped", async () => {
    const long = `<b>"${"长".repeat(200)}`;
    const html = await (await get(q(long))).text();
    expect(html).toContain(`value="&lt;b&gt;&quot;${"长".repeat(200)}"`);
    expect(html).not.toContain("<b>");
  });

  it("weighs under 50 KB with its stylesheet and script, for every example and seed question", async () => {
    const first = await (await get(q(EXAMPLE_QUESTIONS[0]))).text();
    const css = await (await get(/href="(\/static\/[^"]+\.css)"/.exec(first)![1])).text();
    const js = await (await get(/src="(\/static\/[^"]+\.js)"/.exec(first)![1])).text();
    let heaviest = 0;
    for (const question of [...EXAMPLE_QUESTIONS, ...(seedQuestions as { q: string }[]).map((s) => s.q)]) {
      const html = await (await get(q(question))).text();
      heaviest = Math.max(heaviest, bytes(html) + bytes(css) + bytes(js));
    }
    expect(heaviest).toBeLessThan(50 * 1024);
  });

  it("is cacheable: ETag of the index version and the page, short public max-age, 304 on a match, HEAD answered", async () => {
    const path = q("新认定的高新技术企业有什么奖励");
    const a = await get(path);
    const etag = a.headers.get("etag")!;
    expect(etag).toMatch(new RegExp(`^"${index.manifest.contentHash.slice(0, 16)}-[0-9a-f]{16}"$`));
    expect(a.headers.get("cache-control")).toBe("public, max-age=60");
    const body = await a.text();
    const again = await get(path);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe(body);
    const notModified = await get(path, { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(notModified.headers.get("etag")).toBe(etag);
    expect((await get(path, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
    expect((await get(q("企业上市有什么支持"))).headers.get("etag")).not.toBe(etag);
    const head = await get(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(await head.text()).toBe("");
    const post = await get("/q", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("keeps a rendered answer in the page cache under the index version and serves it from there", async () => {
    const kept = new Map<string, Response>();
    const pageCache = { match: async (key: string) => kept.get(key)?.clone(), put: async (key: string, response: Response) => void kept.set(key, response) };
    const app = createApp({ index: bundledIndex, env: () => ({}), pageCache });
    const path = q("企业上市有什么支持");
    const body = await (await app.request(path)).text();
    const [key, ...more] = kept.keys();
    expect(more).toEqual([]);
    expect(key).toMatch(new RegExp(`/__pages/${index.manifest.contentHash}/[0-9a-f-]+\\d{4}${path.replace(/[?]/g, "\\?")}$`));
    expect(kept.get(key)!.headers.get("cache-control")).toBe("public, max-age=600");
    // what is kept is what is served (marked here to tell it from a fresh render)
    kept.set(key, new Response(body.replace("<h1>", "<h1>（缓存）"), { headers: { "content-type": "text/html; charset=UTF-8" } }));
    const again = await app.request(path);
    expect(again.headers.get("cache-control")).toBe("public, max-age=60");
    expect(again.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await again.text()).toContain("<h1>（缓存）企业上市有什么支持</h1>");
    // errors are not kept, and neither are the pages that cost less to render than a lookup
    for (const [path, status] of [["/q?q=", 400], [documentPath("nothing"), 404], ["/", 200], [clausePath("000_110e3aa23992a0c0:1"), 200]] as const)
      expect((await app.request(path)).status).toBe(status);
    expect(kept.size).toBe(1);
  });

  it("og:url and the canonical link are absolute with PUBLIC_BASE_URL, absent without", async () => {
    const question = "壮大贷新增投放多少钱";
    const withBase = createApp({ index: bundledIndex, env: () => ({ PUBLIC_BASE_URL: "https://zct.example.org/pages/" }) });
    const html = await (await withBase.request(q(question))).text();
    expect(meta(html, "og:url")).toBe(`https://zct.example.org/pages${q(question)}`);
    expect(html).toContain(`<link rel="canonical" href="https://zct.example.org/pages${q(question)}">`);
    expect(html).toContain(`data-url="https://zct.example.org/pages${q(question)}"`);
    const clause = await (await withBase.request(clausePath("000_110e3aa23992a0c0:3.2"))).text();
    expect(meta(clause, "og:url")).toBe("https://zct.example.org/pages/c/000_110e3aa23992a0c0%3A3.2");
    const without = await (await createApp({ index: bundledIndex, env: () => ({}) }).request(q(question))).text();
    expect(meta(without, "og:url")).toBeUndefined();
    expect(without).not.toContain("canonical");
    // a bad setting is ignored (said once in the log), the pages still served
    const logs = captureLogs();
    const bad = createApp({ index: bundledIndex, env: () => ({ PUBLIC_BASE_URL: "ftp://x" }) });
    expect((await bad.request(q(question))).status).toBe(200);
    expect((await bad.request("/")).status).toBe(200);
    expect(logs.errors).toEqual([expect.stringContaining("PUBLIC_BASE_URL ignored")]);
  });
});

describe("/c/<clauseId>", () => {
  const id = "003_00eec2e948361586:5.3.1.1";
  const clause = () => allClauses(index.db).find((c) => c.id === id)!;

  it("shows the clause: its path as the title, its text, the lead-in of its parents, citation, status and warnings, neighbours, its document", async () => {
    const { response, html } = await fetchPage(clausePath(id));
    expectPageHeaders(response, 200);
    expectSemantic(html);
    expectSearchForm(html);
    const c = clause();
    expect(inner(html, "h1")).toEqual([[...c.path, c.label].join(" › ")]);
    const body = decode(/<div class="clause-text">([\s\S]*?)<\/div>/.exec(html)![1].replace(/<[^>]+>/g, ""));
    expect(body.replace(/\s/g, "")).toBe(c.text.replace(/\s/g, ""));
    const context = decode(/<section class="context">([\s\S]*?)<\/section>/.exec(html)![1]);
    expect(context).toContain("以下支持范围除指定领域外均限主城区工业企业申报");
    expect(decode(html)).toContain("出处：《十堰市推进工业经济稳增长快转型高质量发展若干政策意见(2018-2020)》");
    expect(html).toContain('<p class="warning">⚠ 本文件是征求意见稿');
    expect(html).toContain("征求意见稿，有效期2018—2020年，已过期");
    const nav = /<nav class="neighbours"[^>]*>([\s\S]*?)<\/nav>/.exec(html)![1];
    expect(nav).toContain(`<a rel="prev" href="${clausePath("003_00eec2e948361586:5.3.1")}">`);
    expect(nav).toContain(`<a rel="next" href="${clausePath("003_00eec2e948361586:5.3.1.2")}">`);
    expect(hrefs(html, "doc-link")).toEqual([documentPath("003_00eec2e948361586")]);
    expect(meta(html, "og:title")).toBe("十堰市推进工业经济稳增长快转型高质量发展若干政策意见(2018-2020)");
    expect(meta(html, "og:description")).toMatch(/^针对产业引领作用较强/);
    expect(meta(html, "description")).toBe(meta(html, "og:description"));
  });

  it("the first clause has no previous one and the last no next; an unencoded colon works too", async () => {
    const clauses = allClauses(index.db).filter((c) => c.docId === "000_110e3aa23992a0c0");
    const first = await (await get(clausePath(clauses[0].id))).text();
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain(`<a rel="next" href="${clausePath(clauses[1].id)}">`);
    const last = await (await get(`/c/${clauses.at(-1)!.id}`)).text();
    expect(last).not.toContain('rel="next"');
    expect(last).toContain(`<a rel="prev" href="${clausePath(clauses.at(-2)!.id)}">`);
  });

  it("an unknown clause of a live document is a 404 that links to the document; an unknown id a friendly 404", async () => {
    const { response, html } = await fetchPage(clausePath("000_110e3aa23992a0c0:99.1"));
    expectPageHeaders(response, 404);
    expectSemantic(html);
    expect(hrefs(html, "doc-link")).toEqual([documentPath("000_110e3aa23992a0c0")]);
    for (const path of [clausePath("nothing:1"), "/c/%3Cscript%3E", documentPath("nothing"), "/nowhere/at/all"]) {
      const missing = await fetchPage(path, { headers: { accept: "text/html,application/xhtml+xml" } });
      expectPageHeaders(missing.response, 404);
      expectSemantic(missing.html);
      expect(inner(missing.html, "h1")).toEqual(["找不到这个页面"]);
      expect(missing.html).not.toContain("<script>");
    }
    // not a browser: the API's JSON 404 as before
    expect((await get("/nowhere")).headers.get("content-type")).toContain("application/json");
  });
});

describe("/d/<docId>", () => {
  it("shows the metadata, what was inferred and from which words, and the clause tree linking every clause", async () => {
    const id = "001_a845484a276ad0be";
    const { response, html } = await fetchPage(documentPath(id));
    expectPageHeaders(response, 200);
    expectSemantic(html);
    const doc = index.documentsById.get(id)!;
    expect(inner(html, "h1")).toEqual([doc.title]);
    const dl = decode(/<dl class="meta">([\s\S]*?)<\/dl>/.exec(html)![1]);
    expect(dl).toContain("<dt>文号</dt>\n<dd>许政〔2015〕39号</dd>");
    expect(dl).toContain("许昌市人民政府（推断）");
    for (const i of doc.inferred) expect(dl).toContain(`推断依据：${i.from}`);
    const tree = /<ol class="tree">[\s\S]*<\/ol>/.exec(html)![0];
    const clauses = allClauses(index.db).filter((c) => c.docId === id);
    expect([...tree.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(clauses.map((c) => clausePath(c.id)));
    // nested: the children of 六、 inside its item
    expect(tree).toMatch(/六、健全机制促发展<\/a><ol><li><a href="[^"]+">\(十九\)/);
    expect(meta(html, "og:title")).toBe(doc.title);
    expect(meta(html, "og:description")).toContain("许政〔2015〕39号");
  });

  it("warns about a work report and an incomplete text", async () => {
    const html = await (await get(documentPath("004_fea3b02bf23e59f2"))).text();
    expect(html).toContain('<p class="warning">⚠ 本文件是工作汇报');
    expect(html).toContain('<p class="warning">⚠ 原文不完整');
  });
});

// ---------------------------------------------------------------- links across index versions

const lastMessage = async () => (await calls("sendMessage")).at(-1)!;
async function buttonAt(label: string) {
  const withButton = (await calls("sendMessage")).filter((c) => buttonsOf(c).some((b) => b.text === label));
  expect(withButton.length, label).toBeGreaterThan(0);
  return buttonsOf(withButton.at(-1)!).find((b) => b.text === label)!.callback_data;
}
async function withdraw(id: string) {
  await reset();
  await post(text(ADMIN, `/remove ${id}`));
  await post(press(ADMIN, await buttonAt("确认下线")));
  expect((await sentTexts()).join("\n")).toContain("✅ 已下线");
}
async function upload(name: string, body: string, button: "确认上线" | "替换旧文件并上线") {
  await reset();
  await post(documentMessage(ADMIN, await fileFor(name, new TextEncoder().encode(body), "text/plain")));
  expect(String((await lastMessage()).params.text)).toContain("上传预览");
  await post(press(ADMIN, await buttonAt(button)));
  expect((await sentTexts()).join("\n")).toContain("✅ 已上线");
}
/** The live documents, as the store says. */
async function liveDocuments(): Promise<{ id: string; title: string }[]> {
  const live = await readLive(store, bundledIndex);
  return JSON.parse((await store.getText(`index/versions/${live.current.id}/documents.json`))!);
}
/** "2026年11月22日" for today in China, and for the day before (a test that runs across midnight). */
const chinaDays = () =>
  [0, -1].map((d) => {
    const [y, m, day] = new Date(Date.now() + 8 * 3600_000 + d * 86_400_000).toISOString().slice(0, 10).split("-");
    return `${y}年${Number(m)}月${Number(day)}日`;
  });

describe("links across index versions", () => {
  beforeEach(async () => {
    await clearStore();
    await reset();
  });
  afterAll(clearStore);

  it("a withdrawn document and its clauses say so (410) on every instance, through later publishes, until a rollback brings them back", async () => {
    captureLogs();
    const id = "001_a845484a276ad0be";
    const clause = clausePath(`${id}:5.2`);
    expect((await get(documentPath(id))).status).toBe(200);
    const etagBefore = (await get(clause)).headers.get("etag");
    await withdraw(id);

    for (const path of [documentPath(id), clause]) {
      const { response, html } = await fetchPage(path);
      expectPageHeaders(response, 410);
      expectSemantic(html);
      const said = decode(/<p class="withdrawn">([^<]*)<\/p>/.exec(html)![1]);
      expect(said).toContain("《许昌市人民政府关于稳定工业经济增长的实施意见》（许政〔2015〕39号）");
      expect(chinaDays().some((day) => said.includes(`已于${day}下线`))).toBe(true);
      expect(html).not.toContain('class="replacement"');
      expect(response.headers.get("etag")).toBeNull();
    }
    expect(inner((await fetchPage(documentPath(id))).html, "h1")).toEqual(["许昌市人民政府关于稳定工业经济增长的实施意见"]);
    // answers no longer cite it; the home page counts it
    const answer = await (await get(answerPath("大手牵小手活动的补助标准是什么"))).text();
    expect(answer).not.toContain(documentPath(id));
    expect(await (await get("/")).text()).toContain("另有 1 份文件已下线或被替换。");
    // another instance, loading the version from the store, knows it too
    const other = createApp({ index: () => createLiveIndex({ store: () => store, bundled: bundledIndex }).get() });
    expect((await other.request(documentPath(id))).status).toBe(410);

    // a later publish carries the record forward
    await withdraw("002_58fa80235016e783");
    expect((await get(documentPath(id))).status).toBe(410);
    expect((await get(documentPath("002_58fa80235016e783"))).status).toBe(410);
    expect((await get(documentPath("000_110e3aa23992a0c0"))).status).toBe(200);

    // rolled back to before both: the document is live again, at the same address, with the same page
    for (let i = 0; i < 2; i++) {
      await reset();
      await post(text(ADMIN, "/rollback"));
      await post(press(ADMIN, await buttonAt("确认回退")));
    }
    const back = await get(clause);
    expect(back.status).toBe(200);
    expect(back.headers.get("etag")).toBe(etagBefore);
  });

  it("a replaced document's links say so and lead to the replacement, following later replacements", async () => {
    captureLogs();
    await upload("v1.txt", SAMPLE_POLICY, "确认上线");
    const [v1] = (await liveDocuments()).filter((d) => d.id.startsWith("u_"));
    const v1Clause = clausePath(`${v1.id}:2.1`);
    expect((await get(v1Clause)).status).toBe(200);

    await upload("v2.txt", SAMPLE_POLICY.replace("最高200万元", "最高300万元"), "替换旧文件并上线");
    const [v2] = (await liveDocuments()).filter((d) => d.id.startsWith("u_"));
    expect(v2.id).not.toBe(v1.id);
    for (const path of [documentPath(v1.id), v1Clause]) {
      const { response, html } = await fetchPage(path);
      expectPageHeaders(response, 410);
      expect(decode(/<p class="withdrawn">([^<]*)<\/p>/.exec(html)![1])).toMatch(/《襄阳市人民政府关于支持数字经济发展的若干措施》（襄政发〔2024〕8号）已于.*被新文件替换/);
      expect(hrefs(html, "replacement")).toEqual([documentPath(v2.id)]);
      expect(decode(/<a class="replacement" href="[^"]+">([^<]*)<\/a>/.exec(html)![1])).toBe("《襄阳市人民政府关于支持数字经济发展的若干措施》 襄政发〔2024〕8号");
    }
    const v2Page = await fetchPage(clausePath(`${v2.id}:2.1`));
    expect(v2Page.response.status).toBe(200);
    expect(decode(v2Page.html)).toContain("最高300万元");

    // replaced again: the oldest link leads to the newest
    await upload("v3.txt", SAMPLE_POLICY.replace("最高200万元", "最高400万元"), "替换旧文件并上线");
    const [v3] = (await liveDocuments()).filter((d) => d.id.startsWith("u_"));
    expect(hrefs(await (await get(documentPath(v1.id))).text(), "replacement")).toEqual([documentPath(v3.id)]);
    expect(hrefs(await (await get(documentPath(v2.id))).text(), "replacement")).toEqual([documentPath(v3.id)]);
  });
});

describe("withdrawn.json in the index", () => {
  const seed = "000_110e3aa23992a0c0";
  const at = new Date("2026-11-22T18:00:00Z"); // 2026-11-23 in China

  it("is written only when a document left, listed and hashed in the manifest, and carried forward", async () => {
    expect(index.withdrawn).toEqual([]);
    const once = await rebuildIndex(index, { remove: [seed] }, { now: at });
    const manifest = JSON.parse(once.files["manifest.json"]);
    expect(manifest.files[OPTIONAL_INDEX_FILES.withdrawn].sha256).toMatch(/^[0-9a-f]{64}$/);
    await checkFiles(once.files);
    const loaded = loadIndexText(once.files);
    expect(loaded.withdrawn).toEqual([{ id: seed, title: index.documentsById.get(seed)!.title, docNumber: "成办发〔2017〕6号", date: "2026-11-23" }]);
    const twice = await rebuildIndex(loaded, { add: [{ id: "u_x", source: "x.txt", text: SAMPLE_POLICY }] }, { now: new Date("2027-01-01T00:00:00Z") });
    expect(loadIndexText(twice.files).withdrawn).toEqual(loaded.withdrawn);
    // the same id back: no longer withdrawn
    const back = await rebuildIndex(loadIndexText(twice.files), { add: [{ id: seed, source: `${seed}.txt`, text: SAMPLE_POLICY }] });
    expect(loadIndexText(back.files).withdrawn).toEqual([]);
    expect(back.files[OPTIONAL_INDEX_FILES.withdrawn]).toBeUndefined();
  });

  it("is checked: a changed or missing withdrawn.json is refused, an unlisted one too", async () => {
    const { files } = await rebuildIndex(index, { remove: [seed] }, { now: at });
    const changed = { ...files, [OPTIONAL_INDEX_FILES.withdrawn]: files[OPTIONAL_INDEX_FILES.withdrawn].replace("2026-11-23", "2026-11-24") };
    await expect(checkFiles(changed)).rejects.toMatchObject({ step: "check", message: expect.stringContaining("withdrawn.json does not match") });
    const { [OPTIONAL_INDEX_FILES.withdrawn]: _gone, ...missing } = files;
    await expect(checkFiles(missing)).rejects.toMatchObject({ step: "check", message: expect.stringContaining("withdrawn.json") });
    expect(() => loadIndexText(missing)).toThrow(/withdrawn.json is missing/);
    const plain = (await rebuildIndex(index, { add: [{ id: "u_x", source: "x.txt", text: SAMPLE_POLICY }] })).files;
    await expect(checkFiles({ ...plain, [OPTIONAL_INDEX_FILES.withdrawn]: "[]\n" })).rejects.toMatchObject({ step: "check", message: expect.stringContaining("does not list withdrawn.json") });
    const malformed = JSON.stringify([{ id: seed, title: "x", date: "yesterday" }]);
    expect(() => loadIndexText({ ...files, [OPTIONAL_INDEX_FILES.withdrawn]: malformed })).toThrow(/withdrawn.json: 0.date/);
  });
});

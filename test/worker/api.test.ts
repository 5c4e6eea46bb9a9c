// The JSON API inside workerd, through the real Hono routes of the worker.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const get = (path: string) => SELF.fetch(`https://example.com${path}`);
const q = (s: string) => encodeURIComponent(s);

describe("GET /healthz", () => {
  it("returns the index manifest", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    const body = await response.json<{ status: string; index: { formatVersion: number; documents: number; clauses: number; contentHash: string } }>();
    expect(body.status).toBe("ok");
    expect(body.index).toMatchObject({ formatVersion: 1, documents: 5 });
    expect(body.index.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("GET /api/search", () => {
  it("finds the clause that answers, with all fields", async () => {
    const response = await get(`/api/search?q=${q("新认定高新技术企业奖励多少")}&k=3`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json<{ query: string; answered: boolean; results: Record<string, unknown>[] }>();
    expect(body.query).toBe("新认定高新技术企业奖励多少");
    expect(body.answered).toBe(true);
    expect(body.results.length).toBeLessThanOrEqual(3);
    expect(Object.keys(body.results[0]).sort()).toEqual(["context", "docId", "id", "label", "path", "score", "text", "title"].sort());
    expect(body.results[0].text).toContain("对当年新认定的高新技术企业,给予10万元的一次性奖励");
  });

  it("finds the same clauses for traditional characters", async () => {
    const simplified = await (await get(`/api/search?q=${q("技术改造有什么补贴")}`)).json<{ results: { id: string }[] }>();
    const traditional = await (await get(`/api/search?q=${q("技術改造有什麼補貼")}`)).json<{ results: { id: string }[] }>();
    expect(traditional.results.map((r) => r.id)).toEqual(simplified.results.map((r) => r.id));
    expect(simplified.results.length).toBeGreaterThan(0);
  });

  it.each(["北京市积分落户需要什么条件", "今天天气怎么样", "股票明天会涨吗"])("answers nothing for %s", async (question) => {
    const body = await (await get(`/api/search?q=${q(question)}`)).json<{ answered: boolean; results: unknown[] }>();
    expect(body).toMatchObject({ answered: false, results: [] });
  });

  it("ranks the region named first and says when no document is from there", async () => {
    const local = await (await get(`/api/search?q=${q("六安的专精特新企业有什么扶持")}`)).json<{ results: { docId: string }[]; region: { covered: boolean } }>();
    expect(local.results[0].docId).toBe("002_58fa80235016e783");
    expect(local.region.covered).toBe(true);
    const elsewhere = await (await get(`/api/search?q=${q("北京的高新技术企业有奖励吗")}`)).json<{ answered: boolean; region: { asked: string[]; covered: boolean } }>();
    expect(elsewhere.answered).toBe(true);
    expect(elsewhere.region).toEqual({ asked: ["北京市"], covered: false });
  });

  it.each([
    ["no q", "", "q is required"],
    ["empty q", "?q=", "q must not be empty"],
    ["blank q", "?q=%20%20", "q must not be empty"],
    ["201 characters", `?q=${q("长".repeat(201))}`, "at most 200"],
    ["broken %-encoding", "?q=%E4%B8", "malformed percent-encoding"],
    ["q twice", `?q=${q("技改")}&q=${q("补贴")}`, "more than once"],
    ["k=0", `?q=${q("技改")}&k=0`, "between 1 and 20"],
    ["k=21", `?q=${q("技改")}&k=21`, "between 1 and 20"],
    ["k=abc", `?q=${q("技改")}&k=abc`, "whole number"],
    ["k=2.5", `?q=${q("技改")}&k=2.5`, "whole number"],
    ["a NUL character", "?q=%00", "control"],
  ])("rejects %s with a JSON 400", async (_name, query, message) => {
    const response = await get(`/api/search${query}`);
    expect(response.status).toBe(400);
    const body = await response.json<{ error: string; message: string }>();
    expect(body.error).toBe("invalid_request");
    expect(body.message).toContain(message);
  });

  it("accepts exactly 200 characters and k at its bounds", async () => {
    expect((await get(`/api/search?q=${q("技".repeat(200))}`)).status).toBe(200);
    expect((await get(`/api/search?q=${q("技改")}&k=1`)).status).toBe(200);
    const twenty = await (await get(`/api/search?q=${q("企业")}&k=20`)).json<{ results: unknown[] }>();
    expect(twenty.results.length).toBeLessThanOrEqual(20);
  });
});

describe("topic words no returned clause holds", () => {
  it("/api/search lists them as uncovered, /api/answer opens with a line saying so, in workerd", async () => {
    const search = await (await get(`/api/search?q=${q("技术改造补贴对航天火箭企业有吗")}`)).json<{ answered: boolean; uncovered?: string[]; results: { text: string }[] }>();
    expect(search.answered).toBe(true);
    expect(search.uncovered).toEqual(expect.arrayContaining(["航天", "火箭"]));
    for (const r of search.results) expect(r.text).not.toContain("火箭");
    const answer = await (await get(`/api/answer?q=${q("技术改造补贴对航天火箭企业有吗")}`)).json<{ uncovered?: string[]; uncoveredNote?: string; text: string }>();
    expect(answer.uncovered).toEqual(search.uncovered);
    expect(answer.text).toContain("以下条款都没有提到“航天”、“火箭”");
    // a question fully covered has none
    const covered = await (await get(`/api/search?q=${q("贷款贴息")}`)).json<{ uncovered?: string[] }>();
    expect(covered.uncovered).toBeUndefined();
  });
});

describe("GET /api/answer", () => {
  it("composes an answer with citations, key sentences and the draft warning", async () => {
    const response = await get(`/api/answer?q=${q("我能申请哪些技改补贴")}`);
    expect(response.status).toBe(200);
    const body = await response.json<{
      answered: boolean;
      text: string;
      documents: { citation: string; warnings: string[]; clauses: { citation: string; sentences: string[]; conditions: string[] }[] }[];
    }>();
    expect(body.answered).toBe(true);
    const doc = body.documents[0];
    expect(doc.citation).toContain("《十堰市推进工业经济稳增长快转型高质量发展若干政策意见(2018-2020)》");
    expect(doc.warnings.join()).toContain("征求意见稿");
    expect(doc.warnings.join()).toContain("已经过期");
    const clauses = body.documents.flatMap((d) => d.clauses);
    expect(clauses.some((c) => c.sentences.some((s) => s.includes("50%的贴息补助")))).toBe(true);
    expect(clauses[0].citation).toMatch(/^《.+》 · .+ › 三、政策措施 › /);
    expect(clauses[0].conditions.join()).toContain("均限主城区工业企业申报");
    // the document's citation once, above its clauses
    expect(body.text.split(doc.citation.slice(0, 30)).length - 1).toBe(1);
    expect(body.text).toContain(`【1】${doc.citation.slice(0, 30)}`);
    // not wrapped: a client wraps to its own width (the citation, over 80 columns, is one line)
    expect(body.text.split("\n").some((line) => line.includes(doc.citation))).toBe(true);
  });

  it("says plainly when nothing is found, and lists what it covers", async () => {
    const body = await (await get(`/api/answer?q=${q("今天天气怎么样")}`)).json<{ answered: boolean; documents: unknown[]; text: string }>();
    expect(body.answered).toBe(false);
    expect(body.documents).toEqual([]);
    expect(body.text).toContain("没有找到");
    expect(body.text).toContain("《2019年全市工业经济工作要点》");
  });

  it("rejects bad input with a JSON 400 too", async () => {
    expect((await get("/api/answer?q=")).status).toBe(400);
  });
});

describe("other routes", () => {
  it("answers 404 in JSON", async () => {
    const response = await get("/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });
});

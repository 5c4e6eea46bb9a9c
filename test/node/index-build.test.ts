// The index build: deterministic, committed index up to date, manifest honest, and the
// CLI builds from other folders.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { buildIndex, type BuiltIndex } from "../../src/ingest/build/index.js";
import { readCorpus } from "../../src/ingest/build/corpus.js";
import { parseSynonymGroups, readSynonyms } from "../../src/ingest/build/synonyms.js";
import { Manifest } from "../../src/shared/schema.js";
import { IndexLoadError, loadIndex } from "../../src/search/load-index.js";
import { ROOT, SEEDS } from "./helpers.js";

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { encoding: "utf8", cwd: ROOT });

let first: BuiltIndex;
beforeAll(async () => {
  first = await buildIndex(readCorpus([SEEDS]), readSynonyms(join(SEEDS, "synonyms.tsv")));
});

describe("index build", () => {
  it("is byte-identical for the same input", async () => {
    const second = await buildIndex(readCorpus([SEEDS]), readSynonyms(join(SEEDS, "synonyms.tsv")));
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const name of Object.keys(first.files)) expect(sha256(second.files[name]), name).toBe(sha256(first.files[name]));
  });

  it("matches the committed index/ (run `npm run index` and commit when this fails)", () => {
    for (const [name, data] of Object.entries(first.files)) {
      expect(sha256(readFileSync(join(ROOT, "index", name), "utf8")), `index/${name} is stale`).toBe(sha256(data));
    }
  });

  it("the committed index passes the full checks (the worker loads it with a shape check of its documents only), and a bad document fails both", () => {
    const files = Object.fromEntries(readdirSync(join(ROOT, "index")).map((f) => [f, readFileSync(join(ROOT, "index", f), "utf8")]));
    const parsed = (name: string) => JSON.parse(files[name]) as unknown;
    const all = { manifest: parsed("manifest.json"), documents: parsed("documents.json"), clauses: parsed("clauses.json"), lexicon: parsed("lexicon.json"), synonyms: parsed("synonyms.json"), postings: parsed("postings.json") };
    const full = loadIndex(all);
    const bundled = loadIndex(all, { check: "bundled" });
    expect(bundled.documents).toEqual(full.documents);
    const noTitle = { ...all, documents: (all.documents as object[]).map((d, i) => (i === 0 ? { ...d, title: 1 } : d)) };
    expect(() => loadIndex(noTitle)).toThrow(IndexLoadError);
    expect(() => loadIndex(noTitle, { check: "bundled" })).toThrow(/documents.json/);
    // what only the full check sees: a field of the wrong kind
    const badDate = { ...all, documents: (all.documents as object[]).map((d, i) => (i === 0 ? { ...d, date: "去年" } : d)) };
    expect(() => loadIndex(badDate)).toThrow(/documents.json/);
  });

  it("writes a manifest with format version, content hash and counts", () => {
    const manifest = Manifest.parse(JSON.parse(first.files["manifest.json"]));
    expect(manifest.documents).toBe(5);
    expect(manifest.clauses).toBe(first.clauses.length);
    expect(manifest.lexiconWords).toBeGreaterThan(1000);
    for (const [name, file] of Object.entries(manifest.files)) expect(file.sha256).toBe(sha256(first.files[name]));
    expect(first.files["manifest.json"]).not.toMatch(/20\d\d-\d\d-\d\dT/); // no timestamps
  });

  it("changes its content hash when a document changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zct-seeds-"));
    for (const f of readdirSync(SEEDS)) writeFileSync(join(dir, f), readFileSync(join(SEEDS, f)));
    writeFileSync(join(dir, "000_110e3aa23992a0c0.txt"), readFileSync(join(SEEDS, "000_110e3aa23992a0c0.txt"), "utf8").replace("500亿元", "501亿元"));
    const changed = await buildIndex(readCorpus([dir]));
    expect(JSON.parse(changed.files["manifest.json"]).contentHash).not.toBe(JSON.parse(first.files["manifest.json"]).contentHash);
  });
});

describe("npm run index CLI", () => {
  it("builds from other folders of .txt/.md files into --out, and --check tells fresh from stale", () => {
    const a = mkdtempSync(join(tmpdir(), "zct-a-"));
    const b = mkdtempSync(join(tmpdir(), "zct-b-"));
    const out = mkdtempSync(join(tmpdir(), "zct-out-"));
    writeFileSync(join(a, "示例条例.md"), "示例条例\n第一条　为了规范管理，制定本条例。\n第二条　本条例自公布之日起施行。\n");
    writeFileSync(join(b, "通知.txt"), "关于支持企业技术改造的通知\n一、支持范围\n(一)技改项目。给予贴息补助。\n");
    mkdirSync(join(b, "ignored-subfolder"));
    const built = cli("index", "--input", a, "--input", b, "--out", out);
    expect(built.stderr).not.toMatch(/Error/);
    expect(built.status).toBe(0);
    const manifest = Manifest.parse(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
    expect(manifest).toMatchObject({ documents: 2, clauses: 4 });
    expect(cli("index", "--input", a, "--input", b, "--out", out, "--check").status).toBe(0);
    writeFileSync(join(b, "通知.txt"), "关于支持企业技术改造的通知\n一、支持范围\n(一)技改项目。给予贴息补助50%。\n");
    const stale = cli("index", "--input", a, "--input", b, "--out", out, "--check");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("索引已过期");
  });

  it("fails clearly on a missing input folder or an unknown option", () => {
    const missing = cli("index", "--input", "/nonexistent/folder");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("输入不存在: /nonexistent/folder");
    const unknown = cli("index", "--frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("未知选项 --frobnicate");
  });
});

describe("npm run inspect CLI", () => {
  it("prints metadata and the clause tree", () => {
    const r = cli("inspect", join(SEEDS, "003_00eec2e948361586.txt"));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("征求意见稿");
    expect(r.stdout).toContain("——支持工业重大技改项目建设");
  });

  it("--json prints { document, clauses: [{ id, label, path, text, context }] }", () => {
    const r = cli("inspect", "--json", join(SEEDS, "001_a845484a276ad0be.txt"));
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.document).toMatchObject({ docNumber: "许政〔2015〕39号", title: "许昌市人民政府关于稳定工业经济增长的实施意见" });
    expect(Object.keys(parsed.clauses[1])).toEqual(["id", "label", "path", "text", "context"]);
    expect(parsed.clauses.find((c: { label: string }) => c.label === "(十一)开展“大手牵小手”活动").text).toContain("5‰给予补助");
  });

  it("rejects a file that is not UTF-8 text with a clear message", () => {
    const dir = mkdtempSync(join(tmpdir(), "zct-bad-"));
    writeFileSync(join(dir, "bad.txt"), Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00]));
    const r = cli("inspect", join(dir, "bad.txt"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/UTF-8/);
  });
});

describe("npm run ask", () => {
  it("--json prints the topic words no returned clause holds as uncovered, and the text answer says so", () => {
    const json = cli("ask", "--json", "技术改造补贴对航天火箭企业有吗");
    expect(json.status, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as { answered: boolean; uncovered?: string[] };
    expect(body.answered).toBe(true);
    expect(body.uncovered).toEqual(expect.arrayContaining(["航天", "火箭"]));
    const text = cli("ask", "技术改造补贴对航天火箭企业有吗");
    expect(text.stdout).toContain("以下条款都没有提到“航天”、“火箭”");
  });
});

describe("the synonym table", () => {
  it("says for every group why its words mean the same", () => {
    const groups = parseSynonymGroups(readFileSync(join(SEEDS, "synonyms.tsv"), "utf8"));
    expect(groups.length).toBeGreaterThan(40);
    for (const g of groups) {
      expect(g.words.length, g.words.join(" ")).toBeGreaterThanOrEqual(2);
      expect(g.reason.length, g.words.join(" ")).toBeGreaterThan(1);
    }
  });

  it("refuses a group without a reason, or with one word, naming the line", () => {
    expect(() => parseSynonymGroups("# 注释\n技改 技术改造\n", "s.tsv")).toThrow(/s\.tsv:2: 请在行末用“# 理由”写明/);
    expect(() => parseSynonymGroups("技改	# 简称\n", "s.tsv")).toThrow(/s\.tsv:1: 一组同义词至少要两个词/);
    expect(parseSynonymGroups("技改 技术改造	# 通行简称\n")).toEqual([{ words: ["技改", "技术改造"], reason: "通行简称" }]);
  });
});

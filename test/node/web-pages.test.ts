// `npm start` serves the same web pages as the worker: the Node server, over a data folder
// whose live version withdrew one document and replaced another (published before it starts),
// answers every page byte for byte as the same Hono app over that version does in-process,
// with the same status and headers; the withdrawn and replaced documents' links say so.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import type { LoadedIndex } from "../../src/search/load-index.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { fileStore } from "../../src/store/file-store.js";
import { loadVersion, publishVersion } from "../../src/store/index-versions.js";
import { answerPath, clausePath, documentPath } from "../../src/web/links.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";
import { ROOT } from "./helpers.js";

const BASE = "https://zct.example.org";
const port = 19000 + Math.floor(Math.random() * 1000);
const data = mkdtempSync(join(tmpdir(), "zct-web-"));
const WITHDRAWN = "001_a845484a276ad0be";
const REPLACED = "000_110e3aa23992a0c0";
let published: LoadedIndex;
let server: ReturnType<typeof spawn> | undefined;

beforeAll(async () => {
  // what an admin's /remove and a replace leave in the data folder: a version with withdrawn.json
  const bundled = readIndexDir(join(ROOT, "index"));
  const store = fileStore(data);
  const options = (note: string) => ({ by: "test", note, now: new Date(), bundled: () => bundled });
  const first = await rebuildIndex(bundled, { remove: [WITHDRAWN] });
  const { index: afterFirst } = await publishVersion(store, first.files, options("withdraw"));
  const second = await rebuildIndex(afterFirst, { add: [{ id: "u_sample", source: "sample.txt", text: SAMPLE_POLICY }], remove: [REPLACED] });
  const { entry } = await publishVersion(store, second.files, options("replace"));
  published = await loadVersion(store, entry.id);
  expect(published.withdrawn.map((w) => [w.id, w.replacedBy])).toEqual([
    [WITHDRAWN, undefined],
    [REPLACED, "u_sample"],
  ]);

  server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: data, PUBLIC_BASE_URL: BASE, BOT_TOKEN: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    server!.stdout!.on("data", (d: Buffer) => d.toString().includes("API on") && resolve());
    server!.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error("server did not start in 30 s")), 30_000);
  });
}, 60_000);

afterAll(() => {
  server?.kill();
  rmSync(data, { recursive: true, force: true });
});

describe("npm start (Node) serves the web pages", () => {
  const paths = [
    "/",
    answerPath("我能申请哪些技改补贴"),
    answerPath("襄阳数字化改造投资补助多少"),
    answerPath("股票明天会涨吗"),
    answerPath(`<script>alert("x")</script>`),
    answerPath(""),
    "/q?q=%E4%B8",
    clausePath("003_00eec2e948361586:5.3.1.1"),
    clausePath("u_sample:2.1"),
    documentPath("002_58fa80235016e783"),
    documentPath("u_sample"),
    documentPath(WITHDRAWN),
    clausePath(`${WITHDRAWN}:5.2`),
    documentPath(REPLACED),
    clausePath(`${REPLACED}:3.2`),
    documentPath("no-such-document"),
  ];

  it.each(paths)("%s: the same status, headers and page as the app in-process", async (path) => {
    const reference = createApp({ index: () => published, env: () => ({ PUBLIC_BASE_URL: BASE }) });
    const expected = await reference.request(path);
    const served = await fetch(`http://127.0.0.1:${port}${path}`);
    expect(served.status).toBe(expected.status);
    for (const header of ["content-type", "content-security-policy", "x-content-type-options", "referrer-policy", "cache-control", "etag"])
      expect(served.headers.get(header), header).toBe(expected.headers.get(header));
    expect(await served.text()).toBe(await expected.text());
  });

  it("says a withdrawn document left and a replaced one's links lead to the replacement", async () => {
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const withdrawn = await get(documentPath(WITHDRAWN));
    expect(withdrawn.status).toBe(410);
    expect(await withdrawn.text()).toMatch(/<p class="withdrawn">这份文件《许昌市人民政府关于稳定工业经济增长的实施意见》（许政〔2015〕39号）已于\d{4}年\d{1,2}月\d{1,2}日下线/);
    const replaced = await get(clausePath(`${REPLACED}:3.2`));
    expect(replaced.status).toBe(410);
    expect(await replaced.text()).toContain(`<a class="replacement" href="${documentPath("u_sample")}">《襄阳市人民政府关于支持数字经济发展的若干措施》 襄政发〔2024〕8号</a>`);
    const page = await (await get(clausePath("u_sample:2.1"))).text();
    expect(page).toContain(`<meta property="og:url" content="${BASE}/c/u_sample%3A2.1">`);
    const css = /href="(\/static\/site-[0-9a-f]{8}\.css)"/.exec(page)![1];
    const sheet = await get(css);
    expect(sheet.headers.get("content-type")).toBe("text/css; charset=UTF-8");
    expect(sheet.headers.get("cache-control")).toContain("immutable");
  });
});

// The command line as a new user meets it: --help on every command, Chinese messages that name
// the path and what to do, files as well as folders as input, GBK and UTF-16 text, ask --answer
// (the same JSON as /api/answer), eval without ../shared, and /healthz naming the index served.
// Most cases run the CLI in this process (runCli, as src/cli/main.ts does); a few spawn it, for
// exit codes and for a clone without ../shared beside it.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { displayWidth } from "../../src/answer/wrap.js";
import { INDEX_USAGE } from "../../src/cli/index-command.js";
import { INSPECT_USAGE } from "../../src/cli/inspect-command.js";
import { ASK_USAGE } from "../../src/cli/ask-command.js";
import { EVAL_USAGE } from "../../src/cli/eval-command.js";
import { PUBLISH_USAGE } from "../../src/cli/publish-command.js";
import { benchQueries } from "../../src/bench/queries.js";
import { createApp } from "../../src/http/app.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { halfOf } from "../../src/eval/halves.js";
import { ROOT, SEEDS } from "./helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One command line in this process: exit code and what it printed. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  try {
    const code = await runCli(argv);
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** The real CLI in a child process. */
const spawnCli = (args: string[], cwd = ROOT) =>
  spawnSync(process.execPath, ["--import", "tsx", join(cwd, "src/cli/main.ts"), ...args], { encoding: "utf8", cwd });

const COMMANDS: [string, string, string[]][] = [
  ["index", INDEX_USAGE, ["--input", "--out", "--synonyms", "--learn", "--learn-half", "--check"]],
  ["inspect", INSPECT_USAGE, ["--json"]],
  ["ask", ASK_USAGE, ["--answer", "--json", "--k", "--index"]],
  ["eval", EVAL_USAGE, ["--index", "--corpus", "--k", "--half", "--json", "--verbose", "--no-baselines", "--article-labels"]],
  ["publish", PUBLISH_USAGE, ["--index", "--url", "--data", "--note"]],
];

const TEXT = "关于支持企业技术改造的通知\r\n一、支持范围\r\n(一)技改项目。给予贴息补助。\r\n(二)研发投入。按实际投入的10%给予奖励。\r\n";
const TITLE = "关于支持企业技术改造的通知";

describe("--help and usage", () => {
  it("every command prints its usage in Chinese with -h or --help, naming its flags and an example, and exits 0", async () => {
    for (const [name, usage, flags] of COMMANDS) {
      for (const help of ["--help", "-h"]) {
        // help wins over whatever else is on the line, and nothing runs
        const r = await run(name, "--index", join(tmp, "nowhere"), help);
        expect(r.code, `${name} ${help}`).toBe(0);
        expect(r.stdout).toBe(usage);
        expect(r.stderr).toBe("");
      }
      for (const flag of [...flags, "-h, --help"]) expect(usage, `${name} ${flag}`).toContain(flag);
      expect(usage).toMatch(/\n\n[\u4e00-\u9fff]/); // a sentence in Chinese after the synopsis says what it does
      expect(usage).toContain("例子：");
      expect(usage).toContain(name === "publish" ? "npm run publish:index --" : `npm run ${name}`);
    }
  });

  it("with no command, the top-level usage lists every command: exit 2, or 0 when asked with --help/-h", async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("请给出一个命令");
    for (const help of ["--help", "-h"]) {
      const r = await run(help);
      expect(r.code).toBe(0);
      for (const [name] of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n  ${name} +[\\u4e00-\\u9fff]`));
      expect(r.stdout).toContain("--help");
    }
    const unknown = await run("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("未知命令 frobnicate");
  });

  it("an unknown flag is a Chinese error followed by the usage, exit 2, for every command", async () => {
    for (const [name, usage] of COMMANDS) {
      for (const flag of ["--frobnicate", "-x"]) {
        const r = await run(name, flag);
        expect(r.code, `${name} ${flag}`).toBe(2);
        expect(r.stderr).toBe(`未知选项 ${flag}\n\n用法：\n${usage}`);
      }
    }
  });

  it("the real process exits 0 on --help and 2 on an unknown flag", () => {
    const help = spawnCli(["ask", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout.trim()).toBe(ASK_USAGE);
    const unknown = spawnCli(["eval", "--frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("未知选项 --frobnicate");
  });
});

describe("friendly errors", () => {
  it("a missing index folder, or one without manifest.json, is named with how to build one", async () => {
    const missing = join(tmp, "no-index-here");
    for (const argv of [
      ["ask", "--index", missing, "技改补贴"],
      ["eval", "--index", missing, "--no-baselines"],
      ["publish", "--index", missing, "--data", join(tmp, "data")],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv[0]).toBe(1);
      expect(r.stderr).toContain(`找不到索引目录 ${missing}。`);
      expect(r.stderr).toContain("npm run index");
      expect(r.stderr).not.toMatch(/ENOENT/);
    }
    const empty = join(tmp, "empty-index");
    mkdirSync(empty);
    const noManifest = await run("ask", "--index", empty, "技改补贴");
    expect(noManifest.code).toBe(1);
    expect(noManifest.stderr).toContain(`${empty} 里没有 manifest.json，不是一个索引目录。请用 npm run index 建一个`);
  });

  it("a malformed index file, catalogue or input is named", async () => {
    const broken = join(tmp, "broken-index");
    cpSync(join(ROOT, "index"), broken, { recursive: true });
    writeFileSync(join(broken, "documents.json"), "[{");
    const r = await run("ask", "--index", broken, "技改补贴");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`索引文件 ${join(broken, "documents.json")} 不是合法的 JSON`);

    const folder = join(tmp, "bad-catalogue");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.txt"), TEXT);
    writeFileSync(join(folder, "catalogue.json"), "{ not json");
    const catalogue = await run("index", "--input", folder, "--out", join(tmp, "never"));
    expect(catalogue.code).toBe(1);
    expect(catalogue.stderr).toContain(`目录文件 ${join(folder, "catalogue.json")} 不是合法的 JSON`);

    const binary = join(tmp, "binary.txt");
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00]));
    const notText = await run("inspect", binary);
    expect(notText.code).toBe(1);
    expect(notText.stderr).toContain(`${binary}：无法识别文本编码`);

    const docx = join(tmp, "通知.docx");
    writeFileSync(docx, "x");
    const wrongKind = await run("index", "--input", docx, "--out", join(tmp, "never"));
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain(`只能读取 .txt 和 .md 文件: ${docx}`);

    const nothing = join(tmp, "no-documents");
    mkdirSync(nothing);
    const none = await run("index", "--input", nothing, "--out", join(tmp, "never"));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`输入里没有 .txt 或 .md 文件：${nothing}`);
  });

  it("ask explains a missing question or a bad --k in Chinese", async () => {
    const noQuestion = await run("ask", "  ");
    expect(noQuestion.code).toBe(2);
    expect(noQuestion.stderr).toMatch(/^请给出一个问题\n\n用法：/);
    const badK = await run("ask", "--k", "0", "技改补贴");
    expect(badK.code).toBe(2);
    expect(badK.stderr).toContain("--k 应为 1 到 20 的整数，不能是 0");
    const long = await run("ask", "技".repeat(201));
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("问题太长：最多 200 个字，这个有 201 个");
  });
});

describe("index input: files as well as folders, in UTF-8, GBK or UTF-16", () => {
  const out = join(tmp, "encodings-index");
  let built: Awaited<ReturnType<typeof run>>;
  const files = {
    "utf8.txt": Buffer.from(TEXT, "utf8"),
    "gbk.txt": Buffer.from(new Uint8Array(spawnSync("iconv", ["-f", "UTF-8", "-t", "GBK"], { input: TEXT }).stdout)),
    "utf16le.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, "utf16le")]),
    "utf16be.txt": Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, "utf16le").swap16()]),
  };

  beforeAll(async () => {
    const folder = join(tmp, "folder");
    mkdirSync(folder);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(tmp, name), bytes);
    copyFileSync(join(tmp, "utf8.txt"), join(folder, "in-a-folder.txt"));
    // a folder and single files, in any mix
    built = await run("index", "--input", folder, ...Object.keys(files).flatMap((f) => ["--input", join(tmp, f)]), "--out", out);
  }, 60_000);

  it("accepts a file given as --input, decodes GBK and UTF-16 (BOM) as uploads are, and says so", () => {
    expect(files["gbk.txt"].length).toBeGreaterThan(0);
    expect(files["gbk.txt"].includes(Buffer.from(TITLE, "utf8"))).toBe(false); // really not UTF-8
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const index = readIndexDir(out);
    expect(index.documents.map((d) => d.id).sort()).toEqual(["gbk", "in-a-folder", "utf16be", "utf16le", "utf8"]);
    for (const d of index.documents) expect(d.title, d.id).toBe(TITLE);
    const clauses = JSON.parse(readFileSync(join(out, "clauses.json"), "utf8"));
    const serialised = JSON.stringify(clauses);
    for (const id of ["gbk", "utf16le", "utf16be"]) expect(serialised, id).toContain(`${id}:1.2`);
    expect(built.stdout).toMatch(/注意：\S*gbk\.txt 不是 UTF-8，已按 GB18030（GBK）编码读取/);
    expect(built.stdout).toMatch(/注意：\S*utf16le\.txt 已按 UTF-16 编码读取/);
    expect(built.stdout).toMatch(/注意：\S*utf16be\.txt 已按 UTF-16 编码读取/);
    expect(built.stdout).not.toMatch(/utf8\.txt/);
    // counts read well
    expect(built.stdout).toMatch(new RegExp(`已建索引：5 份文件，${index.manifest.clauses} 条条款 → ${out}（\\d+ KiB，用时 [\\d.]+ 秒）`));
  });

  it("answers from the GBK document's clauses, in the text it was written in", async () => {
    const r = await run("ask", "--json", "--index", out, "--k", "5", "研发投入奖励");
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout) as { results: { docId: string; text: string }[] };
    expect(body.results.find((x) => x.docId === "gbk")?.text).toBe("按实际投入的10%给予奖励。");
  });

  it("inspect reads a GBK file too, and says how it was read", async () => {
    const r = await run("inspect", join(tmp, "gbk.txt"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`标题　　　 ${TITLE}`);
    expect(r.stderr).toContain("已按 GB18030（GBK）编码读取");
  });
});

describe("ask --answer", () => {
  const q = "壮大贷新增投放多少钱";

  it("prints the composed answer as text, and --answer --json the same JSON as /api/answer", async () => {
    const text = await run("ask", "--answer", "--k", "3", q);
    expect(text.code).toBe(0);
    const json = await run("ask", "--answer", "--json", "--k", "3", q);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout) as { answered: boolean; text: string; documents: unknown[] };
    const app = createApp({ index: () => readIndexDir(join(ROOT, "index")) });
    const api = await (await app.fetch(new Request(`http://x/api/answer?q=${encodeURIComponent(q)}&k=3`))).json();
    expect(body).toEqual(api);
    expect(body.answered).toBe(true);
    // the same answer; the terminal's text wrapped to its width (80 when not a terminal), the API's not
    const unwrap = (t: string) => t.replace(/\n {2,}/g, "").replace(/\s/g, "");
    expect(unwrap(text.stdout)).toBe(unwrap(body.text));
    expect(Math.max(...text.stdout.split("\n").map(displayWidth))).toBeLessThanOrEqual(80);
    expect(Math.max(...body.text.split("\n").map(displayWidth))).toBeGreaterThan(80);
    expect(text.stdout).toMatch(/^问：壮大贷新增投放多少钱\n/);
    expect(text.stdout).toContain("【1】《成都市人民政府办公厅");
    expect(text.stdout).toContain("6亿元");
    // without --answer, --json stays the search results of /api/search
    const search = JSON.parse((await run("ask", "--json", "--k", "3", q)).stdout) as Record<string, unknown>;
    const apiSearch = await (await app.fetch(new Request(`http://x/api/search?q=${encodeURIComponent(q)}&k=3`))).json();
    expect(search).toEqual(apiSearch);
    expect(search).toHaveProperty("results");
    expect(search).not.toHaveProperty("documents");
  });
});

describe("npm run eval without a question file", () => {
  const fixture = "test/fixtures/seed-questions.public.json";
  const seeds = JSON.parse(readFileSync(join(ROOT, fixture), "utf8")) as { id: string }[];

  it("uses the shipped seed questions, says so, and says what it left out (--half, the other sets)", async () => {
    const r = await run("eval", "--no-baselines", "--half", "a");
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`问题文件：${fixture}（没有给出问题文件，默认使用随仓库附带的公开种子问题）`);
    expect(lines[1]).toBe("注意：这不是全部问题集。");
    const inA = seeds.filter((s) => halfOf(s.id) === "a").length;
    expect(r.stdout).toContain(`只评测了一半问题：half a，${seeds.length} 题中的 ${inA} 题`);
    expect(r.stdout).toMatch(/没有评测 STARD 法条问题/);
    expect(r.stdout).toMatch(/没有评测真实文件的命名问题/);
    expect(r.stdout).toContain(`种子问题：${inA} 题`);
    expect(r.stdout).toMatch(/政策通 +\| \d\.\d{3} \|/);
  });

  it("--json names the file and the notes in the JSON, and on stderr", async () => {
    const r = await run("eval", "--no-baselines", "--json");
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { questionFile: string; notes: string[]; questions: number };
    expect(body.questionFile).toBe(join(ROOT, fixture));
    expect(body.questions).toBe(seeds.length);
    expect(body.notes).toHaveLength(2);
    expect(r.stderr).toContain(`问题文件：${fixture}`);
  });

  it("a file given is named, without the notes of a partial run", async () => {
    const r = await run("eval", join(ROOT, fixture), "--no-baselines");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`问题文件：${fixture}`);
    expect(r.stdout).not.toContain("这不是全部问题集");
  });

  it("works in a clone with no ../shared beside it, and says which sets are missing", () => {
    // a clone: the repository's own files, its dependencies linked, nothing beside it
    const clone = join(mkdtempSync(join(tmp, "fresh-")), "zhengcetong");
    mkdirSync(join(clone, "test", "fixtures"), { recursive: true });
    for (const dir of ["src", "index", "seeds"]) cpSync(join(ROOT, dir), join(clone, dir), { recursive: true });
    for (const file of ["package.json", "tsconfig.json", fixture]) copyFileSync(join(ROOT, file), join(clone, file));
    symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));
    const r = spawnCli(["eval", "--no-baselines"], clone);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`问题文件：${fixture}（没有给出问题文件，默认使用随仓库附带的公开种子问题）`);
    expect(r.stdout).toContain("没有评测 STARD 法条问题：本机找不到 ../shared/bench/stard/queries.public.json");
    expect(r.stdout).toContain("没有评测真实文件的命名问题：本机找不到 ../shared/bench/realdocs/docs");
    expect(r.stdout).toContain(`种子问题：${seeds.length} 题`);
  });
});

describe("npm run bench's questions", () => {
  it("are the shipped seed questions, and it says so when STARD is missing", () => {
    const fixture = join(ROOT, "test/fixtures/seed-questions.public.json");
    const alone = benchQueries(30, { seeds: fixture, stard: join(tmp, "shared/bench/stard/queries.public.json") });
    expect(alone.queries).toHaveLength(31);
    expect(alone.sources).toEqual(["31 seed questions (test/fixtures/seed-questions.public.json)"]);
    expect(alone.missing).toHaveLength(1);
    expect(alone.missing[0]).toContain("STARD queries not found");
    expect(alone.missing[0]).toContain("the 31 seed questions only");

    const stard = join(tmp, "stard.json");
    writeFileSync(stard, JSON.stringify(Array.from({ length: 90 }, (_, i) => ({ id: `s${i}`, q: `问题${i}` }))));
    const both = benchQueries(30, { seeds: fixture, stard });
    expect(both.queries).toHaveLength(61);
    expect(both.queries.slice(31).map((q) => q.id)).toEqual(Array.from({ length: 30 }, (_, i) => `s${i * 3}`));
    expect(both.missing).toEqual([]);
  });
});

describe("/healthz names the index served", () => {
  it("on Node with --index DIR: the folder, the version and the manifest's hash; a missing --index is refused in words", async () => {
    const dir = join(tmp, "served-index");
    const input = join(tmp, "served-input");
    mkdirSync(input);
    copyFileSync(join(SEEDS, "001_a845484a276ad0be.txt"), join(input, "001_a845484a276ad0be.txt"));
    const built = spawnCli(["index", "--input", input, "--out", dir]);
    expect(built.status, built.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { contentHash: string };

    const port = 19000 + Math.floor(Math.random() * 1000);
    const data = mkdtempSync(join(tmp, "data-"));
    const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port), "--index", dir], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: data, INDEX_CHECK_SECONDS: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on("data", (d: Buffer) => d.toString().includes("API on") && resolve());
        server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
        setTimeout(() => reject(new Error("server did not start in 30 s")), 30_000);
      });
      const health = async () => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
      const before = await health();
      expect(before).toMatchObject({ status: "ok", version: "bundled", index: { documents: 1, contentHash: manifest.contentHash } });
      expect(before.served).toEqual({ version: "bundled", from: "directory", path: dir, contentHash: manifest.contentHash });

      // a version published into its data folder: named with the folder the store keeps it in
      // (the CLI compares with the repository's index/, so this one-document index is new to it)
      const published = await run("publish", "--data", data, "--index", dir, "--note", "one document");
      expect(published.code, published.stderr).toBe(0);
      const id = /已发布 (v\S+) 到/.exec(published.stdout)![1];
      const after = await health();
      expect(after).toMatchObject({ version: id, index: { documents: 1 } });
      expect(after.served).toEqual({ version: id, from: "store", path: join(data, "index", "versions", id), contentHash: manifest.contentHash });
    } finally {
      server.kill();
    }

    const missing = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port + 1), "--index", join(tmp, "nope")], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: mkdtempSync(join(tmp, "data-")) },
      encoding: "utf8",
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`找不到索引目录 ${join(tmp, "nope")}。`);
  }, 90_000);
});

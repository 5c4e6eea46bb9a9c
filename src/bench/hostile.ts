// npm run bench:hostile [-- --host node|workerd|both] [--cases a,b] [--runs N] [--questions N] [--skip-store]
// What hostile uploads cost now, on both hosts, through the whole path an admin's file takes
// (issue 10's table, full size): time to the admin's answer, 确认上线 for files that are
// accepted, peak memory, and on Node the longest the main thread was blocked (what every other
// user's question waited). Then the store at scale: /stats over a year of 100,000 recorded
// questions, before and after the sweep folds them per day.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "../cli/args.js";
import { foldQuestionDays, questionStats, recordQuestion } from "../manage/question-stats.js";
import { fileStore } from "../store/file-store.js";
import { runChild } from "./child.js";
import { mb, ms, table } from "./format.js";
import { cachedCase, CASES } from "./hostile-cases.js";
import type { HostileNodeInput, HostileRun } from "./hostile-node-child.js";
import { hostileWorkers, uploadOnWorkerd, type HostileWorkers } from "./hostile-workerd.js";
import { median } from "./stats.js";

/** The table, one more bomb, and honest files at the limits (published too). */
const DEFAULT_CASES = [
  "pdf-50000-blank-pages",
  "pdf-5000-blank-pages",
  "docx-200MB-bomb",
  "docx-1GB-bomb",
  "docx-1GB-lying-sizes",
  "txt-9.9MB-one-char",
  "txt-named-pdf",
  "real-minfadian-55k.docx",
  "max-490-pages.pdf",
  "docx-2.9MB-xml",
  "max-text-290k.txt",
];

const log = (msg: string) => process.stderr.write(`· ${msg}\n`);

function summarise(runs: HostileRun[]): HostileRun {
  const ok = runs.filter((r) => Number.isFinite(r.answerMs));
  const pick = (f: (r: HostileRun) => number | undefined) => {
    const values = ok.map(f).filter((v): v is number => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  return {
    answerMs: pick((r) => r.answerMs) ?? NaN,
    publishMs: pick((r) => r.publishMs),
    peakMb: median(runs.map((r) => r.peakMb)),
    blockedMs: pick((r) => r.blockedMs),
    outcome: runs[runs.length - 1].outcome,
  };
}

async function uploads(names: string[], hosts: string[], runs: number): Promise<string> {
  const rows = [["file", "size", "host", "answer", "确认上线", "peak", "main thread blocked", "outcome"]];
  // answer: upload → preview or refusal; 确认上线: the publish; peak: RSS over the RSS before
  // (Node: the process, threads included; workerd: the process running both workers);
  // blocked: the longest the Node main thread could not serve other users, over both
  let workers: HostileWorkers | undefined;
  for (const name of names) {
    const { file, name: fileName, size } = await cachedCase(name);
    for (const host of hosts) {
      const results: HostileRun[] = [];
      for (let i = 0; i < runs; i++) {
        if (host === "node") {
          const input: HostileNodeInput = { file, name: fileName, confirm: true };
          results.push((await runChild<HostileRun>("hostile-node-child.ts", input, ["--expose-gc"])).result);
        } else {
          workers ??= await hostileWorkers();
          results.push(await uploadOnWorkerd(workers, new Uint8Array(readFileSync(file)), fileName, true));
        }
      }
      const r = summarise(results);
      log(`${name} on ${host}: ${ms(r.answerMs)}, +${mb(r.peakMb)}, ${r.outcome}`);
      rows.push([
        CASES[name].label ?? name,
        mb(size / 2 ** 20),
        host,
        ms(r.answerMs),
        r.publishMs === undefined ? "" : ms(r.publishMs),
        `+${mb(r.peakMb)}`,
        r.blockedMs === undefined ? "" : ms(r.blockedMs),
        r.outcome,
      ]);
    }
  }
  return table(rows, { align: "lrlrrrrl" });
}

/** /stats over a year in a data folder holding `n` recorded questions, before and after the sweep folds them. */
async function statsAtScale(n: number, runs: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "zct-stats-"));
  try {
    const store = fileStore(root);
    const end = Date.now();
    const questions = ["技改补贴", "股票明天会涨吗", "高新技术企业奖励", "护照怎么办理", "贷款贴息怎么申请"];
    const t0 = performance.now();
    for (let i = 0; i < n; i += 500)
      await Promise.all(
        Array.from({ length: Math.min(500, n - i) }, (_, j) => {
          const k = i + j;
          return recordQuestion(store, `${questions[k % 5]}${k % 37}`, k % 3 !== 0, new Date(end - (k / n) * 365 * 86_400_000));
        }),
      );
    log(`recorded ${n} questions over 365 days in ${ms(performance.now() - t0)}`);
    const day = (daysAgo: number) => new Date(end + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const time = async (days: number) => {
      const samples: number[] = [];
      let asked = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        asked = (await questionStats(store, day(days - 1), day(0))).asked;
        samples.push(performance.now() - t);
      }
      return `${ms(median(samples))} (${asked.toLocaleString("en")})`;
    };
    const periods = [7, 30, 366];
    const raw = [];
    for (const d of periods) raw.push(await time(d));
    const t1 = performance.now();
    const folded = await foldQuestionDays(store, new Date(end));
    const foldMs = performance.now() - t1;
    const after = [];
    for (const d of periods) after.push(await time(d));
    return table(
      [
        [`${n.toLocaleString("en")} questions in a data folder (Node): time (questions counted)`, ...periods.map((d) => `/stats ${d}`)],
        ["one object per question, as recorded", ...raw],
        [`after the sweep folded ${folded.length} finished days (${ms(foldMs)})`, ...after],
      ],
      { align: "lrrr" },
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["host", "cases", "runs", "questions"], flags: ["skip-store", "help"] });
  const host = args.values.host?.[0] ?? "both";
  if (!["node", "workerd", "both"].includes(host)) throw new Error("--host is node, workerd or both");
  const names = args.values.cases?.[0]?.split(",") ?? DEFAULT_CASES;
  for (const n of names) if (!CASES[n]) throw new Error(`no case ${n}; cases: ${Object.keys(CASES).join(", ")}`);
  const runs = Number(args.values.runs?.[0] ?? 3);
  const questions = Number(args.values.questions?.[0] ?? 100_000);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(questions) || questions < 1) throw new Error("--runs and --questions need positive integers");
  const started = performance.now();
  const out = [`npm run bench:hostile: ${new Date().toISOString()}, medians of ${runs} run(s)`, "", "Uploads (an admin sends the file; accepted files are also published):", ""];
  out.push(await uploads(names, host === "both" ? ["node", "workerd"] : [host], runs));
  if (!args.flags.has("skip-store")) out.push("", "Question statistics at scale:", "", await statsAtScale(questions, runs));
  out.push("", `(${ms(performance.now() - started)} in all)`);
  console.log(out.join("\n"));
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((e: Error) => {
  console.error(e.message);
  return 2;
});

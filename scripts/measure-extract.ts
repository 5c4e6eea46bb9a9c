// Time and peak memory of extracting each hostile upload (test/support/hostile-files.ts, at the
// full sizes of the issue) and the largest real documents, on Node and in workerd. Used to set
// the limits of src/ingest/extract/limits.ts.
//
//   npx tsx scripts/measure-extract.ts [--host node|workerd|both] [--cases a,b] [--src DIR] [--list]
//
// Node: each case runs in its own process: extractText with the in-process parsers; peak RSS
// (VmHWM, reset after a warm-up that loads mammoth and PDF.js) over the RSS at that point.
// workerd: each case in a fresh Miniflare running extractText with the same parsers (as the
// extractor worker does); its workerd process's peak RSS (VmHWM, reset after the warm-up) over
// the RSS after the warm-up; time is the request's round trip.
// --src: another copy of src/ (e.g. `git archive HEAD src | tar -x -C /tmp/before`) to measure
// the code before a change; a case it cannot survive shows as failed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as hostile from "../test/support/hostile-files.js";
import { cachedCase as cached, CASES as HOSTILE_CASES } from "../src/bench/hostile-cases.js";
import { findDescendants, peakRssMb, resetPeakRss, rssMb } from "../src/bench/proc.js";
import { bundleForWorkerd } from "../test/support/extractor-bundle.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TIMEOUT_MS = 240_000;
const MB = 1024 * 1024;
const CASES = Object.fromEntries(Object.entries(HOSTILE_CASES).map(([k, c]) => [k, c.make]));

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};

interface Measured {
  ms: number;
  peakMB: number;
  outcome: string;
}

const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
/** MB to one decimal, never below 0. */
const tenth = (megabytes: number) => Math.max(0, Math.round(megabytes * 10) / 10);

/** Node child: `--child FILE NAME SRC`. */
async function child(file: string, name: string, src: string): Promise<void> {
  const { extractText } = await import(join(src, "ingest/extract/index.ts"));
  const { localParsers } = await import(join(src, "ingest/extract/binary-parsers.ts"));
  const warm = await CASES["real-policy-31k.docx"]();
  await extractText(warm, { parsers: localParsers });
  await extractText(hostile.textPdf("一、总则\n第一条 为了规范管理，制定本办法。本办法适用于本市企业。"), { parsers: localParsers });
  const bytes = new Uint8Array(readFileSync(file));
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = rssMb("self");
  resetPeakRss("self"); // the peak from here on
  const t = performance.now();
  const result = await extractText({ name, bytes }, { parsers: localParsers });
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms: Math.round(ms), peakMB: tenth(peakRssMb("self") - rss0), outcome: outcome(result) }));
}

function outcome(result: { ok: boolean; code?: string; kind?: string; text?: string; pages?: number }): string {
  return result.ok ? `ok ${result.kind}, ${result.text!.length} chars${result.pages ? `, ${result.pages} pages` : ""}` : result.code!;
}

function onNode(file: string, name: string, src: string): Measured | string {
  try {
    const out = execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=4096", "--import", "tsx", fileURLToPath(import.meta.url), "--child", file, name, src], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * MB,
    });
    return JSON.parse(out.trim().split("\n").pop()!);
  } catch (error) {
    const e = error as { signal?: string; stderr?: string; status?: number };
    if (e.signal === "SIGTERM") return `killed after ${TIMEOUT_MS / 1000} s`;
    const oom = /heap out of memory/i.test(e.stderr ?? "");
    return oom ? "crashed: JavaScript heap out of memory" : `crashed (exit ${e.status ?? e.signal})`;
  }
}

/** The measuring worker: extractText as the host runs it, the parsers in-process. */
async function workerScript(src: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "measure-worker-"));
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    `import { extractText } from ${JSON.stringify(join(src, "ingest/extract/index.ts"))};
import { localParsers } from ${JSON.stringify(join(src, "ingest/extract/binary-parsers.ts"))};
export default {
  async fetch(request) {
    const name = new URL(request.url).searchParams.get("name");
    const bytes = new Uint8Array(await request.arrayBuffer());
    const r = await extractText({ name, bytes }, { parsers: localParsers });
    return Response.json(r.ok ? { ok: true, kind: r.kind, text: { length: r.text.length }, pages: r.pages } : { ok: false, code: r.code });
  },
};`,
  );
  return bundleForWorkerd(entry, [join(ROOT, "node_modules")]);
}

async function onWorkerd(script: string, file: string, name: string): Promise<Measured | string> {
  const { Miniflare, convertV4MiniflareOptions } = await import("miniflare");
  const mf = new Miniflare(
    convertV4MiniflareOptions({ workers: [{ name: "measure", modules: [{ type: "ESModule", path: "worker.mjs", contents: script }], compatibilityDate: "2025-09-01" }] }),
  );
  try {
    const post = async (bytes: Uint8Array, as: string) => {
      const response = await mf.dispatchFetch(`http://measure/?name=${encodeURIComponent(as)}`, { method: "POST", body: bytes });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
      return (await response.json()) as Parameters<typeof outcome>[0];
    };
    const warm = await CASES["real-policy-31k.docx"]();
    await post(warm.bytes, warm.name);
    await post(hostile.textPdf("一、总则\n第一条 为了规范管理，制定本办法。本办法适用于本市企业。").bytes, "a.pdf");
    const pid = findDescendants("workerd")[0]?.pid;
    if (pid === undefined) return "no workerd process found";
    const rss0 = rssMb(pid);
    resetPeakRss(pid);
    const bytes = new Uint8Array(readFileSync(file));
    const t = performance.now();
    let result: string;
    try {
      result = outcome(await post(bytes, name));
    } catch (error) {
      result = `failed: ${(error as Error).message.split("\n")[0].slice(0, 120)}`;
    }
    const ms = performance.now() - t;
    return { ms: Math.round(ms), peakMB: tenth(peakRssMb(pid) - rss0), outcome: result };
  } finally {
    await mf.dispose().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--list")) return void console.log(Object.keys(CASES).join("\n"));
  const host = arg("--host") ?? "both";
  const src = arg("--src") ?? join(ROOT, "src");
  const names = arg("--cases")?.split(",") ?? Object.keys(CASES);
  const script = host === "node" ? "" : await workerScript(src);
  console.log(`src: ${src}`);
  console.log(`${"case".padEnd(26)} ${"file".padStart(9)}  ${"host".padEnd(7)} ${"ms".padStart(7)} ${"peak +MB".padStart(9)}  outcome`);
  for (const name of names) {
    if (!CASES[name]) throw new Error(`no case ${name} (--list)`);
    const { file, name: fileName, size } = await cached(name);
    for (const where of host === "both" ? ["node", "workerd"] : [host]) {
      const r = where === "node" ? onNode(file, fileName, src) : await onWorkerd(script, file, fileName);
      const cells = typeof r === "string" ? ["", "", r] : [String(r.ms), String(r.peakMB), r.outcome];
      console.log(`${name.padEnd(26)} ${`${mb(size)} MB`.padStart(9)}  ${where.padEnd(7)} ${cells[0].padStart(7)} ${cells[1].padStart(9)}  ${cells[2]}`);
    }
  }
}

if (process.argv.includes("--child")) {
  const i = process.argv.indexOf("--child");
  await child(process.argv[i + 1], process.argv[i + 2], process.argv[i + 3]);
} else {
  await main();
}

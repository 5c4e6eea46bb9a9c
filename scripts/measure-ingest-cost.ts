// What an uploaded text of a given length costs after extraction, on Node: ingestDocument
// (clean, clause tree, metadata: the preview) and rebuildIndex (the bundled index/ plus the
// document: what 确认上线 runs). Used to choose MAX_TEXT_CHARS (src/ingest/extract/limits.ts).
//
//   npx tsx scripts/measure-ingest-cost.ts [--sizes 100000,300000,1000000,2000000] [--kinds real,repeated,noBreaks]
//
// Each case runs in its own process (`--case kind:chars`), so that peak RSS is that case's own.
// Texts: "real" is the 1,781 documents of ../shared/bench/realdocs concatenated (then the
// STARD statutes) up to the length; "repeated" is one character ("政") repeated; "noBreaks"
// is the real text with every line break and punctuation mark removed.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const REALDOCS = new URL("../../shared/bench/realdocs/docs/", import.meta.url).pathname;
const STARD = new URL("../../shared/bench/stard/corpus/", import.meta.url).pathname;
const TIMEOUT_MS = 180_000;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};

function realText(chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (const dir of [REALDOCS, STARD]) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".txt")).sort()) {
      const text = readFileSync(join(dir, name), "utf8");
      parts.push(text);
      length += text.length + 1;
      if (length >= chars) return parts.join("\n").slice(0, chars);
    }
  }
  const all = parts.join("\n");
  return all.repeat(Math.ceil(chars / all.length)).slice(0, chars);
}

function textOf(kind: string, chars: number): string {
  if (kind === "repeated") return "政".repeat(chars);
  if (kind === "noBreaks") {
    const stripped = realText(chars * 2).replace(/[\s\p{P}]/gu, "");
    return stripped.slice(0, chars);
  }
  return realText(chars);
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

async function runCase(spec: string): Promise<void> {
  const [kind, charsText] = spec.split(":");
  const chars = Number(charsText);
  const { ingestDocument } = await import("../src/ingest/document.js");
  const { rebuildIndex } = await import("../src/ingest/build/rebuild.js");
  const { readIndexDir } = await import("../src/node/index-dir.js");
  const base = readIndexDir(new URL("../index/", import.meta.url).pathname);
  const text = textOf(kind, chars);
  const input = { id: "u_measure", source: "measure.txt", text };
  // Warm up the code paths on a small text, then take the baseline.
  ingestDocument({ ...input, text: realText(2000) });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;

  let t = performance.now();
  const ingested = ingestDocument(input);
  const ingestMs = performance.now() - t;
  const ingestHeap = process.memoryUsage().heapUsed - heap0;
  const ingestPeakRss = process.resourceUsage().maxRSS * 1024 - rss0;

  t = performance.now();
  const rebuilt = await rebuildIndex(base, { add: [input] });
  const rebuildMs = performance.now() - t;
  const rebuildHeap = process.memoryUsage().heapUsed - heap0;
  const peakRss = process.resourceUsage().maxRSS * 1024 - rss0;
  const indexBytes = Object.values(rebuilt.files).reduce((n, s) => n + s.length, 0);
  console.log(
    JSON.stringify({
      kind,
      chars,
      clauses: ingested.clauses.length,
      ingestMs: Math.round(ingestMs),
      ingestHeapMB: mb(ingestHeap),
      ingestPeakRssMB: mb(ingestPeakRss),
      rebuildMs: Math.round(rebuildMs),
      rebuildHeapMB: mb(rebuildHeap),
      peakRssMB: mb(peakRss),
      indexMB: mb(indexBytes),
    }),
  );
}

function main(): void {
  const sizes = (arg("--sizes") ?? "100000,300000,1000000,2000000").split(",").map(Number);
  const kinds = (arg("--kinds") ?? "real,repeated,noBreaks").split(",");
  console.log("kind      chars     clauses  ingest ms  heap MB  | rebuild ms  heap MB  peak RSS +MB  index MB");
  for (const kind of kinds) {
    for (const chars of sizes) {
      let line: string;
      try {
        const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", new URL(import.meta.url).pathname, "--case", `${kind}:${chars}`], {
          encoding: "utf8",
          timeout: TIMEOUT_MS,
          stdio: ["ignore", "pipe", "pipe"],
        });
        const r = JSON.parse(out.trim().split("\n").pop()!);
        line = [
          r.kind.padEnd(9),
          String(r.chars).padStart(8),
          String(r.clauses).padStart(10),
          String(r.ingestMs).padStart(10),
          String(r.ingestHeapMB).padStart(8),
          " |",
          String(r.rebuildMs).padStart(10),
          String(r.rebuildHeapMB).padStart(8),
          String(r.peakRssMB).padStart(13),
          String(r.indexMB).padStart(9),
        ].join(" ");
      } catch (error) {
        const e = error as { signal?: string; message?: string };
        line = `${kind.padEnd(9)} ${String(chars).padStart(8)}  failed: ${e.signal === "SIGTERM" ? `over ${TIMEOUT_MS / 1000} s` : (e.message ?? "").split("\n")[0]}`;
      }
      console.log(line);
    }
  }
}

const spec = arg("--case");
if (spec) await runCase(spec);
else main();

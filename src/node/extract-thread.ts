// Node: .docx and PDF parsing off the main thread. Each file is parsed in a worker thread of
// its own with a heap cap and a deadline: a file that needs more memory or time than that ends
// its thread (terminated, or out of memory) and is refused with a Chinese reason, while the
// main thread keeps answering everyone else's questions (mammoth and PDF.js are synchronous for
// long stretches). The parsers and limits are the extractor worker's (src/ingest/extract/).
import { Worker } from "node:worker_threads";
import { fail, timedOut } from "../ingest/extract/failures.js";
import { DEFAULT_LIMITS, type ExtractLimits } from "../ingest/extract/limits.js";
import type { BinaryParsers, Parsed } from "../ingest/extract/types.js";

export interface ThreadOptions {
  /** Heap of one parsing thread, MB: well above what a file within the limits needs (~100 MB). */
  maxHeapMb?: number;
  /** Beyond the parse's own budget (limits.maxExtractMs): thread start and module loading. */
  graceMs?: number;
}

const OUT_OF_MEMORY = fail("too_large", "读取这个文件需要的内存超过了上限，已停止。文件可能过大或结构异常：请拆成几个文件分别上传，或改传 .docx/.txt 文件。");
const THREAD_FAILED = fail("unreadable", "读取文件时出现意外错误，文件可能已损坏。请重新导出后再上传，或改传 .txt/.docx 文件。");

// The thread runs this project's TypeScript: it registers tsx's loader, then imports the worker
// module (Node 20 does not apply an inherited --import loader to a worker's entry module).
const BOOT = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL("./extract-thread-worker.ts", import.meta.url).href)}); })
  .catch((e) => { console.error(e); process.exit(1); });`;

export function threadParsers(o: ThreadOptions = {}): BinaryParsers {
  const run = (kind: "docx" | "pdf", bytes: Uint8Array, limits: ExtractLimits = DEFAULT_LIMITS): Promise<Parsed> =>
    new Promise((resolve) => {
      const copy = bytes.slice();
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: { kind, bytes: copy, limits },
        transferList: [copy.buffer],
        resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb ?? 512, maxYoungGenerationSizeMb: 64 },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (parsed: Parsed) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(parsed);
      };
      const timer = setTimeout(() => settle(timedOut(limits.maxExtractMs)), limits.maxExtractMs + (o.graceMs ?? 5000));
      worker.once("message", (parsed: Parsed) => settle(parsed));
      worker.once("error", (e: NodeJS.ErrnoException) => settle(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? OUT_OF_MEMORY : THREAD_FAILED));
      worker.once("exit", () => settle(THREAD_FAILED));
    });
  return { docx: (bytes, limits) => run("docx", bytes, limits), pdf: (bytes, limits) => run("pdf", bytes, limits) };
}
